// Surveys after resolution, answered in the portal: invitations from the outbox consumer (policy, duplicates,
// cancelled, fatigue, probability, several consumers at once), answering once, service recovery, who sees answers.
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listEntries } from '../../platform/audit/store.ts';
import { outbox } from '../../platform/db/schema.ts';
import { plainFieldMessage } from '../../platform/http/plain-errors.ts';
import { newId } from '../../platform/ids.ts';
import { facilities } from '../directory/tables.ts';
import { ticketSla } from '../sla/tables.ts';
import { ticketActivity, tickets } from '../tickets/tables.ts';
import { catchUp, invitationOf, resolvedTicket, type SurveyWorld, surveyWorld } from './fixture.ts';
import { SURVEY_COMMENT_MAX } from './schemas.ts';
import { consumeResolvedTickets } from './service/invite.ts';
import { surveyInvitations, surveyPolicies, surveyRecoveries, surveyResponses } from './tables.ts';

let w: SurveyWorld;
beforeAll(async () => {
  w = await surveyWorld();
});
afterAll(() => w?.t.close());

const answer = (id: string, body: unknown, c = w.nurse) => c.post(`/api/v1/surveys/invitations/${id}/response`, body);

describe('after resolution', () => {
  it('invites the requester once the ticket is resolved, with the policy, the delay and the attribution', async () => {
    await w.t.ctx.database.db.update(surveyPolicies).set({ delayMinutes: 45 });
    const { id } = await resolvedTicket(w);
    const inv = await invitationOf(w, id);
    await w.t.ctx.database.db.update(surveyPolicies).set({ delayMinutes: 0 });
    expect(inv).toMatchObject({ kind: 'ticket', personId: w.h.nurse.id, clinicalRole: 'rn', unitId: w.h.ward.id });
    expect(inv!.providerIds).toEqual([w.h.desk.id]);
    const ticket = (await w.t.ctx.database.db.select().from(tickets).where(eq(tickets.id, id)))[0]!;
    expect(inv!.availableAt.getTime() - ticket.resolvedAt!.getTime()).toBe(45 * 60_000);
    // Not yet: the sign-in prompt waits for the delay.
    const pending = (await w.nurse.get('/api/v1/surveys/pending')).json().surveys as { id: string }[];
    expect(pending.map((s) => s.id)).not.toContain(inv!.id);
  });

  it('never asks about a cancelled or a duplicate ticket', async () => {
    const cancelled = await resolvedTicket(w, { resolveNow: { code: 'cancelled', note: 'Opened by mistake.' } });
    const duplicate = await resolvedTicket(w, { resolveNow: { code: 'duplicate', note: 'Same as the other one.' } });
    expect(await invitationOf(w, cancelled.id)).toBeUndefined();
    expect(await invitationOf(w, duplicate.id)).toBeUndefined();
  });

  it('asks nobody twice within the repeat interval', async () => {
    await w.t.ctx.database.db.update(surveyPolicies).set({ repeatIntervalDays: 30 });
    const first = await resolvedTicket(w, { requesterId: w.h.colleague.id });
    const second = await resolvedTicket(w, { requesterId: w.h.colleague.id });
    const a = await invitationOf(w, first.id);
    const b = await invitationOf(w, second.id);
    await w.t.ctx.database.db.update(surveyPolicies).set({ repeatIntervalDays: 0 });
    expect(a).toBeDefined();
    expect(b).toBeUndefined();
  });

  it('follows the first matching policy: a probability of 0 for phone how-to asks nobody', async () => {
    const none = await w.manager.post('/api/v1/surveys/policies', {
      name: 'No surveys on phone how-to',
      position: 0,
      conditions: { channels: ['phone'], ticketTypes: ['how_to'] },
      probability: 0,
      repeatIntervalDays: 0,
      delayMinutes: 0,
      expiresAfterDays: 7,
    });
    expect(none.statusCode, none.body).toBe(200);
    const skipped = await resolvedTicket(w);
    const asked = await resolvedTicket(w, { type: 'incident' });
    expect(await invitationOf(w, skipped.id)).toBeUndefined();
    expect(await invitationOf(w, asked.id)).toBeDefined();
    expect((await w.manager.delete(`/api/v1/surveys/policies/${none.json().id}`)).statusCode).toBe(204);
  });

  it('creates one invitation per ticket when several consumers read at once', async () => {
    const made = await Promise.all([1, 2, 3].map(() => resolvedTicket(w, { type: 'incident' })));
    await Promise.all([1, 2, 3, 4].map(() => consumeResolvedTickets(w.t.ctx)));
    await catchUp(w);
    const rows = await w.t.ctx.database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(surveyInvitations)
      .where(
        sql`${surveyInvitations.ticketId} IN (${sql.join(
          made.map((m) => sql`${m.id}::uuid`),
          sql`, `,
        )})`,
      );
    expect(rows[0]!.n).toBe(3);
  });
});

describe('answering in the portal', () => {
  it('records one answer, shows it on the ticket, and refuses a second with 409', async () => {
    const { id, number } = await resolvedTicket(w, { type: 'incident' });
    const inv = (await invitationOf(w, id))!;
    const pending = (await w.nurse.get('/api/v1/surveys/pending')).json().surveys;
    expect(pending).toContainEqual(expect.objectContaining({ id: inv.id, ticketNumber: number, serviceName: 'BCMA' }));
    const res = await answer(inv.id, { score: 5, solved: 'first_contact', patientCareAffected: false });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ recorded: true, followUpTicket: null, phiWarnings: [] });
    const again = await answer(inv.id, { score: 1 });
    expect(again.statusCode).toBe(409);
    expect(again.headers['content-type']).toContain('application/problem+json');
    const count = await w.t.ctx.database.db
      .select()
      .from(surveyResponses)
      .where(eq(surveyResponses.invitationId, inv.id));
    expect(count).toHaveLength(1);
    expect(count[0]).toMatchObject({ score: 5, solvedFirstContact: true, stillUnsolved: false, channel: 'portal' });
    const view = (await w.nurse.get(`/api/v1/tickets/${number}/survey`)).json();
    expect(view.invitation.state).toBe('answered');
    expect(view.response).toMatchObject({ score: 5, solvedFirstContact: true });
    const audit = await listEntries(w.t.ctx.database.db, { action: 'survey.answer', limit: 50 });
    expect(audit.some((e) => e.targetId === count[0]!.id)).toBe(true);
  });

  it('refuses scores out of range with 400 problem+json, and other people’s surveys with 404', async () => {
    const { id } = await resolvedTicket(w, { type: 'incident' });
    const inv = (await invitationOf(w, id))!;
    for (const score of [0, 6, 2.5, '5', null]) {
      const res = await answer(inv.id, { score });
      expect(res.statusCode, String(score)).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().errors[0].field).toBe('body.score');
    }
    expect((await answer(inv.id, { score: 4 }, w.colleague)).statusCode).toBe(404);
    expect((await answer(inv.id, { score: 4, solved: 'maybe' })).statusCode).toBe(400);
  });

  it('keeps the comment clean and flags likely PHI in it', async () => {
    const { id } = await resolvedTicket(w, { type: 'incident' });
    const inv = (await invitationOf(w, id))!;
    const res = await answer(inv.id, {
      score: 4,
      comment: '  Quick help\u0007 for MRN 00482913\r\n\r\n\r\n\r\nthanks  ',
    });
    expect(res.json().phiWarnings).toEqual(['mrn']);
    const [row] = await w.t.ctx.database.db
      .select()
      .from(surveyResponses)
      .where(eq(surveyResponses.invitationId, inv.id));
    expect(row).toMatchObject({ comment: 'Quick help for MRN 00482913\n\nthanks', commentPhiSuspected: true });
  });

  it('takes a comment up to SURVEY_COMMENT_MAX once trimmed, and refuses a longer one in words, never cutting it', async () => {
    const first = (await invitationOf(w, (await resolvedTicket(w, { type: 'incident' })).id))!;
    const over = await answer(first.id, { score: 4, comment: 'x'.repeat(SURVEY_COMMENT_MAX + 1) });
    expect(over.statusCode).toBe(400);
    expect(over.headers['content-type']).toContain('application/problem+json');
    // The sentence the survey form builds its own refusal from (web/src/components/textLimits.ts).
    const sentence = plainFieldMessage('Comment', {
      code: 'too_big',
      params: { origin: 'string', maximum: SURVEY_COMMENT_MAX },
    });
    expect(over.json().errors).toEqual([expect.objectContaining({ field: 'body.comment', message: sentence })]);
    expect(sentence).toBe('Comment is too long (at most 2,000 characters)');
    const fits = await answer(first.id, { score: 4, comment: `  ${'y'.repeat(SURVEY_COMMENT_MAX)}\n ` });
    expect(fits.statusCode, fits.body).toBe(200);
    const [row] = await w.t.ctx.database.db
      .select()
      .from(surveyResponses)
      .where(eq(surveyResponses.invitationId, first.id));
    expect(row!.comment).toBe('y'.repeat(SURVEY_COMMENT_MAX));
  });
});

describe('service recovery', () => {
  it('opens a follow-up ticket for a low score, linked, queued to the desk, with its own SLA and a reply', async () => {
    const { id, number } = await resolvedTicket(w, { type: 'incident' });
    const inv = (await invitationOf(w, id))!;
    const res = await answer(inv.id, {
      score: 2,
      solved: 'later',
      patientCareAffected: true,
      comment: 'Took all shift',
    });
    expect(res.statusCode, res.body).toBe(200);
    const followUp = res.json().followUpTicket as string;
    expect(followUp).toMatch(/^CSD-/);
    const ticket = (await w.nurse.get(`/api/v1/tickets/${followUp}`)).json();
    expect(ticket).toMatchObject({ type: 'service_request', status: 'new', requester: { id: w.h.nurse.id } });
    expect(ticket.group).toMatch(/Tier 1-Plus/);
    expect(ticket.links).toContainEqual(expect.objectContaining({ number }));
    expect(ticket.comments.map((c: { body: string }) => c.body).join()).toMatch(/manager will contact you/);
    expect(ticket.sla).toBeTruthy();
    const [rc] = await w.t.ctx.database.db.select().from(surveyRecoveries).where(eq(surveyRecoveries.ticketId, id));
    expect(rc?.reason).toBe('scored 2 out of 5');
  });

  it('opens the follow-up as every ticket is opened: priority, queue, SLA clock, audit, event, activity', async () => {
    const { id } = await resolvedTicket(w, { type: 'incident' });
    const res = await answer((await invitationOf(w, id))!.id, { score: 1, patientCareAffected: true });
    expect(res.statusCode, res.body).toBe(200);
    // The same facts opened by the nurse in the portal: what every ticket gets, to compare with.
    const plain = await w.nurse.post('/api/v1/tickets', {
      type: 'service_request',
      summary: 'Nobody called me back about the scanner',
      serviceId: w.h.ehr.id,
      moduleId: w.h.bcma.id,
      patientCareAffected: true,
    });
    expect(plain.statusCode, plain.body).toBe(201);
    const facts = async (number: string) => {
      const db = w.t.ctx.database.db;
      const [t] = await db
        .select()
        .from(tickets)
        .where(eq(tickets.number, Number(number.slice(4))));
      const [sla] = await db.select().from(ticketSla).where(eq(ticketSla.ticketId, t!.id));
      const events = await db.select().from(outbox).where(eq(outbox.subjectId, t!.id));
      const activity = await db.select().from(ticketActivity).where(eq(ticketActivity.ticketId, t!.id));
      const audit = await listEntries(db, { targetId: t!.id, limit: 10 });
      return {
        row: t!,
        shape: {
          type: t!.type,
          channel: t!.channel,
          status: t!.status,
          priority: t!.priority,
          priorityReason: t!.priorityReason,
          groupId: t!.groupId,
          unitId: t!.unitId,
          sla: {
            policy: sla?.policyName,
            priority: sla?.priority,
            response: sla?.responseState,
            resolution: sla?.resolutionState,
            due: Boolean(sla?.responseDueAt && sla.resolutionDueAt && sla.nextCheckAt),
          },
          events: events.map((e) => ({
            type: e.type,
            requesterHearsLive: (e.audience as { userIds: string[] }).userIds.includes(w.h.users.nurse.id),
          })),
          activity: activity.map((a) => a.kind),
          audited: audit.some((e) => e.action === 'ticket.open'),
        },
        activity,
        audit,
      };
    };
    const followUp = await facts(res.json().followUpTicket);
    const ordinary = await facts(plain.json().number);
    expect(followUp.shape).toEqual(ordinary.shape);
    expect(followUp.shape).toMatchObject({
      sla: { policy: expect.any(String), response: 'running', resolution: 'running', due: true },
      events: [{ type: 'ticket.opened', requesterHearsLive: true }],
      activity: ['opened'],
      audited: true,
    });
    // Opened by the desk itself, and marked as a follow-up where the desk reads its history and audit.
    expect(followUp.row.openedByUserId).toBeNull();
    expect(followUp.activity[0]!.data).toMatchObject({ recovery: true });
    expect(followUp.audit.map((e) => e.action).sort()).toEqual(['survey.recovery_open', 'ticket.open']);
  });

  it('opens a follow-up even when the ticket named another facility than the requester’s unit', async () => {
    const other = {
      id: newId(),
      code: `FAC2-${w.h.tag}`,
      name: `North Campus ${w.h.tag}`,
      timeZone: 'America/Chicago',
    };
    await w.t.ctx.database.db.insert(facilities).values(other);
    const { id } = await resolvedTicket(w, { type: 'incident', facilityId: other.id });
    const inv = (await invitationOf(w, id))!;
    expect(inv).toMatchObject({ facilityId: other.id, unitId: w.h.ward.id });
    const res = await answer(inv.id, { score: 2 });
    expect(res.statusCode, res.body).toBe(200);
    const number = res.json().followUpTicket as string;
    const ticket = (await w.manager.get(`/api/v1/tickets/${number}`)).json();
    expect(ticket).toMatchObject({ unitId: w.h.ward.id, facilityId: w.h.facility.id });
  });

  it('opens one for "not solved" even with a good score, and none for a good answer', async () => {
    const a = await resolvedTicket(w, { type: 'incident' });
    const b = await resolvedTicket(w, { type: 'incident' });
    const ra = await answer((await invitationOf(w, a.id))!.id, { score: 4, solved: 'not_solved' });
    const rb = await answer((await invitationOf(w, b.id))!.id, { score: 4, solved: 'later' });
    expect(ra.json().followUpTicket).toMatch(/^CSD-/);
    expect(rb.json().followUpTicket).toBeNull();
  });
});

describe('who sees answers', () => {
  it('managers and the agent who worked it see the comment; other agents see no answer; vendors no comment', async () => {
    const { id, number } = await resolvedTicket(w, { type: 'incident' });
    await w.t.ctx.database.db.execute(
      sql`UPDATE tickets SET provider_ids = provider_ids || ${w.h.vendor.id}::uuid WHERE id = ${id}::uuid`,
    );
    const inv = (await invitationOf(w, id))!;
    await answer(inv.id, { score: 3, comment: 'Fine in the end' });
    const view = async (c: typeof w.agent) => (await c.get(`/api/v1/tickets/${number}/survey`)).json().response;
    expect((await view(w.manager)).comment).toBe('Fine in the end');
    expect((await view(w.agent)).comment).toBe('Fine in the end');
    expect(await view(w.agent2)).toBeNull();
    expect(await view(w.vendor)).toMatchObject({ score: 3, comment: null });
    expect((await w.colleague.get(`/api/v1/tickets/${number}/survey`)).statusCode).toBe(404);
  });
});
