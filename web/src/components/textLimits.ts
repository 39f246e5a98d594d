// Long texts on the forms: a counter as people type, and a plain refusal when a text is over its limit (the desk
// never cuts what someone wrote). The refusal is the server's own sentence (src/platform/http/plain-errors.ts).
import { plainFieldMessage } from '../../../src/platform/http/plain-errors.ts';
import { plural } from './plural.ts';

const numbers = new Intl.NumberFormat('en-US');

/** Characters the server will count: it trims before checking the limit. */
export function countedLength(value: string): number {
  return value.trim().length;
}

/** "182 / 200 characters" under the field. */
export function counterText(value: string, max: number): string {
  return `${numbers.format(countedLength(value))} / ${numbers.format(max)} characters`;
}

/** The message under a field that is over its limit, or undefined when it fits. */
export function tooLongMessage(label: string, value: string, max: number): string | undefined {
  const length = countedLength(value);
  if (length <= max) return undefined;
  const sentence = plainFieldMessage(label, { code: 'too_big', params: { origin: 'string', maximum: max } });
  return `${sentence}: please remove ${plural(length - max, 'character')}`;
}
