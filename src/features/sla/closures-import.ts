// Closures (holidays, one-off closures) from the lists hospitals keep: a CSV (name,date or name,start,end) or an
// iCalendar file exported from Outlook or Google. Recurring events (a yearly holiday) are expanded for three years.
import { parse as parseCsv } from 'csv-parse/sync';
import ICAL from 'ical.js';
import { DateTime } from 'luxon';
import type { FieldError } from '../../platform/errors.ts';
import type { Closure } from './rules/calendar.ts';

const MAX_CLOSURES = 2000;
const EXPAND_YEARS = 3;

export type ImportResult = { closures: Closure[]; problems: FieldError[] };

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const LOCAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;

function dayAfter(date: string): string {
  return `${DateTime.fromISO(date, { zone: 'UTC' }).plus({ days: 1 }).toISODate()}T00:00`;
}

export function closuresFromCsv(content: string): ImportResult {
  const closures: Closure[] = [];
  const problems: FieldError[] = [];
  let records: string[][];
  try {
    records = parseCsv(content.replace(/\r\n?/g, '\n'), {
      skip_empty_lines: true,
      trim: true,
      relax_column_count: true,
    });
  } catch (err) {
    return { closures, problems: [{ field: 'content', message: `not readable as CSV: ${(err as Error).message}` }] };
  }
  const header = records[0]?.map((h) => h.toLowerCase());
  const body =
    header && (header.includes('name') || header.includes('date') || header.includes('start'))
      ? records.slice(1)
      : records;
  body.forEach((cells, i) => {
    const line = i + (body === records ? 1 : 2);
    const [name = '', a = '', b = ''] = cells;
    if (DATE.test(a) && !b) closures.push({ name, start: `${a}T00:00`, end: dayAfter(a) });
    else if (DATE.test(a) && DATE.test(b)) closures.push({ name, start: `${a}T00:00`, end: dayAfter(b) });
    else if (LOCAL.test(a) && LOCAL.test(b)) closures.push({ name, start: a, end: b });
    else
      problems.push({
        field: `line ${line}`,
        message: 'expected name,YYYY-MM-DD or name,YYYY-MM-DD,YYYY-MM-DD or name,YYYY-MM-DDTHH:MM,YYYY-MM-DDTHH:MM',
      });
  });
  return { closures, problems };
}

function localOf(time: ICAL.Time, zone: string): string {
  if (time.isDate) return `${time.toString().slice(0, 10)}T00:00`;
  // A floating time is local already; a UTC or zoned time is converted to the calendar's zone.
  const dt =
    time.zone && time.zone.tzid !== 'floating'
      ? DateTime.fromMillis(time.toUnixTime() * 1000, { zone })
      : DateTime.fromObject({
          year: time.year,
          month: time.month,
          day: time.day,
          hour: time.hour,
          minute: time.minute,
        });
  return dt.toFormat("yyyy-MM-dd'T'HH:mm");
}

export function closuresFromICalendar(content: string, zone: string, from = new Date()): ImportResult {
  const closures: Closure[] = [];
  const problems: FieldError[] = [];
  let root: ICAL.Component;
  try {
    root = new ICAL.Component(ICAL.parse(content));
  } catch (err) {
    return { closures, problems: [{ field: 'content', message: `not an iCalendar file: ${(err as Error).message}` }] };
  }
  const until = ICAL.Time.fromJSDate(DateTime.fromJSDate(from).plus({ years: EXPAND_YEARS }).toJSDate(), true);
  root.getAllSubcomponents('vevent').forEach((vevent, i) => {
    try {
      const event = new ICAL.Event(vevent);
      const name = event.summary?.trim() || 'Closure';
      const length = event.duration;
      const add = (start: ICAL.Time) => {
        const end = start.clone();
        end.addDuration(length);
        closures.push({ name, start: localOf(start, zone), end: localOf(end, zone) });
      };
      if (!event.isRecurring()) add(event.startDate);
      else {
        const it = event.iterator();
        for (
          let next = it.next();
          next && next.compare(until) < 0 && closures.length < MAX_CLOSURES;
          next = it.next()
        ) {
          add(next);
        }
      }
    } catch (err) {
      problems.push({ field: `event ${i + 1}`, message: (err as Error).message });
    }
  });
  if (!root.getAllSubcomponents('vevent').length)
    problems.push({ field: 'content', message: 'has no events (VEVENT)' });
  return { closures, problems };
}

/** The closures to add: new ones only (same name and times are not added twice), at most MAX_CLOSURES in all. */
export function mergeClosures(existing: readonly Closure[], added: readonly Closure[]): Closure[] {
  const key = (c: Closure) => `${c.name}|${c.start}|${c.end}`;
  const seen = new Set(existing.map(key));
  const merged = [...existing];
  for (const c of added) {
    if (seen.has(key(c))) continue;
    seen.add(key(c));
    merged.push(c);
  }
  return merged.slice(0, MAX_CLOSURES).sort((a, b) => a.start.localeCompare(b.start));
}
