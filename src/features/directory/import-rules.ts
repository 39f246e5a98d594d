// Checking a CSV import before anything is written: the header, every cell, keys repeated within the file, and
// references to what the directory already holds. Pure: the caller parses the file and says what is known.
import { CLINICAL_ROLES, type ClinicalRole, UNIT_KINDS, type UnitKind } from '../../domain/vocabulary.ts';
import {
  CODE_HINT,
  canonicalTimeZone,
  isCode,
  normalisePhone,
  PHONE_HINT,
  SERVICE_KINDS,
  type ServiceKind,
  timeZoneProblem,
} from './rules.ts';

export const IMPORT_KINDS = ['facilities', 'units', 'people', 'services'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];
export type ImportError = { line: number; field: string; message: string };
/** One parsed CSV record and the line of the file it starts on (the header is usually line 1). */
export type CsvRecord = { line: number; cells: string[] };
export type CsvTable = { header: CsvRecord; records: CsvRecord[] };

type Column = { required?: boolean; max: number; check?: (value: string) => string | null };
const oneOf = (values: readonly string[]) => (v: string) =>
  values.includes(v) ? null : `must be one of ${values.join(', ')}`;
const code = (v: string) => (isCode(v) ? null : CODE_HINT);
const bool = (v: string) => (parseBool(v) === null ? 'must be true or false (yes/no, 1/0 also work)' : null);
const email = (v: string) => (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v) ? null : 'is not an email address');
const phones = (v: string) => {
  const bad = splitList(v).find((p) => normalisePhone(p) === null);
  return bad === undefined ? null : `"${bad.slice(0, 40)}" ${PHONE_HINT}`;
};

export const COLUMNS: Record<ImportKind, Record<string, Column>> = {
  facilities: {
    code: { required: true, max: 40, check: code },
    name: { required: true, max: 200 },
    time_zone: { required: true, max: 64, check: (v) => (canonicalTimeZone(v) ? null : timeZoneProblem(v)) },
  },
  units: {
    facility_code: { required: true, max: 40, check: code },
    code: { required: true, max: 40, check: code },
    name: { required: true, max: 200 },
    kind: { required: true, max: 40, check: oneOf(UNIT_KINDS) },
    clinical: { max: 5, check: bool },
  },
  people: {
    employee_id: { required: true, max: 50 },
    display_name: { required: true, max: 200 },
    clinical_role: { required: true, max: 40, check: oneOf(CLINICAL_ROLES) },
    specialty: { max: 100 },
    facility_code: { max: 40, check: code },
    unit_code: { max: 40, check: code },
    phones: { max: 500, check: phones },
    email: { max: 320, check: email },
    manager_employee_id: { max: 50 },
    username: { max: 100 },
    provider_org: { max: 200 },
    provider: { max: 5, check: bool },
    sensitive: { max: 5, check: bool },
    super_user: { max: 5, check: bool },
    active: { max: 5, check: bool },
  },
  services: {
    kind: { required: true, max: 40, check: oneOf(SERVICE_KINDS) },
    name: { required: true, max: 200 },
    parent: { max: 200 },
    clinical_critical: { max: 5, check: bool },
  },
};

export function parseBool(v: string): boolean | null {
  const s = v.trim().toLowerCase();
  if (['true', 'yes', 'y', '1'].includes(s)) return true;
  if (['false', 'no', 'n', '0'].includes(s)) return false;
  return null;
}

/** Lists inside one cell (phones) are separated by ";" or "|", since "," separates cells. */
export function splitList(v: string): string[] {
  return v
    .split(/[;|]/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Text that went through a wrong decoder carries U+FFFD; NUL and lone surrogates cannot be stored either. */
export function isCleanText(s: string): boolean {
  return !s.includes('\uFFFD') && !s.includes('\u0000') && s.isWellFormed();
}
const NOT_UTF8 = 'is not UTF-8 text (it has replacement characters or NUL); save the file as UTF-8 and try again';

export function columnName(header: string): string {
  return header
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
}

type Values = { line: number; get(column: string): string };
type Read = { columns: Set<string>; rows: Values[]; errors: ImportError[] };

/** Checks the header and every cell; rows with a bad cell are reported and left out. */
export function readTable(kind: ImportKind, table: CsvTable): Read {
  const spec = COLUMNS[kind];
  const known = Object.keys(spec);
  const errors: ImportError[] = [];
  const line = table.header.line;
  const names = table.header.cells.map(columnName);
  names.forEach((name, i) => {
    const written = table.header.cells[i]!;
    if (!isCleanText(written)) errors.push({ line, field: `column ${i + 1}`, message: NOT_UTF8 });
    else if (!spec[name]) {
      errors.push({ line, field: written, message: `is not a ${kind} column; use ${known.join(', ')}` });
    } else if (names.indexOf(name) !== i) errors.push({ line, field: written, message: 'appears twice in the header' });
  });
  for (const [name, column] of Object.entries(spec)) {
    if (column.required && !names.includes(name)) errors.push({ line, field: name, message: 'is a required column' });
  }
  if (errors.length) return { columns: new Set(), rows: [], errors };

  const rows: Values[] = [];
  for (const record of table.records) {
    const before = errors.length;
    if (record.cells.length !== names.length) {
      errors.push({
        line: record.line,
        field: '(row)',
        message: `has ${record.cells.length} cells but the header has ${names.length}`,
      });
      continue;
    }
    const values = new Map(names.map((name, i) => [name, record.cells[i]!.trim()]));
    for (const [name, value] of values) {
      const problem = cellProblem(spec[name]!, value);
      if (problem) errors.push({ line: record.line, field: name, message: problem });
    }
    if (errors.length === before) rows.push({ line: record.line, get: (c) => values.get(c) ?? '' });
  }
  return { columns: new Set(names), rows, errors };
}

function cellProblem(column: Column, value: string): string | null {
  if (!isCleanText(value)) return NOT_UTF8;
  if (value === '') return column.required ? 'is required' : null;
  if (value.length > column.max) return `is longer than ${column.max} characters`;
  return column.check?.(value) ?? null;
}

/** Reports the second and later rows with the same key; returns the rows whose key was first. */
export function repeatedKeys<T extends { line: number }>(
  rows: T[],
  keyOf: (row: T) => string,
  field: string,
  errors: ImportError[],
): void {
  const first = new Map<string, number>();
  for (const row of rows) {
    const key = keyOf(row);
    const seen = first.get(key);
    if (seen === undefined) first.set(key, row.line);
    else errors.push({ line: row.line, field, message: `repeats line ${seen}` });
  }
}

// Typed rows, one kind each ----------------------------------------------------------------------------------------

export type FacilityRow = { line: number; code: string; name: string; timeZone: string };
export type UnitRow = {
  line: number;
  facilityCode: string;
  code: string;
  name: string;
  kind: UnitKind;
  clinical: boolean;
};
export type PersonRow = {
  line: number;
  employeeId: string;
  displayName: string;
  clinicalRole: ClinicalRole;
  specialty: string | null;
  facilityCode: string | null;
  unitCode: string | null;
  phones: string[];
  email: string | null;
  managerEmployeeId: string | null;
  username: string | null;
  providerOrg: string | null;
  provider: boolean;
  sensitive: boolean;
  superUser: boolean;
  active: boolean;
};
export type ServiceRow = {
  line: number;
  kind: ServiceKind;
  name: string;
  parent: string | null;
  clinicalCritical: boolean;
};

const orNull = (s: string) => (s === '' ? null : s);
/** A cell that passed its `oneOf` check, read as a value of that vocabulary. */
function member<T extends string>(values: readonly T[], cell: string): T {
  const value = values.find((v) => v === cell);
  if (value === undefined) throw new Error(`"${cell}" was not checked against ${values.join(', ')}.`);
  return value;
}
const flag = (s: string, fallback: boolean) => parseBool(s) ?? fallback;

export function facilityRow(v: Values): FacilityRow {
  return { line: v.line, code: v.get('code'), name: v.get('name'), timeZone: canonicalTimeZone(v.get('time_zone'))! };
}

export function unitRow(v: Values): UnitRow {
  return {
    line: v.line,
    facilityCode: v.get('facility_code'),
    code: v.get('code'),
    name: v.get('name'),
    kind: member(UNIT_KINDS, v.get('kind')),
    clinical: flag(v.get('clinical'), true),
  };
}

export function personRow(v: Values): PersonRow {
  return {
    line: v.line,
    employeeId: v.get('employee_id'),
    displayName: v.get('display_name'),
    clinicalRole: member(CLINICAL_ROLES, v.get('clinical_role')),
    specialty: orNull(v.get('specialty')),
    facilityCode: orNull(v.get('facility_code')),
    unitCode: orNull(v.get('unit_code')),
    phones: [...new Set(splitList(v.get('phones')).map((p) => normalisePhone(p)!))],
    email: orNull(v.get('email')),
    managerEmployeeId: orNull(v.get('manager_employee_id')),
    username: orNull(v.get('username')),
    providerOrg: orNull(v.get('provider_org')),
    provider: flag(v.get('provider'), false),
    sensitive: flag(v.get('sensitive'), false),
    superUser: flag(v.get('super_user'), false),
    active: flag(v.get('active'), true),
  };
}

export function serviceRow(v: Values): ServiceRow {
  return {
    line: v.line,
    kind: member(SERVICE_KINDS, v.get('kind')),
    name: v.get('name'),
    parent: orNull(v.get('parent')),
    clinicalCritical: flag(v.get('clinical_critical'), false),
  };
}
