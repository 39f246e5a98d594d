// Forms checked by the API's own zod schemas: the body a form is about to send goes through the schema the server
// checks it with, and each problem is worded as the server words it (plain-errors.ts), under the field it is about.
// Mantine 9's own `schemaResolver` passes zod's raw messages ("Too big: …"); a nurse reads these instead.
import type { z } from 'zod';
import { fieldLabel, plainFieldMessage } from '../../../src/platform/http/plain-errors.ts';
import { ApiProblem } from '../api/client.ts';
import { tooLongMessage } from '../components/textLimits.ts';

/** Mantine's errors object: one message per field path ("summary", "clinical.safetyReportRef"). */
export type FormErrors = Record<string, string>;

/** How a form's words differ from the API's; every key is a body path as the schema names it. */
export type Wording = {
  /** The form's field for a body field it names differently: { requesterId: 'requester' }. */
  fields?: Record<string, string>;
  /** The field's name in the sentence, when the form asks it in other words: { description: 'This answer' }. */
  labels?: Record<string, string>;
  /** What to say when a required field is empty, in the form's own words. */
  required?: Record<string, string>;
};

type Issue = z.core.$ZodIssue;

/** Every problem the schema finds in `body`, keyed by form field; the first problem of a field wins. */
export function schemaErrors(schema: z.ZodType, body: unknown, wording: Wording = {}): FormErrors {
  const result = schema.safeParse(body);
  if (result.success) return {};
  const errors: FormErrors = {};
  for (const issue of result.error.issues) {
    const path = issue.path.map(String).join('.');
    errors[wording.fields?.[path] ?? path] ??= messageOf(issue, path, body, wording);
  }
  return errors;
}

/** A Mantine `validate` function: the form's values → the body it would send → the schema's problems. */
export function zodResolver<Values>(schema: z.ZodType, toBody: (values: Values) => unknown, wording?: Wording) {
  return (values: Values): FormErrors => schemaErrors(schema, toBody(values), wording);
}

/** The server's field messages from a failed request, keyed by form field like the schema's own. */
export function serverErrors(error: unknown, wording: Wording = {}): FormErrors {
  if (!(error instanceof ApiProblem)) return {};
  const errors: FormErrors = {};
  for (const { field, message } of error.fieldErrors) {
    const path = field.replace(/^body\./, '');
    errors[wording.fields?.[path] ?? path] ??= message;
  }
  return errors;
}

function messageOf(issue: Issue, path: string, body: unknown, wording: Wording): string {
  const label = wording.labels?.[path] ?? fieldLabel(path || 'body');
  const value = valueAt(body, issue.path);
  if (isEmptyAnswer(issue, value) && wording.required?.[path]) return wording.required[path];
  // Over-long text: the same sentence as while typing, with how much to remove (the desk never cuts it).
  if (issue.code === 'too_big' && typeof value === 'string') {
    const tooLong = tooLongMessage(label, value, Number(issue.maximum));
    if (tooLong) return tooLong;
  }
  const { code, message, path: _where, ...params } = issue;
  return plainFieldMessage(label, { code, message, params });
}

/** A required answer not given: a value left out or emptied, whatever check it then fails (a missing choice fails
 * the list of choices, an empty number the ticket-number format), or an empty text (plain-errors: "… is required"). */
function isEmptyAnswer(issue: Issue, value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value === 'string' && value.trim() === '') return true;
  if (issue.code === 'too_small') return issue.origin === 'string' && Number(issue.minimum) <= 1;
  return issue.code === 'invalid_type' && /received undefined/.test(issue.message);
}

function valueAt(body: unknown, path: readonly PropertyKey[]): unknown {
  let value = body;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}
