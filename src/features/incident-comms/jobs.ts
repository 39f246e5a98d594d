// The update reminders: every 30 seconds, each instance claims the incidents whose promised update is near or past
// (SKIP LOCKED) and reminds the commander once per promise, and once more with the communications lead if overdue.
import type { Job } from '../../platform/jobs/runner.ts';
import { sendUpdateReminders } from './service/reminders.ts';

export const updateReminderJob: Job = {
  name: 'incident-update-reminders',
  everyMs: 30_000,
  run: async (ctx) => {
    await sendUpdateReminders(ctx);
  },
};
