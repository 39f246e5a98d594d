// The CTI/IVR hook (docs/incidents.md, docs/routing.md): the phone system asks, as a call comes in, what to play
// for the open incidents — so physicians calling about a known outage hear it at once instead of waiting in the
// queue. Only public texts (checked for PHI when written) leave: the public reply, else the title and summary.
import type { AppContext } from '../../../platform/context.ts';
import { formatIncidentNumber } from '../rules/vocabulary.ts';
import * as store from '../store.ts';
import { openScopes } from './read.ts';

const KIND_WORDS = { major_incident: 'Known outage', ehr_downtime: 'EHR downtime' } as const;

export async function announcements(ctx: AppContext, q: { service?: string; facility?: string }) {
  const db = ctx.database.db;
  const started = (await openScopes(db)).filter((s) => s.state === 'declared' || s.state === 'monitoring');
  const names = await store.namesOf(db, {
    services: [...new Set(started.flatMap((s) => [...s.serviceIds, ...s.modules.map((m) => m.id)]))],
    facilities: [...new Set(started.flatMap((s) => s.facilityIds))],
    units: [],
  });
  const serviceNames = (s: (typeof started)[number]) =>
    [...s.serviceIds, ...s.modules.map((m) => m.id)].flatMap((id) => names.services.filter((n) => n.id === id));
  const wanted = (value: string | undefined, list: { id: string; name: string }[], everywhere: boolean) =>
    !value || everywhere || list.some((x) => x.id === value || x.name.toLowerCase() === value.toLowerCase());
  const items = started
    .filter((s) => wanted(q.service, serviceNames(s), false))
    .filter((s) =>
      wanted(
        q.facility,
        names.facilities.filter((f) => s.facilityIds.includes(f.id)),
        s.facilityIds.length === 0 && s.unitIds.length === 0,
      ),
    )
    .sort((a, b) => a.severity.localeCompare(b.severity) || b.createdAt.getTime() - a.createdAt.getTime())
    .map((s) => ({
      number: formatIncidentNumber(s.number),
      kind: s.row.kind,
      severity: s.severity,
      services: serviceNames(s).map((n) => n.name),
      message: s.row.publicReply || `${KIND_WORDS[s.row.kind]}: ${s.row.title}. ${s.row.publicSummary}`,
    }));
  return {
    play: items.length > 0,
    message: items.map((i) => i.message).join(' '),
    incidents: items,
  };
}
