// What may be said in public: an update's public text, the status page and the requesters' banner say nothing that
// looks like patient information. Refused with the kinds found, so the commander knows what to take out.
import { Invalid } from '../../../platform/errors.ts';
import { detectPhi, type PhiKind } from '../../privacy/rules.ts';

export const PUBLIC_TEXT_MAX = 2_000;
export const INTERNAL_NOTE_MAX = 10_000;

const KIND_WORDS: Record<PhiKind, string> = {
  ssn: 'a social security number',
  mrn: 'a medical record number',
  date_of_birth: 'a date of birth',
  phone: 'a phone number',
  email: 'an email address',
  patient_name: "a patient's name",
};

/** The text, trimmed, or a 400 naming what looks like patient information in it. */
export function checkPublicText(text: string, field = 'publicText'): string {
  const trimmed = text.trim();
  if (!trimmed)
    throw new Invalid('Write what people should know.', [{ field, message: 'The public update is empty.' }]);
  if (trimmed.length > PUBLIC_TEXT_MAX) {
    throw new Invalid(
      `The public update is too long (at most ${PUBLIC_TEXT_MAX.toLocaleString('en-US')} characters).`,
      [{ field, message: `At most ${PUBLIC_TEXT_MAX} characters.` }],
    );
  }
  const kinds = [...new Set(detectPhi(trimmed).map((f) => f.kind))];
  if (kinds.length > 0) {
    const what = kinds.map((k) => KIND_WORDS[k]).join(', ');
    throw new Invalid(
      `The public update looks like it contains ${what}. Everyone can read it, on the status page too: take it out, or put it in the internal note.`,
      [{ field, message: `Looks like ${what}.` }],
    );
  }
  return trimmed;
}
