// The invitation consumer: every few seconds, whichever instance gets the cursor row reads the new events.
import type { Job } from '../../platform/jobs/runner.ts';
import { consumeResolvedTickets } from './service/invite.ts';

const MAX_BATCHES_PER_RUN = 20;

export const surveyInvitationJob: Job = {
  name: 'survey-invitations',
  everyMs: 5_000,
  run: async (ctx) => {
    for (let i = 0; i < MAX_BATCHES_PER_RUN; i++) {
      if ((await consumeResolvedTickets(ctx)) === 0) return;
    }
  },
};
