// The seed's bulk writer (writer.ts) on the database the suite runs on: whatever the values (tabs, newlines,
// backslashes, quotes, "\N" and "NULL" as text, arrays, JSON), the rows read back are the rows written — by COPY on the
// embedded database, by INSERT … unnest on a PostgreSQL server.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onPostgres, openTestDatabase } from '../../test/db.ts';
import type { Database } from '../platform/db/connect.ts';
import { copyIn, copyValue, isEmbedded } from '../platform/db/copy-in-store.ts';
import { Batch, cols } from './writer.ts';

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase('empty');
  await database.query(`CREATE TABLE writer_rows (
    n integer PRIMARY KEY, t text, b boolean, s smallint, at timestamptz, j jsonb, tags text[], id uuid)`);
});
afterAll(() => database?.close());

const COLUMNS = cols('n:integer t:text b:boolean s:smallint at:timestamptz j:jsonb tags:text[] id:uuid');
type Row = {
  n: number;
  t: string | null;
  b: boolean | null;
  s: number | null;
  at: Date | null;
  j: unknown;
  tags: string[] | null;
  id: string | null;
};

// Text as a person might type it, with what COPY's text format escapes; no NUL (PostgreSQL's text cannot hold it).
const awkward = fc.oneof(
  fc.string({ unit: 'binary' }).map((s) => s.replaceAll('\0', '')),
  fc.constantFrom('\\N', 'NULL', '\\', '\t', '\r\n', '"', '{a,b}', 'naïve café — 4 East', ''),
);
const json = fc.jsonValue().map((v) => JSON.parse(JSON.stringify(v).replaceAll('\\u0000', '')));
const row = (n: number) =>
  fc.record({
    n: fc.constant(n),
    t: fc.option(awkward),
    b: fc.option(fc.boolean()),
    s: fc.option(fc.integer({ min: -32768, max: 32767 })),
    at: fc.option(fc.date({ min: new Date('1990-01-01'), max: new Date('2090-01-01'), noInvalidDate: true })),
    j: fc.option(json),
    tags: fc.option(fc.array(awkward, { maxLength: 4 })),
    id: fc.option(fc.uuid()),
  });

describe("the seed's bulk writer", () => {
  it('reads back every row as written, whatever the values', async () => {
    let next = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 30 }).chain((k) => fc.tuple(...Array.from({ length: k }, () => row(++next)))),
        async (rows: Row[]) => {
          const batch = new Batch('writer_rows', COLUMNS);
          for (const r of rows) {
            // A string for a jsonb column is JSON text already (writer.ts): a JSON string value goes as its text.
            const j = typeof r.j === 'string' ? JSON.stringify(r.j) : r.j;
            batch.push([r.n, r.t, r.b, r.s, r.at, j, r.tags, r.id]);
          }
          const ns = rows.map((r) => r.n);
          try {
            await database.db.transaction((tx) => batch.flush(tx));
            expect(batch.written).toBe(rows.length);
            const back = await database.query<Row>(
              'SELECT n, t, b, s, at, j, tags, id FROM writer_rows WHERE n = ANY($1::int[]) ORDER BY n',
              [ns],
            );
            expect(back).toEqual(rows.map((r) => ({ ...r, j: r.j === undefined ? null : r.j })));
          } finally {
            // Each run leaves the table as it found it: fast-check's shrinking runs the failing rows again.
            await database.query('DELETE FROM writer_rows WHERE n = ANY($1::int[])', [ns]);
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it('copies on the embedded database only, and nothing else takes the data meant for a COPY', async () => {
    expect(isEmbedded(database.db)).toBe(!onPostgres);
    const copied = await database.db.transaction((tx) => copyIn(tx, 'writer_rows', ['n', 't'], [['100001', 'x']]));
    expect(copied).toBe(!onPostgres);
    const [found] = await database.query<{ n: number }>('SELECT count(*)::int AS n FROM writer_rows WHERE n = 100001');
    expect(found!.n).toBe(onPostgres ? 0 : 1);
  });

  it("escapes a value for COPY's text format", () => {
    expect(copyValue(null)).toBe('\\N');
    expect(copyValue('\\N')).toBe('\\\\N');
    expect(copyValue('a\tb\nc\rd\\e')).toBe('a\\tb\\nc\\rd\\\\e');
    expect(copyValue('plain "text"')).toBe('plain "text"');
  });
});
