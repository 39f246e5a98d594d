// Named prepared statements on a PostgreSQL server (pg-statements.ts): which texts take a name, and what the server
// then holds.
import { describe, expect, it } from 'vitest';
import { onPostgres, openTestDatabase } from '../../../test/db.ts';
import { openDatabase } from './connect.ts';
import { MAX_NAMED_STATEMENTS, StatementNames } from './pg-statements.ts';
import { PLANNED_PER_RUN } from './planned-per-run.ts';

describe('statement names', () => {
  it('names a text from its second run on, and keeps that name', () => {
    const names = new StatementNames();
    expect(names.nameOf('SELECT $1::int')).toBeUndefined();
    const name = names.nameOf('SELECT $1::int');
    expect(name).toMatch(/^clinidesk_/);
    expect(names.nameOf('SELECT $1::int')).toBe(name);
    expect(names.nameOf('SELECT $1::text')).toBeUndefined();
    expect(names.size()).toBe(1);
  });

  it('never gives two texts the same name, also past the limit, when a new set of names begins', () => {
    const names = new StatementNames();
    const given = new Map<string, string>();
    for (let i = 0; i < MAX_NAMED_STATEMENTS * 2 + 7; i++) {
      const text = `SELECT $1::int + ${i}`;
      names.nameOf(text);
      given.set(names.nameOf(text)!, text);
      expect(names.size()).toBeLessThanOrEqual(MAX_NAMED_STATEMENTS);
    }
    expect(given.size).toBe(MAX_NAMED_STATEMENTS * 2 + 7);
    // The first text's set is gone: it is named again, under a new name.
    const first = [...given.values()][0]!;
    const again = names.nameOf(first) ?? names.nameOf(first);
    expect(given.has(again!)).toBe(false);
  });

  it('never names a text marked to be planned for its values', () => {
    const names = new StatementNames();
    const marked = `${PLANNED_PER_RUN}SELECT $1::int`;
    for (let i = 0; i < 7; i++) expect(names.nameOf(marked)).toBeUndefined();
    expect(names.size()).toBe(0);
  });

  it('gives a forgotten text a new name', () => {
    const names = new StatementNames();
    names.nameOf('SELECT $1::int');
    const before = names.nameOf('SELECT $1::int');
    names.forget('SELECT $1::int');
    const after = names.nameOf('SELECT $1::int') ?? names.nameOf('SELECT $1::int');
    expect(after).toBeDefined();
    expect(after).not.toBe(before);
  });
});

describe.runIf(onPostgres)('named statements on a PostgreSQL server', () => {
  /** What the one connection of `app` has prepared, by its statement text. */
  const prepared = async (app: { query: <T>(text: string) => Promise<T[]> }) =>
    (
      await app.query<{ statement: string }>(
        "SELECT statement FROM pg_prepared_statements WHERE name LIKE 'clinidesk\\_%' ORDER BY statement",
      )
    ).map((r) => r.statement);

  it('prepares a parameterised statement once on the connection and runs it again by name', async () => {
    const db = await openTestDatabase();
    const app = await openDatabase({ databaseUrl: db.url!, poolSize: 1 });
    try {
      for (let i = 0; i < 4; i++)
        expect(await app.query<{ n: number }>('SELECT $1::int + 1 AS n', [i])).toEqual([{ n: i + 1 }]);
      expect(await prepared(app)).toEqual(['SELECT $1::int + 1 AS n']);
      // Drizzle's statements go the same way.
      const { sql } = await import('drizzle-orm');
      for (let i = 0; i < 3; i++) await app.db.execute(sql`SELECT ${i}::int AS drizzle_n`);
      expect(await prepared(app)).toEqual(['SELECT $1::int + 1 AS n', 'SELECT $1::int AS drizzle_n']);
    } finally {
      await app.close();
      await db.close();
    }
  });

  it('never prepares a statement marked to be planned for its values, however often it runs', async () => {
    const db = await openTestDatabase();
    const app = await openDatabase({ databaseUrl: db.url!, poolSize: 1 });
    try {
      const marked = `${PLANNED_PER_RUN}SELECT $1::int * 2 AS n`;
      for (let i = 0; i < 8; i++) expect(await app.query<{ n: number }>(marked, [i])).toEqual([{ n: i * 2 }]);
      expect(await prepared(app)).toEqual([]);
    } finally {
      await app.close();
      await db.close();
    }
  });

  it('prepares nothing when told not to (behind a pooler that cannot keep them)', async () => {
    const db = await openTestDatabase();
    const app = await openDatabase({ databaseUrl: db.url!, poolSize: 1, preparedStatements: false });
    try {
      for (let i = 0; i < 4; i++) await app.query('SELECT $1::int + 1 AS n', [i]);
      expect(await prepared(app)).toEqual([]);
    } finally {
      await app.close();
      await db.close();
    }
  });

  it('runs a statement again under a new name after the server refused its old plan (its columns changed)', async () => {
    const db = await openTestDatabase();
    const app = await openDatabase({ databaseUrl: db.url!, poolSize: 1 });
    try {
      await app.query('CREATE TABLE scratch_named (id int PRIMARY KEY)');
      await app.query('INSERT INTO scratch_named VALUES (1)');
      const read = () => app.query('SELECT * FROM scratch_named WHERE id = $1', [1]);
      await read();
      expect(await read()).toEqual([{ id: 1 }]);
      await app.query('ALTER TABLE scratch_named ADD COLUMN note text');
      // The server refuses the prepared statement once (SQLSTATE 0A000, "cached plan must not change result type")…
      await expect(read()).rejects.toMatchObject({ code: '0A000' });
      // …and the text runs under a new name from then on.
      expect(await read()).toEqual([{ id: 1, note: null }]);
      expect(await read()).toEqual([{ id: 1, note: null }]);
    } finally {
      await app.close();
      await db.close();
    }
  });
});
