// Statements on PGlite run as named prepared statements (pglite-statements.ts): what they answer must be exactly what
// PGlite's own query() answers, errors and transactions included. PGlite only (a PostgreSQL server goes through
// node-postgres); these tests open their own in-memory PGlite.
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { until } from '../../../test/until.ts';
import { openDatabase } from './connect.ts';
import { copyIn } from './copy-in-store.ts';
import { pgError } from './errors.ts';
import { MAX_PARAMETERS, preparedStatements } from './pglite-statements.ts';
import { PLANNED_PER_RUN } from './planned-per-run.ts';

let db: PGlite;
beforeAll(async () => {
  db = await PGlite.create();
  await db.exec(`
    CREATE TABLE sample (
      id int PRIMARY KEY, name text, big bigint, amount numeric(10,2), at timestamptz, day date, ok boolean,
      doc jsonb, tags text[], ids uuid[], ref uuid, raw bytea, score double precision, span interval
    );
    INSERT INTO sample VALUES
      (1, 'Ward 4B', 9007199254740993, 12.50, '2026-12-01 20:00:00Z', '2026-12-01', true,
       '{"a":[1,2,{"b":null}]}', '{"x","y z"}', '{"0b1e7c4e-1c1f-4e3e-9d35-6f0e4b8f1a10"}',
       '0b1e7c4e-1c1f-4e3e-9d35-6f0e4b8f1a10', '\\x00ff', 0.1, '1 day 02:00'),
      (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
  `);
});
afterAll(() => db?.close());

// Drizzle's own options: rows as arrays, dates and intervals left as text (drizzle-orm/pglite/session.js).
const DRIZZLE = { rowMode: 'array' as const, parsers: { 1114: (v: string) => v, 1184: (v: string) => v } };

describe('a statement run prepared', () => {
  it('answers what PGlite query() answers: rows, fields, command and counts, for every column type', async () => {
    const prepared = preparedStatements(db);
    for (const [text, params, options] of [
      ['SELECT * FROM sample ORDER BY id', [], undefined],
      ['SELECT * FROM sample WHERE id = $1', [1], DRIZZLE],
      ['SELECT name, big, doc FROM sample WHERE id = ANY($1::int[])', [[1, 2]], undefined],
      ['SELECT $1::text AS t, $2::int AS n, $3::jsonb AS j, $4::timestamptz AS at', ['a', 7, { k: [1] }, new Date(0)]],
      ['UPDATE sample SET ok = $1 WHERE id = $2', [false, 2], undefined],
      ['INSERT INTO sample (id, name) VALUES ($1, $2), ($3, $4) RETURNING id', [10, 'a', 11, 'b'], undefined],
      ['DELETE FROM sample WHERE id > $1', [9], undefined],
      ['SELECT 1 WHERE false', [], undefined],
      ['SELECT count(*)::int AS n FROM sample', [], undefined],
    ] as const) {
      // Each run in a transaction rolled back, so writes answer alike; twice, the second run using the statement the
      // first prepared.
      const undone = <T>(run: (tx: Transaction) => Promise<T>) =>
        db.transaction(async (tx) => {
          const result = await run(tx);
          await tx.rollback();
          return result;
        });
      for (let round = 0; round < 2; round++) {
        const mine = await undone((tx) => prepared.queryIn(tx, text, [...params], options));
        const theirs = await undone((tx) => tx.query(text, [...params], options));
        expect(mine, text).toEqual(theirs);
      }
      if (text.startsWith('SELECT'))
        expect(await prepared.query(text, [...params], options), text).toEqual(
          await db.query(text, [...params], options),
        );
    }
  });

  it('serialises any text, number and null parameter as query() does', async () => {
    const prepared = preparedStatements(db);
    const text = 'SELECT $1::text AS t, $2::float8 AS f, $3::int AS i';
    await fc.assert(
      fc.asyncProperty(fc.option(fc.string()), fc.double({ noNaN: true }), fc.option(fc.integer()), async (t, f, i) => {
        const clean = t?.replace(/\0/g, '') ?? null; // PostgreSQL text holds no NUL
        expect(await prepared.query(text, [clean, f, i])).toEqual(await db.query(text, [clean, f, i]));
      }),
      { numRuns: 150 },
    );
  });

  it('carries any Unicode text both ways as query() does (multi-byte characters, long values)', async () => {
    const prepared = preparedStatements(db);
    const text = 'SELECT $1::text AS t, length($1::text) AS n, $2::text[] AS a';
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: 'grapheme', maxLength: 300 }),
        fc.array(fc.string({ unit: 'grapheme', maxLength: 20 }), { maxLength: 5 }),
        async (t, a) => {
          const clean = t.replace(/\0/g, '');
          const list = a.map((x) => x.replace(/\0/g, ''));
          expect(await prepared.query(text, [clean, list])).toEqual(await db.query(text, [clean, list]));
        },
      ),
      { numRuns: 150 },
    );
  });

  it("hands on a notification a statement raised to PGlite's listeners, once, and a notice to the caller", async () => {
    const heard: string[] = [];
    const stop = await db.listen('ward_board', (payload) => heard.push(payload));
    const prepared = preparedStatements(db);
    const res = await prepared.query<{ ok: string }>("SELECT pg_notify($1, $2), 'yes' AS ok", ['ward_board', 'Bed 12']);
    expect(res.rows).toEqual([{ pg_notify: '', ok: 'yes' }]);
    await new Promise((r) => setTimeout(r, 10));
    expect(heard).toEqual(['Bed 12']);
    await stop();

    await db.exec(`CREATE FUNCTION noisy(v int) RETURNS int LANGUAGE plpgsql AS $$
      BEGIN RAISE NOTICE 'noisy %', v; RETURN v * 2; END $$`);
    const notices: string[] = [];
    const noisy = await prepared.query<{ n: number }>('SELECT noisy($1) AS n', [21], {
      onNotice: (n) => notices.push(n.message ?? ''),
    });
    expect(noisy.rows).toEqual([{ n: 42 }]);
    expect(notices).toEqual(['noisy 21']);
  });

  it("through the app's connection, listen() hears each notification once, whichever path carried it", async () => {
    const database = await openDatabase({ pglite: await PGlite.create() });
    try {
      const heard: string[] = [];
      const stop = await database.listen('desk', (payload) => heard.push(payload));
      await database.query('SELECT pg_notify($1, $2)', ['desk', 'statement']); // read by the prepared runner
      await database.db.transaction(async (tx) => {
        await tx.execute(sql`SELECT pg_notify('desk', 'transaction')`); // delivered with PGlite's COMMIT
      });
      await database.pglite!.exec(`NOTIFY desk, 'exec'`); // PGlite's own path
      await until('three notifications', () => heard.length >= 3, 5_000, 10);
      await new Promise((r) => setTimeout(r, 20));
      expect(heard.sort()).toEqual(['exec', 'statement', 'transaction']);
      await stop();
      await database.query('SELECT pg_notify($1, $2)', ['desk', 'after']);
      await new Promise((r) => setTimeout(r, 20));
      expect(heard).toHaveLength(3);
    } finally {
      await database.close();
    }
  });

  it('throws the database error with its SQLSTATE and constraint, and the next statement works', async () => {
    const prepared = preparedStatements(db);
    const err = await prepared.query('INSERT INTO sample (id) VALUES ($1)', [1]).catch((e: unknown) => e);
    expect(pgError(err)).toEqual({ code: '23505', constraint: 'sample_pkey' });
    const bad = await prepared.query('SELECT nope FROM sample').catch((e: unknown) => e);
    expect(pgError(bad)?.code).toBe('42703');
    expect((await prepared.query('SELECT count(*)::int AS n FROM sample')).rows).toEqual([{ n: 2 }]);
  });

  it('refuses a statement with more parameters than PGlite can carry, and the next statement works', async () => {
    const prepared = preparedStatements(db);
    const many = (n: number) => Array.from({ length: n }, (_, i) => i);
    const text = (n: number) => `SELECT cardinality(ARRAY[${many(n).map((i) => `$${i + 1}::int`)}]) AS n`;
    expect((await prepared.query(text(MAX_PARAMETERS), many(MAX_PARAMETERS))).rows).toEqual([{ n: MAX_PARAMETERS }]);
    const refused = await prepared.query(text(MAX_PARAMETERS + 1), many(MAX_PARAMETERS + 1)).catch((e: unknown) => e);
    expect((refused as Error).message).toContain('write it in smaller batches');
    expect((await prepared.query('SELECT count(*)::int AS n FROM sample')).rows).toEqual([{ n: 2 }]);
  });

  it('runs inside a transaction, which rolls back, and refuses a finished transaction', async () => {
    const prepared = preparedStatements(db);
    let finished: Transaction | undefined;
    await expect(
      db.transaction(async (tx) => {
        finished = tx;
        await prepared.queryIn(tx, 'INSERT INTO sample (id, name) VALUES ($1, $2)', [20, 'rolled back']);
        expect((await prepared.queryIn(tx, 'SELECT name FROM sample WHERE id = $1', [20])).rows).toEqual([
          { name: 'rolled back' },
        ]);
        throw new Error('undo');
      }),
    ).rejects.toThrow('undo');
    expect((await prepared.query('SELECT name FROM sample WHERE id = $1', [20])).rows).toEqual([]);
    await expect(prepared.queryIn(finished!, 'SELECT 1')).rejects.toThrow('Transaction is closed');
  });

  it.each([
    ["PGlite's", (fn: (tx: Transaction) => Promise<void>) => db.transaction(fn)],
    ["the runner's own", (fn: (tx: Transaction) => Promise<void>) => preparedStatements(db).transaction(fn)],
  ])('never runs a statement from outside in the middle of %s transaction', async (_kind, transaction) => {
    const prepared = preparedStatements(db);
    await db.exec('CREATE TABLE IF NOT EXISTS counter (n int); DELETE FROM counter; INSERT INTO counter VALUES (0)');
    const seen: number[] = [];
    const inside = transaction(async (tx) => {
      await prepared.queryIn(tx, 'UPDATE counter SET n = n + 1');
      await new Promise((r) => setTimeout(r, 20)); // an outside read arrives now
      await prepared.queryIn(tx, 'UPDATE counter SET n = n + 1');
    });
    const outside = (async () => {
      await new Promise((r) => setTimeout(r, 5));
      const { rows } = await prepared.query<{ n: number }>('SELECT n FROM counter');
      seen.push(rows[0]!.n);
    })();
    await Promise.all([inside, outside]);
    // Read after the transaction: both increments or neither, never one.
    expect([0, 2]).toContain(seen[0]);
  });

  it('prepares a statement again when its table changed under it', async () => {
    const prepared = preparedStatements(db);
    await db.exec('CREATE TABLE shape (a int); INSERT INTO shape VALUES (1)');
    expect((await prepared.query('SELECT * FROM shape')).rows).toEqual([{ a: 1 }]);
    await db.exec('ALTER TABLE shape ADD COLUMN b text');
    expect((await prepared.query('SELECT * FROM shape')).rows).toEqual([{ a: 1, b: null }]);
  });

  it('runs a statement marked to be planned for its values unnamed, every time, answering as query() does', async () => {
    const prepared = preparedStatements(db);
    const marked = `${PLANNED_PER_RUN}SELECT name, big FROM sample WHERE id = $1`;
    const plain = 'SELECT name, big FROM sample WHERE id = $1 AND $2::int = 0';
    const generics = async () =>
      (
        await db.query<{ statement: string; generic_plans: number }>(
          "SELECT statement, generic_plans::int FROM pg_prepared_statements WHERE name LIKE 'clinidesk_%'",
        )
      ).rows;
    const before = prepared.size();
    for (let i = 0; i < 8; i++) {
      const id = 1 + (i % 2);
      expect(await prepared.query(marked, [id], DRIZZLE)).toEqual(await db.query(marked, [id], DRIZZLE));
      // A prepared statement run between keeps its own name and answer.
      expect((await prepared.query(plain, [id, 0])).rows).toEqual((await db.query(plain, [id, 0])).rows);
    }
    const held = await generics();
    // The unmarked text was prepared once and, after five runs, PostgreSQL plans it once for any values; the marked
    // text was never prepared, so each run was planned with its own values.
    expect(held.find((s) => s.statement === plain)?.generic_plans).toBeGreaterThan(0);
    expect(held.some((s) => s.statement === marked)).toBe(false);
    expect(prepared.size()).toBe(before + 1);
    // Its errors come as a prepared statement's do, and the next statement works.
    const bad = await prepared.query(`${PLANNED_PER_RUN}SELECT nope FROM sample WHERE id = $1`, [1]).catch((e) => e);
    expect(pgError(bad)?.code).toBe('42703');
    expect((await prepared.query(marked, [1])).rows).toEqual([{ name: 'Ward 4B', big: 9007199254740993n }]);
  });

  it('keeps at most the given number of statements, closing the least recently used', async () => {
    const prepared = preparedStatements(db, 3);
    for (let i = 0; i < 10; i++) expect((await prepared.query(`SELECT ${i} AS n`)).rows).toEqual([{ n: i }]);
    expect(prepared.size()).toBe(3);
    const open = await db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM pg_prepared_statements WHERE name LIKE 'clinidesk_%'",
    );
    // This runner's three, and those the earlier tests' runners left (closed with their database).
    expect(open.rows[0]!.n).toBeGreaterThanOrEqual(3);
    expect((await prepared.query('SELECT 0 AS n')).rows).toEqual([{ n: 0 }]);
  });
});

describe("the runner's own transactions", () => {
  it('commit, roll back when the work throws or asks to, and refuse to be used once finished', async () => {
    const prepared = preparedStatements(db);
    await db.exec('CREATE TABLE IF NOT EXISTS beds (id int PRIMARY KEY, ward text)');
    const kept = await prepared.transaction(async (tx) => {
      await tx.query('INSERT INTO beds VALUES ($1, $2)', [1, '4B']);
      await prepared.queryIn(tx, 'INSERT INTO beds VALUES ($1, $2)', [2, '4B']);
      return 'done';
    });
    expect(kept).toBe('done');
    let finished: Transaction | undefined;
    await expect(
      prepared.transaction(async (tx) => {
        finished = tx;
        await tx.query('INSERT INTO beds VALUES ($1, $2)', [3, 'gone']);
        throw new Error('undo');
      }),
    ).rejects.toThrow('undo');
    await prepared.transaction(async (tx) => {
      await tx.query('INSERT INTO beds VALUES ($1, $2)', [4, 'gone']);
      await tx.rollback();
      expect(tx.closed).toBe(true);
    });
    expect((await prepared.query('SELECT id FROM beds ORDER BY id')).rows).toEqual([{ id: 1 }, { id: 2 }]);
    expect(finished!.closed).toBe(true);
    await expect(finished!.query('SELECT 1')).rejects.toThrow('Transaction is closed');
    await expect(finished!.exec('SELECT 1')).rejects.toThrow('Transaction is closed');
    await expect(finished!.rollback()).rejects.toThrow('Transaction is closed');
    await expect(prepared.queryIn(finished!, 'SELECT 1')).rejects.toThrow('Transaction is closed');
  });

  it("throws a statement's error and a failed COMMIT's with their SQLSTATE, leaving nothing behind", async () => {
    const prepared = preparedStatements(db);
    await db.exec(`CREATE TABLE IF NOT EXISTS shifts (id int PRIMARY KEY, lead int REFERENCES shifts (id)
      DEFERRABLE INITIALLY DEFERRED)`);
    const duplicate = await prepared
      .transaction(async (tx) => {
        await tx.query('INSERT INTO shifts VALUES ($1, NULL)', [1]);
        await tx.query('INSERT INTO shifts VALUES ($1, NULL)', [1]);
      })
      .catch((e) => e);
    expect(pgError(duplicate)?.code).toBe('23505');
    // The foreign key is checked at COMMIT: the COMMIT fails, and the transaction leaves nothing.
    const dangling = await prepared
      .transaction((tx) => tx.query('INSERT INTO shifts VALUES ($1, $2)', [2, 99]))
      .catch((e) => e);
    expect(pgError(dangling)?.code).toBe('23503');
    expect((await prepared.query('SELECT count(*)::int AS n FROM shifts')).rows).toEqual([{ n: 0 }]);
    // And the next transaction works.
    await prepared.transaction((tx) => tx.query('INSERT INTO shifts VALUES ($1, NULL)', [3]));
    expect((await prepared.query('SELECT id FROM shifts')).rows).toEqual([{ id: 3 }]);
  });

  it('sends BEGIN and COMMIT in one call into the engine each', async () => {
    const prepared = preparedStatements(db);
    await prepared.query('SELECT 1');
    const calls: string[] = [];
    const original = db.execProtocolStream.bind(db);
    db.execProtocolStream = ((message: Uint8Array, options?: object) => {
      calls.push(new TextDecoder().decode(message.subarray(5, 12)));
      return original(message, options);
    }) as typeof db.execProtocolStream;
    try {
      await prepared.transaction(async () => {});
    } finally {
      db.execProtocolStream = original;
    }
    expect(calls).toEqual([expect.stringContaining('BEGIN'), expect.stringContaining('COMMIT')]);
  });

  it("through the app's connection: a COPY from data, Drizzle's savepoints, LISTEN and exec inside one", async () => {
    const database = await openDatabase({ pglite: await PGlite.create() });
    try {
      await database.query('CREATE TABLE rooms (id int PRIMARY KEY, name text)');
      await database.db.transaction(async (tx) => {
        expect(
          await copyIn(
            tx,
            'rooms',
            ['id', 'name'],
            [
              ['1', 'Resus 1'],
              ['2', 'Bay\t"3"'],
            ],
          ),
        ).toBe(true);
        // A nested transaction is a savepoint: its rollback keeps the outer work.
        await tx
          .transaction(async (inner) => {
            await inner.execute(sql`INSERT INTO rooms VALUES (3, 'undone')`);
            throw new Error('inner undo');
          })
          .catch(() => undefined);
        await tx.execute(sql`INSERT INTO rooms VALUES (4, 'kept')`);
      });
      expect(await database.query('SELECT id, name FROM rooms ORDER BY id')).toEqual([
        { id: 1, name: 'Resus 1' },
        { id: 2, name: 'Bay\t"3"' },
        { id: 4, name: 'kept' },
      ]);
      const heard: string[] = [];
      const prepared = preparedStatements(database.pglite!);
      await prepared.transaction(async (tx) => {
        await tx.listen('rooms', (payload) => heard.push(payload));
        const [count] = await tx.exec('SELECT count(*)::int AS n FROM rooms');
        expect(count!.rows).toEqual([{ n: 3 }]);
      });
      await database.query(`SELECT pg_notify('rooms', 'cleaned')`);
      await until('the notification', () => heard.length > 0, 5_000, 10);
      expect(heard).toEqual(['cleaned']);
    } finally {
      await database.close();
    }
  });
});
