// The daily rollup on the demo history: a report by day or by week, read from whole local days of the rollup plus the
// facts for the hours at the range's edges, gives exactly the figures (CSAT included) the facts alone give; and the
// rollup kept up to date by the refresh equals one rebuilt from scratch.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTestApp, type TestApp } from '../../../test/app.ts';
import { rowsOf } from '../../platform/db/connect.ts';
import { rebuildFacts, refreshChangedFacts } from './refresh.ts';
import { reportTimeZone } from './report-store.ts';
import { rebuildAllMonths, rollupTimeZone } from './rollup-store.ts';

let t: TestApp;
let manager: Client;
let lo: number;
let hi: number;

const DAY = 86_400_000;
const rangeOf = (from: number, to: number) =>
  `from=${encodeURIComponent(new Date(from).toISOString())}&to=${encodeURIComponent(new Date(to).toISOString())}`;

beforeAll(async () => {
  t = await createTestApp();
  await rebuildFacts(t.ctx);
  manager = await t.signIn('manager');
  const r = rowsOf<{ lo: Date | string; hi: Date | string }>(
    await t.ctx.database.db.execute(sql`SELECT min(created_at) AS lo, max(created_at) AS hi FROM tickets`),
  )[0]!;
  lo = new Date(r.lo).getTime();
  hi = new Date(r.hi).getTime();
}, 300_000);
afterAll(() => t?.close());

async function report(query: string) {
  const res = await manager.get(`/api/v1/reports/tickets?${query}`);
  expect(res.statusCode, res.body).toBe(200);
  const { factsAsOf: _, ...rest } = res.json();
  return rest;
}

/** The same report with the rollups switched off (the facts alone answer) and on. */
async function bothWays(query: string) {
  const db = t.ctx.database.db;
  const tz = await rollupTimeZone(db);
  await db.execute(sql`UPDATE report_refresh SET rollup_time_zone = NULL WHERE id = 1`);
  const factsOnly = await report(query);
  await db.execute(sql`UPDATE report_refresh SET rollup_time_zone = ${tz} WHERE id = 1`);
  return { factsOnly, withRollup: await report(query) };
}

async function dayRows() {
  const db = t.ctx.database.db;
  return {
    cells: rowsOf(await db.execute(sql`SELECT * FROM report_day_cells ORDER BY day, facility_id`)),
    times: rowsOf(await db.execute(sql`SELECT * FROM report_day_times ORDER BY day, facility_id, measure, bucket`)),
    csat: rowsOf(await db.execute(sql`SELECT * FROM report_day_csat ORDER BY day, facility_id`)),
    ready: rowsOf(await db.execute(sql`SELECT * FROM report_period_times ORDER BY period, scope, start, measure`)),
  };
}

async function rebuild() {
  await t.ctx.database.db.transaction(async (tx) => rebuildAllMonths(tx, await reportTimeZone(tx)));
}

const tickets = (r: { groups: { figures: { tickets: number } }[] }) =>
  r.groups.reduce((s, g) => s + g.figures.tickets, 0);

describe('the daily rollup', () => {
  it('gives the same figures by day and by week as the facts alone, for ranges that start and end mid-day', async () => {
    const db = t.ctx.database.db;
    const [facility] = rowsOf<{ id: string }>(
      await db.execute(sql`
        SELECT fa.id::text AS id FROM facilities fa JOIN report_ticket_facts f ON f.facility_id = fa.id
        WHERE fa.time_zone = ${await reportTimeZone(db)} GROUP BY fa.id ORDER BY count(*) DESC LIMIT 1`),
    );
    const midDay = rangeOf(lo + 17 * DAY + 3 * 3_600_000 + 1234, hi - 11 * DAY - 5 * 3_600_000);
    const upToNow = rangeOf(lo + 40 * DAY + 7 * 3_600_000, hi + DAY);
    const calendar = `from=${new Date(lo + 20 * DAY).toISOString().slice(0, 10)}&to=${new Date(hi - 20 * DAY).toISOString().slice(0, 10)}`;
    const cuts: string[] = [];
    for (const range of [midDay, upToNow, calendar])
      for (const period of ['day', 'week'])
        cuts.push(
          `${range}&groupBy=period&period=${period}`,
          `${range}&groupBy=period&period=${period}&facilityId=${facility!.id}`,
        );
    const honest = new Map<string, Awaited<ReturnType<typeof report>>>();
    for (const cut of cuts) {
      const { factsOnly, withRollup } = await bothWays(cut);
      expect(withRollup, cut).toEqual(factsOnly);
      expect(withRollup.total.tickets, cut).toBeGreaterThan(0);
      honest.set(cut, withRollup);
    }
    expect(honest.get(cuts[0]!)!.groups.some((g: { csat: { n: number } }) => g.csat.n > 0)).toBe(true);
    // The whole days really come from the daily rollup: cells changed by hand show in every cut.
    await db.execute(sql`UPDATE report_day_cells SET tickets_n = tickets_n + 1000, tickets_k = tickets_k + 1000`);
    for (const cut of cuts)
      expect(tickets(await report(cut)), cut).toBeGreaterThanOrEqual(tickets(honest.get(cut)!) + 1000);
    // And whole days' and weeks' medians are the ones kept ready (4,242,424,242 ms is 70,707.1 minutes).
    await db.execute(sql`UPDATE report_period_times SET median = 4242424242`);
    for (const cut of cuts) {
      const medians = (await report(cut)).groups.map(
        (g: { figures: { timeToResolveWall: { median: number | null } } }) => g.figures.timeToResolveWall.median,
      );
      expect(medians, cut).toContain(70707.1);
    }
    await rebuild();
    for (const cut of cuts) expect(await report(cut), cut).toEqual(honest.get(cut));
  }, 600_000);

  it('leaves a day or week report with a filter other than facility, and a range shorter than a day, to the facts', async () => {
    const db = t.ctx.database.db;
    const range = rangeOf(lo + 17 * DAY + 3 * 3_600_000, hi - 11 * DAY);
    const cuts = [
      `${range}&groupBy=period&period=day&channel=phone`,
      `${range}&groupBy=period&period=week&priority=2`,
      `${rangeOf(lo + 30 * DAY + 3_600_000, lo + 30 * DAY + 20 * 3_600_000)}&groupBy=period&period=day`,
    ];
    const before = new Map<string, unknown>();
    for (const cut of cuts) {
      const { factsOnly, withRollup } = await bothWays(cut);
      expect(withRollup, cut).toEqual(factsOnly);
      before.set(cut, withRollup);
    }
    await db.execute(sql`UPDATE report_day_cells SET tickets_n = tickets_n + 1000, tickets_k = tickets_k + 1000`);
    for (const cut of cuts) expect(await report(cut), cut).toEqual(before.get(cut));
    await rebuild();
  }, 240_000);

  it('kept up to date by the refresh after tickets change equals the rollup rebuilt from the facts, twice', async () => {
    const db = t.ctx.database.db;
    const tz = await reportTimeZone(db);
    const [a] = rowsOf<{ id: string; day: string }>(
      await db.execute(sql`
        SELECT s.ticket_id AS id, to_char(date_trunc('day', f.created_at AT TIME ZONE ${tz}), 'YYYY-MM-DD') AS day
        FROM ticket_sla s JOIN report_ticket_facts f ON f.ticket_id = s.ticket_id ORDER BY s.ticket_id LIMIT 1`),
    );
    // Another day of the same month: the refresh recomputes the changed ticket's day only, so a hand-made change to
    // that other day stays.
    const [other] = rowsOf<{ day: string }>(
      await db.execute(sql`
        SELECT to_char(day, 'YYYY-MM-DD') AS day FROM report_day_cells
        WHERE date_trunc('month', day) = date_trunc('month', ${a!.day}::date) AND day <> ${a!.day}::date
        ORDER BY day LIMIT 1`),
    );
    expect(other).toBeDefined();
    const otherTickets = async () =>
      Number(
        rowsOf<{ n: string | number }>(
          await db.execute(sql`SELECT sum(tickets_n) AS n FROM report_day_cells WHERE day = ${other!.day}::date`),
        )[0]!.n,
      );
    await db.execute(
      sql`UPDATE tickets SET patient_care_affected = NOT patient_care_affected, priority = 1, updated_at = now() WHERE id = ${a!.id}`,
    );
    const before = await dayRows();
    expect(before.times.length).toBeGreaterThan(0);
    expect(before.csat.length).toBeGreaterThan(0);
    const honest = await otherTickets();
    await db.execute(sql`UPDATE report_day_cells SET tickets_n = tickets_n + 1000 WHERE day = ${other!.day}::date`);
    expect(await refreshChangedFacts(t.ctx)).toBeGreaterThanOrEqual(1);
    expect(await otherTickets()).toBe(honest + 1000);
    await db.execute(sql`UPDATE report_day_cells SET tickets_n = tickets_n - 1000 WHERE day = ${other!.day}::date`);
    const maintained = await dayRows();
    expect(maintained.cells).not.toEqual(before.cells);
    await rebuild();
    expect(await dayRows()).toEqual(maintained);
    await rebuild();
    expect(await dayRows()).toEqual(maintained);
  }, 240_000);
});
