// What the desk sees of a ticket's verifications: who the account belongs to and the numbers on file, the risk and
// why, what the policy asks, every attempt with who recorded it, and why the change is still blocked.
import type { Actor } from '../../../platform/actor.ts';
import type { AppContext } from '../../../platform/context.ts';
import type { Queryable } from '../../../platform/db/connect.ts';
import { formatTicketNumber } from '../../tickets/rules/vocabulary.ts';
import { loadVisibleTicket } from '../../tickets/service/read-ticket.ts';
import { changeRefusal } from '../rules/decide.ts';
import type { VerificationView } from '../schemas.ts';
import * as store from '../store.ts';
import { loadSubject, loadSupervisor } from './subject.ts';

export async function viewOf(
  db: Queryable,
  row: store.VerificationRow,
  ticketNumber: number,
): Promise<VerificationView> {
  return (await viewsOf(db, [row], ticketNumber))[0]!;
}

export async function viewsOf(
  db: Queryable,
  rows: store.VerificationRow[],
  ticketNumber: number,
  now = new Date(),
): Promise<VerificationView[]> {
  const attempts = await store.attemptsOf(
    db,
    rows.map((r) => r.id),
  );
  const out: VerificationView[] = [];
  for (const r of rows) {
    const subject = await loadSubject(db, r.subjectPersonId);
    out.push({
      id: r.id,
      ticketNumber: formatTicketNumber(ticketNumber),
      request: r.request,
      subject: { personId: subject.personId, displayName: subject.displayName, phones: subject.phones },
      supervisor: await loadSupervisor(db, subject),
      risk: { level: r.riskLevel, reasons: r.riskReasons },
      signals: r.signals,
      requirement: { methods: r.methods, required: r.required, fastPath: r.fastPath },
      state: r.state,
      verifiedAt: r.verifiedAt?.toISOString() ?? null,
      changedAt: r.changedAt?.toISOString() ?? null,
      blocked: r.changedAt ? null : changeRefusal(r.state, r.verifiedAt, now, r.validForMinutes),
      attempts: attempts
        .filter((x) => x.a.verificationId === r.id)
        .map(({ a, recordedBy, confirmedBy }) => ({
          id: a.id,
          method: a.method,
          outcome: a.outcome,
          phone: a.phone,
          confirmedBy,
          idKind: a.idKind,
          note: a.note,
          recordedBy,
          at: a.at.toISOString(),
        })),
      createdAt: r.createdAt.toISOString(),
    });
  }
  return out;
}

/** A ticket's verifications, newest first, for whoever may see the ticket and do verifications. */
export async function ticketVerifications(ctx: AppContext, actor: Actor, number: number) {
  const db = ctx.database.db;
  const { ticket } = await loadVisibleTicket(db, actor, number);
  return { items: await viewsOf(db, await store.verificationsOfTicket(db, ticket.id), ticket.number) };
}
