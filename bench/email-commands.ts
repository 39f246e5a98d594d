// Commands bench/email.ts sends to the server process it started (bench/server.ts reads them on stdin). They run
// inside the server because the embedded database (PGlite) belongs to that process alone.
//
//   {"senders":{"count":600}}            → [{email, name}]: active clinicians with an email on file (not vendors)
//   {"queueNotifications":{"count":N}}   → {ids, ms}: N "ticket received" mails queued at once, as the consumer
//                                          queues them (rendered from the default template, one row each in
//                                          notification_deliveries, pending, due now), in one transaction
//   {"outboxOf":{"numbers":[12,13]}}     → the outbox events about those tickets (type, id, txid, at), to say where
//                                          a ticket.opened the agent's stream never showed went

import { DEFAULT_TEMPLATES, render } from '../src/features/notifications/rules/templates.ts';
import { notificationDeliveries } from '../src/features/notifications/tables.ts';
import { formatTicketNumber } from '../src/features/tickets/rules/vocabulary.ts';
import type { AppContext } from '../src/platform/context.ts';
import { newId } from '../src/platform/ids.ts';

const CHUNK = 500;

/** The ids of the events this process's dispatcher handed out, in order (from the first command on). */
const dispatched: number[] = [];
let watching = false;

export async function runCommand(ctx: AppContext, cmd: Record<string, unknown>): Promise<unknown> {
  if (!watching) {
    watching = true;
    ctx.events.subscribe((e) => dispatched.push(e.id));
  }
  if (cmd.dispatched !== undefined) return dispatchedAround(cmd.dispatched as { from: number; to: number });
  if (isCount(cmd.senders)) return senders(ctx, cmd.senders.count);
  if (isCount(cmd.queueNotifications)) return queueNotifications(ctx, cmd.queueNotifications.count);
  if (isNumbers(cmd.outboxOf)) return outboxOf(ctx, cmd.outboxOf.numbers);
  throw new Error(`unknown command: ${JSON.stringify(cmd).slice(0, 100)}`);
}

const isCount = (v: unknown): v is { count: number } =>
  typeof v === 'object' && v !== null && Number.isInteger((v as { count?: unknown }).count);

const isNumbers = (v: unknown): v is { numbers: number[] } =>
  typeof v === 'object' &&
  v !== null &&
  Array.isArray((v as { numbers?: unknown }).numbers) &&
  (v as { numbers: unknown[] }).numbers.every(Number.isInteger);

async function outboxOf(ctx: AppContext, numbers: number[]) {
  return ctx.database.query(
    `WITH mine AS (SELECT o.id FROM outbox o JOIN tickets t ON t.id::text = o.subject_id
        WHERE o.subject_type = 'ticket' AND t.number = ANY($1::int[]))
      SELECT o.id::text, o.txid::text, o.type, o.subject_type, o.at, o.id IN (SELECT id FROM mine) AS missing
        FROM outbox o WHERE o.id BETWEEN (SELECT min(id) - 8 FROM mine) AND (SELECT max(id) + 4 FROM mine)
       ORDER BY o.id`,
    [numbers],
  );
}

function dispatchedAround(range: { from: number; to: number }) {
  return dispatched.filter((id) => id >= range.from && id <= range.to);
}

async function senders(ctx: AppContext, count: number) {
  return ctx.database.query<{ email: string; name: string }>(
    `SELECT email, display_name AS name FROM people
      WHERE active AND email IS NOT NULL AND provider_org_id IS NULL
      ORDER BY employee_id LIMIT $1`,
    [count],
  );
}

async function queueNotifications(ctx: AppContext, count: number) {
  const t0 = performance.now();
  // Real tickets and their requesters' addresses, reused in turn when there are fewer tickets than mails.
  const tickets = await ctx.database.query<{ id: string; number: number; priority: number; email: string }>(
    `SELECT t.id, t.number, t.priority, p.email FROM tickets t JOIN people p ON p.id = t.requester_id
      WHERE p.email IS NOT NULL ORDER BY t.number DESC LIMIT $1`,
    [count],
  );
  if (!tickets.length) throw new Error('no ticket with a requester email on file to notify about');
  const ids: string[] = [];
  const rows = Array.from({ length: count }, (_, i) => {
    const t = tickets[i % tickets.length]!;
    const mail = render(DEFAULT_TEMPLATES.ticket_received, {
      ticketNumber: t.number,
      priority: t.priority,
      link: `${ctx.config.publicUrl}/portal/tickets/${formatTicketNumber(t.number)}`,
      surveyLink: null,
      title: null,
      text: null,
      fullText: false,
    });
    const id = newId();
    ids.push(id);
    return {
      id,
      kind: 'ticket_received' as const,
      channel: 'email' as const,
      ticketId: t.id,
      userId: null,
      toAddress: t.email,
      subject: mail.subject,
      body: mail.body,
    };
  });
  await ctx.database.db.transaction(async (tx) => {
    for (let i = 0; i < rows.length; i += CHUNK)
      await tx.insert(notificationDeliveries).values(rows.slice(i, i + CHUNK));
  });
  return { ids, ms: Math.round(performance.now() - t0) };
}
