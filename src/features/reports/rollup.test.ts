// The monthly rollup on the demo history: a report read from whole months of the rollup plus the facts at the
// range's edges gives exactly the figures the facts alone give, for every cut the rollup keeps; and the rollup kept
// up to date by the refresh job equals one rebuilt from scratch.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTestApp, type TestApp } from '../../../test/app.ts';
import { rowsOf } from '../../platform/db/connect.ts';
import { callTargets } from './call-targets.ts';
import { rebuildAllCallMonths } from './calls-store.ts';
import { judgeTickets, upsertFacts } from './facts-store.ts';
import { rebuildFacts, rebuildRollup, rebuildRollupSteps, refreshChangedFacts } from './refresh.ts';
import { reportTimeZone } from './report-store.ts';
import {
  beginRebuild,
  csatMonths,
  monthsOfTickets,
  rebuildAllMonths,
  rollupPending,
  rollupTimeZone,
} from './rollup-store.ts';
import { bucketsOf, percentileOfBuckets } from './rules/histogram.ts';

let t: TestApp;
let manager: Client;
let lo: number;
let hi: number;

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

const DAY = 86_400_000;

async function report(query: string, path = 'tickets') {
  const res = await manager.get(`/api/v1/reports/${path}?${query}`);
  expect(res.statusCode, res.body).toBe(200);
  const { factsAsOf: _, ...rest } = res.json();
  return rest;
}

/** The same report with the rollup switched off (the facts alone answer) and on. */
async function bothWays(query: string, path = 'tickets') {
  const db = t.ctx.database.db;
  const tz = await rollupTimeZone(db);
  await db.execute(sql`UPDATE report_refresh SET rollup_time_zone = NULL WHERE id = 1`);
  const factsOnly = await report(query, path);
  await db.execute(sql`UPDATE report_refresh SET rollup_time_zone = ${tz} WHERE id = 1`);
  return { factsOnly, withRollup: await report(query, path) };
}

async function cells() {
  const db = t.ctx.database.db;
  const c = rowsOf<Record<string, unknown>>(
    await db.execute(sql`SELECT * FROM report_month_cells ORDER BY month, facility_id, channel, priority, tier`),
  );
  const m = rowsOf<Record<string, unknown>>(
    await db.execute(
      sql`SELECT * FROM report_month_times ORDER BY month, facility_id, channel, priority, tier, measure, bucket`,
    ),
  );
  const p = rowsOf<Record<string, unknown>>(
    await db.execute(sql`SELECT * FROM report_month_providers ORDER BY month, facility_id, provider_id`),
  );
  const h = rowsOf<Record<string, unknown>>(
    await db.execute(sql`SELECT * FROM report_month_held ORDER BY month, facility_id, provider_id, bucket`),
  );
  const a = rowsOf<Record<string, unknown>>(
    await db.execute(sql`SELECT * FROM report_month_csat ORDER BY month, facility_id, channel, priority, tier`),
  );
  const s = rowsOf<Record<string, unknown>>(
    await db.execute(
      sql`SELECT * FROM report_month_provider_csat ORDER BY month, facility_id, provider_id, role_group`,
    ),
  );
  const r = rowsOf<Record<string, unknown>>(
    await db.execute(sql`SELECT * FROM report_period_times ORDER BY period, scope, start, measure`),
  );
  const st = rowsOf<Record<string, unknown>>(
    await db.execute(sql`SELECT * FROM report_month_scope_times ORDER BY month, scope, measure, bucket`),
  );
  const ct = rowsOf<Record<string, unknown>>(
    await db.execute(sql`SELECT * FROM report_month_cut_times ORDER BY month, scope, dimension, key, measure, bucket`),
  );
  expect(r.length).toBeGreaterThan(0);
  expect(st.length).toBeGreaterThan(0);
  expect(ct.length).toBeGreaterThan(0);
  expect(p.length).toBeGreaterThan(0);
  expect(h.length).toBeGreaterThan(0);
  expect(a.length).toBeGreaterThan(0);
  expect(s.length).toBeGreaterThan(0);
  return { c, m, p, h, a, s, r, st, ct };
}

describe('the monthly rollup', () => {
  it('is cut in the hospital’s time zone and holds every month of the demo year', async () => {
    const db = t.ctx.database.db;
    expect(await rollupTimeZone(db)).toBe(await reportTimeZone(db));
    const months = rowsOf<{ n: number | string }>(
      await db.execute(sql`SELECT count(DISTINCT month) AS n FROM report_month_cells`),
    )[0]!;
    expect(Number(months.n)).toBeGreaterThanOrEqual(12);
  });

  it('gives the same figures as the facts alone, with ranges that start and end mid-month', async () => {
    // 17 days after the first ticket to 11 days before the last: whole months inside, odd days at both edges.
    const from = new Date(lo + 17 * DAY + 3_600_000).toISOString();
    const to = new Date(hi - 11 * DAY - 7_200_000).toISOString();
    const range = `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
    for (const cut of [
      'groupBy=period&period=month',
      'groupBy=facility',
      'groupBy=channel',
      'groupBy=priority',
      'groupBy=tier',
      'groupBy=period&period=month&channel=phone',
      'groupBy=tier&priority=2',
    ]) {
      const { factsOnly, withRollup } = await bothWays(`${range}&${cut}`);
      expect(withRollup, cut).toEqual(factsOnly);
      expect(withRollup.total.tickets, cut).toBeGreaterThan(0);
    }
    // The whole months really come from the rollup: a cell changed by hand shows in the report.
    const db = t.ctx.database.db;
    const honest = await report(`${range}&groupBy=facility`);
    await db.execute(
      sql`UPDATE report_month_cells SET "tickets_n" = "tickets_n" + 1000, "tickets_k" = "tickets_k" + 1000`,
    );
    expect((await report(`${range}&groupBy=facility`)).total.tickets).toBeGreaterThan(honest.total.tickets + 1000);
    // And a report by channel, priority or tier takes its groups' durations from report_month_cut_times
    // (4,242,424,242 ms is 70,707.1 minutes).
    await db.execute(sql`UPDATE report_month_cut_times SET max = 4242424242`);
    for (const cut of ['groupBy=channel', 'groupBy=priority', 'groupBy=tier']) {
      const medians = (await report(`${range}&${cut}`)).groups.map(
        (g: { figures: { timeToResolveWall: { median: number | null } } }) => g.figures.timeToResolveWall.median,
      );
      expect(medians, cut).toContain(70707.1);
    }
    await db.transaction(async (tx) => rebuildAllMonths(tx, await reportTimeZone(tx)));
    expect(await report(`${range}&groupBy=facility`)).toEqual(honest);
  }, 240_000);

  it('reads the month a range up to today ends in from the rollup too, with the same figures', async () => {
    const from = new Date(lo + 17 * DAY).toISOString();
    const to = new Date(hi + DAY).toISOString();
    const range = `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
    for (const cut of ['groupBy=period&period=month', 'groupBy=channel']) {
      const { factsOnly, withRollup } = await bothWays(`${range}&${cut}`);
      expect(withRollup, cut).toEqual(factsOnly);
    }
    const scorecards = await bothWays(range, 'scorecards');
    expect(scorecards.withRollup).toEqual(scorecards.factsOnly);
    // The last month's cells are read (nothing was opened between "to" and the month's end).
    const db = t.ctx.database.db;
    const honest = await report(`${range}&groupBy=channel`);
    await db.execute(sql`
      UPDATE report_month_cells SET "tickets_n" = "tickets_n" + 1000
      WHERE month = (SELECT max(month) FROM report_month_cells)`);
    // At least one cell (+1000): in the first hours of a month the month so far may hold one channel's tickets only.
    expect((await report(`${range}&groupBy=channel`)).total.tickets).toBeGreaterThanOrEqual(
      honest.total.tickets + 1000,
    );
    await db.transaction(async (tx) => rebuildAllMonths(tx, await reportTimeZone(tx)));
  }, 240_000);

  it('gives the same figures for a range of whole local months and for one too short to hold a month', async () => {
    const tz = await reportTimeZone(t.ctx.database.db);
    const monthStart = rowsOf<{ a: Date | string; b: Date | string }>(
      await t.ctx.database.db.execute(sql`
        SELECT (date_trunc('month', ${new Date(lo + 40 * DAY).toISOString()}::timestamptz AT TIME ZONE ${tz}) AT TIME ZONE ${tz}) AS a,
          ((date_trunc('month', ${new Date(lo + 40 * DAY).toISOString()}::timestamptz AT TIME ZONE ${tz}) + interval '3 months') AT TIME ZONE ${tz}) AS b`),
    )[0]!;
    const whole = `from=${encodeURIComponent(new Date(monthStart.a).toISOString())}&to=${encodeURIComponent(new Date(monthStart.b).toISOString())}`;
    const short = `from=${encodeURIComponent(new Date(lo + 50 * DAY).toISOString())}&to=${encodeURIComponent(new Date(lo + 62 * DAY).toISOString())}`;
    for (const q of [whole, short]) {
      const { factsOnly, withRollup } = await bothWays(`${q}&groupBy=period&period=month`);
      expect(withRollup).toEqual(factsOnly);
    }
  }, 120_000);

  it('gives the same provider scorecards as the facts alone, and each provider’s time held from the raw holds', async () => {
    const from = new Date(lo + 17 * DAY + 3_600_000).toISOString();
    const to = new Date(hi - 11 * DAY - 7_200_000).toISOString();
    const range = `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
    const { factsOnly, withRollup } = await bothWays(range, 'scorecards');
    expect(withRollup).toEqual(factsOnly);
    // The system-wide median time held, from every hold in the range, ticket by ticket.
    const holds = rowsOf<{ provider: string; held: string | number }>(
      await t.ctx.database.db.execute(sql`
        SELECT p.provider_id::text AS provider, sum(e.value::bigint) AS held
        FROM report_ticket_facts f CROSS JOIN LATERAL unnest(f.provider_ids) AS p(provider_id)
        JOIN LATERAL jsonb_each_text(f.held_ms) e ON split_part(e.key, '/', 2) = p.provider_id::text
        WHERE f.created_at >= ${from}::timestamptz AND f.created_at < ${to}::timestamptz
          AND f.ticket_id NOT IN (SELECT followup_ticket_id FROM survey_recoveries WHERE followup_ticket_id IS NOT NULL)
        GROUP BY f.ticket_id, p.provider_id HAVING sum(e.value::bigint) > 0`),
    );
    let checked = 0;
    for (const p of withRollup.providers as { id: string; system: { hoursHeldMedian: number | null } }[]) {
      const values = holds.filter((h) => h.provider === p.id).map((h) => Number(h.held));
      if (!values.length) continue;
      const median = percentileOfBuckets(bucketsOf(values), 50)!;
      expect(p.system.hoursHeldMedian).toBe(Math.round(median / 360_000) / 10);
      checked++;
    }
    expect(checked).toBeGreaterThan(0);
  }, 120_000);

  it('recomputes the CSAT months of answers that came in since the last refresh and of answers about changed tickets', async () => {
    const db = t.ctx.database.db;
    const tz = await reportTimeZone(db);
    const [answer] = rowsOf<{ id: string; ticket_id: string; month: string }>(
      await db.execute(sql`
        SELECT id, ticket_id, to_char(date_trunc('month', responded_at AT TIME ZONE ${tz}), 'YYYY-MM-DD') AS month
        FROM survey_responses WHERE kind = 'ticket' AND responded_at < now() - interval '60 days' ORDER BY id LIMIT 1`),
    );
    expect(await csatMonths(db, [answer!.ticket_id], null, tz)).toContain(answer!.month);
    const since = new Date(Date.now() - 60_000);
    expect(await csatMonths(db, [], since, tz)).not.toContain(answer!.month);
    const [was] = rowsOf<{ at: string }>(
      await db.execute(sql`UPDATE survey_responses r SET responded_at = now() FROM survey_responses o
        WHERE r.id = ${answer!.id} AND o.id = r.id RETURNING o.responded_at::text AS at`),
    );
    const thisMonth = rowsOf<{ m: string }>(
      await db.execute(sql`SELECT to_char(date_trunc('month', now() AT TIME ZONE ${tz}), 'YYYY-MM-DD') AS m`),
    )[0]!.m;
    expect(await csatMonths(db, [], since, tz)).toEqual([thisMonth]);
    // Answers never move in time; put it back, so the refresh test below starts from a rollup that matches the answers.
    await db.execute(sql`UPDATE survey_responses SET responded_at = ${was!.at}::timestamptz WHERE id = ${answer!.id}`);
  });

  it('finds the months of more changed tickets than one statement may carry parameters (a bulk load)', async () => {
    const db = t.ctx.database.db;
    const tz = await reportTimeZone(db);
    const [one] = rowsOf<{ id: string }>(
      await db.execute(sql`SELECT ticket_id AS id FROM report_ticket_facts LIMIT 1`),
    );
    const ids = [...Array.from({ length: 70_000 }, () => crypto.randomUUID()), one!.id];
    expect((await monthsOfTickets(db, ids, tz)).length).toBe(1);
    expect(Array.isArray(await csatMonths(db, ids, null, tz))).toBe(true);
  });

  it('kept up to date by the refresh equals the rollup rebuilt from the facts', async () => {
    const db = t.ctx.database.db;
    const [a, b] = rowsOf<{ id: string }>(
      await db.execute(sql`SELECT ticket_id AS id FROM ticket_sla ORDER BY ticket_id DESC LIMIT 2`),
    );
    await db.execute(
      sql`UPDATE tickets SET patient_care_affected = NOT patient_care_affected, priority = 1, updated_at = now() WHERE id = ${a!.id}`,
    );
    await db.execute(sql`
      UPDATE ticket_sla SET resolution_breached_at = coalesce(resolution_breached_at, now()), resolution_state = 'stopped',
        computed_at = now() WHERE ticket_id = ${b!.id}`);
    const before = await cells();
    expect(await refreshChangedFacts(t.ctx)).toBeGreaterThanOrEqual(2);
    const maintained = await cells();
    expect(maintained).not.toEqual(before);
    await db.transaction(async (tx) => rebuildAllMonths(tx, await reportTimeZone(tx)));
    expect(await cells()).toEqual(maintained);
    // Rebuilding again changes nothing.
    await db.transaction(async (tx) => rebuildAllMonths(tx, await reportTimeZone(tx)));
    expect(await cells()).toEqual(maintained);
  }, 120_000);

  it('leaves every month alone after a refresh whose tickets changed no verdict, and picks a real change up', async () => {
    const db = t.ctx.database.db;
    const tz = await reportTimeZone(db);
    const [a] = rowsOf<{ id: string; month: string }>(
      await db.execute(sql`
        SELECT f.ticket_id AS id, to_char(date_trunc('month', f.created_at AT TIME ZONE ${tz}), 'YYYY-MM-DD') AS month
        FROM report_ticket_facts f JOIN ticket_sla s ON s.ticket_id = f.ticket_id ORDER BY f.ticket_id LIMIT 1`),
    );
    // Judged again with nothing changed, the row is not written and the ticket is not reported as changed.
    expect(await upsertFacts(db, await judgeTickets(db, [a!.id]))).toEqual([]);
    await refreshChangedFacts(t.ctx);
    const tamper = () =>
      db.execute(sql`UPDATE report_month_cells SET tickets_n = tickets_n + 1000
        WHERE ctid = (SELECT min(ctid) FROM report_month_cells WHERE month = ${a!.month}::date)`);
    const tampered = async () =>
      Number(
        rowsOf<{ n: string | number }>(
          await db.execute(
            sql`SELECT coalesce(sum(tickets_n), 0) AS n FROM report_month_cells WHERE month = ${a!.month}::date`,
          ),
        )[0]!.n,
      );
    const honest = await tampered();
    await tamper();
    // The ticket and its clock are touched (as the SLA sweep touches every open ticket's), no verdict moves.
    await db.execute(sql`UPDATE tickets SET updated_at = now() WHERE id = ${a!.id}`);
    await db.execute(sql`UPDATE ticket_sla SET computed_at = now() WHERE ticket_id = ${a!.id}`);
    expect(await refreshChangedFacts(t.ctx)).toBeGreaterThanOrEqual(1);
    expect(await tampered()).toBe(honest + 1000);
    // A real change: its month is recomputed (the hand-made change is gone) and the rollup equals a rebuild.
    await db.execute(
      sql`UPDATE tickets SET patient_care_affected = NOT patient_care_affected, updated_at = now() WHERE id = ${a!.id}`,
    );
    await refreshChangedFacts(t.ctx);
    expect(await tampered()).toBe(honest);
    const maintained = await cells();
    await db.transaction(async (tx) => rebuildAllMonths(tx, tz));
    expect(await cells()).toEqual(maintained);
    await db.execute(
      sql`UPDATE tickets SET patient_care_affected = NOT patient_care_affected, updated_at = now() WHERE id = ${a!.id}`,
    );
    await refreshChangedFacts(t.ctx);
  }, 120_000);

  it('is rebuilt in steps, one month at a time, answering requests between them, to the one-transaction result', async () => {
    const db = t.ctx.database.db;
    const tz = await reportTimeZone(db);
    const from = new Date(lo + 17 * DAY + 3_600_000).toISOString();
    const to = new Date(hi - 11 * DAY - 7_200_000).toISOString();
    const query = `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&groupBy=period&period=month`;
    await db.transaction(async (tx) => {
      await rebuildAllMonths(tx, tz);
      await rebuildAllCallMonths(tx, tz, await callTargets(tx));
    });
    const reference = { month: await cells(), rest: await otherRollupRows() };
    const honest = await report(query);
    const months = rowsOf<{ n: string | number }>(
      await db.execute(sql`SELECT count(DISTINCT month) AS n FROM (
        SELECT month FROM report_month_cells UNION SELECT month FROM report_month_csat
        UNION SELECT month FROM report_month_provider_csat) m`),
    )[0]!;
    const seen: { built: string | null; pending: number; report: unknown }[] = [];
    await rebuildRollup(t.ctx, async () => {
      // Between two steps of the ticket months the rollup says it is not built, and a report is answered (from the
      // facts, the same figures); the phone rollup's months come after them.
      const pending = (await rollupPending(db))?.months.length ?? 0;
      const built = await rollupTimeZone(db);
      seen.push({ built, pending, report: seen.length < 2 ? await report(query) : null });
    });
    expect(seen.slice(0, Number(months.n) - 1).every((s) => s.built === null)).toBe(true);
    expect(seen[Number(months.n) - 1]!.built).toBe(tz);
    expect(seen.length).toBeGreaterThanOrEqual(Number(months.n));
    expect(seen[0]!.pending).toBe(Number(months.n) - 1);
    expect(seen[0]!.report).toEqual(honest);
    expect(seen[1]!.report).toEqual(honest);
    expect(await rollupTimeZone(db)).toBe(tz);
    expect(await rollupPending(db)).toBeNull();
    expect({ month: await cells(), rest: await otherRollupRows() }).toEqual(reference);
    expect(await report(query)).toEqual(honest);

    // Interrupted after three steps (a crash): not built, the rest still to do; the next refresh completes it.
    let steps = 0;
    await expect(
      rebuildRollup(t.ctx, async () => {
        if (++steps === 3) throw new Error('crash');
      }),
    ).rejects.toThrow('crash');
    expect(await rollupTimeZone(db)).toBeNull();
    expect((await rollupPending(db))?.months.length).toBe(Number(months.n) - 3);
    expect(await report(query)).toEqual(honest);
    let resumed = 0;
    await refreshChangedFacts(t.ctx, async () => void resumed++);
    expect(resumed).toBeGreaterThanOrEqual(Number(months.n) - 3);
    expect(await rollupTimeZone(db)).toBe(tz);
    expect({ month: await cells(), rest: await otherRollupRows() }).toEqual(reference);

    // A reset (as a migration that adds a rollup table does): the refresh rebuilds in steps, not in its own transaction.
    await db.execute(sql`UPDATE report_refresh SET rollup_time_zone = NULL WHERE id = 1`);
    let answered = 0;
    await refreshChangedFacts(t.ctx, async () => {
      if (answered === 0) expect(await report(query)).toEqual(honest);
      answered++;
    });
    expect(answered).toBeGreaterThanOrEqual(Number(months.n));
    expect({ month: await cells(), rest: await otherRollupRows() }).toEqual(reference);

    // Two instances at once share one rebuild: each step takes the next month under the job's lock, none twice.
    await db.transaction(async (tx) => beginRebuild(tx, tz));
    const [x, y] = await Promise.all([rebuildRollupSteps(t.ctx), rebuildRollupSteps(t.ctx)]);
    expect(x + y).toBe(Number(months.n));
    expect(await rollupTimeZone(db)).toBe(tz);
    expect({ month: await cells(), rest: await otherRollupRows() }).toEqual(reference);
  }, 240_000);
});

/** The dimensions', days' and phone rollups' rows, in a stable order. */
async function otherRollupRows() {
  const db = t.ctx.database.db;
  const all = async (q: ReturnType<typeof sql>) => rowsOf<Record<string, unknown>>(await db.execute(q));
  return {
    dimCells: await all(sql`SELECT * FROM report_month_dim_cells ORDER BY month, facility_id, dimension, key`),
    dimTimes: await all(sql`SELECT * FROM report_month_dim_packs ORDER BY month, facility_id, dimension, key, measure`),
    dimCsat: await all(sql`SELECT * FROM report_month_dim_csat ORDER BY month, facility_id, dimension, key`),
    dayCells: await all(sql`SELECT * FROM report_day_cells ORDER BY day, facility_id`),
    dayTimes: await all(sql`SELECT * FROM report_day_times ORDER BY day, facility_id, measure, bucket`),
    dayCsat: await all(sql`SELECT * FROM report_day_csat ORDER BY day, facility_id`),
    calls: await all(sql`SELECT * FROM report_month_calls ORDER BY month, line, agent_id, channel`),
    waits: await all(sql`SELECT * FROM report_month_call_waits ORDER BY month, line, agent_id, channel, tenths`),
  };
}
