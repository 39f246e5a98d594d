// Bulk inserts for the seed: rows are gathered column by column and written with one statement per batch, far faster
// than a statement per row: on the embedded database a `COPY … FROM` their text (copy-in-store.ts), on a PostgreSQL server
// an `INSERT … SELECT … FROM unnest($1::type[], $2::type[], …)` (one parameter per column).
import { type SQL, sql } from 'drizzle-orm';
import type { Queryable } from '../platform/db/connect.ts';
import { copyIn, copyLines } from '../platform/db/copy-in-store.ts';

export type ColumnType =
  | 'uuid'
  | 'text'
  | 'smallint'
  | 'integer'
  | 'boolean'
  | 'timestamptz'
  | 'jsonb'
  | 'uuid[]'
  | 'text[]';
export type Columns = readonly (readonly [name: string, type: ColumnType])[];

/** Columns from "name:type name:type …". */
export function cols(spec: string): Columns {
  return spec
    .trim()
    .split(/\s+/)
    .map((c) => {
      const [name, type] = c.split(':') as [string, ColumnType];
      return [name, type] as const;
    });
}

/** Per-row arrays and JSON travel as text and are cast row by row (unnest would flatten nested arrays). */
const asText = (t: ColumnType) => t === 'jsonb' || t.endsWith('[]');

function encode(value: unknown, type: ColumnType): unknown {
  if (value === null || value === undefined) return null;
  if (type === 'timestamptz') return new Date(value as number | Date).toISOString();
  if (type.endsWith('[]')) return `{${(value as string[]).map(arrayItem).join(',')}}`;
  if (type === 'jsonb' && typeof value !== 'string') return JSON.stringify(value);
  return value;
}

function arrayItem(s: string): string {
  return `"${s.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
}

/** A batch's rows in COPY's text form, with where they go (Batch.take). */
export type BatchLines = { table: string; columns: string[]; text: string };

export class Batch {
  private values: unknown[][];
  private count = 0;
  written = 0;

  constructor(
    readonly table: string,
    readonly columns: Columns,
  ) {
    this.values = columns.map(() => []);
  }

  get size(): number {
    return this.count;
  }

  push(row: readonly unknown[]): void {
    for (let i = 0; i < this.columns.length; i++) this.values[i]!.push(encode(row[i], this.columns[i]![1]));
    this.count++;
  }

  async flush(q: Queryable): Promise<void> {
    if (this.count === 0) return;
    if (
      !(await copyIn(
        q,
        this.table,
        this.columns.map(([name]) => name),
        this.texts(),
      ))
    )
      await this.insert(q);
    this.clear();
  }

  /** The rows so far in COPY's text form, counted as written and cleared: for a writer in another thread. */
  take(): BatchLines {
    const lines = { table: this.table, columns: this.columns.map(([name]) => name), text: copyLines(this.texts()) };
    this.clear();
    return lines;
  }

  private clear(): void {
    this.written += this.count;
    this.values = this.columns.map(() => []);
    this.count = 0;
  }

  /** The rows in PostgreSQL's text form (COPY's). */
  private *texts(): Generator<(string | null)[]> {
    for (let r = 0; r < this.count; r++)
      yield this.values.map((column) => {
        const v = column[r];
        return v === null ? null : typeof v === 'boolean' ? (v ? 't' : 'f') : String(v);
      });
  }

  private async insert(q: Queryable): Promise<void> {
    const names = sql.join(
      this.columns.map(([name]) => sql.identifier(name)),
      sql`, `,
    );
    const params: SQL[] = this.columns.map(
      ([, type], i) => sql`${sql.param(this.values[i])}::${sql.raw(asText(type) ? 'text[]' : `${type}[]`)}`,
    );
    const select = this.columns.map(([, type], i) => (asText(type) ? `c${i}::${type}` : `c${i}`)).join(', ');
    const alias = this.columns.map((_, i) => `c${i}`).join(', ');
    await q.execute(
      sql`insert into ${sql.identifier(this.table)} (${names}) select ${sql.raw(select)} from unnest(${sql.join(params, sql`, `)}) as u(${sql.raw(alias)})`,
    );
  }
}

/** Inserts a whole list in batches. */
export async function insertAll<T>(
  q: Queryable,
  table: string,
  columns: Columns,
  rows: readonly T[],
  toRow: (r: T) => readonly unknown[],
  batchSize = 5000,
): Promise<number> {
  const batch = new Batch(table, columns);
  for (const r of rows) {
    batch.push(toRow(r));
    if (batch.size >= batchSize) await batch.flush(q);
  }
  await batch.flush(q);
  return batch.written;
}
