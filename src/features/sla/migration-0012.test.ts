// Migration 0012 on a database that already holds tickets: the 24x7 patient-care policy joins the defaults, and
// first-response times recorded by hand-offs (the old bug) are recomputed from each ticket's history.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTestApp, type TestApp } from '../../../test/app.ts';
import { buildHospital, type Hospital, signInAs } from '../../../test/factories.ts';
import { migrate } from '../../platform/db/migrate.ts';
import { sweepSla } from './service.ts';

const TAG = '0012_sla_patient_care_24x7_and_first_response';
const PATIENT_CARE_POLICY = '5a1a0000-0000-4000-8000-000000000014';

let t: TestApp;
let h: Hospital;
let nurse: Client;
let agent: Client;
beforeAll(async () => {
  t = await createTestApp({ seedDemo: false });
  h = await buildHospital(t.ctx);
  [nurse, agent] = await signInAs(t, h, 'nurse', 'agent');
});
afterAll(() => t.close());

describe('migration 0012 on an existing database', () => {
  it('adds the 24x7 patient-care policy and clears first responses that were only hand-offs', async () => {
    const db = t.ctx.database;
    const escalatedRes = await nurse.post('/api/v1/tickets', { summary: 'CPOE order question', serviceId: h.ehr.id });
    const repliedRes = await nurse.post('/api/v1/tickets', { summary: 'CPOE favourites gone', serviceId: h.ehr.id });
    const [escalated, replied] = [escalatedRes.json(), repliedRes.json()];
    const esc = await agent.post(`/api/v1/tickets/${escalated.number}/escalations`, {
      toTier: 'tier2',
      reason: 'Needs the orders analyst.',
    });
    expect(esc.statusCode, esc.body).toBe(200);
    const reply = await agent.post(`/api/v1/tickets/${replied.number}/comments`, {
      visibility: 'public',
      body: 'Your favourites are back: sign out and in again.',
    });
    expect(reply.statusCode, reply.body).toBe(201);

    // The database as version 0011 left it: no patient-care policy, and the escalation recorded as a response.
    await db.query(`UPDATE tickets SET first_response_at = now() WHERE id = $1`, [escalated.id]);
    await db.query(`UPDATE ticket_sla SET next_check_at = now() WHERE ticket_id = $1`, [escalated.id]);
    await db.query(`UPDATE ticket_sla SET policy_id = NULL WHERE policy_id = $1`, [PATIENT_CARE_POLICY]);
    await db.query(`DELETE FROM sla_policies WHERE id = $1`, [PATIENT_CARE_POLICY]);
    await db.query(`DELETE FROM clinidesk_migrations WHERE tag = $1`, [TAG]);
    await sweepSla(t.ctx, Date.now() + 1000);
    expect((await agent.get(`/api/v1/tickets/${escalated.number}`)).json().slaDetail.response.state).toBe('stopped');

    expect(await migrate(db)).toEqual([TAG]);

    const [policy] = await db.query<{ match: unknown; always_open: boolean; position: number }>(
      `SELECT p.match, c.always_open, p.position FROM sla_policies p JOIN sla_calendars c ON c.id = p.calendar_id
        WHERE p.id = $1`,
      [PATIENT_CARE_POLICY],
    );
    expect(policy).toEqual({ match: { patientCareOrP1: true }, always_open: true, position: 5 });
    const rows = await db.query<{ id: string; first_response_at: Date | null }>(
      `SELECT id, first_response_at FROM tickets WHERE id IN ($1, $2) ORDER BY number`,
      [escalated.id, replied.id],
    );
    expect(rows[0]!.first_response_at).toBeNull();
    expect(rows[1]!.first_response_at).not.toBeNull();

    // The sweep recomputes the corrected tickets: the escalated one is still waiting for an answer.
    await sweepSla(t.ctx, Date.now() + 1000);
    expect((await agent.get(`/api/v1/tickets/${escalated.number}`)).json().slaDetail.response.state).toBe('running');
    expect((await agent.get(`/api/v1/tickets/${replied.number}`)).json().slaDetail.response.state).toBe('stopped');
  });
});
