// What a report may be asked for: the dimensions it can be grouped by, the periods it can be bucketed into, and the
// range rules. Pure: the schema turns a broken query into a 400 that says what to send instead.
import { localDate, midnightIn } from '../../../domain/time-zone.ts';

export { localDate };

export const DIMENSIONS = [
  'period',
  'facility',
  'unit',
  'clinical_role',
  'service',
  'module',
  'channel',
  'priority',
  'provider',
  'tier',
  'group',
  'agent',
] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export const PERIODS = ['day', 'week', 'month'] as const;
export type Period = (typeof PERIODS)[number];

/** Longest range one report covers: five years. */
export const MAX_RANGE_DAYS = 5 * 366;
const DAY_MS = 86_400_000;

export function rangeProblem(from: Date, to: Date): string | null {
  if (to.getTime() <= from.getTime())
    return `must be later than "from": send "from" earlier than "to" (for example from=2026-01-01&to=2026-02-01)`;
  if (to.getTime() - from.getTime() > MAX_RANGE_DAYS * DAY_MS)
    return 'is too far after "from": a report covers at most 5 years, so send a shorter range or several reports';
  return null;
}

export function dimensionProblem(value: string): string | null {
  return (DIMENSIONS as readonly string[]).includes(value)
    ? null
    : `"${value}" is not a dimension reports know. Send one of: ${DIMENSIONS.join(', ')}.`;
}

/**
 * The bucket an instant falls in, named by the local date the bucket starts on: the day itself, the Monday of its
 * ISO week, or the first of its month (the same buckets PostgreSQL's date_trunc gives on local time).
 */
export function bucketOf(ms: number, period: Period, timeZone: string): string {
  const day = localDate(ms, timeZone);
  if (period === 'day') return day;
  if (period === 'month') return `${day.slice(0, 7)}-01`;
  const d = new Date(`${day}T00:00:00Z`);
  const back = (d.getUTCDay() + 6) % 7;
  return new Date(d.getTime() - back * DAY_MS).toISOString().slice(0, 10);
}

/**
 * A range boundary sent as a calendar date (YYYY-MM-DD) rather than an instant. Until the report's time zone is known
 * it stands at UTC midnight; `inTimeZone` moves it to midnight in that time zone, so "2026-07-01" starts July where
 * the hospital is, and a month's figures never begin with the last evening of the month before.
 */
export class CalendarDay extends Date {
  constructor(readonly day: string) {
    super(`${day}T00:00:00.000Z`);
  }
}

/** A range with its calendar-date boundaries at midnight in `timeZone` (instants stay as sent). */
export function inTimeZone<T extends { from: Date; to: Date }>(q: T, timeZone: string): T {
  const at = (d: Date) => (d instanceof CalendarDay ? new Date(midnightIn(d.day, timeZone)) : d);
  return { ...q, from: at(q.from), to: at(q.to) };
}
