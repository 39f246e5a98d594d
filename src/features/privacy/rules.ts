// Likely-PHI detection in free text (minimum necessary): warn on entry, mask for people who must not see it.
// Patterns, not certainty: a hit means "looks like", which is enough to warn and to mask for vendors.

export type PhiKind = 'ssn' | 'mrn' | 'date_of_birth' | 'phone' | 'email' | 'patient_name';
export type PhiFinding = { kind: PhiKind; start: number; end: number };

// Words that follow "Patient" in the names of departments, systems and screens, never in a person's name.
const NOT_NAMES = [
  'Access',
  'Accounting',
  'Banner',
  'Care',
  'Chart',
  'Education',
  'Experience',
  'Financial',
  'Flow',
  'Header',
  'Information',
  'Lists?',
  'Monitor(?:ing)?',
  'Portal',
  'Records?',
  'Registration',
  'Relations',
  'Safety',
  'Scheduling',
  'Services',
  'Station',
  'Status',
  'Summary',
  'Tracking',
  'Transport',
];

const PATTERNS: { kind: PhiKind; re: RegExp }[] = [
  { kind: 'ssn', re: /\b\d{3}-\d{2}-\d{4}\b/g },
  // An SSN written without dashes, or with spaces, when it is named as one (the dashed form is caught above).
  {
    kind: 'ssn',
    re: /\b(?:SSN|SS#|social security(?: number| no\.?| #)?)\s*(?:is\s+)?[:#]?\s*\d{3}\s?\d{2}\s?\d{4}\b/gi,
  },
  {
    kind: 'mrn',
    re: /(?:\b(?:MRN|MR|medical record(?: number| no\.?)?|med rec(?: no\.?)?|FIN|CSN|acct)|\bMR#)\s*(?:is\s+)?[:#]?\s*[A-Z]{0,3}\d{5,12}\b/gi,
  },
  {
    kind: 'date_of_birth',
    re: /\b(?:DOB|D\.O\.B\.?|date of birth|birth ?date|born(?: on)?)\s*(?:is\s+)?[:-]?\s*(?:\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}-\d{2}-\d{2}|[A-Z][a-z]{2,8}\.? \d{1,2},? \d{4})/gi,
  },
  { kind: 'phone', re: /(?<![\d-])(?:\+?1[\s.-]?)?\(?\d{3}\)?[\s.-]\d{3}[\s.-]\d{4}\b/g },
  { kind: 'email', re: /\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b/g },
  {
    kind: 'patient_name',
    // Not when the capitalised words are a hospital department or screen ("Patient Access", "Patient Flow Board").
    re: new RegExp(
      String.raw`\b(?:[Pp]atient(?: [Nn]ame)?|[Pp]t\.?(?: [Nn]ame)?)\s*[:-]?\s+(?!(?:${NOT_NAMES.join('|')})\b)` +
        String.raw`(?:(?:Mr|Mrs|Ms|Miss)\.?\s+)?[A-Z][a-z'-]+(?:,?\s+[A-Z][a-z'-]+)+`,
      'g',
    ),
  },
];

export function detectPhi(text: string): PhiFinding[] {
  const findings: PhiFinding[] = [];
  for (const { kind, re } of PATTERNS) {
    for (const m of text.matchAll(re)) findings.push({ kind, start: m.index, end: m.index + m[0].length });
  }
  findings.sort((a, b) => a.start - b.start || b.end - a.end);
  // Keep the outermost of overlapping findings.
  const merged: PhiFinding[] = [];
  for (const f of findings) {
    const last = merged[merged.length - 1];
    if (last && f.start < last.end) {
      last.end = Math.max(last.end, f.end);
      continue;
    }
    merged.push({ ...f });
  }
  return merged;
}

export function maskPhi(text: string): string {
  let out = '';
  let at = 0;
  for (const f of detectPhi(text)) {
    out += `${text.slice(at, f.start)}[${f.kind.replaceAll('_', ' ')} hidden]`;
    at = f.end;
  }
  return out + text.slice(at);
}

export function phiKinds(text: string): PhiKind[] {
  return [...new Set(detectPhi(text).map((f) => f.kind))];
}
