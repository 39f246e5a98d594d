// Wall-clock time in a hospital's IANA time zone, shared by the reports (periods and ranges cut where the hospital
// is) and the demo generator (its days and hours). Pure, through Intl; no time-zone library needed.

const wallClocks = new Map<string, Intl.DateTimeFormat>();

/** How far the zone's wall clock is ahead of UTC at an instant, in ms (whole minutes in practice). */
export function offsetMs(timeZone: string, ms: number): number {
  let format = wallClocks.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
    wallClocks.set(timeZone, format);
  }
  const p = Object.fromEntries(format.formatToParts(ms).map((x) => [x.type, x.value]));
  const wall = Date.UTC(+p.year!, +p.month! - 1, +p.day!, +p.hour!, +p.minute!);
  return wall - Math.floor(ms / 60_000) * 60_000;
}

/**
 * The instant a calendar date (YYYY-MM-DD) begins in the zone. The offset is read twice, in case midnight and the
 * first guess fall on different sides of a daylight-saving change.
 */
export function midnightIn(day: string, timeZone: string): number {
  const wall = Date.parse(`${day}T00:00:00.000Z`);
  const first = wall - offsetMs(timeZone, wall);
  return wall - offsetMs(timeZone, first);
}

/** The local calendar date (YYYY-MM-DD) of an instant in an IANA time zone. */
export function localDate(ms: number, timeZone: string): string {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formats.set(timeZone, format);
  }
  return format.format(ms);
}
const formats = new Map<string, Intl.DateTimeFormat>();
