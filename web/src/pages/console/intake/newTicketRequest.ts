// What the console's "New ticket" sends when an agent takes a call or a walk-up, checked first by the server's own
// schema: the requester, what they were doing, the clinical answers and — often — the fix on the call.
import { openTicketBody } from '../../../../../src/features/tickets/schemas.ts';
import type { PersonView } from '../../../api/directory.ts';
import { type ClinicalAnswers, clinicalBody, NO_CLINICAL_IMPACT } from '../../../components/ClinicalQuestions.tsx';
import type { ServiceChoice } from '../../../components/ServicePicker.tsx';
import { type FormErrors, schemaErrors, type Wording } from '../../../forms/schemaErrors.ts';
import type { ResolveValue } from './ResolveFields.tsx';

export type Draft = {
  channel: 'phone' | 'walk_up' | 'chat';
  requester: PersonView | null;
  service: ServiceChoice;
  clinical: ClinicalAnswers;
  summary: string;
  description: string;
  errorText: string;
  resolveNow: boolean;
  resolution: ResolveValue;
};

export const EMPTY_DRAFT: Draft = {
  channel: 'phone',
  requester: null,
  service: { serviceId: null, moduleId: null },
  clinical: NO_CLINICAL_IMPACT,
  summary: '',
  description: '',
  errorText: '',
  resolveNow: false,
  resolution: { code: null, note: '' },
};

export function deskTicketBody(draft: Draft) {
  return {
    channel: draft.channel,
    requesterId: draft.requester?.id,
    facilityId: draft.requester?.facilityId,
    unitId: draft.requester?.unitId,
    serviceId: draft.service.serviceId,
    moduleId: draft.service.moduleId,
    ...clinicalBody(draft.clinical),
    summary: draft.summary.trim(),
    description: draft.description.trim(),
    errorText: draft.errorText.trim() || null,
    assignToMe: true,
    resolveNow:
      draft.resolveNow && draft.resolution.code
        ? { code: draft.resolution.code, note: draft.resolution.note.trim() }
        : undefined,
  };
}

const RESOLUTION_NEEDED = 'Resolving on the call needs a resolution code and a note';

/** The form's fields for the body's, and the desk's words for what is missing. */
export const DESK_WORDING: Wording = {
  fields: {
    requesterId: 'requester',
    safetyReportRef: 'clinical.safetyReportRef',
    'resolveNow.note': 'resolution.note',
  },
  labels: { 'resolveNow.note': 'Resolution note' },
  required: { summary: 'Say in a few words what they were trying to do', 'resolveNow.note': RESOLUTION_NEEDED },
};

/** What stops the ticket from being opened: the server's checks, and what the desk must know on every ticket. */
export function deskProblems(draft: Draft): FormErrors {
  const errors = schemaErrors(openTicketBody, deskTicketBody(draft), DESK_WORDING);
  if (!draft.requester) errors.requester = 'Find and choose the person who needs help';
  if (draft.resolveNow && !draft.resolution.code) errors.resolution = RESOLUTION_NEEDED;
  return errors;
}
