// CSV import of facilities, units, people and services (from the admin screen or `clinidesk import`): parse the
// file, check every row, then write all of it or nothing, in one transaction, upserting by natural key.
import { parse } from 'csv-parse/sync';
import type { RequestMeta } from '../../platform/actor.ts';
import type { AppContext } from '../../platform/context.ts';
import type { Tx } from '../../platform/db/connect.ts';
import { newId } from '../../platform/ids.ts';
import { changeDirectory, recordChange } from './commit.ts';
import { checkImport, type ImportPlan, type Known, serviceKey, unitKey } from './import-checks.ts';
import type { CsvRecord, CsvTable, ImportError, ImportKind } from './import-rules.ts';
import * as store from './import-store.ts';
import type { ImportReport } from './schemas.ts';

export const MAX_ROWS = 100_000;
/** A file with the wrong columns can fail every row; a report of this many lines is enough to see why. */
export const MAX_REPORTED_ERRORS = 10_000;

type Parsed = { record: string[]; info: { lines: number }; raw: string };

/** The line a record starts on: where it ends, less the line breaks inside quoted cells. */
function startLine(p: Parsed): number {
  const body = p.raw.replace(/^\n+/, '').replace(/\n$/, '');
  return p.info.lines - (body.match(/\n/g)?.length ?? 0);
}

/** Reads CSV text into records with their line numbers; rows with only empty cells are skipped. */
export function parseCsv(text: string): { table: CsvTable } | { errors: ImportError[] } {
  const file = (line: number, message: string) => ({ errors: [{ line, field: '(file)', message }] });
  const normalised = text.replace(/\r\n?/g, '\n');
  let parsed: Parsed[];
  try {
    const options = { info: true, raw: true, relax_column_count: true, skip_empty_lines: true, bom: true };
    parsed = parse(normalised, options) as unknown as Parsed[];
  } catch (err) {
    const e = err as { lines?: number; message: string };
    return file(e.lines ?? 1, `is not valid CSV: ${e.message}`);
  }
  const records: CsvRecord[] = parsed
    .filter((p) => p.record.some((cell) => cell.trim() !== ''))
    .map((p) => ({ line: startLine(p), cells: p.record }));
  const [header, ...rows] = records;
  if (!header) return file(1, 'is empty: the first row must name the columns');
  if (header.cells.length === 1 && /[;\t]/.test(header.cells[0]!)) {
    return file(header.line, 'is separated by ";" or tabs; save it as comma-separated CSV (UTF-8)');
  }
  if (rows.length > MAX_ROWS) return file(rows[MAX_ROWS]!.line, `has more than ${MAX_ROWS} rows; split it`);
  return { table: { header, records: rows } };
}

export async function importCsv(
  ctx: AppContext,
  meta: RequestMeta,
  kind: ImportKind,
  csv: string,
  dryRun: boolean,
): Promise<ImportReport> {
  const report = (rows: number, errors: ImportError[], created = 0, updated = 0): ImportReport => ({
    ok: errors.length === 0,
    dryRun,
    kind,
    rows,
    created,
    updated,
    errors: errors.length > MAX_REPORTED_ERRORS ? tooMany(errors) : errors,
  });
  const parsed = parseCsv(csv);
  if ('errors' in parsed) return report(0, parsed.errors);
  const rowCount = parsed.table.records.length;
  return changeDirectory(ctx, async (tx) => {
    await store.lockImports(tx);
    const known = await store.loadKnown(tx, kind);
    const { plan, errors } = checkImport(kind, parsed.table, known);
    if (errors.length) return report(rowCount, errors);
    const keys = existingKeys(plan, known);
    const updated = keys.filter(Boolean).length;
    const created = keys.length - updated;
    if (!dryRun) {
      await write(tx, plan, known);
      await recordChange(tx, meta, {
        action: 'directory.import',
        id: kind,
        summary: { kind, rows: rowCount, created, updated },
      });
    }
    return report(rowCount, [], created, updated);
  });
}

function tooMany(errors: ImportError[]): ImportError[] {
  const shown = errors.slice(0, MAX_REPORTED_ERRORS);
  const last = shown[shown.length - 1]!;
  const more = errors.length - shown.length;
  return [...shown, { line: last.line, field: '(file)', message: `and ${more} more problems after this line` }];
}

/** For each row: does it update an entry the directory already holds? */
function existingKeys(plan: ImportPlan, known: Known): boolean[] {
  switch (plan.kind) {
    case 'facilities':
      return plan.rows.map((r) => known.facilities.has(r.code));
    case 'units':
      return plan.rows.map((r) => known.units.has(unitKey(r.facilityCode, r.code)));
    case 'people':
      return plan.rows.map((r) => known.people.has(r.employeeId));
    case 'services':
      return plan.rows.map((r) => known.services.has(serviceKey(r.parent, r.name)));
  }
}

/** Columns a file leaves out keep their values on update; these optional columns are written when present. */
function present<F extends string>(plan: ImportPlan, columns: Record<string, readonly F[]>): F[] {
  return Object.entries(columns).flatMap(([column, fields]) => (plan.columns.has(column) ? fields : []));
}

async function write(tx: Tx, plan: ImportPlan, known: Known) {
  if (plan.kind === 'facilities') {
    const rows = plan.rows.map(({ line: _, ...r }) => ({ ...r, id: known.facilities.get(r.code) ?? newId() }));
    await store.upsertFacilities(tx, rows);
  } else if (plan.kind === 'units') {
    const rows = plan.rows.map(({ line: _, facilityCode, ...r }) => ({
      ...r,
      id: known.units.get(unitKey(facilityCode, r.code)) ?? newId(),
      facilityId: known.facilities.get(facilityCode)!,
    }));
    await store.upsertUnits(tx, rows, ['name', 'kind', ...present(plan, { clinical: ['clinical' as const] })]);
  } else if (plan.kind === 'people') {
    await writePeople(tx, plan, known);
  } else {
    // Applications first, so that modules in the same file find their ids.
    const appIds = new Map<string, string>();
    for (const r of plan.rows.filter((r) => r.parent === null)) {
      appIds.set(r.name, known.services.get(serviceKey(null, r.name))?.id ?? newId());
    }
    const rows = plan.rows.map(({ line: _, parent, ...r }) => ({
      ...r,
      id: parent === null ? appIds.get(r.name)! : (known.services.get(serviceKey(parent, r.name))?.id ?? newId()),
      parentId: parent === null ? null : (appIds.get(parent) ?? known.services.get(serviceKey(null, parent))!.id),
    }));
    await store.upsertServices(tx, rows, [
      'kind',
      ...present(plan, { clinical_critical: ['clinicalCritical' as const] }),
    ]);
  }
}

async function writePeople(tx: Tx, plan: Extract<ImportPlan, { kind: 'people' }>, known: Known) {
  const ids = new Map(plan.rows.map((r) => [r.employeeId, known.people.get(r.employeeId) ?? newId()]));
  const rows = plan.rows.map((r) => ({
    id: ids.get(r.employeeId)!,
    employeeId: r.employeeId,
    displayName: r.displayName,
    clinicalRole: r.clinicalRole,
    specialty: r.specialty,
    facilityId: r.facilityCode ? known.facilities.get(r.facilityCode)! : null,
    unitId: r.facilityCode && r.unitCode ? known.units.get(unitKey(r.facilityCode, r.unitCode))! : null,
    phones: r.phones,
    email: r.email,
    managerId: r.managerEmployeeId ? (ids.get(r.managerEmployeeId) ?? known.people.get(r.managerEmployeeId)!) : null,
    userId: r.username ? known.accounts.get(r.username.toLowerCase())!.id : null,
    providerOrgId: r.providerOrg ? known.providers.get(r.providerOrg)! : null,
    provider: r.provider,
    sensitive: r.sensitive,
    superUser: r.superUser,
    active: r.active,
  }));
  const fields = [
    'displayName' as const,
    'clinicalRole' as const,
    ...present(plan, {
      specialty: ['specialty'],
      // A facility is written with its unit: a person never sits in a unit of another facility.
      facility_code: ['facilityId', 'unitId'],
      unit_code: ['unitId'],
      phones: ['phones'],
      email: ['email'],
      manager_employee_id: ['managerId'],
      username: ['userId'],
      provider_org: ['providerOrgId'],
      provider: ['provider'],
      sensitive: ['sensitive'],
      super_user: ['superUser'],
      active: ['active'],
    } as const),
  ];
  await store.upsertPeople(tx, rows, [...new Set(fields)]);
}
