// How a policy's conditions read in one line under its name.
import type { PolicyView } from '../../../api/sla.ts';
import { plural } from '../../../components/plural.ts';

export function conditionsOf(p: Pick<PolicyView, 'match'>): string {
  const parts: string[] = [];
  if (p.match.clinicalCritical !== undefined)
    parts.push(p.match.clinicalCritical ? 'clinical-critical services' : 'non-critical services');
  if (p.match.providerLine !== undefined) parts.push(p.match.providerLine ? 'provider line' : 'not provider line');
  if (p.match.ticketTypes?.length) parts.push(`types: ${p.match.ticketTypes.join(', ')}`);
  if (p.match.serviceIds?.length) parts.push(plural(p.match.serviceIds.length, 'service'));
  if (p.match.providerIds?.length) parts.push(`${plural(p.match.providerIds.length, 'provider')} holding the ticket`);
  if (p.match.patientCareOrP1 !== undefined)
    parts.push(p.match.patientCareOrP1 ? 'P1, patient care affected or safety flag' : 'not P1 nor patient care');
  return parts.length ? parts.join(' · ') : 'every ticket';
}

/** "pending requester, pending vendor", or "no status". */
export function pausesOf(p: Pick<PolicyView, 'pauseStatuses'>): string {
  return p.pauseStatuses.join(', ').replaceAll('_', ' ') || 'no status';
}

/** A provider's contract: a policy naming the providers holding the ticket (its clock is that provider's). */
export function isContract(p: Pick<PolicyView, 'match'>): boolean {
  return (p.match.providerIds?.length ?? 0) > 0;
}
