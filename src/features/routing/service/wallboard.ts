// The live wallboard: contacts waiting by line with the longest wait, agents by state, and the figures per line for
// today, yesterday and this week.
// "Today" starts at midnight in the desk's time zone (the first facility's; UTC when there is none).
import { asc, count, eq, gte, sql } from 'drizzle-orm';
import { DateTime } from 'luxon';
import type { AppContext } from '../../../platform/context.ts';
import { facilities } from '../../directory/tables.ts';
import { type ContactOutcome, lineFigures } from '../rules/metrics.ts';
import { LINES, type Line } from '../rules/route.ts';
import type { WallboardView } from '../schemas.ts';
import { agentPresence, contacts } from '../tables.ts';
import { loadRoutingConfig } from './settings.ts';

export async function wallboard(ctx: AppContext, now = new Date()): Promise<WallboardView> {
  const db = ctx.database.db;
  const config = await loadRoutingConfig(db);
  const zone =
    (await db.select({ tz: facilities.timeZone }).from(facilities).orderBy(asc(facilities.code)).limit(1))[0]?.tz ??
    'UTC';
  const local = DateTime.fromJSDate(now).setZone(zone);
  const midnight = local.startOf('day').toJSDate();
  const yesterdayStart = local.startOf('day').minus({ days: 1 }).toJSDate();
  // Monday 00:00 local (ISO weeks); on Monday "this week" is today.
  const weekStart = local.startOf('week').toJSDate();
  const since = new Date(Math.min(weekStart.getTime(), yesterdayStart.getTime()));

  const waitingRows = await db
    .select({ line: contacts.line, n: count(), oldest: sql<string | null>`min(${contacts.queuedAt})` })
    .from(contacts)
    .where(eq(contacts.state, 'waiting'))
    .groupBy(contacts.line);
  const agentRows = await db
    .select({ state: agentPresence.state, n: count() })
    .from(agentPresence)
    .groupBy(agentPresence.state);
  // Every call since the earlier of yesterday's start and Monday's: today, yesterday and this week are cut from it.
  const recent = await db
    .select({
      line: contacts.line,
      queuedAt: contacts.queuedAt,
      answeredAt: contacts.answeredAt,
      endedAt: contacts.endedAt,
      outcome: contacts.outcome,
    })
    .from(contacts)
    .where(gte(contacts.queuedAt, since));

  const agents: Record<string, number> = { available: 0, on_contact: 0, wrap_up: 0, away: 0, offline: 0 };
  for (const a of agentRows) agents[a.state] = Number(a.n);
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
    today: figuresPerLine(recent.filter((c) => c.queuedAt >= midnight)),
    yesterday: figuresPerLine(recent.filter((c) => c.queuedAt >= yesterdayStart && c.queuedAt < midnight)),
    thisWeek: figuresPerLine(recent.filter((c) => c.queuedAt >= weekStart)),
  };

  function figuresPerLine(calls: typeof recent) {
    return LINES.map((line: Line) => {
      const rows: ContactOutcome[] = calls
        .filter((c) => c.line === line)
        .map((c) => ({
          queuedAt: c.queuedAt.getTime(),
          answeredAt: c.answeredAt?.getTime() ?? null,
          endedAt: c.endedAt?.getTime() ?? null,
          outcome: c.outcome as ContactOutcome['outcome'],
        }));
      const targetMs = config.lines[line].targetMs;
      return { line, ...lineFigures(rows, targetMs), targetSeconds: targetMs / 1000 };
    });
  }
}
