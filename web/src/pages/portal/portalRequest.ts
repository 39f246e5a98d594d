// What the portal's "Ask for help" form sends: the clinical answers, and who asks. Desk staff use the portal too (for
// their own IT problems); the desk's intake rules then need the requester named and the channel said, which a
// requester never sends (the server refuses a requester's channel). The server's own schema checks the body first.
import { type OpenTicketInput, openTicketBody } from '../../../../src/features/tickets/schemas.ts';
import { isStaff, type Role } from '../../../../src/platform/auth/roles.ts';
import { type FormErrors, schemaErrors, type Wording } from '../../forms/schemaErrors.ts';

export type PortalAnswers = {
  summary: string;
  service: { serviceId: string | null; moduleId: string | null };
  /** Unanswered (null) until the person says: the desk needs this answer from them. */
  patientCareAffected: boolean | null;
  scope: 'me' | 'unit' | 'facility';
  workaroundAvailable: boolean | null;
  errorText: string;
  details: string;
};

export const NO_ANSWERS: PortalAnswers = {
  summary: '',
  service: { serviceId: null, moduleId: null },
  patientCareAffected: null,
  scope: 'me',
  workaroundAvailable: null,
  errorText: '',
  details: '',
};

type Who = { role: Role; personId: string | undefined };
type Place = { unitId: string | null; facilityId: string | null };

export function portalTicketBody(
  a: PortalAnswers,
  who: Who,
  place: Place,
): Partial<OpenTicketInput> & { summary: string } {
  return {
    requesterId: who.personId,
    ...(isStaff(who.role) ? { channel: 'portal' as const } : {}),
    summary: a.summary.trim(),
    description: a.details.trim(),
    errorText: a.errorText.trim() || null,
    serviceId: a.service.serviceId,
    moduleId: a.service.moduleId,
    patientCareAffected: a.patientCareAffected === true,
    scope: a.scope,
    workaroundAvailable: a.workaroundAvailable,
    unitId: place.unitId,
    facilityId: place.facilityId,
  };
}

/** The form asks in its own words ("Anything else we should know?" is the ticket's description). */
export const PORTAL_WORDING: Wording = {
  fields: { description: 'details' },
  labels: { description: 'This answer', errorText: 'Error message' },
  required: { summary: 'Tell us in a few words what you were trying to do' },
};

/** What stops the request from being sent, under each question: the server's checks, and the answers it needs. */
export function portalProblems(a: PortalAnswers, who: Who, place: Place): FormErrors {
  const errors = schemaErrors(openTicketBody, portalTicketBody(a, who, place), PORTAL_WORDING);
  if (a.patientCareAffected === null) errors.patientCareAffected = 'Let us know whether care is affected right now';
  return errors;
}
