// A table's row as Drizzle reads it, from the row's `to_jsonb`: for a statement that gathers several reads into one
// answer as JSON (the ticket page's parts, docs/decisions.md "Speed (issue 17)"). Each column's value goes through
// the column's own driver mapping, so a timestamp becomes a Date, a bigint a number, as a plain select gives them.
// The same reads a plain row of `db.execute` (keyed by column name, values as the driver gives them), so the hottest
// reads can be written as SQL text with `selectList` instead of being built by Drizzle's query builder on every
// request: building `select().from(tickets)` took ~230 µs, the same statement as a template ~3 µs.
import { type Column, getTableColumns, type InferSelectModel, type SQL, sql, type Table } from 'drizzle-orm';

/** JSON and JSONB values are already JSON: Drizzle's mapping would parse a JSON string value a second time. */
const isJson = (column: Column) => column.columnType === 'PgJsonb' || column.columnType === 'PgJson';

export function rowFromJson<T extends Table>(table: T, json: Record<string, unknown>): InferSelectModel<T> {
  const row: Record<string, unknown> = {};
  for (const [key, column] of Object.entries(getTableColumns(table))) {
    const value = json[column.name];
    row[key] = value === null || value === undefined ? null : isJson(column) ? value : column.mapFromDriverValue(value);
  }
  return row as InferSelectModel<T>;
}

const lists = new Map<Table, Map<string, SQL>>();

/** The table's columns as a select list (`p."id", p."display_name", …`), built once per table and alias. */
export function selectList(table: Table, alias: string): SQL {
  let byAlias = lists.get(table);
  if (!byAlias) {
    byAlias = new Map();
    lists.set(table, byAlias);
  }
  let list = byAlias.get(alias);
  if (!list) {
    const names = Object.values(getTableColumns(table)).map((c) => `${alias}."${c.name}"`);
    list = sql.raw(names.join(', '));
    byAlias.set(alias, list);
  }
  return list;
}
