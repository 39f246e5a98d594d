// What "New ticket from this call" sends, checked first by the server's own schema (openTicketBody): the draft the
// phone system made (the caller, a summary), the type the agent picks, and the fix when it was resolved on the call.
// Pure, so what it refuses and in which words is tested without a browser.
import { type OpenTicketInput, openTicketBody } from '../../../../../src/features/tickets/schemas.ts';
import type { ContactDetail } from '../../../api/routing.ts';
import { type FormErrors, schemaErrors, type Wording } from '../../../forms/schemaErrors.ts';
import type { ResolveValue } from '../intake/ResolveFields.tsx';

export type TicketType = 'how_to' | 'incident' | 'service_request';
type Person = { id: string; displayName: string };

export type CallTicketValues = {
  type: TicketType;
  summary: string;
  description: string;
  resolveNow: boolean;
  resolution: ResolveValue;
  /** The caller the agent found, for a number the directory does not know (or shares). */
  chosen: Person | null;
};

export const EMPTY_CALL_TICKET: CallTicketValues = {
  type: 'how_to',
  summary: '',
  description: '',
  resolveNow: false,
  resolution: { code: null, note: '' },
  chosen: null,
};

type CallDraft = ContactDetail['draft'];

export function callTicketRequest(values: CallTicketValues, draft: CallDraft) {
  const { type, summary, description, resolveNow, resolution } = values;
  return {
    type,
    assignToMe: true,
    summary: summary.trim(),
    description: description.trim() || summary.trim(),
    requesterId: draft.requesterId ?? values.chosen?.id,
    channel: 'phone',
    patientCareAffected: draft.patientCareAffected,
    ...(draft.serviceId ? { serviceId: draft.serviceId } : {}),
    ...(resolveNow && resolution.code ? { resolveNow: { code: resolution.code, note: resolution.note.trim() } } : {}),
  } satisfies Partial<OpenTicketInput>;
}

const CALLER_NEEDED = 'Find the caller in the directory first (unknown number).';
const RESOLUTION_NEEDED = 'Give a resolution code and note.';

const CALL_WORDING: Wording = {
  fields: { requesterId: 'chosen', 'resolveNow.note': 'resolution.note' },
  labels: { description: 'What they need', 'resolveNow.note': 'Resolution note' },
  required: { summary: 'Say in a few words what they need', 'resolveNow.note': RESOLUTION_NEEDED },
};

/** The server's field messages for a refused ticket, under the form's fields. */
export const CALL_SERVER_WORDING: Wording = { fields: CALL_WORDING.fields };

/** What stops the ticket from being opened: the server's checks, a caller, and a code to resolve it on the call. */
export function callTicketProblems(values: CallTicketValues, draft: CallDraft): FormErrors {
  const errors = schemaErrors(openTicketBody, callTicketRequest(values, draft), CALL_WORDING);
  if (!draft.requesterId && !values.chosen) errors.chosen = CALLER_NEEDED;
  if (values.resolveNow && !values.resolution.code) errors.resolution = RESOLUTION_NEEDED;
  return errors;
}
