// The live wallboard: contacts waiting by line with the longest wait, agents by state, and the figures per line for
// today, yesterday and this week. "Today" starts at midnight in the desk's time zone (the first facility's; UTC when
// there is none); a call belongs to the period it was offered in (entered the queue), as in the phone report.
//
// Each poll (every 3 s per screen) counts today in SQL (wallboard-store.ts) and turns the counts into figures with
// the pure rules (figuresOf), so they equal lineFigures() over the same calls. Yesterday and this week — up to a
// week of calls, a few hundred milliseconds to count at two million calls a year — are counted at most once per
// SHARED_COUNTS_MS for the whole desk: the counts are kept in the database (settings, WALLBOARD_COUNTS_KEY) with the
// periods, time zone and targets they were counted for, so every instance and every screen reads the same copy, and
// a new day, a new week or a changed target counts again at once.
import { DateTime } from 'luxon';
import { z } from 'zod';
import type { AppContext } from '../../../platform/context.ts';
import { figuresOf, type LineCounts } from '../rules/metrics.ts';
import { LINES, type Line } from '../rules/route.ts';
import type { WallboardView } from '../schemas.ts';
import {
  agentsPerState,
  deskTimeZone,
  lineCountsPerPeriod,
  type Period,
  readSharedCounts,
  saveSharedCounts,
  waitingPerLine,
} from '../wallboard-store.ts';
import { loadRoutingConfig } from './settings.ts';

/** How long yesterday's and this week's counts are reused before they are counted again. */
export const SHARED_COUNTS_MS = 30_000;

const NO_CALLS: LineCounts = {
  offered: 0,
  answered: 0,
  abandoned: 0,
  answeredWithinTarget: 0,
  meanWaitMs: null,
  p80WaitMs: null,
};

const countsRow = z.object({
  period: z.string(),
  line: z.enum(LINES),
  offered: z.number(),
  answered: z.number(),
  abandoned: z.number(),
  answeredWithinTarget: z.number(),
  meanWaitMs: z.number().nullable(),
  p80WaitMs: z.number().nullable(),
});
const sharedCounts = z.object({
  /** What the counts were counted for: the time zone, the periods' bounds and the line targets. */
  basis: z.string(),
  countedAt: z.string(),
  rows: z.array(countsRow),
});

export async function wallboard(ctx: AppContext, now = new Date()): Promise<WallboardView> {
  const db = ctx.database.db;
  const [config, zone] = await Promise.all([loadRoutingConfig(db), deskTimeZone(db)]);
  const local = DateTime.fromJSDate(now).setZone(zone);
  const midnight = local.startOf('day').toJSDate();
  const yesterday: Period = {
    key: 'yesterday',
    from: local.startOf('day').minus({ days: 1 }).toJSDate(),
    to: midnight,
  };
  // Monday 00:00 local (ISO weeks); on Monday "this week" is today.
  const thisWeek: Period = { key: 'thisWeek', from: local.startOf('week').toJSDate(), to: null };
  const targets = Object.fromEntries(LINES.map((l) => [l, config.lines[l].targetMs])) as Record<Line, number>;
  const basis = JSON.stringify([zone, yesterday.from, thisWeek.from, targets]);

  const [waitingRows, agentRows, today, shared] = await Promise.all([
    waitingPerLine(db),
    agentsPerState(db),
    lineCountsPerPeriod(db, [{ key: 'today', from: midnight, to: null }], targets),
    readSharedCounts(db),
  ]);
  let slow = sharedCounts.safeParse(shared).data;
  const age = slow ? now.getTime() - Date.parse(slow.countedAt) : Number.NaN;
  if (!slow || slow.basis !== basis || !(age >= 0 && age < SHARED_COUNTS_MS)) {
    slow = { basis, countedAt: now.toISOString(), rows: await lineCountsPerPeriod(db, [yesterday, thisWeek], targets) };
    await saveSharedCounts(db, slow);
  }
  const counts = [...today, ...slow.rows];

  const agents: Record<string, number> = { available: 0, on_contact: 0, wrap_up: 0, away: 0, offline: 0 };
  for (const a of agentRows) agents[a.state] = Number(a.n);
  const perLine = (period: string) =>
    LINES.map((line) => {
      const c = counts.find((r) => r.period === period && r.line === line) ?? NO_CALLS;
      return { line, ...figuresOf(c), targetSeconds: targets[line] / 1000 };
    });
  return {
    at: now.toISOString(),
    waiting: LINES.map((line) => {
      const w = waitingRows.find((r) => r.line === line);
      const oldest = w?.oldest ? new Date(w.oldest).getTime() : null;
      return {
        line,
        count: Number(w?.n ?? 0),
        longestWaitSeconds: oldest === null ? null : Math.max(0, Math.round((now.getTime() - oldest) / 1000)),
      };
    }),
    agents,
    today: perLine('today'),
    yesterday: perLine('yesterday'),
    thisWeek: perLine('thisWeek'),
  };
}
