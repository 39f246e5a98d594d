// The update reminders: every 30 seconds, each instance claims the incidents whose promised update is near or past
// (SKIP LOCKED) and reminds the commander once per promise, and once more with the communications lead if overdue.
// The planned-downtime notices: every minute, each instance claims the scheduled downtimes whose notice time has
// come (SKIP LOCKED) and announces each once to the unit leaders and super-users (notifications).
// The status throttle's sweep: every minute, any instance deletes the counters of minutes that no longer count.
import type { Job } from '../../platform/jobs/runner.ts';
import { sendPlannedNotices } from './service/planned-notices.ts';
import { sendUpdateReminders } from './service/reminders.ts';
import { sweepStatusThrottle } from './service/status.ts';

export const updateReminderJob: Job = {
  name: 'incident-update-reminders',
  everyMs: 30_000,
  run: async (ctx) => {
    await sendUpdateReminders(ctx);
  },
};

export const plannedNoticeJob: Job = {
  name: 'incident-planned-notices',
  everyMs: 60_000,
  run: async (ctx) => {
    await sendPlannedNotices(ctx);
  },
};

export const statusThrottleSweepJob: Job = {
  name: 'status-throttle-sweep',
  everyMs: 60_000,
  run: async (ctx) => {
    await sweepStatusThrottle(ctx);
  },
};
