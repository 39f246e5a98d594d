// Which open incident a new ticket belongs to (pure). A ticket whose application or module and whose facility or
// unit match an open incident is linked to it as a child; one whose text only is similar (a match term in its
// summary, description or error), or whose application matches but whose place is not known, is suggested to the
// agent. Never linked on words alone: words are a hint, not proof.
import type { IncidentState, Severity } from './vocabulary.ts';

export type IncidentScope = {
  id: string;
  number: number;
  state: IncidentState;
  severity: Severity;
  createdAt: Date;
  /** Applications (or other services). */
  serviceIds: readonly string[];
  /** Modules, each with its application: an application with modules listed is affected only in those. */
  modules: readonly { id: string; applicationId: string | null }[];
  facilityIds: readonly string[];
  unitIds: readonly string[];
  matchTerms: readonly string[];
};

export type TicketFacts = {
  serviceId: string | null;
  moduleId: string | null;
  facilityId: string | null;
  unitId: string | null;
  text: string;
};

export type Match = { decision: 'link' | 'suggest'; reason: string };

/** Which service facts of the ticket put it in the incident's scope (null: none). */
function serviceMatch(inc: IncidentScope, t: TicketFacts): string | null {
  if (t.moduleId && inc.modules.some((m) => m.id === t.moduleId)) return 'module';
  if (t.serviceId && inc.serviceIds.includes(t.serviceId)) {
    const restricted = inc.modules.some((m) => m.applicationId === t.serviceId);
    // The incident names some modules of this application: a ticket on another of its modules is not in scope.
    if (restricted && t.moduleId) return null;
    return 'application';
  }
  if (t.serviceId && inc.modules.some((m) => m.id === t.serviceId)) return 'module';
  return null;
}

/** 'yes', 'no', or 'unknown' when the incident is limited to places and the ticket names none. */
function placeMatch(inc: IncidentScope, t: TicketFacts): 'yes' | 'no' | 'unknown' {
  if (!inc.facilityIds.length && !inc.unitIds.length) return 'yes';
  if (t.unitId && inc.unitIds.includes(t.unitId)) return 'yes';
  if (t.facilityId && inc.facilityIds.includes(t.facilityId)) return 'yes';
  if (!t.unitId && !t.facilityId) return 'unknown';
  return 'no';
}

/** The match terms found in the text, as whole words (case-insensitive). */
export function termsIn(text: string, terms: readonly string[]): string[] {
  const lower = ` ${text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ')} `;
  return terms.filter((term) => {
    const t = term
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, ' ')
      .trim();
    return t.length > 0 && lower.includes(` ${t} `);
  });
}

export function matchTicket(inc: IncidentScope, t: TicketFacts): Match | null {
  const service = serviceMatch(inc, t);
  const place = placeMatch(inc, t);
  if (service && place === 'yes') return { decision: 'link', reason: `same ${service} and place` };
  if (service && place === 'unknown') return { decision: 'suggest', reason: `same ${service}, place not given` };
  const words = termsIn(t.text, inc.matchTerms);
  if (words.length && place !== 'no') return { decision: 'suggest', reason: `similar text: ${words.join(', ')}` };
  return null;
}

const SEVERITY_RANK: Record<Severity, number> = { sev1: 0, sev2: 1, sev3: 2 };

/**
 * The incident a new ticket goes to among the open ones: a link beats a suggestion, then the most severe, then the
 * most recently declared. Scheduled (planned, not started) incidents take no children.
 */
export function bestMatch(
  incidents: readonly IncidentScope[],
  t: TicketFacts,
): (Match & { incidentId: string }) | null {
  const candidates = incidents
    .filter((i) => i.state === 'declared' || i.state === 'monitoring')
    .map((i) => ({ i, m: matchTicket(i, t) }))
    .filter((x): x is { i: IncidentScope; m: Match } => x.m !== null)
    .sort(
      (a, b) =>
        Number(a.m.decision === 'suggest') - Number(b.m.decision === 'suggest') ||
        SEVERITY_RANK[a.i.severity] - SEVERITY_RANK[b.i.severity] ||
        b.i.createdAt.getTime() - a.i.createdAt.getTime() ||
        b.i.number - a.i.number,
    );
  const best = candidates[0];
  return best ? { ...best.m, incidentId: best.i.id } : null;
}

/** The open incidents that already cover one of these applications or modules (declaring another is confirmed). */
export function overlapping<T extends Pick<IncidentScope, 'serviceIds' | 'modules' | 'state'>>(
  open: readonly T[],
  serviceIds: readonly string[],
  moduleIds: readonly string[],
): T[] {
  const wanted = new Set([...serviceIds, ...moduleIds]);
  return open.filter(
    (i) =>
      (i.state === 'scheduled' || i.state === 'declared' || i.state === 'monitoring') &&
      (i.serviceIds.some((s) => wanted.has(s)) || i.modules.some((m) => wanted.has(m.id))),
  );
}
