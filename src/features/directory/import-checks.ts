// The whole check of one import, pure: cells (import-rules.ts), keys repeated within the file, and references to
// facilities, units, applications, managers, accounts and providers the directory (or the same file) holds.
import {
  type CsvTable,
  type FacilityRow,
  facilityRow,
  type ImportError,
  type ImportKind,
  type PersonRow,
  personRow,
  readTable,
  repeatedKeys,
  type ServiceRow,
  serviceRow,
  type UnitRow,
  unitRow,
} from './import-rules.ts';
import type { ServiceKind } from './rules.ts';

/** What the directory holds already, by natural key → id (the checks use the keys, the writer the ids). */
export type Known = {
  facilities: ReadonlyMap<string, string>; // code
  units: ReadonlyMap<string, string>; // unitKey(facility code, unit code)
  people: ReadonlyMap<string, string>; // employee ID
  /** By lower-case username: the account and the employee ID of the person it is linked to, if any. */
  accounts: ReadonlyMap<string, { id: string; linked: boolean; linkedEmployeeId: string | null }>;
  providers: ReadonlyMap<string, string>; // name
  services: ReadonlyMap<string, { id: string; kind: ServiceKind }>; // serviceKey(parent name, name)
};

export const NOTHING_KNOWN: Known = {
  facilities: new Map(),
  units: new Map(),
  people: new Map(),
  accounts: new Map(),
  providers: new Map(),
  services: new Map(),
};

export function unitKey(facilityCode: string, unitCode: string): string {
  return `${facilityCode}\n${unitCode}`;
}

export function serviceKey(parent: string | null, name: string): string {
  return `${parent ?? ''}\n${name}`;
}

export type ImportPlan = { columns: ReadonlySet<string> } & (
  | { kind: 'facilities'; rows: FacilityRow[] }
  | { kind: 'units'; rows: UnitRow[] }
  | { kind: 'people'; rows: PersonRow[] }
  | { kind: 'services'; rows: ServiceRow[] }
);

/** Every problem of the file, by line; the plan is only to be written when there are none. */
export function checkImport(
  kind: ImportKind,
  table: CsvTable,
  known: Known,
): { plan: ImportPlan; errors: ImportError[] } {
  const read = readTable(kind, table);
  const errors = [...read.errors];
  const columns = read.columns;
  let plan: ImportPlan;
  if (kind === 'facilities') {
    const rows = read.rows.map(facilityRow);
    repeatedKeys(rows, (r) => r.code, 'code', errors);
    plan = { kind, columns, rows };
  } else if (kind === 'units') {
    const rows = read.rows.map(unitRow);
    repeatedKeys(rows, (r) => unitKey(r.facilityCode, r.code), 'code', errors);
    for (const r of rows) {
      if (!known.facilities.has(r.facilityCode)) errors.push(noFacility(r.line, r.facilityCode));
    }
    plan = { kind, columns, rows };
  } else if (kind === 'people') {
    const rows = read.rows.map(personRow);
    repeatedKeys(rows, (r) => r.employeeId, 'employee_id', errors);
    const withAccount = rows.filter((r) => r.username !== null);
    repeatedKeys(withAccount, (r) => r.username!.toLowerCase(), 'username', errors);
    const inFile = new Set(rows.map((r) => r.employeeId));
    for (const r of rows) errors.push(...personProblems(r, known, inFile));
    plan = { kind, columns, rows };
  } else {
    const rows = read.rows.map(serviceRow);
    repeatedKeys(rows, (r) => serviceKey(r.parent, r.name), 'name', errors);
    const applicationsInFile = new Set(rows.filter((r) => r.kind === 'application' && !r.parent).map((r) => r.name));
    for (const r of rows) errors.push(...serviceProblems(r, known, applicationsInFile));
    plan = { kind, columns, rows };
  }
  errors.sort((a, b) => a.line - b.line);
  return { plan, errors };
}

function noFacility(line: number, facilityCode: string): ImportError {
  return {
    line,
    field: 'facility_code',
    message: `no facility has code "${facilityCode}"; import facilities first`,
  };
}

function personProblems(r: PersonRow, known: Known, inFile: ReadonlySet<string>): ImportError[] {
  const problems: ImportError[] = [];
  const at = (field: string, message: string) => problems.push({ line: r.line, field, message });
  if (r.facilityCode !== null && !known.facilities.has(r.facilityCode)) {
    problems.push(noFacility(r.line, r.facilityCode));
  }
  if (r.unitCode !== null) {
    if (r.facilityCode === null) at('unit_code', 'needs facility_code (unit codes are unique within a facility)');
    else if (!known.units.has(unitKey(r.facilityCode, r.unitCode))) {
      at('unit_code', `facility "${r.facilityCode}" has no unit with code "${r.unitCode}"; import units first`);
    }
  }
  if (r.managerEmployeeId !== null) {
    if (r.managerEmployeeId === r.employeeId) at('manager_employee_id', 'cannot be the person themselves');
    else if (!inFile.has(r.managerEmployeeId) && !known.people.has(r.managerEmployeeId)) {
      at('manager_employee_id', `no person has employee ID "${r.managerEmployeeId}" in the directory or this file`);
    }
  }
  if (r.username !== null) {
    const account = known.accounts.get(r.username.toLowerCase());
    if (!account) at('username', `no account is named "${r.username}"`);
    else if (account.linked && account.linkedEmployeeId !== r.employeeId) {
      const other = account.linkedEmployeeId ? `employee ${account.linkedEmployeeId}` : 'another person';
      at('username', `is already linked to ${other}`);
    }
  }
  if (r.providerOrg !== null && !known.providers.has(r.providerOrg)) {
    at('provider_org', `no support provider is named "${r.providerOrg}"`);
  }
  return problems;
}

function serviceProblems(r: ServiceRow, known: Known, applicationsInFile: ReadonlySet<string>): ImportError[] {
  const at = (field: string, message: string) => [{ line: r.line, field, message }];
  if (r.kind !== 'module') {
    if (r.parent !== null) return at('parent', 'only modules have a parent application; leave it empty');
    const existing = known.services.get(serviceKey(null, r.name))?.kind;
    if (existing && existing !== r.kind) {
      return at(
        'kind',
        `"${r.name}" already has kind ${existing}; a service keeps its kind (add one with another name)`,
      );
    }
    return [];
  }
  if (r.parent === null) return at('parent', 'is required for a module: the name of its application');
  if (applicationsInFile.has(r.parent)) return [];
  const parentKind = known.services.get(serviceKey(null, r.parent))?.kind;
  if (parentKind === 'application') return [];
  if (parentKind) return at('parent', `"${r.parent}" has kind ${parentKind}, not application`);
  return at('parent', `no application is named "${r.parent}" in the directory or this file`);
}
