// The wallboard's figures come from SQL counts (wallboard-store.ts) and equal the pure lineFigures() over the same
// calls — today, yesterday and this week cut at local midnights (a DST week included); yesterday's and this week's
// counts are shared through the database for SHARED_COUNTS_MS and counted again when they expire or their basis
// (a new day, a changed target) moves.
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { SYSTEM_META } from '../../platform/actor.ts';
import { rowsOf } from '../../platform/db/connect.ts';
import { newId } from '../../platform/ids.ts';
import { type ContactOutcome, lineFigures } from './rules/metrics.ts';
import { DEFAULT_ROUTING, LINES } from './rules/route.ts';
import { saveRoutingSettings, settingsOf } from './service/settings.ts';
import { SHARED_COUNTS_MS, wallboard } from './service/wallboard.ts';
import { contacts } from './tables.ts';
import { WALLBOARD_COUNTS_KEY } from './wallboard-store.ts';

let t: TestApp;
let zone: string;
beforeAll(async () => {
  t = await createTestApp();
  zone = rowsOf<{ tz: string }>(
    await t.ctx.database.db.execute(sql`SELECT time_zone AS tz FROM facilities ORDER BY code LIMIT 1`),
  )[0]!.tz;
});
afterAll(() => t?.close());

// Waits and hang-ups on the edges the rules care about: at the 20 s and 30 s targets and the 5 s grace, and beside.
const edgeMs = fc.constantFrom(0, 4_999, 5_000, 5_001, 19_999, 20_000, 20_001, 29_999, 30_000, 30_001);
const call = fc.record({
  line: fc.constantFrom(...LINES),
  offsetMs: fc.integer({ min: 0, max: 9 * 86_400_000 }),
  waitMs: fc.oneof(edgeMs, fc.integer({ min: 0, max: 300_000 })),
  answered: fc.boolean(),
  endless: fc.boolean(),
});

async function insertCalls(now: DateTime, seed: number) {
  const rows = fc.sample(call, { numRuns: 300, seed }).map((c) => {
    const queued = now.toMillis() - c.offsetMs;
    const answered = c.answered ? queued + c.waitMs : null;
    return {
      id: newId(),
      channel: 'phone',
      line: c.line,
      state: 'done',
      offeredAt: new Date(queued),
      queuedAt: new Date(queued),
      answeredAt: answered === null ? null : new Date(answered),
      // An abandon with no end time counts as 0 s waited.
      endedAt: answered === null && c.endless ? null : new Date((answered ?? queued + c.waitMs) + 60_000 * +c.answered),
      outcome: answered === null ? 'abandoned' : 'answered',
    } satisfies typeof contacts.$inferInsert;
  });
  await t.ctx.database.db.insert(contacts).values(rows);
}

/** Every call in the database offered in [from, to), as the pure rules take them. */
async function callsBetween(from: DateTime, to: DateTime | null): Promise<(ContactOutcome & { line: string })[]> {
  const rows = rowsOf<{
    line: string;
    queued_at: string | Date;
    answered_at: string | Date | null;
    ended_at: string | Date | null;
    outcome: ContactOutcome['outcome'];
  }>(
    await t.ctx.database.db.execute(sql`SELECT line, queued_at, answered_at, ended_at, outcome FROM contacts
      WHERE offered_at >= ${from.toISO()}::timestamptz
        AND (${to?.toISO() ?? null}::timestamptz IS NULL OR offered_at < ${to?.toISO() ?? null}::timestamptz)`),
  );
  const ms = (d: string | Date | null) => (d === null ? null : new Date(d).getTime());
  return rows.map((r) => ({
    line: r.line,
    queuedAt: ms(r.queued_at)!,
    answeredAt: ms(r.answered_at),
    endedAt: ms(r.ended_at),
    outcome: r.outcome,
  }));
}

async function expectPureFigures(now: DateTime) {
  const board = await wallboard(t.ctx, now.toJSDate());
  const local = now.setZone(zone);
  const periods = {
    today: [local.startOf('day'), null],
    yesterday: [local.startOf('day').minus({ days: 1 }), local.startOf('day')],
    thisWeek: [local.startOf('week'), null],
  } as const;
  for (const [period, [from, to]] of Object.entries(periods)) {
    const calls = await callsBetween(from, to);
    for (const line of LINES) {
      const shown = board[period as keyof typeof periods].find((l) => l.line === line)!;
      const pure = lineFigures(
        calls.filter((c) => c.line === line),
        DEFAULT_ROUTING.lines[line].targetMs,
      );
      expect({ period, ...shown }).toEqual({
        period,
        line,
        ...pure,
        targetSeconds: DEFAULT_ROUTING.lines[line].targetMs / 1000,
      });
    }
  }
  return board;
}

describe('the wallboard figures', () => {
  it('equal lineFigures() over the same calls for today, yesterday and this week, across a DST change', async () => {
    // The Monday after the spring change (yesterday had 23 hours), and a Thursday afternoon — both long before the
    // demo's year, so only these calls are in their periods; the check reads whatever the database holds anyway.
    const monday = DateTime.fromISO('2025-03-10T16:20:00', { zone });
    const thursday = DateTime.fromISO('2025-02-13T09:45:00', { zone });
    await insertCalls(monday, 1);
    await insertCalls(thursday, 2);
    for (const now of [monday, thursday]) {
      const board = await expectPureFigures(now);
      expect(board.thisWeek.reduce((s, l) => s + l.offered, 0)).toBeGreaterThan(0);
      expect(board.yesterday.reduce((s, l) => s + l.offered, 0)).toBeGreaterThan(0);
    }
  });

  it('shares yesterday and this week through the database for a while, then counts them again', async () => {
    const now = DateTime.fromISO('2025-01-16T14:00:00', { zone });
    await insertCalls(now, 3);
    const first = await expectPureFigures(now);
    const shared = async () =>
      rowsOf<{ value: { countedAt: string } }>(
        await t.ctx.database.db.execute(sql`SELECT value FROM settings WHERE key = ${WALLBOARD_COUNTS_KEY}`),
      )[0]!.value.countedAt;
    expect(await shared()).toBe(now.toJSDate().toISOString());

    // A late call for yesterday: the shared counts do not show it until they expire; today is counted every time.
    const noonYesterday = now.minus({ days: 1 }).set({ hour: 12 });
    await t.ctx.database.db.insert(contacts).values({
      id: newId(),
      channel: 'phone',
      line: 'general',
      state: 'done',
      offeredAt: noonYesterday.toJSDate(),
      queuedAt: noonYesterday.toJSDate(),
      answeredAt: noonYesterday.plus({ seconds: 9 }).toJSDate(),
      endedAt: noonYesterday.plus({ minutes: 3 }).toJSDate(),
      outcome: 'answered',
    });
    const general = (b: typeof first, period: 'yesterday' | 'today') => b[period].find((l) => l.line === 'general')!;
    const soon = await wallboard(t.ctx, now.plus({ milliseconds: SHARED_COUNTS_MS - 1 }).toJSDate());
    expect(general(soon, 'yesterday')).toEqual(general(first, 'yesterday'));
    expect(await shared()).toBe(now.toJSDate().toISOString());
    const later = now.plus({ milliseconds: SHARED_COUNTS_MS });
    const recounted = await expectPureFigures(later);
    expect(general(recounted, 'yesterday').offered).toBe(general(first, 'yesterday').offered + 1);
    expect(await shared()).toBe(later.toJSDate().toISOString());
  });

  it('counts again at once when a line target changes', async () => {
    const now = DateTime.fromISO('2025-01-23T10:00:00', { zone });
    await insertCalls(now, 4);
    await expectPureFigures(now);
    const settings = settingsOf(DEFAULT_ROUTING);
    settings.lines.general.targetSeconds = 20;
    await saveRoutingSettings(t.ctx, SYSTEM_META, settings);
    try {
      const board = await wallboard(t.ctx, now.plus({ seconds: 1 }).toJSDate());
      const local = now.setZone(zone);
      const week = await callsBetween(local.startOf('week'), null);
      const pure = lineFigures(
        week.filter((c) => c.line === 'general'),
        20_000,
      );
      expect(board.thisWeek.find((l) => l.line === 'general')).toMatchObject({ ...pure, targetSeconds: 20 });
    } finally {
      await saveRoutingSettings(t.ctx, SYSTEM_META, settingsOf(DEFAULT_ROUTING));
    }
  });
});
