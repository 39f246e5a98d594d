// The go-live command center's rules (docs/golive.md): its vocabulary, when the command center is staffed, which
// shifts of one person collide, when a shift may be checked in and out, and what the hourly roll-ups, the trend,
// the huddle report and the staffing hints say. Pure: no database, no clock of its own (every "now" is passed in).
import { Conflict } from '../../platform/errors.ts';

/** What an at-the-elbow (ATE) person or super-user says an issue is about (docs/golive.md). */
export const GOLIVE_CATEGORIES = ['how_to', 'build', 'technical', 'workflow', 'hardware'] as const;
export type GoLiveCategory = (typeof GOLIVE_CATEGORIES)[number];
export const CATEGORY_LABELS: Record<GoLiveCategory, string> = {
  how_to: 'How-to / training',
  build: 'Build (configuration)',
  technical: 'Technical',
  workflow: 'Workflow',
  hardware: 'Hardware',
};

/** Who a shift puts where: support at the elbow, a unit's super-user, the command center, a zone's leader. */
export const SHIFT_ROLES = ['at_the_elbow', 'super_user', 'command_center', 'zone_leader'] as const;
export type ShiftRole = (typeof SHIFT_ROLES)[number];

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

/** A shift may be checked in this long before it starts (people arrive early for the hand-over). */
export const EARLY_CHECK_IN_MS = 30 * 60_000;
/** The longest shift the roster takes: a double shift; anything longer is a typing mistake. */
export const MAX_SHIFT_MS = 16 * HOUR_MS;

export type Interval = { startsAt: Date; endsAt: Date };
export type Shift = Interval & { id: string; personId: string };

/** Two intervals overlap when each starts before the other ends: back-to-back shifts (one ends as the next starts) do not. */
export function overlaps(a: Interval, b: Interval): boolean {
  return a.startsAt.getTime() < b.endsAt.getTime() && b.startsAt.getTime() < a.endsAt.getTime();
}

/** The person's shifts (other than `candidate` itself) that the candidate shift would overlap, earliest first. */
export function clashingShifts<S extends Shift>(candidate: Shift, existing: readonly S[]): S[] {
  return existing
    .filter((s) => s.personId === candidate.personId && s.id !== candidate.id && overlaps(s, candidate))
    .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
}

/** What is wrong with a shift's times on their own, in words; null when nothing is. */
export function shiftTimesProblem(s: Interval, event: Interval): string | null {
  const length = s.endsAt.getTime() - s.startsAt.getTime();
  if (length <= 0) return 'The shift must end after it starts.';
  if (length > MAX_SHIFT_MS) return 'A shift can be at most 16 hours long; split a longer one into two shifts.';
  if (!overlaps(s, event)) return 'The shift must fall within the go-live (between its start and end).';
  return null;
}

/** Refuses a shift that overlaps another shift of the same person, naming the one it collides with. */
export function assertNoClash(
  candidate: Shift,
  existing: readonly (Shift & { zoneName?: string | null })[],
  tz: string,
) {
  const [clash] = clashingShifts(candidate, existing);
  if (!clash) return;
  const where = clash.zoneName ? ` in ${clash.zoneName}` : '';
  throw new Conflict(
    `This person already has a shift${where} from ${formatLocal(clash.startsAt, tz)} to ${formatLocal(clash.endsAt, tz)} ` +
      'that overlaps this one. Change or remove that shift first.',
    [{ field: 'body.startsAt', message: 'overlaps another shift of the same person' }],
  );
}

export type ShiftState = Interval & { checkedInAt: Date | null; checkedOutAt: Date | null };

/** Why the shift cannot be checked in at `now`; null when it can. */
export function checkInProblem(s: ShiftState, now: Date): string | null {
  if (s.checkedInAt) return 'This shift is already checked in.';
  if (now.getTime() < s.startsAt.getTime() - EARLY_CHECK_IN_MS)
    return 'This shift has not started yet: check in at most 30 minutes before it starts.';
  if (now.getTime() >= s.endsAt.getTime()) return 'This shift has already ended: it can no longer be checked in.';
  return null;
}

/** Why the shift cannot be checked out at `now`; null when it can. */
export function checkOutProblem(s: ShiftState, now: Date): string | null {
  if (!s.checkedInAt) return 'This shift was never checked in, so it cannot be checked out.';
  if (s.checkedOutAt) return 'This shift is already checked out.';
  if (now.getTime() < s.checkedInAt.getTime()) return 'The check-out cannot come before the check-in.';
  return null;
}

/** Whether the person is on the floor at `now`: checked in and not yet out. */
export function isOnFloor(s: ShiftState, now: Date): boolean {
  return s.checkedInAt !== null && s.checkedInAt.getTime() <= now.getTime() && s.checkedOutAt === null;
}

/** The command center's staffing: around the clock for the first days, then scaled back to daily hours. */
export type CommandCenterHours = {
  startsAt: Date;
  endsAt: Date;
  timeZone: string;
  roundTheClockDays: number;
  scaledOpenHour: number;
  scaledCloseHour: number;
};

/** The local hour (0–23) and the whole days since the go-live started, in the event's time zone. */
function localParts(at: Date, timeZone: string): { hour: number; dateKey: string } {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '00';
  return { hour: Number(get('hour')), dateKey: `${get('year')}-${get('month')}-${get('day')}` };
}

/** Days between two local calendar dates (yyyy-mm-dd), whatever the clocks did in between. */
function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS);
}

/** The go-live day `at` falls on: 0 is the go-live's first local day; negative before. */
export function goLiveDay(h: Pick<CommandCenterHours, 'startsAt' | 'timeZone'>, at: Date): number {
  return daysBetween(localParts(h.startsAt, h.timeZone).dateKey, localParts(at, h.timeZone).dateKey);
}

/** Whether the command center is staffed at `at`: round the clock in the first days, then in its daily hours. */
export function commandCenterOpen(h: CommandCenterHours, at: Date): boolean {
  if (at.getTime() < h.startsAt.getTime() || at.getTime() >= h.endsAt.getTime()) return false;
  if (goLiveDay(h, at) < h.roundTheClockDays) return true;
  const { hour } = localParts(at, h.timeZone);
  return hour >= h.scaledOpenHour && hour < h.scaledCloseHour;
}

/** The command center's hours on go-live day `day`, in words for the board. */
export function hoursOnDay(h: CommandCenterHours, day: number): string {
  if (day < h.roundTheClockDays) return 'Open 24 hours';
  const pad = (n: number) => `${String(n).padStart(2, '0')}:00`;
  return `Open ${pad(h.scaledOpenHour)}–${pad(h.scaledCloseHour)}`;
}

/** A date and time in the event's time zone, as the roster shows it ("Mon 14 Jul 07:00"). */
export function formatLocal(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(at);
}

// ---- Roll-ups -------------------------------------------------------------------------------------------------

/** One hour × zone × category × application cell, as the store counts it. */
export type HourCell = {
  hour: Date;
  zone: string | null;
  category: GoLiveCategory;
  application: string | null;
  logged: number;
  resolvedOnSpot: number;
  patientCareAffected: number;
};

export const ROLLUP_DIMENSIONS = ['zone', 'category', 'application'] as const;
export type RollupDimension = (typeof ROLLUP_DIMENSIONS)[number];

export type RollupRow = { key: string; logged: number; resolvedOnSpot: number; patientCareAffected: number };
export type HourRollup = { hour: string; total: number; rows: RollupRow[] };

const NONE: Record<RollupDimension, string> = {
  zone: 'No zone',
  category: 'No category',
  application: 'No application',
};

/** The cells added up per hour and per value of one dimension; hours oldest first, values most issues first. */
export function rollUp(cells: readonly HourCell[], by: RollupDimension): HourRollup[] {
  const hours = new Map<number, Map<string, RollupRow>>();
  for (const c of cells) {
    const key = (by === 'category' ? CATEGORY_LABELS[c.category] : c[by]) ?? NONE[by];
    const hour = c.hour.getTime();
    const rows = hours.get(hour) ?? new Map<string, RollupRow>();
    hours.set(hour, rows);
    const row = rows.get(key) ?? { key, logged: 0, resolvedOnSpot: 0, patientCareAffected: 0 };
    row.logged += c.logged;
    row.resolvedOnSpot += c.resolvedOnSpot;
    row.patientCareAffected += c.patientCareAffected;
    rows.set(key, row);
  }
  return [...hours.entries()]
    .sort(([a], [b]) => a - b)
    .map(([hour, rows]) => {
      const list = [...rows.values()].sort((a, b) => b.logged - a.logged || a.key.localeCompare(b.key));
      return { hour: new Date(hour).toISOString(), total: list.reduce((s, r) => s + r.logged, 0), rows: list };
    });
}

export type TrendDay = { day: number; logged: number; resolvedOnSpot: number; onSpotRate: number | null };

/** Issues per go-live day since the start (day 0 first, every day present, empty days as zero). */
export function trendSinceGoLive(
  cells: readonly HourCell[],
  h: Pick<CommandCenterHours, 'startsAt' | 'timeZone'>,
  now: Date,
): TrendDay[] {
  const last = Math.max(0, goLiveDay(h, now));
  const days: TrendDay[] = Array.from({ length: last + 1 }, (_, day) => ({
    day,
    logged: 0,
    resolvedOnSpot: 0,
    onSpotRate: null,
  }));
  for (const c of cells) {
    const d = days[goLiveDay(h, c.hour)];
    if (!d) continue;
    d.logged += c.logged;
    d.resolvedOnSpot += c.resolvedOnSpot;
  }
  for (const d of days) d.onSpotRate = d.logged === 0 ? null : d.resolvedOnSpot / d.logged;
  return days;
}

/** A zone's load now and an hour ago: unresolved issues and support people checked in. */
export type ZoneLoad = {
  zoneId: string;
  zone: string;
  unresolvedNow: number;
  unresolvedHourAgo: number;
  checkedIn: number;
};

export type StaffingHint = {
  zoneId: string;
  zone: string;
  perPerson: number | null;
  rising: boolean;
  message: string;
};

/**
 * Staffing re-allocation hints: zones whose unresolved issues are rising and whose issues per support person checked
 * in stand above the go-live's average (or that have open issues and nobody checked in), worst first; and the zones
 * with the most slack, from which people could move. Empty when the load is even.
 */
export function staffingHints(zones: readonly ZoneLoad[]): { short: StaffingHint[]; slack: StaffingHint[] } {
  const staffed = zones.filter((z) => z.checkedIn > 0);
  const totalOpen = staffed.reduce((s, z) => s + z.unresolvedNow, 0);
  const totalPeople = staffed.reduce((s, z) => s + z.checkedIn, 0);
  const average = totalPeople === 0 ? 0 : totalOpen / totalPeople;
  const perPerson = (z: ZoneLoad) => (z.checkedIn === 0 ? null : z.unresolvedNow / z.checkedIn);
  const short = zones
    .filter((z) => {
      const rising = z.unresolvedNow > z.unresolvedHourAgo;
      if (z.checkedIn === 0) return z.unresolvedNow > 0;
      return rising && z.unresolvedNow / z.checkedIn > average;
    })
    .map((z) => ({
      zoneId: z.zoneId,
      zone: z.zone,
      perPerson: perPerson(z),
      rising: z.unresolvedNow > z.unresolvedHourAgo,
      message:
        z.checkedIn === 0
          ? `${z.zone}: ${plural(z.unresolvedNow, 'unresolved issue')} and nobody checked in.`
          : `${z.zone}: ${plural(z.unresolvedNow, 'unresolved issue')} (up from ${z.unresolvedHourAgo} an hour ago) ` +
            `for ${plural(z.checkedIn, 'support person', 'support people')} checked in.`,
    }))
    .sort((a, b) => (b.perPerson ?? Number.POSITIVE_INFINITY) - (a.perPerson ?? Number.POSITIVE_INFINITY));
  const slack =
    short.length === 0
      ? []
      : staffed
          .filter(
            (z) => z.checkedIn > 1 && z.unresolvedNow / z.checkedIn < average && z.unresolvedNow <= z.unresolvedHourAgo,
          )
          .sort((a, b) => a.unresolvedNow / a.checkedIn - b.unresolvedNow / b.checkedIn)
          .map((z) => ({
            zoneId: z.zoneId,
            zone: z.zone,
            perPerson: perPerson(z),
            rising: false,
            message: `${z.zone}: ${plural(z.unresolvedNow, 'unresolved issue')} for ${plural(z.checkedIn, 'support person', 'support people')}; someone could move.`,
          }));
  return { short, slack };
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
