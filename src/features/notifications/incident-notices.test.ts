// Incident notices through real parts: an administrator names a unit leader through the directory API (audited); an
// incident declared, updated in public and resolved on the ward is mailed through a real SMTP server (smtp-server) to
// the ward's leader and super-user, and paged (signed) to the one who chose the pager for a declared outage; the nurse
// of the ward who neither leads it nor is its super-user gets nothing, no mail carries the internal note, each person
// gets each notice once with several consumers at once; and the planned-downtime job announces a downtime once per
// notice point whatever the number of runs at once.
import { createHmac } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Client, TestApp } from '../../../test/app.ts';
import { buildHospital, type Hospital, TEST_PASSWORD } from '../../../test/factories.ts';
import { users } from '../../platform/db/schema.ts';
import { sendPlannedNotices } from '../incident-comms/service/planned-notices.ts';
import { consumeResolvedTickets } from '../surveys/service/invite.ts';
import { appWithRelay, MAIL_DOMAIN, PAGER_SECRET, type Pager, type Relay, startPager, startRelay } from './fixture.ts';
import { consumeEvents } from './service/consume.ts';
import { sendDue } from './service/send.ts';

let relay: Relay;
let pager: Pager;
let t: TestApp;
let h: Hospital;
let agent: Client;
let nurse: Client;
let leader: Client;
let superUser: Client;
let admin: Client;
const email = (u: { username: string }) => `${u.username}@${MAIL_DOMAIN}`;

const INTERNAL_NOTE = 'Internal: vendor bridge 555-0100, root cause suspected in the Quartermaine interface';

beforeAll(async () => {
  relay = await startRelay();
  pager = await startPager();
  t = await appWithRelay(relay);
  h = await buildHospital(t.ctx);
  for (const u of [h.users.nurse, h.users.colleague, h.users.superUser, h.users.agent, h.users.agent2])
    await t.ctx.database.db
      .update(users)
      .set({ email: email(u) })
      .where(eq(users.id, u.id));
  const as = (u: { username: string }) => t.signIn(u.username, TEST_PASSWORD);
  [agent, nurse, leader, superUser] = await Promise.all([
    as(h.users.agent),
    as(h.users.nurse),
    as(h.users.colleague),
    as(h.users.superUser),
  ]);
  admin = await t.signIn('admin');
  const pagerOn = await admin.request({
    method: 'PUT',
    url: '/api/v1/notifications/settings',
    payload: { fullTextDomain: null, pagerUrl: pager.url },
  });
  expect(pagerOn.statusCode, pagerOn.body).toBe(200);
}, 120_000);
afterAll(async () => {
  await t?.close();
  await relay?.close();
  await pager?.close();
});

async function until<T>(check: () => T | Promise<T>, timeout = 15_000): Promise<T> {
  return vi.waitFor(
    async () => {
      await consumeResolvedTickets(t.ctx);
      await consumeEvents(t.ctx);
      await sendDue(t.ctx);
      return check();
    },
    { timeout, interval: 100 },
  );
}

const mailsTo = (u: { username: string }) => relay.received.filter((r) => r.to.includes(email(u)));
const about = (u: { username: string }, number: string, word: string) =>
  mailsTo(u).filter((r) => r.mail.subject?.startsWith(`[${number}]`) && r.mail.subject.includes(word));

async function declare(body: Record<string, unknown>) {
  const res = await agent.post('/api/v1/incidents', {
    kind: 'ehr_downtime',
    title: 'EHR unavailable on the ward',
    publicSummary: 'The EHR is unavailable. Use downtime procedures and paper forms.',
    severity: 'sev1',
    serviceIds: [h.ehr.id],
    unitIds: [h.ward.id],
    confirmOverlap: true,
    ...body,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; number: string; version: number };
}

describe('unit leaders in the directory', () => {
  it('are set by an administrator through the people API, audited, and refused for a unit that does not exist', async () => {
    const id = h.colleague.id;
    const res = await admin.request({
      method: 'PATCH',
      url: `/api/v1/people/${id}`,
      payload: { leadsUnitIds: [h.ward.id, h.billing.id] },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(new Set(res.json().leadsUnitIds)).toEqual(new Set([h.ward.id, h.billing.id]));
    // Billing removed again: the audit entry says what was added and removed.
    const again = await admin.request({
      method: 'PATCH',
      url: `/api/v1/people/${id}`,
      payload: { leadsUnitIds: [h.ward.id] },
    });
    expect(again.json().leadsUnitIds).toEqual([h.ward.id]);
    const audit = await t.ctx.database.query<{ summary: { leadsUnits?: { added: string[]; removed: string[] } } }>(
      `SELECT summary FROM audit_log WHERE action = 'person.update' AND target_id = $1 ORDER BY id`,
      [id],
    );
    expect(audit.map((a) => a.summary.leadsUnits)).toEqual([
      { added: [h.ward.id, h.billing.id].sort(), removed: [] },
      { added: [], removed: [h.billing.id] },
    ]);
    const bad = await admin.request({
      method: 'PATCH',
      url: `/api/v1/people/${id}`,
      payload: { leadsUnitIds: [h.ward.id, '00000000-0000-4000-8000-000000000000'] },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('leadsUnitIds.1');
    const byNurse = await nurse.request({
      method: 'PATCH',
      url: `/api/v1/people/${h.nurse.id}`,
      payload: { leadsUnitIds: [h.ward.id] },
    });
    expect(byNurse.statusCode).toBe(403);
    expect((await agent.get(`/api/v1/people/${id}`)).json().leadsUnitIds).toEqual([h.ward.id]);
  });

  it("offers the incident notices in a leader's and a super-user's preferences, not in a nurse's", async () => {
    const kinds = async (c: Client) =>
      ((await c.get('/api/v1/me/notifications')).json().preferences as { kind: string; channels: string[] }[]).map(
        (p) => p.kind,
      );
    expect(await kinds(leader)).toContain('incident_declared');
    expect(await kinds(superUser)).toContain('planned_downtime_notice');
    expect(await kinds(nurse)).not.toContain('incident_declared');
    const refused = await nurse.request({
      method: 'PUT',
      url: '/api/v1/me/notifications',
      payload: { preferences: [{ kind: 'incident_declared', channel: 'pager' }] },
    });
    expect(refused.statusCode).toBe(400);
  });
});

describe('an outage on the ward', () => {
  let inc: { id: string; number: string; version: number };

  it('is mailed to the leader and paged to the super-user who chose the pager, never to the nurse or the declarer', async () => {
    const set = await superUser.request({
      method: 'PUT',
      url: '/api/v1/me/notifications',
      payload: {
        preferences: [
          { kind: 'incident_declared', channel: 'pager' },
          { kind: 'incident_update', channel: 'none' },
        ],
      },
    });
    expect(set.statusCode, set.body).toBe(200);
    inc = await declare({});
    const mail = await until(() => {
      const m = about(h.users.colleague, inc.number, 'declared');
      expect(m).toHaveLength(1);
      return m[0]!;
    });
    expect(mail.mail.subject).toBe(`[${inc.number}] ${inc.number} declared: EHR unavailable on the ward`);
    expect(mail.mail.text).toContain('The EHR is unavailable. Use downtime procedures and paper forms.');
    expect(mail.mail.text).toContain('https://desk.riverside.test/status');
    const page = await until(() => {
      const p = pager.received.find((r) => JSON.parse(r.body).incident === inc.number);
      expect(p).toBeDefined();
      return p!;
    });
    const body = JSON.parse(page.body);
    expect(body).toMatchObject({
      kind: 'incident_declared',
      incident: inc.number,
      severity: 'sev1',
      title: 'EHR unavailable on the ward',
      link: 'https://desk.riverside.test/status',
      to: email(h.users.superUser),
    });
    const ts = page.headers['x-clinidesk-timestamp'] as string;
    const expected = `sha256=${createHmac('sha256', PAGER_SECRET).update(`${ts}.${page.body}`).digest('hex')}`;
    expect(page.headers['x-clinidesk-signature']).toBe(expected);
    expect(about(h.users.superUser, inc.number, 'declared')).toHaveLength(0);
    expect(mailsTo(h.users.nurse).filter((r) => r.mail.subject?.includes(inc.number))).toHaveLength(0);
    expect(mailsTo(h.users.agent).filter((r) => r.mail.subject?.includes(inc.number))).toHaveLength(0);
  });

  it('mails a public update to the leader with its public text and never the internal note; the super-user turned it off', async () => {
    const res = await agent.post(`/api/v1/incidents/${inc.number}/updates`, {
      publicText: 'Still down. Keep using paper forms; next update at noon.',
      internalNote: INTERNAL_NOTE,
      nextUpdateMinutes: 60,
    });
    expect(res.statusCode, res.body).toBe(201);
    const mail = await until(() => {
      const m = about(h.users.colleague, inc.number, 'update');
      expect(m).toHaveLength(1);
      return m[0]!;
    });
    expect(mail.mail.text).toContain('Still down. Keep using paper forms; next update at noon.');
    expect(mail.mail.text).toContain('under way');
    expect(about(h.users.superUser, inc.number, 'update')).toHaveLength(0);
  });

  it('mails the end to the leader and the super-user, once each, with several consumers at once; no mail has the note', async () => {
    const current = (await agent.get(`/api/v1/incidents/${inc.number}`)).json();
    const res = await agent.request({
      method: 'PATCH',
      url: `/api/v1/incidents/${inc.number}`,
      payload: { version: current.version, state: 'resolved', resolution: { note: INTERNAL_NOTE, children: 'none' } },
    });
    expect(res.statusCode, res.body).toBe(200);
    await Promise.all([1, 2, 3, 4].map(() => consumeEvents(t.ctx)));
    await Promise.all([1, 2, 3].map(() => sendDue(t.ctx)));
    await until(() => {
      expect(about(h.users.colleague, inc.number, 'resolved')).toHaveLength(1);
      expect(about(h.users.superUser, inc.number, 'resolved')).toHaveLength(1);
    });
    await Promise.all([1, 2, 3].map(() => consumeEvents(t.ctx)));
    await Promise.all([1, 2].map(() => sendDue(t.ctx)));
    // Each person got each notice exactly once (declared, update, resolved), the nurse none at all.
    expect(about(h.users.colleague, inc.number, '')).toHaveLength(3);
    expect(about(h.users.superUser, inc.number, '')).toHaveLength(1);
    expect(pager.received.filter((r) => JSON.parse(r.body).incident === inc.number)).toHaveLength(1);
    expect(mailsTo(h.users.nurse).filter((r) => r.raw.includes(inc.number))).toHaveLength(0);
    for (const r of relay.received) {
      expect(r.raw).not.toContain('vendor bridge');
      expect(r.raw).not.toContain('Quartermaine');
    }
    for (const p of pager.received) expect(p.body).not.toContain('Quartermaine');
  });
});

describe('planned downtime notices', () => {
  it('are sent each downtime’s own notice hours before its start, set when scheduling and changed later', async () => {
    const now = new Date();
    const hours = (n: number) => new Date(now.getTime() + n * 3_600_000).toISOString();
    // Three days' notice for a long upgrade 48 hours away: its notice time has come.
    const early = await declare({
      title: 'EHR database upgrade',
      publicSummary: 'The EHR will be read-only during the database upgrade.',
      severity: 'sev2',
      planned: true,
      scheduledStart: hours(48),
      noticeHoursBefore: 72,
    });
    expect((early as { noticeHoursBefore?: number }).noticeHoursBefore).toBe(72);
    // Four hours' notice for a short one 10 hours away: not yet.
    const late = await declare({
      title: 'Label printer driver update',
      publicSummary: 'Label printing pauses for ten minutes.',
      severity: 'sev3',
      planned: true,
      scheduledStart: hours(10),
      noticeHoursBefore: 4,
    });
    const noticed = async (id: string) =>
      (
        await t.ctx.database.query<{ hours_before: number }>(
          `SELECT hours_before FROM incident_planned_notices WHERE incident_id = $1`,
          [id],
        )
      ).map((r) => Number(r.hours_before));
    await sendPlannedNotices(t.ctx, now);
    expect(await noticed(early.id)).toEqual([72]);
    expect(await noticed(late.id)).toEqual([]);
    // Out of range is refused, in words, and changes nothing.
    for (const bad of [0, 337, 2.5]) {
      const res = await agent.request({
        method: 'PATCH',
        url: `/api/v1/incidents/${late.number}`,
        payload: { version: late.version, noticeHoursBefore: bad },
      });
      expect(res.statusCode, res.body).toBe(400);
    }
    // Widened to 12 hours: due now; changed again after the notice, it is not sent twice for the same start.
    const widened = await agent.request({
      method: 'PATCH',
      url: `/api/v1/incidents/${late.number}`,
      payload: { version: late.version, noticeHoursBefore: 12 },
    });
    expect(widened.statusCode, widened.body).toBe(200);
    expect(widened.json().noticeHoursBefore).toBe(12);
    expect(widened.json().timeline.at(-1).body).toBe('Changed: notice hours before the start.');
    await sendPlannedNotices(t.ctx, now);
    expect(await noticed(late.id)).toEqual([12]);
    const again = await agent.request({
      method: 'PATCH',
      url: `/api/v1/incidents/${late.number}`,
      payload: { version: widened.json().version, noticeHoursBefore: 24 },
    });
    expect(again.statusCode, again.body).toBe(200);
    expect(await sendPlannedNotices(t.ctx, now)).toBe(0);
    expect(await noticed(late.id)).toEqual([12]);
    await until(() => expect(about(h.users.colleague, late.number, 'planned downtime')).toHaveLength(1));
  });

  it('are sent once per downtime and notice point, whatever the runs at once, to the leader and the super-user', async () => {
    const now = new Date();
    const start = new Date(now.getTime() + 10 * 3_600_000);
    const planned = await declare({
      title: 'EHR upgrade on the ward',
      publicSummary: 'The EHR will be unavailable for an upgrade. Use paper forms.',
      severity: 'sev2',
      planned: true,
      scheduledStart: start.toISOString(),
      scheduledEnd: new Date(start.getTime() + 2 * 3_600_000).toISOString(),
    });
    // Far away: not noticed now, noticed once its notice time comes.
    const later = new Date(now.getTime() + 48 * 3_600_000);
    const far = await declare({
      title: 'EHR maintenance later',
      publicSummary: 'The EHR will be unavailable for maintenance.',
      severity: 'sev3',
      planned: true,
      scheduledStart: later.toISOString(),
    });
    // Scheduling ahead tells nobody yet.
    await until(() => expect(relay.received.filter((r) => r.mail.subject?.includes(planned.number))).toHaveLength(0));
    const runs = await Promise.all([1, 2, 3].map(() => sendPlannedNotices(t.ctx, now)));
    const audits = async (id: string) =>
      (
        await t.ctx.database.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM audit_log WHERE action = 'incident_comms.notice' AND target_id = $1`,
          [id],
        )
      )[0]!.n;
    // The app's own job may have sent it first: in all, once.
    expect(runs.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(1);
    expect(await audits(planned.id)).toBe(1);
    expect(await audits(far.id)).toBe(0);
    expect(await sendPlannedNotices(t.ctx, now)).toBe(0);
    const mail = await until(() => {
      const m = about(h.users.colleague, planned.number, 'planned downtime');
      expect(m).toHaveLength(1);
      return m[0]!;
    });
    expect(mail.mail.text).toContain('The EHR will be unavailable for an upgrade. Use paper forms.');
    // The ward's facility is in America/Chicago: the times are written there.
    expect(mail.mail.text).toMatch(/CST/);
    await until(() => expect(about(h.users.superUser, planned.number, 'planned downtime')).toHaveLength(1));
    expect(mailsTo(h.users.nurse).filter((r) => r.raw.includes(planned.number))).toHaveLength(0);
    // 30 hours on, the far one's notice time has come.
    const thirtyHoursOn = new Date(now.getTime() + 30 * 3_600_000);
    expect(await sendPlannedNotices(t.ctx, thirtyHoursOn)).toBe(1);
    expect(await audits(far.id)).toBe(1);
    await until(() => expect(about(h.users.colleague, far.number, 'planned downtime')).toHaveLength(1));
  });

  it('tells of a planned downtime starting by email, even to the super-user who pages declared outages', async () => {
    const start = new Date(Date.now() + 3 * 3_600_000);
    const planned = await declare({
      title: 'Interface engine upgrade',
      publicSummary: 'Results will not cross to the EHR during the upgrade.',
      severity: 'sev3',
      planned: true,
      scheduledStart: start.toISOString(),
    });
    const res = await agent.request({
      method: 'PATCH',
      url: `/api/v1/incidents/${planned.number}`,
      payload: { version: planned.version, state: 'declared' },
    });
    expect(res.statusCode, res.body).toBe(200);
    await until(() => {
      expect(about(h.users.colleague, planned.number, 'declared')).toHaveLength(1);
      expect(about(h.users.superUser, planned.number, 'declared')).toHaveLength(1);
    });
    expect(pager.received.filter((r) => JSON.parse(r.body).incident === planned.number)).toHaveLength(0);
  });
});
