// Updates on a timer: the commander promises "next update in N minutes"; the reminder job asks, once per promise,
// when it is nearly due and once more when it is overdue. Pure: the job reads the rows, this decides.
import { Invalid } from '../../../platform/errors.ts';
import { type IncidentState, isOpen } from './vocabulary.ts';

export const NEXT_UPDATE_MINUTES = { min: 5, max: 24 * 60, default: 30 } as const;
/** How long before the promised time the commander is reminded. */
export const REMIND_BEFORE_MINUTES = 5;
/** How long after the promised time it counts as overdue (and the communications lead is told too). */
export const OVERDUE_AFTER_MINUTES = 5;

const MINUTE = 60_000;

export function checkNextUpdateMinutes(minutes: number): number {
  if (!Number.isInteger(minutes) || minutes < NEXT_UPDATE_MINUTES.min || minutes > NEXT_UPDATE_MINUTES.max) {
    throw new Invalid(
      `Next update must be between ${NEXT_UPDATE_MINUTES.min} minutes and ${NEXT_UPDATE_MINUTES.max / 60} hours.`,
      [{ field: 'nextUpdateMinutes', message: 'Choose a whole number of minutes from 5 to 1440.' }],
    );
  }
  return minutes;
}

export function nextUpdateAt(postedAt: Date, minutes: number): Date {
  return new Date(postedAt.getTime() + checkNextUpdateMinutes(minutes) * MINUTE);
}

export type TimerFacts = {
  state: IncidentState;
  /** The promised time of the next update; null when the commander promised none. */
  nextUpdateAt: Date | null;
  /** The promised time a "due soon" reminder was already sent for (null: none yet). */
  dueRemindedFor: Date | null;
  /** The promised time an "overdue" reminder was already sent for (null: none yet). */
  overdueRemindedFor: Date | null;
};

export type Reminder = 'due' | 'overdue';

/**
 * The reminder to send now, if any. Each promise gets at most one "due" and one "overdue"; once overdue, a missed
 * "due" is not sent late (the overdue one says more). A new promise (a new update) starts both afresh.
 */
export function reminderToSend(t: TimerFacts, now: Date): Reminder | null {
  if (!isOpen(t.state) || !t.nextUpdateAt) return null;
  const due = t.nextUpdateAt.getTime();
  const same = (d: Date | null) => d !== null && d.getTime() === due;
  if (now.getTime() >= due + OVERDUE_AFTER_MINUTES * MINUTE) return same(t.overdueRemindedFor) ? null : 'overdue';
  if (now.getTime() >= due - REMIND_BEFORE_MINUTES * MINUTE) {
    return same(t.dueRemindedFor) || same(t.overdueRemindedFor) ? null : 'due';
  }
  return null;
}

/** What the console shows beside the promise. */
export function timerStatus(
  t: Pick<TimerFacts, 'state' | 'nextUpdateAt'>,
  now: Date,
): 'none' | 'on_time' | 'due' | 'overdue' {
  if (!isOpen(t.state) || !t.nextUpdateAt) return 'none';
  const left = t.nextUpdateAt.getTime() - now.getTime();
  if (left < 0) return 'overdue';
  return left <= REMIND_BEFORE_MINUTES * MINUTE ? 'due' : 'on_time';
}
