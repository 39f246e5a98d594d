// What the portal's "Ask for help" form sends: the clinical answers, and who asks. Desk staff use the portal too (for
// their own IT problems); the desk's intake rules then need the requester named and the channel said, which a
// requester never sends (the server refuses a requester's channel).
import type { OpenTicketInput } from '../../../../src/features/tickets/schemas.ts';
import { isStaff, type Role } from '../../../../src/platform/auth/roles.ts';

export type PortalAnswers = {
  summary: string;
  service: { serviceId: string | null; moduleId: string | null };
  careAffected: 'yes' | 'no' | '';
  scope: 'me' | 'unit' | 'facility';
  workaround: 'yes' | 'no' | 'unsure';
  errorText: string;
  details: string;
};

export function portalTicketBody(
  a: PortalAnswers,
  who: { role: Role; personId: string | undefined },
  place: { unitId: string | null; facilityId: string | null },
): Partial<OpenTicketInput> & { summary: string } {
  return {
    requesterId: who.personId,
    ...(isStaff(who.role) ? { channel: 'portal' as const } : {}),
    summary: a.summary.trim(),
    description: a.details.trim(),
    errorText: a.errorText.trim() || null,
    serviceId: a.service.serviceId,
    moduleId: a.service.moduleId,
    patientCareAffected: a.careAffected === 'yes',
    scope: a.scope,
    workaroundAvailable: a.workaround === 'unsure' ? null : a.workaround === 'yes',
    unitId: place.unitId,
    facilityId: place.facilityId,
  };
}
