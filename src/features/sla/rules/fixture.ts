// Shared set-up for the policy-choice tests (policy.test.ts, around-the-clock.test.ts): a policy and a ticket's facts.
import { DEFAULT_TARGETS, type Policy, type TicketFacts } from './policy.ts';

/** An active policy with the default targets, pausing while the ticket waits on the requester. */
export const policy = (
  id: string,
  position: number,
  match: Policy['match'],
  calendarId = 'cal',
  active = true,
): Policy => ({
  id,
  name: id,
  position,
  active,
  match,
  calendarId,
  targets: DEFAULT_TARGETS,
  pauseStatuses: ['pending_requester'],
  atRiskPercent: 75,
});

/** A P3 EHR incident on the general line, no patient care affected; `over` changes what a test is about. */
export const ticketFacts = (over: Partial<TicketFacts> = {}): TicketFacts => ({
  type: 'incident',
  serviceId: 'svc-ehr',
  clinicalCritical: false,
  providerLine: false,
  providerId: null,
  priority: 3,
  patientCareAffected: false,
  patientSafety: false,
  ...over,
});
