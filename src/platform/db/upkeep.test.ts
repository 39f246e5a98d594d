// The embedded database's autovacuum (upkeep-rules.ts, jobs/database-upkeep.ts). The rules are PostgreSQL's own; the
// job is checked on a real PGlite through the app's own connection (prepared statements included), since what it
// mends — a plan made when a table was empty, kept while the table grew — lives in PGlite's prepared statements.
import { PGlite } from '@electric-sql/pglite';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../context.ts';
import { keepDatabaseUp } from '../jobs/database-upkeep.ts';
import { type Database, openDatabase } from './connect.ts';
import { AUTOVACUUM_DEFAULTS, type TableActivity, upkeepDue, upkeepPlan } from './upkeep-rules.ts';

const quiet = (over: Partial<TableActivity> = {}): TableActivity => ({
  table: 'public.t',
  countedRows: 10_000,
  countedPages: 100,
  pages: 100,
  changedSinceAnalyze: 0,
  deadRows: 0,
  insertedSinceVacuum: 0,
  ...over,
});

const activity = fc.record({
  table: fc.constantFrom('public.a', 'public.b', 'public.c', 'public.d'),
  countedRows: fc.oneof(fc.constant(-1), fc.integer({ min: 0, max: 2_000_000 })),
  countedPages: fc.integer({ min: 0, max: 50_000 }),
  pages: fc.integer({ min: 0, max: 60_000 }),
  changedSinceAnalyze: fc.integer({ min: 0, max: 1_000_000 }),
  deadRows: fc.integer({ min: 0, max: 1_000_000 }),
  insertedSinceVacuum: fc.integer({ min: 0, max: 1_000_000 }),
});

describe('upkeep rules (PostgreSQL autovacuum thresholds)', () => {
  it('analyses a table once changes pass 50 + 10 % of its rows, not before', () => {
    expect(upkeepDue(quiet({ changedSinceAnalyze: 1_050 }))).toBeNull();
    expect(upkeepDue(quiet({ changedSinceAnalyze: 1_051 }))).toMatchObject({ analyze: true, vacuum: false });
  });

  it('vacuums once dead rows pass 50 + 20 % of its rows, or inserts pass 1,000 + 20 %', () => {
    expect(upkeepDue(quiet({ deadRows: 2_050 }))).toBeNull();
    expect(upkeepDue(quiet({ deadRows: 2_051 }))).toMatchObject({ vacuum: true, analyze: false });
    expect(upkeepDue(quiet({ insertedSinceVacuum: 3_000 }))).toBeNull();
    expect(upkeepDue(quiet({ insertedSinceVacuum: 3_001 }))).toMatchObject({ vacuum: true });
  });

  it('counts a table never counted as soon as it has a page, and leaves an empty one alone', () => {
    expect(upkeepDue(quiet({ countedRows: -1, countedPages: 0, pages: 1 }))).toMatchObject({ analyze: true });
    expect(upkeepDue(quiet({ countedRows: -1, countedPages: 0, pages: 0 }))).toBeNull();
  });

  it('counts again a table whose file grew by a fifth with no counters (statistics lost in an unclean stop)', () => {
    expect(upkeepDue(quiet({ pages: 120 }))).toBeNull();
    expect(upkeepDue(quiet({ pages: 121 }))).toMatchObject({ analyze: true });
    // a small table must grow by 8 pages, not by a fifth of one
    expect(upkeepDue(quiet({ countedPages: 1, pages: 9 }))).toBeNull();
    expect(upkeepDue(quiet({ countedPages: 1, pages: 10 }))).toMatchObject({ analyze: true });
  });

  it('property: a table is in the plan exactly when it wants something; the most overdue come first', () => {
    fc.assert(
      fc.property(fc.uniqueArray(activity, { selector: (t) => t.table }), (tables) => {
        const plan = upkeepPlan(tables);
        for (const t of tables) {
          const due = upkeepDue(t);
          expect(plan.some((u) => u.table === t.table)).toBe(due !== null);
          if (due) expect(due.urgency).toBeGreaterThan(1);
        }
        for (let i = 1; i < plan.length; i++) expect(plan[i - 1]!.urgency).toBeGreaterThanOrEqual(plan[i]!.urgency);
      }),
    );
  });

  it('property: more activity never takes a table out of the plan', () => {
    fc.assert(
      fc.property(
        activity,
        fc.nat({ max: 100_000 }),
        fc.nat({ max: 100_000 }),
        fc.nat({ max: 100 }),
        (t, more, dead, grew) => {
          if (!upkeepDue(t)) return;
          const busier = {
            ...t,
            changedSinceAnalyze: t.changedSinceAnalyze + more,
            deadRows: t.deadRows + dead,
            pages: t.pages + grew,
          };
          const again = upkeepDue(busier);
          expect(again).not.toBeNull();
          expect(again!.urgency).toBeGreaterThanOrEqual(upkeepDue(t)!.urgency);
        },
      ),
    );
  });

  it('uses the PostgreSQL defaults', () => {
    expect(AUTOVACUUM_DEFAULTS).toMatchObject({ analyzeThreshold: 50, analyzeScale: 0.1, vacuumScale: 0.2 });
  });
});

describe('the upkeep job on a real PGlite', () => {
  let database: Database;
  const ctx = () => ({ database }) as unknown as AppContext;
  const due = `SELECT id FROM delivery WHERE state = 'pending' AND due <= $1 ORDER BY due LIMIT 20`;
  const plan = async () => {
    const [{ name }] = (await database.query<{ name: string }>(
      'SELECT name FROM pg_prepared_statements WHERE statement = $1',
      [due],
    )) as [{ name: string }];
    const rows = await database.query<{ 'QUERY PLAN': string }>(`EXPLAIN EXECUTE ${name}(now())`, []);
    return rows.map((r) => r['QUERY PLAN']).join('\n');
  };

  beforeAll(async () => {
    database = await openDatabase({ pglite: await PGlite.create() });
    await database.pglite!.exec(`
      CREATE TABLE delivery (id bigserial PRIMARY KEY, sub int NOT NULL, state text NOT NULL, due timestamptz NOT NULL);
      CREATE INDEX delivery_due ON delivery (due) WHERE state = 'pending';
    `);
  });
  afterAll(() => database?.close());

  it('re-plans a statement first planned on an empty table once the table has grown, and counts its rows', async () => {
    // The app's statements are prepared: run enough times on the empty table for PostgreSQL to keep a generic plan.
    for (let i = 0; i < 10; i++) await database.query(due, [new Date()]);
    await database.pglite!.exec(`
      INSERT INTO delivery (sub, state, due)
      SELECT g % 20, CASE WHEN g % 10 = 0 THEN 'pending' ELSE 'done' END, now() - interval '1 hour' + g * interval '1 ms'
        FROM generate_series(1, 50000) g`);
    // the plan made for an empty table, still in use: every pending row fetched and sorted, for 20 of them
    expect(await plan()).not.toMatch(/Index Scan using delivery_due/);

    const done = await keepDatabaseUp(ctx());
    expect(done.map((d) => d.table)).toContain('public.delivery');
    expect(await plan()).toMatch(/Index Scan using delivery_due/);
    const [counted] = await database.query<{ reltuples: number }>(
      `SELECT reltuples FROM pg_class WHERE relname = 'delivery'`,
      [],
    );
    expect(Number(counted!.reltuples)).toBeGreaterThan(45_000);
  });

  it('vacuums once updates leave dead rows, and then has nothing left to do', async () => {
    await database.pglite!.exec(`UPDATE delivery SET state = 'done' WHERE id % 4 = 0`); // 12,500 dead versions
    // A session's statistics counters reach the views at most once a second, possibly after a run that already
    // counted the table (then counted once more): run as the job does until the vacuum comes and nothing is left.
    const runs: Awaited<ReturnType<typeof keepDatabaseUp>>[] = [];
    for (let i = 0; i < 40; i++) {
      const done = await keepDatabaseUp(ctx());
      runs.push(done);
      if (done.length === 0 && runs.flat().some((d) => d.vacuum)) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(
      runs
        .flat()
        .filter((d) => d.vacuum)
        .map((d) => d.table),
    ).toEqual(['public.delivery']);
    expect(runs.at(-1)).toEqual([]);
    // VACUUM itself marks the pages it cleaned all-visible in the catalog (no statistics counter to wait for)
    const [counted] = await database.query<{ visible: number; pages: number }>(
      `SELECT relallvisible AS visible, relpages AS pages FROM pg_class WHERE relname = 'delivery'`,
      [],
    );
    expect(Number(counted!.visible)).toBe(Number(counted!.pages));
  });

  it('does nothing on a PostgreSQL server (its own autovacuum keeps it)', async () => {
    const server = { database: { kind: 'postgres', query: () => Promise.reject(new Error('must not be read')) } };
    expect(await keepDatabaseUp(server as unknown as AppContext)).toEqual([]);
  });
});
