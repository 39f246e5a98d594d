// A table's row as Drizzle reads it, from the row's `to_jsonb`: for a statement that gathers several reads into one
// answer as JSON (the ticket page's parts, docs/decisions.md "Speed (issue 17)"). Each column's value goes through
// the column's own driver mapping, so a timestamp becomes a Date, a bigint a number, as a plain select gives them.
// The same reads a plain row of `db.execute` (keyed by column name, values as the driver gives them), so the hottest
// reads can be written as SQL text with `selectList` instead of being built by Drizzle's query builder on every
// request: building `select().from(tickets)` took ~230 µs, the same statement as a template ~3 µs.
import {
  type Column,
  getTableColumns,
  getTableName,
  type InferInsertModel,
  type InferSelectModel,
  is,
  type SQL,
  sql,
  Table,
} from 'drizzle-orm';

/** Some of a table's columns by key, as `getTableColumns` gives them (e.g. a table's columns less its search vectors). */
export type Columns = Record<string, Column>;
const columnsOf = (source: Table | Columns): Columns => (is(source, Table) ? getTableColumns(source) : source);

/** JSON and JSONB values are already JSON: Drizzle's mapping would parse a JSON string value a second time. */
const isJson = (column: Column) => column.columnType === 'PgJsonb' || column.columnType === 'PgJson';

export function rowFromJson<T extends Table>(table: T, json: Record<string, unknown>): InferSelectModel<T>;
/** With some of a table's columns: the row has those keys (the caller names its type). */
export function rowFromJson(columns: Columns, json: Record<string, unknown>): Record<string, unknown>;
export function rowFromJson(source: Table | Columns, json: Record<string, unknown>): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const [key, column] of Object.entries(columnsOf(source))) {
    const value = json[column.name];
    row[key] = value === null || value === undefined ? null : isJson(column) ? value : column.mapFromDriverValue(value);
  }
  return row;
}

const lists = new Map<Table | Columns, Map<string, SQL>>();

/** The table's columns (or these of its columns) as a select list (`p."id", p."display_name", …`), built once per
 *  table (or columns object) and alias. */
export function selectList(source: Table | Columns, alias: string): SQL {
  let byAlias = lists.get(source);
  if (!byAlias) {
    byAlias = new Map();
    lists.set(source, byAlias);
  }
  let list = byAlias.get(alias);
  if (!list) {
    const names = Object.values(columnsOf(source)).map((c) => `${alias}."${c.name}"`);
    list = sql.raw(names.join(', '));
    byAlias.set(alias, list);
  }
  return list;
}

/**
 * An INSERT of one row, as SQL text: the row travels as one JSON parameter that `jsonb_populate_record` spreads into
 * the table's own column types (a Date as its ISO text, an array as a JSON array, a JSON column's value as it is).
 * Only the keys the row has are written (an undefined value is left out), so every other column takes its default, as
 * with Drizzle's insert. For the hottest writes: building Drizzle's insert of a ticket (~45 columns) cost ~0.5 ms of
 * CPU per creation (docs/benchmarks.md, 2026-12-05).
 */
export function insertRow<T extends Table>(table: T, row: InferInsertModel<T>): SQL {
  const columns = getTableColumns(table);
  const names: string[] = [];
  const record: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row as Record<string, unknown>)) {
    if (value === undefined) continue;
    const column = columns[key];
    if (!column) throw new Error(`${key} is not a column of ${getTableName(table)}`);
    names.push(`"${column.name}"`);
    record[column.name] = value;
  }
  const list = sql.raw(names.join(', '));
  return sql`INSERT INTO ${table} (${list}) SELECT ${list} FROM jsonb_populate_record(NULL::${table}, ${JSON.stringify(record)}::jsonb)`;
}
