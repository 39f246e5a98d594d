// What the phone channel records on a ticket when an agent links a call to it (routing/service/contacts.ts):
// the activity line, and the desk's first response when the requester reached a person on that call.
import type { Queryable } from '../../../platform/db/connect.ts';
import type { ContactRelation } from '../../routing/rules/contact-events.ts';
import { syncTicketSla } from '../../sla/service.ts';
import { addActivity, markFirstResponse } from '../store.ts';

/** A "linked" line in the ticket's activity, naming the contact and how it relates to the ticket. */
export async function noteLinkedContact(
  tx: Queryable,
  ticketId: string,
  userId: string,
  link: { contactId: string; relation: ContactRelation },
): Promise<void> {
  await addActivity(tx, ticketId, userId, 'linked', link);
}

/** The answered call is the desk's first response at `at` (if none is recorded yet); the SLA clocks follow. */
export async function respondedOnContact(tx: Queryable, ticketId: string, at: Date): Promise<void> {
  const answered = await markFirstResponse(tx, ticketId, at);
  if (answered) await syncTicketSla(tx, answered);
}
