// The dimensions' monthly rollup on the demo history: a report grouped by or filtered to one of unit, clinical role,
// service, module, provider, group or agent, read from whole months of that rollup plus the facts at the range's
// edges, gives exactly the figures (CSAT included) the facts alone give; an agent's own report reads it and still
// shows only the agent's tickets; and the rollup kept up to date by the refresh equals one rebuilt from scratch.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTestApp, type TestApp } from '../../../test/app.ts';
import { rowsOf } from '../../platform/db/connect.ts';
import { DIM_FILTERS, type KeptDimension } from './dims-rollup-store.ts';
import { rebuildFacts, refreshChangedFacts } from './refresh.ts';
import { groupKeySql, reportTimeZone } from './report-store.ts';
import { rebuildAllMonths, rollupTimeZone } from './rollup-store.ts';

let t: TestApp;
let manager: Client;
let range: string;
let from: string;
let to: string;

const DAY = 86_400_000;
const DIMENSIONS = Object.keys(DIM_FILTERS) as KeptDimension[];
const NOT_FOLLOW_UP = sql`f.ticket_id NOT IN (SELECT followup_ticket_id FROM survey_recoveries WHERE followup_ticket_id IS NOT NULL)`;

beforeAll(async () => {
  t = await createTestApp();
  await rebuildFacts(t.ctx);
  manager = await t.signIn('manager');
  const r = rowsOf<{ lo: Date | string; hi: Date | string }>(
    await t.ctx.database.db.execute(sql`SELECT min(created_at) AS lo, max(created_at) AS hi FROM tickets`),
  )[0]!;
  // 17 days after the first ticket to 11 days before the last: whole months inside, odd days at both edges.
  from = new Date(new Date(r.lo).getTime() + 17 * DAY + 3_600_000).toISOString();
  to = new Date(new Date(r.hi).getTime() - 11 * DAY - 7_200_000).toISOString();
  range = `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
}, 300_000);
afterAll(() => t?.close());

async function report(client: Client, query: string) {
  const res = await client.get(`/api/v1/reports/tickets?${query}`);
  expect(res.statusCode, res.body).toBe(200);
  const { factsAsOf: _, ...rest } = res.json();
  return rest;
}

/** The same report with the rollups switched off (the facts alone answer) and on. */
async function bothWays(query: string, client = manager) {
  const db = t.ctx.database.db;
  const tz = await rollupTimeZone(db);
  await db.execute(sql`UPDATE report_refresh SET rollup_time_zone = NULL WHERE id = 1`);
  const factsOnly = await report(client, query);
  await db.execute(sql`UPDATE report_refresh SET rollup_time_zone = ${tz} WHERE id = 1`);
  return { factsOnly, withRollup: await report(client, query) };
}

/**
 * The key of `dimension` held by the most tickets in the range (not '': a filter names a real id or role), at one
 * facility when given.
 */
async function commonKey(dimension: KeptDimension, facility?: string): Promise<string> {
  const db = t.ctx.database.db;
  const g = groupKeySql(dimension, 'month', await reportTimeZone(db));
  const [row] = rowsOf<{ key: string }>(
    await db.execute(sql`
      SELECT ${g.key} AS key FROM ${g.from}
      WHERE f.created_at >= ${from}::timestamptz AND f.created_at < ${to}::timestamptz AND ${g.key} <> ''
        ${facility ? sql`AND f.facility_id = ${facility}::uuid` : sql``}
      GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1`),
  );
  expect(row, dimension).toBeDefined();
  return row!.key;
}

/** A facility in the hospital's time zone (its reports are cut in the rollup's months), the busiest. */
async function homeFacility(): Promise<string> {
  const db = t.ctx.database.db;
  const [row] = rowsOf<{ id: string }>(
    await db.execute(sql`
      SELECT fa.id::text AS id FROM facilities fa JOIN report_ticket_facts f ON f.facility_id = fa.id
      WHERE fa.time_zone = ${await reportTimeZone(db)} GROUP BY fa.id ORDER BY count(*) DESC LIMIT 1`),
  );
  return row!.id;
}

async function dimRows() {
  const db = t.ctx.database.db;
  const order = sql.raw('month, facility_id, dimension, key');
  return {
    cells: rowsOf(await db.execute(sql`SELECT * FROM report_month_dim_cells ORDER BY ${order}`)),
    times: rowsOf(await db.execute(sql`SELECT * FROM report_month_dim_packs ORDER BY ${order}, measure`)),
    csat: rowsOf(await db.execute(sql`SELECT * FROM report_month_dim_csat ORDER BY ${order}`)),
  };
}

async function rebuild() {
  await t.ctx.database.db.transaction(async (tx) => rebuildAllMonths(tx, await reportTimeZone(tx)));
}

describe('the dimensions’ monthly rollup', () => {
  it('holds every dimension, and a ticket once under each provider that held it', async () => {
    const db = t.ctx.database.db;
    const rows = rowsOf<{ dimension: string; tickets: number | string }>(
      await db.execute(
        sql`SELECT dimension, sum(tickets_n) AS tickets FROM report_month_dim_cells GROUP BY 1 ORDER BY 1`,
      ),
    );
    expect(rows.map((r) => r.dimension).sort()).toEqual([...DIMENSIONS].sort());
    const [facts] = rowsOf<{ tickets: number | string; held: number | string }>(
      await db.execute(sql`
        SELECT count(*) AS tickets, sum(greatest(cardinality(f.provider_ids), 1)) AS held
        FROM report_ticket_facts f WHERE ${NOT_FOLLOW_UP}`),
    );
    for (const r of rows) {
      const expected = r.dimension === 'provider' ? facts!.held : facts!.tickets;
      expect(Number(r.tickets), r.dimension).toBe(Number(expected));
    }
    expect(Number(facts!.held)).toBeGreaterThan(Number(facts!.tickets)); // some tickets were held by two providers
  });

  it('gives the same figures as the facts alone for every dimension, grouped and filtered, mid-month ranges', async () => {
    const facility = await homeFacility();
    const cuts: string[] = [];
    for (const dimension of DIMENSIONS) {
      const filter = `${DIM_FILTERS[dimension]}=${encodeURIComponent(await commonKey(dimension))}`;
      cuts.push(
        `groupBy=${dimension}`,
        `groupBy=${dimension}&facilityId=${facility}`,
        `${filter}&groupBy=period&period=month`,
        `${filter}&groupBy=facility`,
        `${filter}&groupBy=${dimension}`,
        `${DIM_FILTERS[dimension]}=${await commonKey(dimension, facility)}&facilityId=${facility}&groupBy=period&period=month`,
      );
    }
    const honest = new Map<string, Awaited<ReturnType<typeof report>>>();
    for (const cut of cuts) {
      const { factsOnly, withRollup } = await bothWays(`${range}&${cut}`);
      expect(withRollup, cut).toEqual(factsOnly);
      expect(withRollup.total.tickets, cut).toBeGreaterThan(0);
      honest.set(cut, withRollup);
    }
    // Some answers are counted through the rollup too.
    expect(honest.get('groupBy=unit')!.csat.n).toBeGreaterThan(0);
    expect(honest.get('groupBy=provider')!.groups.some((g: { csat: { n: number } }) => g.csat.n > 0)).toBe(true);

    // The whole months really come from the dimensions' rollup: cells changed by hand show in every cut (but the
    // groups of one provider's tickets by provider, which name the other providers that held them too: the facts
    // answer those; its total, asked apart, is the rollup's).
    const db = t.ctx.database.db;
    await db.execute(sql`UPDATE report_month_dim_cells SET tickets_n = tickets_n + 1000, tickets_k = tickets_k + 1000`);
    const factsCut = /^providerId=[^&]*&groupBy=provider$/;
    expect(cuts.filter((cut) => factsCut.test(cut))).toHaveLength(1);
    for (const cut of cuts) {
      const changed = await report(manager, `${range}&${cut}`);
      if (factsCut.test(cut)) {
        expect(changed.groups, cut).toEqual(honest.get(cut)!.groups);
        expect(changed.total.tickets, cut).toBeGreaterThanOrEqual(honest.get(cut)!.total.tickets + 1000);
        continue;
      }
      const groups = (r: typeof changed) =>
        r.groups.reduce((s: number, g: { figures: { tickets: number } }) => s + g.figures.tickets, 0);
      expect(groups(changed), cut).toBeGreaterThanOrEqual(groups(honest.get(cut)!) + 1000);
    }
    await rebuild();
    for (const cut of cuts) expect(await report(manager, `${range}&${cut}`), cut).toEqual(honest.get(cut));
  }, 600_000);

  it('leaves two kept dimensions at once, or one with a channel filter, to the facts', async () => {
    const unit = await commonKey('unit');
    const agent = await commonKey('agent');
    const db = t.ctx.database.db;
    const cuts = [
      `unitId=${unit}&agentId=${agent}&groupBy=period&period=month`,
      `unitId=${unit}&groupBy=agent`,
      `unitId=${unit}&channel=phone&groupBy=facility`,
      `groupBy=agent&priority=2`,
      `unitId=${unit}&groupBy=period&period=week`,
    ];
    const before = new Map<string, unknown>();
    for (const cut of cuts) {
      const { factsOnly, withRollup } = await bothWays(`${range}&${cut}`);
      expect(withRollup, cut).toEqual(factsOnly);
      before.set(cut, withRollup);
    }
    await db.execute(sql`UPDATE report_month_dim_cells SET tickets_n = tickets_n + 1000, tickets_k = tickets_k + 1000`);
    for (const cut of cuts) expect(await report(manager, `${range}&${cut}`), cut).toEqual(before.get(cut));
    await rebuild();
  }, 240_000);

  it('answers an agent’s own report from it, with only the agent’s tickets', async () => {
    const db = t.ctx.database.db;
    const agent = await t.signIn('agent');
    const [me] = rowsOf<{ id: string }>(
      await db.execute(sql`SELECT id::text AS id FROM users WHERE username = 'agent'`),
    );
    const [mine] = rowsOf<{ n: number | string }>(
      await db.execute(sql`
        SELECT count(*) AS n FROM report_ticket_facts f
        WHERE f.agent_id = ${me!.id}::uuid AND f.created_at >= ${from}::timestamptz AND f.created_at < ${to}::timestamptz
          AND ${NOT_FOLLOW_UP}`),
    );
    expect(Number(mine!.n)).toBeGreaterThan(0);
    for (const cut of ['groupBy=period&period=month', 'groupBy=facility', 'groupBy=agent']) {
      const { factsOnly, withRollup } = await bothWays(`${range}&${cut}`, agent);
      expect(withRollup, cut).toEqual(factsOnly);
      expect(withRollup.scope).toBe('own');
      expect(withRollup.total.tickets, cut).toBe(Number(mine!.n));
    }
    // Another agent's cells never reach this agent's report; this agent's do (it is read from the rollup).
    const own = await report(agent, `${range}&groupBy=period&period=month`);
    await db.execute(sql`
      UPDATE report_month_dim_cells SET tickets_n = tickets_n + 1000, tickets_k = tickets_k + 1000
      WHERE dimension = 'agent' AND key <> ${me!.id}`);
    expect(await report(agent, `${range}&groupBy=period&period=month`)).toEqual(own);
    await db.execute(sql`
      UPDATE report_month_dim_cells SET tickets_n = tickets_n + 1000, tickets_k = tickets_k + 1000
      WHERE dimension = 'agent' AND key = ${me!.id}`);
    expect((await report(agent, `${range}&groupBy=period&period=month`)).total.tickets).toBeGreaterThan(
      own.total.tickets + 1000,
    );
    await rebuild();
    expect(await report(agent, `${range}&groupBy=period&period=month`)).toEqual(own);
  }, 240_000);

  it('kept up to date by the refresh after tickets change equals the rollup rebuilt from the facts, twice', async () => {
    const db = t.ctx.database.db;
    const [a, b] = rowsOf<{ id: string; group_id: string | null; provider_ids: unknown }>(
      await db.execute(sql`
        SELECT t.id, t.group_id FROM tickets t JOIN report_ticket_facts f ON f.ticket_id = t.id
        WHERE cardinality(t.provider_ids) > 0 ORDER BY t.id LIMIT 2`),
    );
    const [other] = rowsOf<{ id: string }>(
      await db.execute(sql`SELECT id FROM groups WHERE id IS DISTINCT FROM ${a!.group_id}::uuid ORDER BY id LIMIT 1`),
    );
    const [unit] = rowsOf<{ id: string }>(
      await db.execute(
        sql`SELECT id FROM units WHERE id NOT IN (SELECT unit_id FROM tickets WHERE id = ${b!.id} AND unit_id IS NOT NULL) ORDER BY id LIMIT 1`,
      ),
    );
    await db.execute(
      sql`UPDATE tickets SET group_id = ${other!.id}, provider_ids = '{}', updated_at = now() WHERE id = ${a!.id}`,
    );
    await db.execute(sql`UPDATE tickets SET unit_id = ${unit!.id}, updated_at = now() WHERE id = ${b!.id}`);
    const before = await dimRows();
    expect(await refreshChangedFacts(t.ctx)).toBeGreaterThanOrEqual(2);
    const maintained = await dimRows();
    expect(maintained.cells).not.toEqual(before.cells);
    const [moved] = rowsOf<{ n: number | string }>(
      await db.execute(sql`
        SELECT count(*) AS n FROM report_month_dim_cells c JOIN report_ticket_facts f ON f.ticket_id = ${a!.id}
        WHERE c.dimension = 'group' AND c.key = ${other!.id}::text
          AND c.month = date_trunc('month', f.created_at AT TIME ZONE ${await reportTimeZone(db)})::date`),
    );
    expect(Number(moved!.n)).toBeGreaterThan(0);
    await rebuild();
    expect(await dimRows()).toEqual(maintained);
    await rebuild();
    expect(await dimRows()).toEqual(maintained);
  }, 240_000);
});
