// What a ticket's status means for the person who asked for help, in words a nurse on a shift understands.
// Pure: the portal's ticket page shows it next to the status badge.
import type { Status } from '../../../../src/features/tickets/rules/vocabulary.ts';

export function statusForRequester(status: Status, assigneeName: string | null): string {
  switch (status) {
    case 'new':
      return 'We have your request. Someone at the service desk will pick it up soon.';
    case 'in_progress':
      return assigneeName ? `${assigneeName} is working on it.` : 'The service desk is working on it.';
    case 'pending_requester':
      return 'We need something from you: please read the latest message and reply.';
    case 'pending_vendor':
      return 'We are waiting on the company that makes the system. We will update you here.';
    case 'pending_change':
      return 'The fix needs a planned change to the system. We will update you when it is done.';
    case 'resolved':
      return 'We think this is fixed. Please tell us below whether it is.';
    case 'closed':
      return 'This is finished: the request is closed.';
  }
}
