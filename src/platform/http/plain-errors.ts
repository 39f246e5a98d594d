// Validation problems in words a nurse understands: "Description is too long (at most 10,000 characters)", not
// "body.description at most 10000 characters". Pure; problem.ts keeps the machine-readable field path beside it.
import type { FieldError } from '../errors.ts';

/** One schema issue as fastify-type-provider-zod hands it over: zod's code, message and the issue's own details. */
export type SchemaIssue = { code?: string; message?: string; params?: Record<string, unknown> };

// Field names whose words are not simply the camelCase split ("errorText" → "Error message").
const LABELS: Record<string, string> = {
  errorText: 'Error message',
  assetTag: 'Asset tag',
  locationText: 'Room or place',
  requesterId: 'Requester',
  assigneeId: 'Assignee',
  serviceId: 'Application or device',
  moduleId: 'Module',
  facilityId: 'Facility',
  unitId: 'Unit',
  groupId: 'Group',
  patientCareAffected: 'Is patient care affected',
  workaroundAvailable: 'Workaround',
  safetyReportRef: 'Safety report number',
  q: 'Search',
  id: 'Record',
};

const numbers = new Intl.NumberFormat('en-US');

/** "body.resolveNow.note" → "Note"; "body.phones.2" → "Phones"; "body.displayName" → "Display name". */
export function fieldLabel(path: string): string {
  const segments = path.split('.').filter((s) => s && !/^\d+$/.test(s));
  const last = segments.length > 1 ? segments[segments.length - 1]! : (segments[0] ?? 'value');
  if (['body', 'querystring', 'params', 'headers'].includes(last)) return 'The form';
  if (LABELS[last]) return LABELS[last];
  const words = last
    .replace(/Id$/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replaceAll('_', ' ')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function count(n: unknown, one: string, many: string): string {
  const value = typeof n === 'number' || typeof n === 'bigint' ? n : Number(n);
  return `${numbers.format(value)} ${value === 1 ? one : many}`;
}

/** The sentence shown under the field, starting with the field's name. */
export function plainFieldMessage(label: string, issue: SchemaIssue): string {
  const p = issue.params ?? {};
  const own = issue.message ?? '';
  // A schema's own explanation ("7 is Sunday") is kept beside the plain words; zod's defaults ("Too big: …") are not.
  const why = own && !ZOD_WORDING.test(own) ? ` (${own})` : '';
  switch (issue.code) {
    case 'too_big':
      if (p.origin === 'string') return `${label} is too long (at most ${count(p.maximum, 'character', 'characters')})`;
      if (p.origin === 'array' || p.origin === 'set') return `${label} has too many entries (at most ${p.maximum})`;
      return `${label} must be at most ${numbers.format(Number(p.maximum))}${why}`;
    case 'too_small':
      if (p.origin === 'string') {
        return Number(p.minimum) <= 1
          ? `${label} is required`
          : `${label} is too short (at least ${count(p.minimum, 'character', 'characters')})`;
      }
      if (p.origin === 'array' || p.origin === 'set') return `${label} needs at least ${p.minimum}`;
      return `${label} must be at least ${numbers.format(Number(p.minimum))}${why}`;
    case 'invalid_type':
      if (/received undefined/.test(own)) return `${label} is required`;
      return `${label} ${EXPECTED[String(p.expected)] ?? 'has the wrong kind of value'}`;
    case 'invalid_value': {
      const values = Array.isArray(p.values) ? p.values.map(String) : [];
      if (values.length === 0 || values.length > 8) return `${label} is not one of the allowed choices`;
      return `${label} must be one of: ${values.join(', ')}`;
    }
    case 'invalid_format':
      if (startsLowercase(own)) return `${label} ${own}`;
      return `${label} ${FORMATS[String(p.format)] ?? 'is not in the expected format'}`;
    default:
      // Our own messages are phrases to follow the field's name ("must not contain NUL characters"); zod's start with
      // a capital ("Invalid input"), and a message that quotes the value ('"call me" is not a phone number') stands alone.
      if (startsLowercase(own)) return `${label} ${own}`;
      if (own.startsWith('"')) return `${label}: ${own}`;
      // A schema's own full sentence ("The range ends before it starts: …") already says what to send.
      if (own && !ZOD_WORDING.test(own)) return own;
      return `${label} is not valid`;
  }
}

const EXPECTED: Record<string, string> = {
  string: 'must be text',
  number: 'must be a number',
  int: 'must be a whole number',
  boolean: 'must be yes or no',
  array: 'must be a list',
  object: 'must be a group of fields',
};

const FORMATS: Record<string, string> = {
  uuid: 'is not a valid reference',
  email: 'is not a valid email address',
  url: 'is not a valid web address',
  datetime: 'is not a valid date and time',
  date: 'is not a valid date',
  regex: 'is not in the expected format',
};

const ZOD_WORDING = /^(Invalid|Too (big|small)|Unrecognized|Expected)\b/i;

function startsLowercase(s: string): boolean {
  return /^[a-z]/.test(s);
}

/** The problem's `detail`: one plain sentence naming the first few problems. */
export function plainDetail(errors: FieldError[]): string {
  if (errors.length === 0) return 'Please check the form.';
  const shown = errors.slice(0, 3).map((e) => e.message);
  const more = errors.length > 3 ? `; and ${count(errors.length - 3, 'more', 'more')}` : '';
  return `Please check ${count(errors.length, 'field', 'fields')}: ${shown.join('; ')}${more}`;
}
