// A table's row as Drizzle reads it, from the row's `to_jsonb`: for a statement that gathers several reads into one
// answer as JSON (the ticket page's parts, docs/decisions.md "Speed (issue 17)"). Each column's value goes through
// the column's own driver mapping, so a timestamp becomes a Date, a bigint a number, as a plain select gives them.
import { type Column, getTableColumns, type InferSelectModel, type Table } from 'drizzle-orm';

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
