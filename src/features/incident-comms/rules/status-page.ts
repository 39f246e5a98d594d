// The public status page and the banners, decided without a database: which incidents show, in which group, and
// exactly which fields leave the desk. Whitelist only: ids, people, internal notes and timeline never appear, and
// every free text is masked for anything that looks like patient information (defence in depth: public update
// text was already refused when it had any).
import { maskPhi } from '../../privacy/rules.ts';
import { INCIDENT_KIND_LABELS, type IncidentKind, type IncidentState, isOpen, isOver } from './vocabulary.ts';

/** How long a resolved incident stays on the status page. */
export const RECENTLY_RESOLVED_DAYS = 7;
export const RECENTLY_RESOLVED_MAX = 10;
/** A planned downtime shows on the status page (and as "planned downtime starts at …" in the banner) this early. */
export const PLANNED_SHOWN_HOURS = 72;

const DAY = 86_400_000;
const HOUR = 3_600_000;

export type IncidentFacts = {
  id: string;
  number: number;
  kind: IncidentKind;
  planned: boolean;
  title: string;
  publicSummary: string | null;
  severity: string;
  state: IncidentState;
  startedAt: Date | null;
  scheduledStart: Date | null;
  scheduledEnd: Date | null;
  resolvedAt: Date | null;
  /** Names of the affected applications and modules ("EHR — Medication administration"). */
  services: string[];
  facilities: string[];
  units: string[];
  latestUpdate: { publicText: string; internalNote: string | null; postedAt: Date } | null;
  nextUpdateAt: Date | null;
  /** Downtime procedure articles matching its services and facilities (number, title): published titles only. */
  downtimeArticles: { number: string; title: string }[];
};

export type PublicIncident = {
  number: string;
  kind: IncidentKind;
  kindLabel: string;
  planned: boolean;
  title: string;
  summary: string | null;
  severity: string;
  state: IncidentState;
  startedAt: string | null;
  scheduledStart: string | null;
  scheduledEnd: string | null;
  resolvedAt: string | null;
  applications: string[];
  facilities: string[];
  latestUpdate: { text: string; postedAt: string } | null;
  nextUpdateAt: string | null;
};

export type StatusPage = {
  overall: 'operational' | 'planned_downtime' | 'disruption';
  open: PublicIncident[];
  planned: PublicIncident[];
  recentlyResolved: PublicIncident[];
  generatedAt: string;
};

export const incidentNumber = (n: number) => `INC-${String(n).padStart(6, '0')}`;
const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function publicIncident(i: IncidentFacts): PublicIncident {
  return {
    number: incidentNumber(i.number),
    kind: i.kind,
    kindLabel: `${i.planned ? 'Planned ' : ''}${INCIDENT_KIND_LABELS[i.kind]}`,
    planned: i.planned,
    title: maskPhi(i.title),
    summary: i.publicSummary ? maskPhi(i.publicSummary) : null,
    severity: i.severity,
    state: i.state,
    startedAt: iso(i.startedAt),
    scheduledStart: iso(i.scheduledStart),
    scheduledEnd: iso(i.scheduledEnd),
    resolvedAt: iso(i.resolvedAt),
    applications: [...i.services],
    facilities: [...i.facilities],
    latestUpdate: i.latestUpdate
      ? { text: maskPhi(i.latestUpdate.publicText), postedAt: i.latestUpdate.postedAt.toISOString() }
      : null,
    nextUpdateAt: isOpen(i.state) ? iso(i.nextUpdateAt) : null,
  };
}

/** A planned downtime not started yet whose start is within the window (or has passed without being declared). */
export function isUpcoming(i: Pick<IncidentFacts, 'state' | 'scheduledStart'>, now: Date): boolean {
  if (i.state !== 'scheduled' || !i.scheduledStart) return false;
  return i.scheduledStart.getTime() - now.getTime() <= PLANNED_SHOWN_HOURS * HOUR;
}

export function isRecentlyResolved(i: Pick<IncidentFacts, 'state' | 'resolvedAt'>, now: Date): boolean {
  return (
    isOver(i.state) && i.resolvedAt !== null && now.getTime() - i.resolvedAt.getTime() <= RECENTLY_RESOLVED_DAYS * DAY
  );
}

export function statusPage(incidents: IncidentFacts[], now: Date): StatusPage {
  const time = (d: Date | null) => d?.getTime() ?? 0;
  const open = incidents.filter((i) => isOpen(i.state)).sort((a, b) => time(b.startedAt) - time(a.startedAt));
  const planned = incidents
    .filter((i) => isUpcoming(i, now))
    .sort((a, b) => time(a.scheduledStart) - time(b.scheduledStart));
  const resolved = incidents
    .filter((i) => isRecentlyResolved(i, now))
    .sort((a, b) => time(b.resolvedAt) - time(a.resolvedAt))
    .slice(0, RECENTLY_RESOLVED_MAX);
  return {
    overall: open.length > 0 ? 'disruption' : planned.length > 0 ? 'planned_downtime' : 'operational',
    open: open.map(publicIncident),
    planned: planned.map(publicIncident),
    recentlyResolved: resolved.map(publicIncident),
    generatedAt: now.toISOString(),
  };
}

export type BannerAudience = 'staff' | 'requester' | 'vendor';

export type Banner = PublicIncident & {
  /** Where the downtime procedures are: articles matching the incident (titles only). */
  downtimeArticles: { number: string; title: string }[];
  /** Staff only: the incident's id for the link to its page, and the latest update's internal note. */
  incidentId?: string;
  internalNote?: string | null;
};

/**
 * The banners a viewer sees: every open incident, and planned downtimes about to start ("planned downtime starts
 * at …"). Requesters and vendors get the public parts only; desk staff also get the link and the internal note.
 */
export function bannersFor(incidents: IncidentFacts[], audience: BannerAudience, now: Date): Banner[] {
  return incidents
    .filter((i) => isOpen(i.state) || isUpcoming(i, now))
    .map((i) => {
      const banner: Banner = { ...publicIncident(i), downtimeArticles: i.downtimeArticles.map((a) => ({ ...a })) };
      if (audience !== 'staff') return banner;
      return { ...banner, incidentId: i.id, internalNote: i.latestUpdate?.internalNote ?? null };
    });
}
