// What counts as the desk's first response (DOMAIN.md): "the first public reply by a person, or a live contact
// answered by a person. A hand-off (escalation, reassignment) or an automatic acknowledgement is not a response."
// Pure: the ticket services ask it before they set a ticket's first-response time, which stops the response clock.
import type { Channel, CommentVisibility } from './vocabulary.ts';

/** Something that happened on a ticket that might be the desk's first response. */
export type DeskAction =
  /** The ticket was opened; `byPerson` when desk staff opened it (a person took the contact). */
  | { kind: 'opened'; channel: Channel; byPerson: boolean }
  /** A comment; `byPerson` when a desk person (not the requester, a vendor or an integration) wrote it. */
  | { kind: 'comment'; visibility: CommentVisibility; byPerson: boolean }
  /** Resolved with a resolution note, which the requester sees as the desk's answer. */
  | { kind: 'resolved'; byPerson: boolean }
  /** A live contact (call, chat, walk-up) from the requester about this ticket, answered by a person. */
  | { kind: 'live_contact_answered' }
  /** Not responses: escalation or reassignment, status or field changes, messages sent by a system. */
  | { kind: 'handoff' | 'status_change' | 'field_change' | 'automatic_acknowledgement' };

/** Channels where the person who opens the ticket is talking to the requester (at-the-elbow go-live support too). */
const ANSWERED_WHEN_OPENED: readonly Channel[] = ['phone', 'chat', 'walk_up', 'go_live'];

export function isResponse(action: DeskAction): boolean {
  switch (action.kind) {
    case 'opened':
      return action.byPerson && ANSWERED_WHEN_OPENED.includes(action.channel);
    case 'comment':
      return action.byPerson && action.visibility === 'public';
    case 'resolved':
      return action.byPerson;
    case 'live_contact_answered':
      return true;
    default:
      return false;
  }
}
