// Service calendars: when the SLA clock may run. A 24x7 calendar is always open (clinical services); a
// business-hours calendar is open in weekly local hours, minus holidays and one-off closures, in one IANA time zone.
// Local times are turned into instants day by day, so daylight-saving changes come out right.
import { DateTime, IANAZone } from 'luxon';

/** ISO weekday: 1 = Monday … 7 = Sunday. Times are local "HH:MM"; an end of "24:00" means midnight after. */
export type WeeklyHours = { day: number; start: string; end: string };
/** A closure in local time ("YYYY-MM-DDTHH:MM"), end exclusive. A holiday is 00:00 to 00:00 the next day. */
export type Closure = { name: string; start: string; end: string };

export type Calendar = {
  alwaysOpen: boolean;
  timeZone: string;
  weekly: readonly WeeklyHours[];
  closures: readonly Closure[];
};

export type Span = readonly [start: number, end: number];

export const ALWAYS_OPEN: Calendar = { alwaysOpen: true, timeZone: 'UTC', weekly: [], closures: [] };

/** How far ahead a due time is looked for before the calendar is judged never to open. */
export const SEARCH_HORIZON_DAYS = 1100;

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$|^24:00$/;
const LOCAL = /^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d$/;

export type CalendarProblem = { field: string; message: string };

export function isKnownTimeZone(zone: string): boolean {
  return IANAZone.isValidZone(zone);
}

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h! * 60 + m!;
}

function localInstant(local: string, zone: string): number | null {
  const dt = DateTime.fromISO(local, { zone });
  return dt.isValid ? dt.toMillis() : null;
}

/** Every reason the calendar cannot be used; empty when it is sound. */
export function calendarProblems(cal: Calendar): CalendarProblem[] {
  const problems: CalendarProblem[] = [];
  if (!isKnownTimeZone(cal.timeZone)) {
    problems.push({ field: 'timeZone', message: `"${cal.timeZone}" is not an IANA time zone (e.g. America/Chicago)` });
  }
  if (cal.alwaysOpen) {
    if (cal.weekly.length) problems.push({ field: 'weekly', message: 'a 24x7 calendar has no weekly hours' });
    if (cal.closures.length) problems.push({ field: 'closures', message: 'a 24x7 calendar never closes' });
    return problems;
  }
  if (!cal.weekly.length) problems.push({ field: 'weekly', message: 'needs at least one opening period' });
  cal.weekly.forEach((w, i) => {
    const field = `weekly.${i}`;
    if (!Number.isInteger(w.day) || w.day < 1 || w.day > 7) {
      problems.push({ field: `${field}.day`, message: 'must be 1 (Monday) to 7 (Sunday)' });
    }
    if (!TIME.test(w.start) || w.start === '24:00')
      problems.push({ field: `${field}.start`, message: 'must be HH:MM' });
    if (!TIME.test(w.end)) problems.push({ field: `${field}.end`, message: 'must be HH:MM (24:00 for midnight)' });
    if (TIME.test(w.start) && TIME.test(w.end) && minutesOf(w.end) <= minutesOf(w.start)) {
      problems.push({
        field: `${field}.end`,
        message: `ends (${w.end}) before it starts (${w.start}); split overnight hours into two days`,
      });
    }
  });
  for (let i = 0; i < cal.weekly.length; i++) {
    for (let j = i + 1; j < cal.weekly.length; j++) {
      const a = cal.weekly[i]!;
      const b = cal.weekly[j]!;
      if (a.day !== b.day || !TIME.test(a.end) || !TIME.test(b.end)) continue;
      if (minutesOf(a.start) < minutesOf(b.end) && minutesOf(b.start) < minutesOf(a.end)) {
        problems.push({
          field: `weekly.${j}`,
          message: `overlaps ${a.start}–${a.end} on the same day (day ${a.day})`,
        });
      }
    }
  }
  cal.closures.forEach((c, i) => {
    const field = `closures.${i}`;
    if (!c.name.trim()) problems.push({ field: `${field}.name`, message: 'needs a name' });
    const start = LOCAL.test(c.start) ? localInstant(c.start, cal.timeZone) : null;
    const end = LOCAL.test(c.end) ? localInstant(c.end, cal.timeZone) : null;
    if (start === null)
      problems.push({ field: `${field}.start`, message: 'must be a local date-time YYYY-MM-DDTHH:MM' });
    if (end === null) problems.push({ field: `${field}.end`, message: 'must be a local date-time YYYY-MM-DDTHH:MM' });
    if (start !== null && end !== null && end <= start) {
      problems.push({ field: `${field}.end`, message: `ends (${c.end}) before it starts (${c.start})` });
    }
  });
  return problems;
}

function closureSpans(cal: Calendar): Span[] {
  const spans: Span[] = [];
  for (const c of cal.closures) {
    const s = localInstant(c.start, cal.timeZone);
    const e = localInstant(c.end, cal.timeZone);
    if (s !== null && e !== null && e > s) spans.push([s, e]);
  }
  return spans.sort((a, b) => a[0] - b[0]);
}

function subtract(span: Span, closed: readonly Span[]): Span[] {
  let pieces: Span[] = [span];
  for (const [cs, ce] of closed) {
    const next: Span[] = [];
    for (const [s, e] of pieces) {
      if (ce <= s || cs >= e) next.push([s, e]);
      else {
        if (cs > s) next.push([s, cs]);
        if (ce < e) next.push([ce, e]);
      }
    }
    pieces = next;
  }
  return pieces;
}

/** The instant of a local wall-clock time on a local day ("24:00" is the next midnight). */
function wallClock(day: DateTime, hhmm: string, zone: string): number {
  if (hhmm === '24:00') return day.plus({ days: 1 }).startOf('day').toMillis();
  const minutes = minutesOf(hhmm);
  return DateTime.fromObject(
    { year: day.year, month: day.month, day: day.day, hour: Math.floor(minutes / 60), minute: minutes % 60 },
    { zone },
  ).toMillis();
}

/** The open spans of one local day (weekly hours minus closures), in instants, in order. */
function daySpans(cal: Calendar, day: DateTime, closed: readonly Span[]): Span[] {
  const spans: Span[] = [];
  for (const w of cal.weekly) {
    if (w.day !== day.weekday) continue;
    // Wall-clock times, not offsets from midnight: a DST day's 08:00–17:00 is still 08:00–17:00 on the clock.
    const start = wallClock(day, w.start, cal.timeZone);
    const end = wallClock(day, w.end, cal.timeZone);
    if (end > start) spans.push(...subtract([start, end], closed));
  }
  return spans.sort((a, b) => a[0] - b[0]);
}

// Per-calendar memo of each local day's open spans: one ticket's clocks walk the same days several times (both
// clocks, the holders' shares, the due time), and the sweep recomputes hundreds of tickets on one calendar. Keyed by
// the calendar object, so it is dropped with it; calendars are treated as immutable values.
type DayMemo = { closed: Span[]; days: Map<number, { spans: Span[]; next: DateTime }> };
const memo = new WeakMap<Calendar, DayMemo>();
const MEMO_DAYS = 5000;

function memoOf(cal: Calendar): DayMemo {
  let m = memo.get(cal);
  if (!m) {
    m = { closed: closureSpans(cal), days: new Map() };
    memo.set(cal, m);
  }
  return m;
}

function spansOfDay(cal: Calendar, m: DayMemo, day: DateTime): { spans: Span[]; next: DateTime } {
  const key = day.toMillis();
  let entry = m.days.get(key);
  if (!entry) {
    entry = { spans: daySpans(cal, day, m.closed), next: day.plus({ days: 1 }) };
    if (m.days.size < MEMO_DAYS) m.days.set(key, entry);
  }
  return entry;
}

/** Open spans from `from` onwards, in order, merged where they touch; stops after the horizon. */
export function* openSpansFrom(cal: Calendar, from: number, horizonDays = SEARCH_HORIZON_DAYS): Generator<Span> {
  if (cal.alwaysOpen) {
    yield [from, Number.POSITIVE_INFINITY];
    return;
  }
  const m = memoOf(cal);
  let day: DateTime = DateTime.fromMillis(from, { zone: cal.timeZone }).startOf('day');
  let pending: Span | null = null;
  for (let i = 0; i <= horizonDays; i++) {
    const { spans, next } = spansOfDay(cal, m, day);
    for (const [s0, e] of spans) {
      if (e <= from) continue;
      const s = Math.max(s0, from);
      if (pending && pending[1] >= s) pending = [pending[0], Math.max(pending[1], e)];
      else {
        if (pending) yield pending;
        pending = [s, e];
      }
    }
    day = next;
  }
  if (pending) yield pending;
}

/** Milliseconds the calendar is open between two instants (0 when `to` is not after `from`). */
export function openMsBetween(cal: Calendar, from: number, to: number): number {
  if (to <= from) return 0;
  if (cal.alwaysOpen) return to - from;
  const days = Math.ceil((to - from) / 86_400_000) + 2;
  let total = 0;
  for (const [s, e] of openSpansFrom(cal, from, days)) {
    if (s >= to) break;
    total += Math.min(e, to) - s;
  }
  return total;
}

/** The instant when `ms` of open time will have passed after `from`; null if the calendar never opens enough. */
export function addOpenTime(cal: Calendar, from: number, ms: number): number | null {
  if (ms <= 0) return from;
  if (cal.alwaysOpen) return from + ms;
  let left = ms;
  for (const [s, e] of openSpansFrom(cal, from)) {
    if (e - s >= left) return s + left;
    left -= e - s;
  }
  return null;
}

/** Whether the calendar is open at an instant. */
export function isOpenAt(cal: Calendar, at: number): boolean {
  if (cal.alwaysOpen) return true;
  for (const [s] of openSpansFrom(cal, at, 1)) return s <= at;
  return false;
}
