// Dates on a go-live's own clock (its time zone), for the setup form's date-and-time fields: what a manager types
// ("2026-07-13T07:00") means that wall time in the go-live's time zone, whatever the computer's own zone is.
import { DateTime } from 'luxon';

/** "2026-07-13T07:00" in `zone` → an ISO instant; undefined for an empty or impossible value. */
export function instantOf(local: string, zone: string): string | undefined {
  if (!local) return undefined;
  const d = DateTime.fromISO(local, { zone });
  return d.isValid ? (d.toUTC().toISO() ?? undefined) : undefined;
}

/** An ISO instant → the date-and-time field's value on `zone`'s clock. */
export function localOf(iso: string, zone: string): string {
  return DateTime.fromISO(iso, { zone: 'utc' }).setZone(zone).toFormat("yyyy-MM-dd'T'HH:mm");
}

/** The browser's own time zone (the last fallback when no facility is chosen yet). */
export const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

export const TIME_ZONES: string[] = Intl.supportedValuesOf('timeZone');

export const hourLabel = (h: number) => `${String(h).padStart(2, '0')}:00`;
