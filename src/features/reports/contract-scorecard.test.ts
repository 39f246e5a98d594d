// The provider scorecard's two clocks (issue 16, DOMAIN.md): a provider's contract is judged on its own contract
// clocks, once per holding, and the clinician's experience on the hospital's clock of the tickets it held. Through
// the API on a real database: a vendor with a contract meets one holding, misses another, holds one ticket twice
// (met, then missed) and still holds a fourth; the scorecard's figures are checked exactly, from the facts and from
// the monthly rollup alike.
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTestApp, type TestApp } from '../../../test/app.ts';
import { addContract, buildHospital, type Hospital, signInAs } from '../../../test/factories.ts';
import { rowsOf } from '../../platform/db/connect.ts';
import { sweepSla } from '../sla/service.ts';
import { refreshChangedFacts } from './refresh.ts';
import { NOT_FOLLOW_UP } from './report-store.ts';
import { contractAttainment } from './rules/contract-attainment.ts';

let t: TestApp;
let h: Hospital;
let nurse: Client;
let agent: Client;
let vendor: Client;
let manager: Client;
const DAY = 86_400_000;
/** A uuid[] read as text[]: PGlite and node-postgres hand arrays back differently through raw SQL. */
type Arr = string[] | string;
const list = (v: Arr) => (Array.isArray(v) ? v : v.replace(/[{}]/g, '').split(',').filter(Boolean));

beforeAll(async () => {
  t = await createTestApp();
  h = await buildHospital(t.ctx);
  [nurse, agent, vendor] = await signInAs(t, h, 'nurse', 'agent', 'vendor');
  manager = await t.signIn('manager');
  await addContract(await t.signIn('admin'), h.vendor.id, { name: 'Scorecard vendor contract', position: 5 });
});
afterAll(() => t?.close());

async function ok(res: { statusCode: number; body: string; json: () => unknown }, status = 200) {
  expect(res.statusCode, res.body).toBe(status);
  return res.json() as Record<string, unknown>;
}
async function open(summary: string) {
  return (await ok(await nurse.post('/api/v1/tickets', { summary, serviceId: h.ehr.id }), 201)) as {
    number: string;
  };
}
const toVendor = async (number: string) =>
  ok(await agent.post(`/api/v1/tickets/${number}/escalations`, { toTier: 'vendor', reason: 'Vendor module fault.' }));
const reply = async (number: string) =>
  ok(
    await vendor.post(`/api/v1/tickets/${number}/comments`, {
      body: 'Reproduced; patch on its way.',
      visibility: 'vendor',
    }),
    201,
  );
const handBack = async (number: string) =>
  ok(
    await vendor.post(`/api/v1/tickets/${number}/escalations`, { toTier: 'tier2', reason: 'Patched, please confirm.' }),
  );
async function resolve(number: string) {
  const current = await ok(await agent.get(`/api/v1/tickets/${number}`));
  await ok(
    await agent.request({
      method: 'PATCH',
      url: `/api/v1/tickets/${number}`,
      payload: {
        version: current.version,
        status: 'resolved',
        resolution: { code: 'configuration_fixed', note: 'Confirmed with the unit.' },
      },
    }),
  );
}

type Rate = { numerator: number; n: number; pct: number | null; tooFewToCompare: boolean };
type Figures = { ticketsHandled: number; contractSlaAttainment: Rate; clinicianWaitMet: Rate };
type View = {
  providers: { id: string; system: Figures; facilities: { id: string; figures: Figures }[]; trend: unknown[] }[];
};
async function scorecard(from: number, to: number, minN = 2): Promise<View> {
  const q = `from=${new Date(from).toISOString()}&to=${new Date(to).toISOString()}&minN=${minN}`;
  return (await ok(await manager.get(`/api/v1/reports/scorecards?${q}`))) as unknown as View;
}

describe('the provider scorecard’s two clocks', () => {
  let numbers: { met: string; missed: string; twice: string; running: string };

  beforeAll(async () => {
    // A: the vendor replies and hands it back within its contract; the desk resolves it at once.
    const met = await open('Flowsheet freezes when charting vitals');
    await toVendor(met.number);
    await reply(met.number);
    await handBack(met.number);
    await resolve(met.number);
    // B: the vendor keeps it past its contract's targets (and the clinician waits past the hospital's).
    const missed = await open('MAR does not show the new insulin order');
    await toVendor(missed.number);
    // C: held twice by the vendor: the first holding meets the contract, the second misses it.
    const twice = await open('Orders module crashes when signing');
    await toVendor(twice.number);
    await reply(twice.number);
    await handBack(twice.number);
    await toVendor(twice.number);
    // Ten days on, the sweep finds B's and C's clocks breached (contract and hospital alike).
    const later = Date.now() + 10 * DAY;
    for (let i = 0; i < 50 && (await sweepSla(t.ctx, later)) > 0; i++);
    // D: escalated now, still with the vendor and inside every target: running, judged by neither figure.
    const running = await open('Badge tap does not sign in on the COW');
    await toVendor(running.number);
    numbers = { met: met.number, missed: missed.number, twice: twice.number, running: running.number };
    await refreshChangedFacts(t.ctx);
    await refreshChangedFacts(t.ctx);
  });

  it('keeps each holding’s contract verdict in the ticket’s facts, once per holding', async () => {
    const facts = rowsOf<{ number: string; met: Arr; missed: Arr }>(
      await t.ctx.database.db.execute(sql`
        SELECT f.number::text AS number, f.contract_met_by::text[] AS met, f.contract_missed_by::text[] AS missed
        FROM report_ticket_facts f WHERE ${h.vendor.id}::uuid = ANY(f.provider_ids) ORDER BY f.number`),
    );
    const byNumber = new Map(facts.map((f) => [Number(f.number), { met: list(f.met), missed: list(f.missed) }]));
    const of = (n: string) => byNumber.get(Number(n.replace(/\D/g, '')));
    const v = h.vendor.id;
    expect(of(numbers.met)).toEqual({ met: [v], missed: [] });
    expect(of(numbers.missed)).toEqual({ met: [], missed: [v] });
    expect(of(numbers.twice)).toEqual({ met: [v], missed: [v] });
    expect(of(numbers.running)).toEqual({ met: [], missed: [] });
  });

  it('reports contract attainment from the holdings and the clinician’s wait from the hospital clock, exactly', async () => {
    const now = Date.now();
    const narrow = await scorecard(now - DAY, now + DAY); // read from the facts
    const wide = await scorecard(now - 200 * DAY, now + 60_000); // whole months from the rollup
    for (const view of [narrow, wide]) {
      const card = view.providers.find((p) => p.id === h.vendor.id)!;
      expect(card.system.ticketsHandled).toBe(4);
      // Holdings judged: A met, B missed, C met then missed; D still runs. 2 of 4.
      expect(card.system.contractSlaAttainment).toMatchObject({ numerator: 2, n: 4, pct: 50, tooFewToCompare: false });
      // Tickets held whose hospital resolution clock is decided: A resolved in time, B and C breached; D runs.
      expect(card.system.clinicianWaitMet).toMatchObject({ numerator: 1, n: 3, pct: 33.3, tooFewToCompare: false });
      const facility = card.facilities.find((f) => f.id === h.facility.id)!;
      expect(facility.figures.contractSlaAttainment).toMatchObject({ numerator: 2, n: 4 });
      expect(facility.figures.clinicianWaitMet).toMatchObject({ numerator: 1, n: 3 });
    }
    // The wide range really read the rollup the refresh keeps: its cells hold the same counts.
    const [cell] = rowsOf<{ n: string | number; k: string | number; sla_n: string | number }>(
      await t.ctx.database.db.execute(sql`
        SELECT sum(contract_n) AS n, sum(contract_k) AS k, sum(sla_n) AS sla_n FROM report_month_providers
        WHERE provider_id = ${h.vendor.id}::uuid`),
    );
    expect([Number(cell?.n), Number(cell?.k), Number(cell?.sla_n)]).toEqual([4, 2, 3]);
    // The same min-n rule as every rate: below it, too few to compare.
    const strict = (await scorecard(now - DAY, now + DAY, 30)).providers.find((p) => p.id === h.vendor.id)!;
    expect(strict.system.contractSlaAttainment.tooFewToCompare).toBe(true);
    expect(strict.system.clinicianWaitMet.tooFewToCompare).toBe(true);
    // The desk (no contract) held none of its tickets on a contract: nothing judged.
    const desk = narrow.providers.find((p) => p.id === h.desk.id)!;
    expect(desk.system.contractSlaAttainment.n).toBe(0);
  });

  it('shows the demo hospital’s outsourcer and EHR vendor judged on their contracts, the in-house desk on none', async () => {
    const now = Date.now();
    const view = await scorecard(now - 400 * DAY, now + 60_000, 30);
    const byName = (re: RegExp) => view.providers.find((p) => re.test((p as { name?: string }).name ?? ''))!;
    const figures = (re: RegExp) => {
      const s = byName(re).system;
      return { contract: s.contractSlaAttainment, wait: s.clinicianWaitMet };
    };
    const [harborline, larkspur, inHouse] = [figures(/^Harborline/), figures(/^Larkspur/), figures(/^St\. Mary/)];
    // The test hospital's history is small: the outsourcer (the overnight first line) holds enough tickets to judge
    // and both meets and misses its contract; the EHR vendor few (81 % of 80 holdings in the 15,000-ticket demo).
    expect(harborline.contract.n).toBeGreaterThanOrEqual(30);
    expect(harborline.contract.numerator).toBeGreaterThan(0);
    expect(harborline.contract.numerator).toBeLessThan(harborline.contract.n);
    expect(larkspur.contract.n).toBeGreaterThan(0);
    for (const judged of [harborline, larkspur]) expect(judged.wait.n).toBeGreaterThan(0);
    expect(inHouse.contract.n).toBe(0);
    expect(inHouse.wait.n).toBeGreaterThan(0);
  });

  it('counts, for every provider, exactly the verdicts the pure rule gives over the facts', async () => {
    const now = Date.now();
    const view = await scorecard(now - 400 * DAY, now + 60_000, 30);
    const facts = rowsOf<{ providers: Arr; met: Arr; missed: Arr; resolution_met: boolean | null }>(
      await t.ctx.database.db.execute(sql`
        SELECT f.provider_ids::text[] AS providers, f.contract_met_by::text[] AS met,
          f.contract_missed_by::text[] AS missed, f.resolution_met
        FROM report_ticket_facts f WHERE ${NOT_FOLLOW_UP}`),
    ).map((f) => ({
      providerIds: list(f.providers),
      contractMetBy: list(f.met),
      contractMissedBy: list(f.missed),
      resolutionMet: f.resolution_met,
    }));
    for (const p of view.providers) {
      const held = facts.filter((f) => f.providerIds.includes(p.id));
      const { n, k } = contractAttainment(
        held.map((f) => ({ metBy: f.contractMetBy, missedBy: f.contractMissedBy })),
        p.id,
      );
      expect({
        provider: p.id,
        numerator: p.system.contractSlaAttainment.numerator,
        n: p.system.contractSlaAttainment.n,
      }).toEqual({ provider: p.id, numerator: k, n });
      const decided = held.filter((f) => f.resolutionMet !== null);
      expect([p.system.clinicianWaitMet.numerator, p.system.clinicianWaitMet.n]).toEqual([
        decided.filter((f) => f.resolutionMet).length,
        decided.length,
      ]);
      // Every judged holding's provider held the ticket (its verdict is never lost to the provider list).
      const all = contractAttainment(
        facts.map((f) => ({ metBy: f.contractMetBy, missedBy: f.contractMissedBy })),
        p.id,
      );
      expect(all).toEqual({ n, k });
    }
  });

  it('fills in the verdicts after an upgrade: migration 0054 has the next refresh re-judge tickets with contract clocks', async () => {
    const db = t.ctx.database.db;
    const read = async () => ({
      facts: rowsOf(
        await db.execute(sql`
          SELECT ticket_id::text, contract_met_by::text[] AS met, contract_missed_by::text[] AS missed
          FROM report_ticket_facts WHERE cardinality(contract_met_by) + cardinality(contract_missed_by) > 0
          ORDER BY ticket_id`),
      ),
      rollup: rowsOf(
        await db.execute(sql`
          SELECT month::text, coalesce(facility_id::text, '') AS facility, provider_id::text, contract_n, contract_k
          FROM report_month_providers WHERE contract_n > 0 ORDER BY 1, 2, 3`),
      ),
    });
    const before = await read();
    expect(before.facts.length).toBeGreaterThan(4);
    // Every ticket last changed a day ago (the sweep ten days on wrote its own "now"), so a refresh now has nothing to
    // re-judge (its overlap is 5 minutes).
    await db.execute(sql`UPDATE tickets SET updated_at = least(updated_at, now()) - interval '1 day'`);
    await db.execute(sql`UPDATE ticket_sla SET computed_at = least(computed_at, now()) - interval '1 day'`);
    await refreshChangedFacts(t.ctx);
    // As the columns come in: empty verdicts and zero counts everywhere. A refresh alone fills in nothing…
    await db.execute(sql`UPDATE report_ticket_facts SET contract_met_by = '{}', contract_missed_by = '{}'`);
    await db.execute(sql`UPDATE report_month_providers SET contract_n = 0, contract_k = 0`);
    await refreshChangedFacts(t.ctx);
    expect((await read()).facts).toEqual([]);
    // …the migration's own last statement has the next refresh re-judge the tickets with contract clocks.
    const migration = fs.readFileSync(
      path.join(import.meta.dirname, '../../platform/db/migrations/0054_contract_attainment.sql'),
      'utf8',
    );
    const last = migration.split('--> statement-breakpoint').at(-1)!;
    expect(last).toMatch(/UPDATE "ticket_sla" SET "computed_at"/);
    await db.execute(sql.raw(last));
    await refreshChangedFacts(t.ctx);
    expect(await read()).toEqual(before);
  });

  it('is never the vendor’s to read', async () => {
    expect((await vendor.get(`/api/v1/reports/scorecards?from=2026-01-01&to=2026-02-01`)).statusCode).toBe(403);
  });
});
