// Planned downtimes: the notice sent some hours before the start (each downtime's own hours), once per start.
import { Invalid } from '../../../platform/errors.ts';
import type { IncidentState } from './vocabulary.ts';

export const NOTICE_HOURS = { min: 1, max: 14 * 24, default: 24 } as const;
const HOUR = 3_600_000;

export function checkNoticeHours(hours: number): number {
  if (!Number.isInteger(hours) || hours < NOTICE_HOURS.min || hours > NOTICE_HOURS.max) {
    throw new Invalid('Send the notice between 1 hour and 14 days before the start.', [
      { field: 'noticeHoursBefore', message: 'A whole number of hours from 1 to 336.' },
    ]);
  }
  return hours;
}

export type NoticeFacts = {
  state: IncidentState;
  scheduledStart: Date | null;
  noticeHoursBefore: number;
  noticeSentAt: Date | null;
};

/** Send now: still scheduled, not sent yet, and the notice time has come (also late, until the start). */
export function noticeDue(f: NoticeFacts, now: Date): boolean {
  if (f.state !== 'scheduled' || !f.scheduledStart || f.noticeSentAt) return false;
  const start = f.scheduledStart.getTime();
  const t = now.getTime();
  return t >= start - f.noticeHoursBefore * HOUR && t < start;
}
