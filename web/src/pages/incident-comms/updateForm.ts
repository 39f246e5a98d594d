// What posting an incident update sends, checked first by the server's own schema (postUpdateBody) and its PHI rule
// for public text (refused, not only warned: everyone reads it, on the status page too). Pure, tested without a
// browser.
import { checkPublicText } from '../../../../src/features/incident-comms/rules/public-text.ts';
import { type PostUpdateInput, postUpdateBody } from '../../../../src/features/incident-comms/schemas.ts';
import { AppError } from '../../../../src/platform/errors.ts';
import { type FormErrors, schemaErrors, type Wording } from '../../forms/schemaErrors.ts';

/** The choices offered for "next update in"; '' = no further update planned. */
export const NEXT_UPDATE_CHOICES = [
  { value: '15', label: '15 minutes' },
  { value: '30', label: '30 minutes' },
  { value: '60', label: '1 hour' },
  { value: '120', label: '2 hours' },
  { value: '240', label: '4 hours' },
  { value: '', label: 'No further update planned' },
] as const;

export type UpdateValues = { publicText: string; internalNote: string; nextUpdate: string };

export function updateRequest(v: UpdateValues): PostUpdateInput {
  const note = v.internalNote.trim();
  return {
    publicText: v.publicText.trim(),
    ...(note ? { internalNote: note } : {}),
    nextUpdateMinutes: v.nextUpdate === '' ? null : Number(v.nextUpdate),
  };
}

export const UPDATE_WORDING: Wording = {
  labels: { publicText: 'The public update', internalNote: 'The internal note', nextUpdateMinutes: 'Next update' },
  required: { publicText: 'Write what people should know' },
};

export function updateProblems(v: UpdateValues): FormErrors {
  const errors = schemaErrors(postUpdateBody, updateRequest(v), UPDATE_WORDING);
  if (errors.publicText || !v.publicText.trim()) return errors;
  try {
    checkPublicText(v.publicText);
  } catch (e) {
    if (e instanceof AppError) return { ...errors, publicText: e.message };
    throw e;
  }
  return errors;
}
