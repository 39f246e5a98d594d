// Shared set-up for the survey tests: a hospital, signed-in clients, resolved tickets and their invitations.
import { eq } from 'drizzle-orm';
import { expect, vi } from 'vitest';
import { type Client, createTestApp, type TestApp } from '../../../test/app.ts';
import { buildHospital, type Hospital, TEST_PASSWORD } from '../../../test/factories.ts';
import { tickets } from '../tickets/tables.ts';
import { consumeResolvedTickets } from './service/invite.ts';
import * as store from './store.ts';
import { surveyPolicies } from './tables.ts';

export type SurveyWorld = {
  t: TestApp;
  h: Hospital;
  nurse: Client;
  colleague: Client;
  agent: Client;
  agent2: Client;
  manager: Client;
  vendor: Client;
};

export async function surveyWorld(): Promise<SurveyWorld> {
  const t = await createTestApp();
  const h = await buildHospital(t.ctx);
  // Ask at once and every time, so each test's own ticket is surveyed (fatigue is tested on its own).
  await t.ctx.database.db.update(surveyPolicies).set({ delayMinutes: 0, repeatIntervalDays: 0 });
  const sign = (u: { username: string }) => t.signIn(u.username, TEST_PASSWORD);
  return {
    t,
    h,
    nurse: await sign(h.users.nurse),
    colleague: await sign(h.users.colleague),
    agent: await sign(h.users.agent),
    agent2: await sign(h.users.agent2),
    manager: await t.signIn('manager'),
    vendor: await sign(h.users.vendor),
  };
}

/** Opens a ticket for the requester and resolves it on the call; returns its number and id. */
export async function resolvedTicket(w: SurveyWorld, extra: Record<string, unknown> = {}) {
  const res = await w.agent.post('/api/v1/tickets', {
    requesterId: w.h.nurse.id,
    channel: 'phone',
    type: 'how_to',
    summary: 'Patient John Smith chart will not open in BCMA',
    description: 'MRN 00482913 — the chart spins',
    serviceId: w.h.ehr.id,
    moduleId: w.h.bcma.id,
    resolveNow: { code: 'answered_how_to', note: 'Cleared the cache.' },
    ...extra,
  });
  expect(res.statusCode, res.body).toBe(201);
  const number = res.json().number as string;
  const row = (
    await w.t.ctx.database.db
      .select()
      .from(tickets)
      .where(eq(tickets.number, Number(number.slice(4))))
  )[0]!;
  return { number, id: row.id };
}

/** Waits until the consumer has read every committed event (this call or the background job). */
export async function catchUp(w: SurveyWorld) {
  await vi.waitFor(
    async () => {
      await consumeResolvedTickets(w.t.ctx);
      const [cursor] = await w.t.ctx.database.query<{ behind: boolean }>(
        `SELECT EXISTS (SELECT 1 FROM outbox o, survey_outbox_cursor c
           WHERE (o.txid, o.id) > (c.txid, c.event_id) AND o.type = 'ticket.resolved') AS behind`,
      );
      expect(cursor?.behind).toBe(false);
    },
    { timeout: 10_000, interval: 50 },
  );
}

export async function invitationOf(w: SurveyWorld, ticketId: string) {
  await catchUp(w);
  return store.findTicketInvitation(w.t.ctx.database.db, ticketId);
}
