// Saving a changed ticket, one way for every use case (update, escalate, confirm, comment): the change is based on
// the version the caller read, and a row that has moved on since is a 409 that writes nothing (the transaction
// rolls back), never an exception from a missing row or a silent fall-back to the old one.
import type { Queryable } from '../../../platform/db/connect.ts';
import { Conflict } from '../../../platform/errors.ts';
import { formatTicketNumber } from '../rules/vocabulary.ts';
import { type NewTicketRow, type TicketRow, updateTicket } from '../store.ts';

/** Someone else changed the ticket after this version was read. */
export function staleVersion(t: TicketRow) {
  return new Conflict(
    `Someone else changed ${formatTicketNumber(t.number)} (now version ${t.version}). Reload it and try again.`,
    [{ field: 'body.version', message: `is stale; the current version is ${t.version}` }],
  );
}

/** The version a person's edit was based on must be the ticket's current one. */
export function checkVersion(t: TicketRow, sent: number): void {
  if (t.version !== sent) throw staleVersion(t);
}

/** Writes the changes to `t` when its version still matches, and returns the new row; otherwise a 409. */
export async function writeTicket(db: Queryable, t: TicketRow, changes: Partial<NewTicketRow>): Promise<TicketRow> {
  const updated = await updateTicket(db, t, changes);
  if (!updated) throw staleVersion(t);
  return updated;
}
