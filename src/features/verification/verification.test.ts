// Caller verification through the API on a real database: a reset stays blocked until the policy is met, refused
// attempts (a number not on file, a supervisor confirming their own request) are answered clearly and audited,
// repeated failures alert the desk manager and security, and the administrator's policy is checked and audited.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTestApp, type TestApp } from '../../../test/app.ts';
import { buildHospital, type Hospital, signInAs } from '../../../test/factories.ts';
import { until } from '../../../test/until.ts';
import { listAudit } from '../../platform/audit/service.ts';
import { outbox } from '../../platform/db/schema.ts';
import { newId } from '../../platform/ids.ts';
import { people } from '../directory/tables.ts';
import { consumeEvents } from '../notifications/service/consume.ts';
import { notificationDeliveries } from '../notifications/tables.ts';
import { contacts, contactTickets } from '../routing/tables.ts';
import { DEFAULT_POLICY } from './rules/policy.ts';
import type { VerificationView } from './schemas.ts';

let t: TestApp;
let h: Hospital;
let agent: Client;
let supervisor: Client; // Ben Ito, RN: the nurse's supervisor on record
let nurse: Client;
let vendor: Client;
let admin: Client;

beforeAll(async () => {
  t = await createTestApp();
  h = await buildHospital(t.ctx);
  await t.ctx.database.db.update(people).set({ managerId: h.colleague.id }).where(eq(people.id, h.nurse.id));
  [agent, supervisor, nurse, vendor] = await signInAs(t, h, 'agent', 'colleague', 'nurse', 'vendor');
  admin = await t.signIn('admin');
}, 120_000);
afterAll(() => t.close());

async function ticketFor(requesterId: string, patientCareAffected = false): Promise<string> {
  const res = await agent.post('/api/v1/tickets', {
    requesterId,
    channel: 'phone',
    summary: 'Locked out, needs a password reset',
    patientCareAffected,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().number;
}

async function start(number: string, request = 'password_reset', client = agent) {
  const res = await client.post(`/api/v1/tickets/${number}/verifications`, { request });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as VerificationView;
}

const attempt = (id: string, body: Record<string, unknown>, client = agent) =>
  client.post(`/api/v1/verifications/${id}/attempts`, body);
const change = (id: string, client = agent) => client.post(`/api/v1/verifications/${id}/change`, {});

async function auditOf(action: string, ticketNumber: string) {
  const entries = await listAudit(t.ctx.database, { action, limit: 200 });
  return entries.filter((e) => (e.summary as { number?: string }).number === ticketNumber);
}

describe('a password reset on a call', () => {
  it('is blocked until a call-back on the number on file passes, then recorded in the audit trail', async () => {
    const number = await ticketFor(h.nurse.id);
    const v = await start(number);
    expect(v).toMatchObject({
      state: 'required',
      risk: { level: 'standard', reasons: [] },
      requirement: { required: 1, fastPath: false },
      subject: { displayName: 'Rosa Delgado, RN', phones: h.nurse.phones },
      supervisor: { displayName: 'Ben Ito, RN' },
    });
    expect(v.blocked).toMatch(/Verify the caller first/);

    const blocked = await change(v.id);
    expect(blocked.statusCode).toBe(409);
    expect(blocked.json().detail).toMatch(/Verify the caller first/);

    const passed = await attempt(v.id, { method: 'callback_on_file', outcome: 'passed', phone: h.nurse.phones[0] });
    expect(passed.statusCode, passed.body).toBe(200);
    expect(passed.json()).toMatchObject({ state: 'verified', blocked: null });
    expect(passed.json().attempts[0]).toMatchObject({ method: 'callback_on_file', recordedBy: 'Jordan Reyes' });

    const done = await change(v.id);
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json().changedAt).not.toBeNull();
    expect((await change(v.id)).statusCode).toBe(409);

    expect((await auditOf('verification.change', number)).map((e) => e.outcome).sort()).toEqual([
      'denied',
      'denied',
      'success',
    ]);
    expect((await auditOf('verification.attempt', number)).map((e) => e.outcome)).toEqual(['success']);
  });

  it('refuses a call-back to a number the caller gives, with a clear message, and audits the refusal', async () => {
    const number = await ticketFor(h.nurse.id);
    const v = await start(number);
    const res = await attempt(v.id, { method: 'callback_on_file', outcome: 'passed', phone: '(999) 555-0100' });
    expect(res.statusCode).toBe(400);
    expect(res.json().detail).toBe(
      'That number is not on file for Rosa Delgado, RN. Call back only on a number from the directory, never on one the caller gives.',
    );
    expect(res.json().errors).toEqual([{ field: 'phone', message: res.json().detail }]);
    const [entry] = await auditOf('verification.attempt', number);
    expect(entry).toMatchObject({ outcome: 'denied', summary: { method: 'callback_on_file', phone: '19995550100' } });
  });

  it('flags a call from a number not on file and asks more of it', async () => {
    const number = await ticketFor(h.nurse.id);
    const ticketId = (await agent.get(`/api/v1/tickets/${number}`)).json().id;
    const contactId = newId();
    await t.ctx.database.db.insert(contacts).values({
      id: contactId,
      channel: 'phone',
      line: 'clinical',
      callerNumber: '13125550000',
      personId: h.nurse.id,
      state: 'connected',
      offeredAt: new Date(),
      queuedAt: new Date(),
    });
    await t.ctx.database.db.insert(contactTickets).values({ contactId, ticketId, relation: 'opened' });
    const v = await start(number);
    expect(v.signals).toEqual(['number_not_on_file']);
    expect(v.risk).toEqual({ level: 'high', reasons: ['Calling from a number not on file'] });
    expect(v.requirement.required).toBe(2);
  });

  it('refuses a supervisor confirming their own reset, from the desk or the portal, and audits it', async () => {
    // The supervisor's own account is reset: their manager on record is nobody, and they try to vouch for themselves.
    const number = await ticketFor(h.colleague.id);
    const v = await start(number);
    const byDesk = await attempt(v.id, {
      method: 'supervisor_confirmation',
      outcome: 'passed',
      confirmedById: h.colleague.id,
    });
    expect(byDesk.statusCode).toBe(403);
    expect(byDesk.json().detail).toBe(
      'Ben Ito, RN cannot confirm their own request. The supervisor on record must confirm it.',
    );
    const byPortal = await supervisor.post(`/api/v1/verifications/${v.id}/confirm`, { outcome: 'passed' });
    expect(byPortal.statusCode).toBe(403);
    expect(byPortal.json().detail).toMatch(/cannot confirm their own request/);
    const refused = await auditOf('verification.attempt', number);
    expect(refused.map((e) => e.outcome)).toEqual(['denied', 'denied']);
    expect((await change(v.id)).statusCode).toBe(409);
  });

  it('lets the supervisor on record confirm a report’s request from the portal', async () => {
    const number = await ticketFor(h.nurse.id);
    const v = await start(number);
    const waiting = (await supervisor.get('/api/v1/verifications/to-confirm')).json().items;
    expect(waiting).toContainEqual(expect.objectContaining({ id: v.id, subject: 'Rosa Delgado, RN' }));
    const wrongPerson = await nurse.post(`/api/v1/verifications/${v.id}/confirm`, { outcome: 'passed' });
    expect(wrongPerson.statusCode).toBe(403); // the subject herself
    const res = await supervisor.post(`/api/v1/verifications/${v.id}/confirm`, { outcome: 'passed' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ state: 'verified' });
  });

  it('asks two checks for a revenue-cycle account, and never lets knowledge answers count alone', async () => {
    const number = await ticketFor(h.clerk.id);
    const v = await start(number, 'mfa_new_device');
    expect(v.risk.level).toBe('high');
    expect(v.signals).toEqual(['new_device']);
    const knowledge = await attempt(v.id, { method: 'knowledge_answers', outcome: 'passed' });
    expect(knowledge.json().state).toBe('pending');
    const badge = await attempt(v.id, { method: 'in_person_badge', outcome: 'passed' });
    expect(badge.json().state).toBe('verified');
  });

  it('lets a physician locked out during patient care through with one badge check at the unit', async () => {
    const number = await ticketFor(h.doctor.id, true);
    const v = await start(number);
    expect(v.requirement).toMatchObject({ fastPath: true, required: 1 });
    const video = await attempt(v.id, { method: 'video_photo_id', outcome: 'passed', idKind: 'Hospital badge' });
    expect(video.statusCode).toBe(400);
    expect(video.json().detail).toMatch(/does not count for this request/);
    const badge = await attempt(v.id, { method: 'in_person_badge', outcome: 'passed', note: 'At the 4 West desk' });
    expect(badge.json().state).toBe('verified');
  });

  it('fails after three failed checks and alerts the desk manager and security once', async () => {
    const number = await ticketFor(h.nurse.id);
    const v = await start(number);
    for (let i = 0; i < 3; i++) {
      const res = await attempt(v.id, { method: 'callback_on_file', outcome: 'failed', phone: h.nurse.phones[0] });
      expect(res.statusCode, res.body).toBe(200);
    }
    const after = (await agent.get(`/api/v1/tickets/${number}/verifications`)).json().items[0];
    expect(after.state).toBe('failed');
    expect(after.blocked).toMatch(/in person with their badge/);
    const more = await attempt(v.id, { method: 'in_person_badge', outcome: 'passed' });
    expect(more.statusCode).toBe(409);
    const alerts = await t.ctx.database.db.select().from(outbox).where(eq(outbox.type, 'verification.alert'));
    const mine = alerts.filter((e) => (e.payload as { verificationId?: string }).verificationId === v.id);
    expect(mine).toHaveLength(1);
    expect(mine[0]!.audience).toMatchObject({ roles: ['manager', 'admin'] });
    expect(JSON.stringify(mine[0]!.payload)).not.toMatch(/Rosa|1312/);
    // The notifications consumer mails each desk manager and administrator, without names or numbers. The app's own
    // job consumes too, and a call that finds the cursor held by it reads nothing: wait for the mails, not the call.
    const ticketId = (await agent.get(`/api/v1/tickets/${number}`)).json().id;
    const alertMails = await until('the verification alert mails', async () => {
      await consumeEvents(t.ctx);
      const mails = await t.ctx.database.db
        .select()
        .from(notificationDeliveries)
        .where(eq(notificationDeliveries.ticketId, ticketId));
      const alerts = mails.filter((m) => m.kind === 'verification_alert');
      return alerts.length > 0 && alerts;
    });
    for (const m of alertMails) expect(`${m.subject} ${m.body}`).not.toMatch(/Rosa|Delgado|1312/);
  });
});

describe('resolving a ticket as a credential change', () => {
  const resolve = async (number: string, code: string) => {
    const version = (await agent.get(`/api/v1/tickets/${number}`)).json().version;
    return agent.request({
      method: 'PATCH',
      url: `/api/v1/tickets/${number}`,
      payload: {
        version,
        status: 'resolved',
        resolution: { code, note: 'Reset the network password; she signed in.' },
      },
    });
  };

  it('refuses "Password reset" until the reset is recorded on the ticket, then accepts it', async () => {
    const number = await ticketFor(h.nurse.id);
    const early = await resolve(number, 'password_reset');
    expect(early.statusCode).toBe(409);
    expect(early.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(early.json().detail).toMatch(/^A password reset is resolved only after the caller's identity is checked/);
    expect(early.json().errors).toEqual([{ field: 'body.resolution.code', message: early.json().detail }]);
    expect((await agent.get(`/api/v1/tickets/${number}`)).json().status).not.toBe('resolved');

    // Verified but not yet changed: still refused.
    const v = await start(number);
    const checked = await attempt(v.id, { method: 'callback_on_file', outcome: 'passed', phone: h.nurse.phones[0] });
    if (checked.json().state !== 'verified') await attempt(v.id, { method: 'in_person_badge', outcome: 'passed' });
    expect((await resolve(number, 'password_reset')).statusCode).toBe(409);

    expect((await change(v.id)).statusCode).toBe(200);
    const done = await resolve(number, 'password_reset');
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ status: 'resolved', resolutionCode: 'password_reset' });
  });

  it('asks for the matching change: a recorded reset does not resolve as "Account unlocked"', async () => {
    const number = await ticketFor(h.nurse.id);
    const v = await start(number);
    // Earlier tests reset this nurse's password several times: the policy now asks two checks.
    await attempt(v.id, { method: 'callback_on_file', outcome: 'passed', phone: h.nurse.phones[0] });
    const second = await attempt(v.id, { method: 'in_person_badge', outcome: 'passed' });
    expect(second.json().state, second.body).toBe('verified');
    expect((await change(v.id)).statusCode).toBe(200);
    const unlocked = await resolve(number, 'account_unlocked');
    expect(unlocked.statusCode).toBe(409);
    expect(unlocked.json().detail).toMatch(/^An account unlock is resolved only after/);
    // Other codes never needed a check.
    const other = await resolve(number, 'workaround_given');
    expect(other.statusCode, other.body).toBe(200);
  });

  it('refuses opening a ticket already resolved as a credential change, and opens nothing', async () => {
    const before = (await agent.get('/api/v1/tickets?limit=1')).json();
    const res = await agent.post('/api/v1/tickets', {
      requesterId: h.nurse.id,
      channel: 'phone',
      summary: 'Locked out at the start of shift',
      resolveNow: { code: 'account_unlocked', note: 'Unlocked it.' },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().detail).toMatch(/create the ticket without resolving it, check the caller/);
    expect((await agent.get('/api/v1/tickets?limit=1')).json()).toEqual(before);
  });
});

describe('the identity-check report', () => {
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  const url = (q = '') =>
    `/api/v1/reports/identity-checks?from=${day(-1)}&to=${day(2)}&facilityId=${h.facility.id}${q}`;

  it('counts what the checks of this hospital did, as a recount of the rows says, and audits who read it', async () => {
    const res = await admin.get(url());
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json();
    const recount = await t.ctx.database.query<{ request: string; started: number; changed: number; failed: number }>(
      `select v.request, count(*)::int started, count(v.changed_at)::int changed,
         count(*) filter (where v.state = 'failed')::int failed
       from verifications v join people p on p.id = v.subject_person_id
       where p.facility_id = $1 group by v.request order by v.request`,
      [h.facility.id],
    );
    expect(
      report.byRequest.map((r: { request: string; started: number; changed: number; failed: number }) => ({
        request: r.request,
        started: r.started,
        changed: r.changed,
        failed: r.failed,
      })),
    ).toEqual(recount);
    expect(report.totals.started).toBe(recount.reduce((n, r) => n + r.started, 0));
    // The refused attempts (a number not on file, a supervisor vouching for themselves) are counted from the audit.
    const method = (m: string) => report.byMethod.find((x: { method: string }) => x.method === m);
    expect(method('callback_on_file')).toMatchObject({ refused: 1 });
    expect(method('callback_on_file').failed).toBeGreaterThanOrEqual(3);
    expect(method('supervisor_confirmation').refused).toBeGreaterThanOrEqual(1);
    // The nurse whose password was reset again and again, with failed checks and an alert, is on the watch list.
    expect(report.totals.alerts).toBeGreaterThanOrEqual(1);
    expect(report.accounts[0]).toMatchObject({ displayName: 'Rosa Delgado, RN' });
    expect(report.accounts[0].changes).toBeGreaterThanOrEqual(2);
    expect(report.accounts[0].alerts).toBeGreaterThanOrEqual(1);
    const [entry] = await listAudit(t.ctx.database, { action: 'verification.report', limit: 1 });
    expect(entry).toMatchObject({ outcome: 'success', summary: { facilityId: h.facility.id } });
  });

  it('is for desk managers and security only, and explains a bad range', async () => {
    expect((await agent.get(url())).statusCode).toBe(403);
    expect((await vendor.get(url())).statusCode).toBe(403);
    expect((await nurse.get(url())).statusCode).toBe(403);
    const reversed = await admin.get(`/api/v1/reports/identity-checks?from=${day(2)}&to=${day(-1)}`);
    expect(reversed.statusCode).toBe(400);
    expect(reversed.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(reversed.body).toMatch(/must be later than/);
    expect((await admin.get('/api/v1/reports/identity-checks?from=yesterday&to=2026-01-01')).statusCode).toBe(400);
  });
});

describe('who may see and do it', () => {
  it('keeps vendor engineers and requesters out', async () => {
    const number = await ticketFor(h.nurse.id);
    const v = await start(number);
    for (const client of [vendor, nurse]) {
      expect((await client.get(`/api/v1/tickets/${number}/verifications`)).statusCode).toBe(403);
      expect((await client.post(`/api/v1/verifications/${v.id}/change`, {})).statusCode).toBe(403);
    }
    expect((await vendor.get('/api/v1/verifications/to-confirm')).statusCode).toBe(403);
  });
});

describe('the policy', () => {
  it('is the default until an administrator saves one, which is checked and audited', async () => {
    expect((await admin.get('/api/v1/settings/verification')).json()).toMatchObject({ isDefault: true });
    const put = (body: unknown) =>
      admin.request({ method: 'PUT', url: '/api/v1/settings/verification', payload: body as object });
    const knowledgeOnly = await put({ ...DEFAULT_POLICY, standard: { methods: ['knowledge_answers'], required: 1 } });
    expect(knowledgeOnly.statusCode).toBe(400);
    expect(knowledgeOnly.json().detail).toMatch(/never enough on their own/);
    const stricter = { ...DEFAULT_POLICY, standard: { ...DEFAULT_POLICY.standard, required: 2 } };
    const saved = await put(stricter);
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ isDefault: false, standard: { required: 2 } });
    const [entry] = await listAudit(t.ctx.database, { action: 'verification.policy', limit: 1 });
    expect(entry).toMatchObject({ outcome: 'success', summary: { after: { standard: { required: 2 } } } });
    const number = await ticketFor(h.nurse.id);
    expect((await start(number)).requirement.required).toBe(2);
    expect((await put(DEFAULT_POLICY)).statusCode).toBe(200);
    expect(
      (await agent.request({ method: 'PUT', url: '/api/v1/settings/verification', payload: DEFAULT_POLICY }))
        .statusCode,
    ).toBe(403);
  });
});
