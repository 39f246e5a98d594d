// What "Did this fix it?" sends, checked first by the server's own schema (confirmFixBody): yes closes the ticket;
// no reopens it, and then the requester must say what is still wrong. Pure, tested without a browser.
import { type ConfirmFixInput, confirmFixBody } from '../../../../src/features/tickets/schemas.ts';
import { type FormErrors, schemaErrors, type Wording } from '../../forms/schemaErrors.ts';

export type StillBrokenValues = { comment: string };

export const FIXED: ConfirmFixInput = { fixed: true };

export function stillBrokenRequest(values: StillBrokenValues): ConfirmFixInput {
  return { fixed: false, comment: values.comment.trim() };
}

export const STILL_BROKEN_WORDING: Wording = {
  labels: { comment: 'What is still wrong' },
  required: { comment: 'Say what is still wrong, so the desk can pick it up again' },
};

export function stillBrokenProblems(values: StillBrokenValues): FormErrors {
  return schemaErrors(confirmFixBody, stillBrokenRequest(values), STILL_BROKEN_WORDING);
}
