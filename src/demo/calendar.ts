// When contacts arrive: 12 months ending at the seed time, split into days of the health system's home time zone,
// with hospital and clinic hour-of-day curves (in each facility's own time zone), quieter weekends, and the EHR
// go-live surge at the community hospital. The requested total is spread exactly over (day, facility) cells.

import { localDate, midnightIn, offsetMs } from '../domain/time-zone.ts';
import { type Rng, weightedTable } from '../platform/seeded-random.ts';
import type { Facility } from './organisation.ts';

export const HOME_TIME_ZONE = 'America/Chicago';
export const HISTORY_DAYS = 365;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

const HOSPITAL_HOURS = [2, 1.5, 1.2, 1, 1, 1.5, 3, 6, 9, 10, 10, 9, 8, 8.5, 8.5, 8, 7, 6, 5, 4.5, 4, 3.5, 3, 2.5];
const CLINIC_HOURS = [
  0.2, 0.1, 0.1, 0.1, 0.1, 0.3, 1, 5, 10, 11, 10, 9, 8, 9, 9, 8, 6, 3, 1.5, 0.8, 0.5, 0.4, 0.3, 0.2,
];
/** Sunday first. */
const HOSPITAL_WEEK = [0.55, 1.1, 1.05, 1.05, 1.05, 1, 0.6];
const CLINIC_WEEK = [0.05, 1.1, 1.05, 1.05, 1.05, 1, 0.15];

/** The community hospital's EHR go-live: this many days before the seed time, surging for two weeks. */
export const GO_LIVE = { facility: 'SMLH', daysAgo: 140, length: 14 };

/** Minutes east of UTC for a time zone at an instant. */
export function offsetMinutes(timeZone: string, ms: number): number {
  return Math.round(offsetMs(timeZone, ms) / 60_000);
}

function localMidnight(timeZone: string, ms: number): number {
  return midnightIn(localDate(ms, timeZone), timeZone);
}

export type Cell = { facility: Facility; count: number; pickTime: (rng: Rng) => number };
export type Day = { startMs: number; endMs: number; cells: Cell[]; goLiveDay: number | null };

type Slot = { start: number; span: number };
type CellPlan = { facility: Facility; slots: Slot[]; weights: number[]; total: number };

export function goLiveStart(nowMs: number): number {
  return localMidnight(HOME_TIME_ZONE, nowMs - GO_LIVE.daysAgo * DAY_MS);
}

function surge(facility: Facility, dayStart: number, goLive: number): number {
  if (facility.code !== GO_LIVE.facility) return 1;
  const day = Math.round((dayStart - goLive) / DAY_MS);
  if (day >= -3 && day < 0) return 1.2;
  if (day < 0 || day >= GO_LIVE.length) return 1;
  return 3 - (1.7 * day) / (GO_LIVE.length - 1);
}

/** The days of the history, each with its cells' ticket counts; `total` tickets in all. */
export function planHistory(nowMs: number, facilities: Facility[], total: number): Day[] {
  const startMs = nowMs - HISTORY_DAYS * DAY_MS;
  const goLive = goLiveStart(nowMs);
  const days: { startMs: number; endMs: number; plans: CellPlan[] }[] = [];
  for (let midnight = localMidnight(HOME_TIME_ZONE, startMs); midnight < nowMs; ) {
    const next = localMidnight(HOME_TIME_ZONE, midnight + 30 * HOUR_MS);
    const span = (next - midnight) / 24;
    const weekday = new Date(midnight + 12 * HOUR_MS + offsetMinutes(HOME_TIME_ZONE, midnight) * 60_000).getUTCDay();
    const plans: CellPlan[] = [];
    for (const facility of facilities) {
      const clinic = facility.code === 'SMHC';
      const hours = clinic ? CLINIC_HOURS : HOSPITAL_HOURS;
      const shift = Math.round(
        (offsetMinutes(facility.timeZone, midnight) - offsetMinutes(HOME_TIME_ZONE, midnight)) / 60,
      );
      const dayFactor = (clinic ? CLINIC_WEEK : HOSPITAL_WEEK)[weekday]! * surge(facility, midnight, goLive);
      const slots: Slot[] = [];
      const weights: number[] = [];
      for (let h = 0; h < 24; h++) {
        const start = Math.max(midnight + h * span, startMs);
        const end = Math.min(midnight + (h + 1) * span, nowMs);
        if (end <= start) continue;
        slots.push({ start, span: end - start });
        weights.push(((end - start) / span) * hours[(h + shift + 24) % 24]! * dayFactor * facility.share);
      }
      plans.push({ facility, slots, weights, total: weights.reduce((s, w) => s + w, 0) });
    }
    days.push({ startMs: Math.max(midnight, startMs), endMs: Math.min(next, nowMs), plans });
    midnight = next;
  }
  const grand = days.reduce((s, d) => s + d.plans.reduce((t, p) => t + p.total, 0), 0);
  let cumulative = 0;
  let allocated = 0;
  return days.map((d) => {
    const cells = d.plans.map((p): Cell => {
      cumulative += p.total;
      const count = Math.round((cumulative / grand) * total) - allocated;
      allocated += count;
      const pickSlot = weightedTable(p.slots.map((s, i) => [s, p.weights[i]!] as const));
      return {
        facility: p.facility,
        count,
        pickTime: (rng) => {
          const slot = pickSlot(rng);
          return Math.floor(slot.start + rng.next() * slot.span);
        },
      };
    });
    const dayNumber = Math.round((d.startMs - goLive) / DAY_MS);
    const goLiveDay = dayNumber >= 0 && dayNumber < GO_LIVE.length ? dayNumber : null;
    return { startMs: d.startMs, endMs: d.endMs, cells, goLiveDay };
  });
}

const homeOffsets = new Map<number, number>();
/** The time in the home time zone as a UTC-based Date (read with getUTC…); offsets cached per UTC hour. */
function homeClock(ms: number): Date {
  const bucket = Math.floor(ms / HOUR_MS);
  let offset = homeOffsets.get(bucket);
  if (offset === undefined) {
    offset = offsetMinutes(HOME_TIME_ZONE, bucket * HOUR_MS);
    homeOffsets.set(bucket, offset);
  }
  return new Date(ms + offset * 60_000);
}

/** The hour of day (0–23) in the home time zone. */
export function homeHour(ms: number): number {
  return homeClock(ms).getUTCHours();
}

/** `ms` if it falls in office hours (Mon–Fri 08:00–17:00, home time zone), else the start of the next ones. */
export function nextOfficeHour(ms: number): number {
  let at = ms;
  for (let i = 0; i < 24 * 4; i++) {
    const local = homeClock(at);
    const day = local.getUTCDay();
    const hour = local.getUTCHours();
    if (day >= 1 && day <= 5 && hour >= 8 && hour < 17) return at;
    at = (Math.floor(at / HOUR_MS) + 1) * HOUR_MS;
  }
  return at;
}
