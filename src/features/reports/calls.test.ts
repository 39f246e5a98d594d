// The phone report over a range equals the wallboard's rules (routing/rules/metrics.ts) over the same calls, and its
// average handle time the reports' own rule (rules/metrics.ts) — on generated calls and on the demo hospital's year.
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTestApp, type TestApp } from '../../../test/app.ts';
import { SYSTEM_META } from '../../platform/actor.ts';
import { rowsOf } from '../../platform/db/connect.ts';
import { newId } from '../../platform/ids.ts';
import { lineFigures } from '../routing/rules/metrics.ts';
import { DEFAULT_ROUTING } from '../routing/rules/route.ts';
import { saveRoutingSettings, settingsOf } from '../routing/service/settings.ts';
import { SHARED_COUNTS_MS, wallboard } from '../routing/service/wallboard.ts';
import { contacts } from '../routing/tables.ts';
import { rebuildRollup, refreshChangedFacts } from './refresh.ts';
import { averageHandleSeconds } from './rules/metrics.ts';

let t: TestApp;
let manager: Client;
const T0 = Date.UTC(2025, 4, 5, 14);

const call = fc.record({
  line: fc.constantFrom('provider', 'clinical', 'general'),
  offsetMin: fc.integer({ min: 0, max: 60 * 24 * 20 }),
  waitMs: fc.integer({ min: 0, max: 120_000 }),
  answered: fc.boolean(),
  talkMs: fc.integer({ min: 10_000, max: 900_000 }),
  wrapMs: fc.option(fc.integer({ min: 0, max: 120_000 }), { nil: null }),
});
const calls = fc.sample(call, { numRuns: 150, seed: 42 });

beforeAll(async () => {
  t = await createTestApp();
  manager = await t.signIn('manager');
  await t.ctx.database.db.insert(contacts).values(
    calls.map((c) => {
      const queued = T0 + c.offsetMin * 60_000;
      const answered = c.answered ? queued + c.waitMs : null;
      const ended = answered === null ? queued + c.waitMs : answered + c.talkMs;
      return {
        id: newId(),
        channel: 'phone',
        line: c.line,
        state: 'done',
        offeredAt: new Date(queued),
        queuedAt: new Date(queued),
        answeredAt: answered === null ? null : new Date(answered),
        endedAt: new Date(ended),
        wrapDoneAt: answered === null || c.wrapMs === null ? null : new Date(ended + c.wrapMs),
        outcome: answered === null ? 'abandoned' : 'answered',
      } satisfies typeof contacts.$inferInsert;
    }),
  );
});
afterAll(() => t?.close());

describe('phone figures over a range', () => {
  it('gives each line the ASA, p80, % within target and abandonment the wallboard rules give, and the rule AHT', async () => {
    const from = new Date(T0 - 86_400_000).toISOString();
    const to = new Date(T0 + 30 * 86_400_000).toISOString();
    const res = await manager.get(`/api/v1/reports/calls?from=${from}&to=${to}&groupBy=line`);
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json();
    expect(report.groups).toHaveLength(3);
    for (const g of report.groups) {
      const mine = calls.filter((c) => c.line === g.key);
      const rows = mine.map((c) => {
        const queued = T0 + c.offsetMin * 60_000;
        return {
          queuedAt: queued,
          answeredAt: c.answered ? queued + c.waitMs : null,
          endedAt: c.answered ? queued + c.waitMs + c.talkMs : queued + c.waitMs,
          outcome: c.answered ? ('answered' as const) : ('abandoned' as const),
        };
      });
      const rule = lineFigures(rows, report.targets[g.key] * 1000);
      expect(g.figures.offered).toBe(rule.offered);
      expect(g.figures.answered).toBe(rule.answered);
      expect(g.figures.abandonment.numerator).toBe(rule.abandoned);
      expect(g.figures.abandonment.pct).toBe(rule.abandonmentPct);
      expect(g.figures.asaSeconds).toBe(rule.asaSeconds);
      expect(g.figures.asaP80Seconds).toBe(rule.asaP80Seconds);
      expect(g.figures.answeredWithinTarget.pct).toBe(rule.answeredWithinTargetPct);
      const handled = mine.map((c) => {
        const answered = T0 + c.offsetMin * 60_000 + c.waitMs;
        return c.answered
          ? {
              answeredAt: answered,
              endedAt: answered + c.talkMs,
              wrapDoneAt: c.wrapMs === null ? null : answered + c.talkMs + c.wrapMs,
            }
          : { answeredAt: null, endedAt: answered, wrapDoneAt: null };
      });
      expect(g.figures.ahtSeconds).toBe(averageHandleSeconds(handled).seconds);
    }
    expect(report.total.offered).toBe(calls.length);
  });
});

describe('phone figures by agent', () => {
  it("names each agent's group after the person, and calls nobody answered 'not answered'", async () => {
    const agent = rowsOf<{ id: string; name: string }>(
      await t.ctx.database.db.execute(sql`SELECT id, display_name AS name FROM users WHERE username = 'agent'`),
    )[0]!;
    // Ten days before the other calls, so the line figures above keep their own range.
    const queued = new Date(T0 - 10 * 86_400_000);
    const at = (s: number) => new Date(queued.getTime() + s * 1000);
    await t.ctx.database.db.insert(contacts).values([
      {
        id: newId(),
        channel: 'phone',
        line: 'general',
        state: 'done',
        offeredAt: queued,
        queuedAt: queued,
        answeredAt: at(8),
        endedAt: at(200),
        outcome: 'answered',
        agentId: agent.id,
      },
      {
        id: newId(),
        channel: 'phone',
        line: 'general',
        state: 'done',
        offeredAt: at(60),
        queuedAt: at(60),
        endedAt: at(90),
        outcome: 'abandoned',
      },
    ]);
    const range = `from=${at(-60).toISOString()}&to=${at(3600).toISOString()}`;
    const res = await manager.get(`/api/v1/reports/calls?${range}&groupBy=agent`);
    expect(res.statusCode, res.body).toBe(200);
    const groups = res
      .json()
      .groups.map((g: { key: string; label: string; figures: { offered: number } }) => [
        g.key,
        g.label,
        g.figures.offered,
      ]);
    expect(groups).toEqual([
      ['', 'not answered', 1],
      [agent.id, agent.name, 1],
    ]);
  });
});

describe('the wallboard beyond today', () => {
  it("shows yesterday's calls under yesterday (and this week when yesterday was in it), not under today", async () => {
    const zone = rowsOf<{ tz: string }>(
      await t.ctx.database.db.execute(sql`SELECT time_zone AS tz FROM facilities ORDER BY code LIMIT 1`),
    )[0]!.tz;
    const before = (await manager.get('/api/v1/wallboard')).json();
    const noon = DateTime.now().setZone(zone).startOf('day').minus({ days: 1 }).plus({ hours: 12 });
    await t.ctx.database.db.insert(contacts).values({
      id: newId(),
      channel: 'phone',
      line: 'general',
      state: 'done',
      offeredAt: noon.toJSDate(),
      queuedAt: noon.toJSDate(),
      answeredAt: noon.plus({ seconds: 12 }).toJSDate(),
      endedAt: noon.plus({ minutes: 4 }).toJSDate(),
      outcome: 'answered',
    });
    // Yesterday and this week are shared between polls for SHARED_COUNTS_MS: a late call shows once they expire.
    const after = await wallboard(t.ctx, new Date(Date.now() + SHARED_COUNTS_MS));
    const general = (w: typeof after, when: 'today' | 'yesterday' | 'thisWeek') =>
      w[when].find((l: { line: string }) => l.line === 'general')!.offered;
    expect(general(after, 'yesterday')).toBe(general(before, 'yesterday') + 1);
    expect(general(after, 'today')).toBe(general(before, 'today'));
    const mondayToday = DateTime.now().setZone(zone).weekday === 1;
    expect(general(after, 'thisWeek')).toBe(general(before, 'thisWeek') + (mondayToday ? 0 : 1));
  });
});

describe("the demo hospital's year of calls", () => {
  type Row = {
    line: string;
    queued_at: Date | string;
    answered_at: Date | string | null;
    ended_at: Date | string | null;
    outcome: string | null;
  };
  const ms = (d: Date | string | null) => (d === null ? null : new Date(d).getTime());
  async function callsBetween(from: string, to: string) {
    return rowsOf<Row>(
      await t.ctx.database.db.execute(sql`SELECT line, queued_at, answered_at, ended_at, outcome FROM contacts
        WHERE offered_at >= ${from}::timestamptz AND offered_at < ${to}::timestamptz`),
    ).map((r) => ({
      line: r.line,
      queuedAt: ms(r.queued_at)!,
      answeredAt: ms(r.answered_at),
      endedAt: ms(r.ended_at),
      outcome: r.outcome as 'answered' | 'abandoned' | 'transferred' | null,
    }));
  }

  it('shows a figure for every month, and per line the ASA, p80, % within target and abandonment of lineFigures()', async () => {
    const to = new Date(Date.now() + 60_000).toISOString();
    const from = new Date(Date.now() - 365 * 86_400_000).toISOString();
    const range = `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
    const byMonth = (await manager.get(`/api/v1/reports/calls?${range}&groupBy=period&period=month`)).json();
    // Twelve months and the part of a thirteenth the range starts in, every one with calls.
    expect(byMonth.groups.length).toBeGreaterThanOrEqual(12);
    for (const g of byMonth.groups) expect(g.figures.offered, g.key).toBeGreaterThan(0);
    const rows = await callsBetween(from, to);
    expect(byMonth.total.offered).toBe(rows.length);
    expect(rows.length).toBeGreaterThan(300);

    const byLine = (await manager.get(`/api/v1/reports/calls?${range}&groupBy=line`)).json();
    expect(byLine.groups.map((g: { key: string }) => g.key)).toEqual(['clinical', 'general', 'provider']);
    for (const g of byLine.groups) {
      const rule = lineFigures(
        rows.filter((r) => r.line === g.key),
        byLine.targets[g.key] * 1000,
      );
      expect(g.figures.offered).toBe(rule.offered);
      expect(g.figures.answered).toBe(rule.answered);
      expect(g.figures.abandonment.numerator).toBe(rule.abandoned);
      expect(g.figures.abandonment.pct).toBe(rule.abandonmentPct);
      expect(g.figures.asaSeconds).toBe(rule.asaSeconds);
      expect(g.figures.asaP80Seconds).toBe(rule.asaP80Seconds);
      expect(g.figures.answeredWithinTarget.pct).toBe(rule.answeredWithinTargetPct);
      expect(g.figures.ahtSeconds).toBeGreaterThan(60);
    }
  });

  it("gives this week's figures on the wallboard equal to the phone report over the same days", async () => {
    const zone = rowsOf<{ tz: string }>(
      await t.ctx.database.db.execute(sql`SELECT time_zone AS tz FROM facilities ORDER BY code LIMIT 1`),
    )[0]!.tz;
    const monday = DateTime.now().setZone(zone).startOf('week').toJSDate().toISOString();
    const to = new Date(Date.now() + 60_000).toISOString();
    // Counted afresh (past the shared counts' lifetime), so calls added by the tests above are in it too.
    const board = await wallboard(t.ctx, new Date(Date.now() + SHARED_COUNTS_MS));
    const report = (
      await manager.get(
        `/api/v1/reports/calls?from=${encodeURIComponent(monday)}&to=${encodeURIComponent(to)}&groupBy=line`,
      )
    ).json();
    for (const l of board.thisWeek) {
      const g = report.groups.find((x: { key: string }) => x.key === l.line);
      expect({
        line: l.line,
        offered: l.offered,
        answered: l.answered,
        abandoned: l.abandoned,
        asa: l.asaSeconds,
        p80: l.asaP80Seconds,
        within: l.answeredWithinTargetPct,
        abandonment: l.abandonmentPct,
      }).toEqual({
        line: l.line,
        offered: g?.figures.offered ?? 0,
        answered: g?.figures.answered ?? 0,
        abandoned: g?.figures.abandonment.numerator ?? 0,
        asa: g?.figures.asaSeconds ?? null,
        p80: g?.figures.asaP80Seconds ?? null,
        within: g?.figures.answeredWithinTarget.pct ?? null,
        abandonment: g?.figures.abandonment.pct ?? null,
      });
    }
  });
});

describe('the phone rollup', () => {
  // Twelve whole local months and this month so far: the rollup answers all of it (no contacts at the edges).
  async function yearRange() {
    const zone = rowsOf<{ tz: string }>(
      await t.ctx.database.db.execute(sql`SELECT time_zone AS tz FROM facilities ORDER BY code LIMIT 1`),
    )[0]!.tz;
    const from = DateTime.now().setZone(zone).startOf('month').minus({ months: 12 }).toJSDate().toISOString();
    const to = new Date(Date.now() + 60_000).toISOString();
    return `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
  }
  // A range that starts and ends inside months: both edges are read from the contacts.
  const oddRange = () =>
    `from=${encodeURIComponent(new Date(Date.now() - 200.5 * 86_400_000).toISOString())}&to=${encodeURIComponent(
      new Date(Date.now() - 20.25 * 86_400_000).toISOString(),
    )}`;
  const cuts = ['groupBy=period&period=month', 'groupBy=line', 'groupBy=agent', 'groupBy=channel', 'line=clinical'];
  async function reports(range: string) {
    const out: Record<string, unknown> = {};
    for (const cut of cuts) {
      const res = await manager.get(`/api/v1/reports/calls?${range}&${cut}`);
      expect(res.statusCode, res.body).toBe(200);
      out[cut] = res.json();
    }
    return out;
  }

  it('gives every cut the same figures from whole months of the rollup as from the contacts, edges included', async () => {
    const [year, odd] = [await yearRange(), oddRange()];
    // Before any build the reports read the contacts only.
    const fromContacts = { year: await reports(year), odd: await reports(odd) };
    await rebuildRollup(t.ctx);
    const cells = rowsOf<{ n: string }>(
      await t.ctx.database.db.execute(sql`SELECT count(*) AS n FROM report_month_call_waits`),
    )[0]!;
    expect(Number(cells.n)).toBeGreaterThan(0);
    expect({ year: await reports(year), odd: await reports(odd) }).toEqual(fromContacts);
  });

  it('reads whole months from the rollup (a changed cell shows), and a rebuild puts the cell back', async () => {
    await rebuildRollup(t.ctx);
    const range = await yearRange();
    const before = (await manager.get(`/api/v1/reports/calls?${range}&groupBy=line`)).json();
    await t.ctx.database.db.execute(
      sql`UPDATE report_month_calls SET offered = offered + 1000
        WHERE ctid = (SELECT min(ctid) FROM report_month_calls WHERE month = (SELECT max(month) FROM report_month_calls))`,
    );
    const tampered = (await manager.get(`/api/v1/reports/calls?${range}&groupBy=line`)).json();
    expect(tampered.total.offered).toBe(before.total.offered + 1000);
    await rebuildRollup(t.ctx);
    expect((await manager.get(`/api/v1/reports/calls?${range}&groupBy=line`)).json()).toEqual(before);
  });

  it('follows a call that changes after the build into the figures at the next refresh', async () => {
    await rebuildRollup(t.ctx);
    await refreshChangedFacts(t.ctx);
    const range = await yearRange();
    const before = (await manager.get(`/api/v1/reports/calls?${range}&groupBy=line`)).json();
    const general = (r: typeof before) => r.groups.find((g: { key: string }) => g.key === 'general').figures;
    // One of last month's answered general-line calls turns out to have been abandoned after 40 s.
    const [changed] = rowsOf<{ id: string }>(
      await t.ctx.database.db.execute(sql`
        UPDATE contacts SET answered_at = NULL, outcome = 'abandoned', ended_at = queued_at + interval '40 seconds',
          agent_id = NULL
        WHERE id = (SELECT id FROM contacts WHERE line = 'general' AND answered_at IS NOT NULL
          AND offered_at < date_trunc('month', now()) - interval '3 days' ORDER BY offered_at DESC LIMIT 1)
        RETURNING id`),
    );
    expect(changed).toBeDefined();
    await refreshChangedFacts(t.ctx);
    const after = (await manager.get(`/api/v1/reports/calls?${range}&groupBy=line`)).json();
    expect(general(after).offered).toBe(general(before).offered);
    expect(general(after).answered).toBe(general(before).answered - 1);
    expect(general(after).abandonment.numerator).toBe(general(before).abandonment.numerator + 1);
  });

  it('counts "within target" with the line targets of the moment, before and after the rollup is rebuilt', async () => {
    await rebuildRollup(t.ctx);
    const range = await yearRange();
    const within = async () =>
      (await manager.get(`/api/v1/reports/calls?${range}&groupBy=line`))
        .json()
        .groups.find((g: { key: string }) => g.key === 'general').figures.answeredWithinTarget.numerator;
    const atDefault = await within();
    const settings = settingsOf(DEFAULT_ROUTING);
    settings.lines.general.targetSeconds = 20;
    await saveRoutingSettings(t.ctx, SYSTEM_META, settings);
    try {
      const counted = rowsOf<{ n: string }>(
        await t.ctx.database.db.execute(sql`
          SELECT count(*) AS n FROM contacts c WHERE c.line = 'general' AND c.answered_at IS NOT NULL
            AND extract(epoch FROM c.answered_at - c.queued_at) <= 20
            AND c.offered_at >= ${decodeURIComponent(range.split('&')[0]!.slice(5))}::timestamptz`),
      )[0]!;
      // At once (read from the contacts while the rollup holds the old targets), then from the rebuilt rollup.
      expect(await within()).toBe(Number(counted.n));
      expect(Number(counted.n)).toBeLessThan(atDefault);
      await refreshChangedFacts(t.ctx);
      expect(await within()).toBe(Number(counted.n));
    } finally {
      await saveRoutingSettings(t.ctx, SYSTEM_META, settingsOf(DEFAULT_ROUTING));
    }
  });
});
