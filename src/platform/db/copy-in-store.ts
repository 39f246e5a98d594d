// COPY … FROM data, on the embedded database: a bulk load's rows in PostgreSQL's text format, parsed by the embedded
// Postgres itself. Writing the demo's history this way instead of as one array parameter per column
// (`INSERT … SELECT … FROM unnest(…)`, demo/writer.ts) saved ~2 s of its ~12: PGlite builds a parameter's wire
// message in JavaScript, character by character, and Postgres then parses each array. On a PostgreSQL server the
// same work is the server's, in another process, so callers keep their INSERT there (copyIn answers false).
//
// PGlite takes a COPY's data as a `blob` option of its `query`, which Drizzle has no way to pass. So the data waits
// beside the statement under a token the statement names in a leading comment (copy-data.ts), and the embedded
// database's `query` (connect.ts) hands it to PGlite with the statement: the statement still goes through the
// caller's transaction as any other.
import { is, sql } from 'drizzle-orm';
import { PgliteSession } from 'drizzle-orm/pglite';
import type { Queryable } from './connect.ts';
import { leaveData } from './copy-data.ts';

/** Whether `q` runs on the embedded database. */
export const isEmbedded = (q: Queryable): boolean => is(q._.session, PgliteSession);

/** One value in COPY's text format: NULL as \N; backslash, tab, newline and carriage return escaped. */
export function copyValue(value: string | null): string {
  if (value === null) return '\\N';
  return /[\\\t\n\r]/.test(value)
    ? value.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'))
    : value;
}

/** Rows in COPY's text form: each a list of values already in PostgreSQL's text form, or null; one line each. */
export function copyLines(rows: Iterable<readonly (string | null)[]>): string {
  let text = '';
  for (const row of rows) text += `${row.map(copyValue).join('\t')}\n`;
  return text;
}

/**
 * On the embedded database: `COPY table (columns) FROM` the rows (each a list of values already in PostgreSQL's text
 * form, or null) through `q`, and true. On a PostgreSQL server: nothing, and false.
 */
export async function copyIn(
  q: Queryable,
  table: string,
  columns: readonly string[],
  rows: Iterable<readonly (string | null)[]>,
): Promise<boolean> {
  if (!isEmbedded(q)) return false;
  await copyInLines(q, table, columns, copyLines(rows));
  return true;
}

/** `COPY table (columns) FROM` text already in COPY's form (copyLines), through `q` on the embedded database. */
export async function copyInLines(
  q: Queryable,
  table: string,
  columns: readonly string[],
  text: string,
): Promise<void> {
  if (!isEmbedded(q)) throw new Error('copyInLines runs on the embedded database only');
  const data = leaveData(new Blob([text]));
  try {
    const names = columns.map((c) => `"${c.replaceAll('"', '""')}"`).join(', ');
    await q.execute(sql.raw(`${data.mark} COPY "${table.replaceAll('"', '""')}" (${names}) FROM '/dev/blob'`));
  } finally {
    data.drop();
  }
}
