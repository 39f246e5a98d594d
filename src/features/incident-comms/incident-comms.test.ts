// Incident communications through the API on a real database: the commander's timed updates (PHI refused, the
// timeline and the audit trail), the public status page (no sign-in, nothing internal), the banners per viewer
// (requesters and vendors: public parts only; the downtime procedures), the live event's payload, and the update
// reminders sent once per promise however many times (and instances) the job runs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTestApp, type TestApp } from '../../../test/app.ts';
import { buildHospital, type Hospital, signInAs } from '../../../test/factories.ts';
import { listAudit } from '../../platform/audit/service.ts';
import { newId } from '../../platform/ids.ts';
import type { IncidentView } from '../incidents/schemas.ts';
import { kbArticles } from '../knowledge/tables.ts';
import type { BannerView, StatusPageView } from './schemas.ts';
import { sendUpdateReminders } from './service/reminders.ts';
import { throttleStatus } from './service/status.ts';

let t: TestApp;
let h: Hospital;
let agent: Client;
let nurse: Client;
let vendor: Client;

const INTERNAL = 'Storage array controller failed; vendor engineer Pat Quinlan on site';
const MIN = 60_000;

beforeAll(async () => {
  t = await createTestApp({
    env: {
      CLINIDESK_PUBLIC_URL: 'http://clinidesk.test',
      CLINIDESK_SECRET_KEY: 'test-secret-key-for-sealing-0123456789',
    },
  });
  h = await buildHospital(t.ctx);
  [agent, nurse, vendor] = await signInAs(t, h, 'agent', 'nurse', 'vendor');
}, 120_000);
afterAll(() => t.close());

async function declare(overrides: Record<string, unknown> = {}): Promise<IncidentView> {
  const res = await agent.post('/api/v1/incidents', {
    kind: 'ehr_downtime',
    title: `EHR unavailable ${newId().slice(-6)}`,
    publicSummary: 'The EHR is unavailable. Use downtime procedures and paper forms.',
    severity: 'sev1',
    serviceIds: [h.ehr.id],
    facilityIds: [h.facility.id],
    commsLeadId: h.users.analyst.id,
    confirmOverlap: true,
    ...overrides,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

const post = (client: Client, inc: IncidentView, body: Record<string, unknown>) =>
  client.post(`/api/v1/incidents/${inc.number}/updates`, body);

describe('timed updates', () => {
  let inc: IncidentView;
  beforeAll(async () => {
    inc = await declare();
  });

  it('posts an update with its promise, on the timeline and in the audit trail', async () => {
    const res = await post(agent, inc, {
      publicText: 'Use downtime forms; the read-only viewer works on the BCA workstations.',
      internalNote: INTERNAL,
      nextUpdateMinutes: 30,
    });
    expect(res.statusCode, res.body).toBe(201);
    const update = res.json();
    expect(update).toMatchObject({ internalNote: INTERNAL, authorName: expect.any(String) });
    expect(new Date(update.nextUpdateAt).getTime() - new Date(update.postedAt).getTime()).toBe(30 * MIN);

    const list = (await agent.get(`/api/v1/incidents/${inc.number}/updates`)).json();
    expect(list.updates.map((u: { id: string }) => u.id)).toEqual([update.id]);
    expect(list.timer).toEqual({ nextUpdateAt: update.nextUpdateAt, status: 'on_time' });

    const page = (await agent.get(`/api/v1/incidents/${inc.number}`)).json() as IncidentView;
    expect(page.timeline.at(-1)).toMatchObject({ kind: 'event', body: expect.stringContaining('Use downtime forms') });
    const audit = await listAudit(t.ctx.database, { action: 'incident_comms.update', limit: 50 });
    expect(audit.some((a) => a.targetId === inc.id)).toBe(true);
  });

  it('refuses public text that looks like patient information, saying what to take out, and stores nothing', async () => {
    const res = await post(agent, inc, {
      publicText: 'Patient John Smith MRN 12345678 missed his dose',
      nextUpdateMinutes: 30,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().detail).toMatch(/medical record number/);
    expect(res.json().detail).toMatch(/internal note/);
    const list = (await agent.get(`/api/v1/incidents/${inc.number}/updates`)).json();
    expect(list.updates).toHaveLength(1);
  });

  it('answers bad input with a clear 4xx, never a 500', async () => {
    const cases: [string, Record<string, unknown>, number][] = [
      [`/api/v1/incidents/${inc.number}/updates`, { publicText: 'Still down', nextUpdateMinutes: 2 }, 400],
      [`/api/v1/incidents/${inc.number}/updates`, { publicText: 'Still down', nextUpdateMinutes: 30, x: 1 }, 400],
      [`/api/v1/incidents/${inc.number}/updates`, { publicText: '', nextUpdateMinutes: 30 }, 400],
      [`/api/v1/incidents/${inc.number}/updates`, { publicText: 'Still down' }, 400],
      ['/api/v1/incidents/INC-999999/updates', { publicText: 'Still down', nextUpdateMinutes: 30 }, 404],
      ['/api/v1/incidents/banana/updates', { publicText: 'Still down', nextUpdateMinutes: 30 }, 400],
    ];
    for (const [url, body, status] of cases) {
      const res = await agent.post(url, body);
      expect(res.statusCode, `${url} ${JSON.stringify(body)}: ${res.body}`).toBe(status);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
  });

  it('lets no requester or vendor post or read updates', async () => {
    for (const client of [nurse, vendor]) {
      expect((await post(client, inc, { publicText: 'x', nextUpdateMinutes: 30 })).statusCode).toBe(403);
      expect((await client.get(`/api/v1/incidents/${inc.number}/updates`)).statusCode).toBe(403);
    }
  });

  it("tells every viewer that something changed, with nothing but the incident number and the update's id in the event", async () => {
    const events = await t.ctx.database.query<{ payload: Record<string, unknown>; audience: { roles: string[] } }>(
      `SELECT payload, audience FROM outbox WHERE subject_id = $1 AND type = 'incident.communicated'`,
      [inc.id],
    );
    expect(events).toHaveLength(1);
    const [update] = (await agent.get(`/api/v1/incidents/${inc.number}/updates`)).json().updates as { id: string }[];
    expect(events[0]!.payload).toEqual({ number: inc.number, updateId: update!.id });
    expect(events[0]!.audience.roles).toEqual(expect.arrayContaining(['requester', 'vendor', 'agent']));
  });
});

describe('the public status page', () => {
  let inc: IncidentView;
  beforeAll(async () => {
    inc = await declare({ title: 'Medication administration down' });
    expect(
      (
        await post(agent, inc, {
          publicText: 'Scan wristbands later; chart on paper MAR.',
          internalNote: INTERNAL,
          nextUpdateMinutes: 45,
        })
      ).statusCode,
    ).toBe(201);
  });

  it('answers without sign-in, cacheable, with the open incident, its update and its next-update time', async () => {
    const res = await t.anonymous.get('/api/v1/status');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=30');
    const page = res.json() as StatusPageView;
    expect(page.overall).toBe('disruption');
    const shown = page.open.find((i) => i.number === inc.number);
    expect(shown).toMatchObject({
      title: 'Medication administration down',
      applications: [h.ehr.name],
      facilities: [h.facility.name],
      latestUpdate: { text: 'Scan wristbands later; chart on paper MAR.' },
      nextUpdateAt: expect.any(String),
    });
  });

  it('never shows internal notes, people, ids or the timeline', async () => {
    const body = (await t.anonymous.get('/api/v1/status')).body;
    expect(body).not.toContain('Storage array');
    expect(body).not.toContain('Pat Quinlan');
    expect(body).not.toContain(inc.id);
    expect(body).not.toContain(h.users.agent.id);
    expect(body).not.toContain('Jordan Reyes');
    expect(body).not.toContain('commander');
  });

  it('is throttled per address (two instances: status-throttle.test.ts)', async () => {
    const now = Date.parse('2026-12-02T04:00:10Z');
    for (let n = 0; n < 600; n++) await throttleStatus(t.ctx, '203.0.113.9', now);
    await expect(throttleStatus(t.ctx, '203.0.113.9', now)).rejects.toThrow(/Wait a minute/);
    await expect(throttleStatus(t.ctx, '203.0.113.10', now)).resolves.toBeUndefined();
    await expect(throttleStatus(t.ctx, '203.0.113.9', now + 60_000)).resolves.toBeUndefined();
  });
});

describe('banners', () => {
  let inc: IncidentView;
  beforeAll(async () => {
    inc = await declare({ title: 'Orders cannot be placed' });
    expect(
      (
        await post(agent, inc, {
          publicText: 'Write orders on the paper downtime forms.',
          internalNote: INTERNAL,
          nextUpdateMinutes: 30,
        })
      ).statusCode,
    ).toBe(201);
    const article = (status: 'published' | 'draft', audience: 'portal' | 'agents', title: string) => ({
      id: newId(),
      title,
      body: 'Use the paper forms in the blue binder.',
      type: 'downtime' as const,
      serviceId: h.ehr.id,
      audience,
      status,
    });
    await t.ctx.database.db
      .insert(kbArticles)
      .values([
        article('published', 'portal', 'EHR downtime: paper orders and MAR'),
        article('published', 'agents', 'EHR downtime: desk runbook'),
        article('draft', 'portal', 'EHR downtime: draft nobody may see'),
      ]);
  });

  const bannerOf = async (client: Client) => {
    const res = await client.get('/api/v1/incident-banners');
    expect(res.statusCode, res.body).toBe(200);
    return (res.json().banners as BannerView[]).find((b) => b.number === inc.number);
  };

  it('shows a nurse the public parts and the portal downtime procedure, nothing internal', async () => {
    const b = await bannerOf(nurse);
    expect(b).toMatchObject({
      title: 'Orders cannot be placed',
      latestUpdate: { text: 'Write orders on the paper downtime forms.' },
    });
    expect(b?.downtimeArticles.map((a) => a.title)).toEqual(['EHR downtime: paper orders and MAR']);
    expect(JSON.stringify(b)).not.toContain('Storage array');
    expect(b).not.toHaveProperty('incidentId');
  });

  it('shows a vendor engineer the public parts only', async () => {
    const b = await bannerOf(vendor);
    expect(b?.latestUpdate?.text).toBe('Write orders on the paper downtime forms.');
    expect(JSON.stringify(b)).not.toContain('Storage array');
    expect(b?.downtimeArticles.map((a) => a.title)).not.toContain('EHR downtime: desk runbook');
  });

  it('shows desk staff the internal note, the link and the desk runbook too', async () => {
    const b = await bannerOf(agent);
    expect(b).toMatchObject({ incidentId: inc.id, internalNote: INTERNAL });
    expect(b?.downtimeArticles.map((a) => a.title).sort()).toEqual([
      'EHR downtime: desk runbook',
      'EHR downtime: paper orders and MAR',
    ]);
  });

  it('gives each open incident its own procedures', async () => {
    const printing = await declare({
      kind: 'major_incident',
      title: 'Label printers down',
      serviceIds: [h.printers.id],
    });
    await t.ctx.database.db.insert(kbArticles).values({
      id: newId(),
      title: 'Printer downtime: hand-written labels',
      body: 'Write the labels by hand.',
      type: 'downtime' as const,
      serviceId: h.printers.id,
      audience: 'portal' as const,
      status: 'published' as const,
    });
    const res = await agent.get('/api/v1/incident-banners');
    const banners = res.json().banners as BannerView[];
    const titles = (n: string) => banners.find((b) => b.number === n)?.downtimeArticles.map((a) => a.title);
    expect(titles(printing.number)).toEqual(['Printer downtime: hand-written labels']);
    expect(titles(inc.number)).not.toContain('Printer downtime: hand-written labels');
    expect(titles(inc.number)).toContain('EHR downtime: paper orders and MAR');
  });

  it('asks for sign-in', async () => {
    expect((await t.anonymous.get('/api/v1/incident-banners')).statusCode).toBe(401);
  });
});

describe('update reminders', () => {
  it('reminds the commander once when due and once more, with the communications lead, when overdue', async () => {
    const inc = await declare({ title: 'Reminder check' });
    const res = await post(agent, inc, { publicText: 'Working on it.', nextUpdateMinutes: 30 });
    const promise = new Date(res.json().nextUpdateAt).getTime();
    const sent = async (at: number) => sendUpdateReminders(t.ctx, new Date(at));
    const events = () =>
      t.ctx.database.query<{ type: string; audience: { userIds: string[] } }>(
        `SELECT type, audience FROM outbox WHERE subject_id = $1 AND type LIKE 'incident.update_%' ORDER BY id`,
        [inc.id],
      );

    const types = async () => (await events()).map((e) => e.type);
    // Other incidents of this database may be reminded too: count this one's reminders.
    await sent(promise - 10 * MIN);
    expect(await types()).toEqual([]);
    // Two instances ticking at once: one reminder between them.
    await Promise.all([sent(promise - 4 * MIN), sent(promise - 4 * MIN)]);
    expect(await types()).toEqual(['incident.update_due']);
    await sent(promise - 1 * MIN);
    expect(await types()).toEqual(['incident.update_due']);
    await sent(promise + 6 * MIN);
    await sent(promise + 60 * MIN);
    const got = await events();
    expect(got.map((e) => e.type)).toEqual(['incident.update_due', 'incident.update_overdue']);
    expect(got[0]!.audience.userIds).toEqual([h.users.agent.id]);
    expect(got[1]!.audience.userIds).toEqual([h.users.agent.id, h.users.analyst.id]);

    // A new update is a new promise: reminders start afresh.
    const next = await post(agent, inc, { publicText: 'Still working on it.', nextUpdateMinutes: 15 });
    await sent(new Date(next.json().nextUpdateAt).getTime() - 2 * MIN);
    expect(await types()).toEqual(['incident.update_due', 'incident.update_overdue', 'incident.update_due']);
  });

  it('stops when the incident is resolved, and refuses updates on it', async () => {
    const inc = await declare({ title: 'Resolved before its update' });
    const res = await post(agent, inc, { publicText: 'Working on it.', nextUpdateMinutes: 5 });
    const promise = new Date(res.json().nextUpdateAt).getTime();
    const resolved = await agent.request({
      method: 'PATCH',
      url: `/api/v1/incidents/${inc.number}`,
      payload: { version: inc.version, state: 'resolved', resolution: { note: 'Back up.', children: 'none' } },
    });
    expect(resolved.statusCode, resolved.body).toBe(200);
    await sendUpdateReminders(t.ctx, new Date(promise + 30 * MIN));
    const reminders = await t.ctx.database.query(
      `SELECT 1 FROM outbox WHERE subject_id = $1 AND type LIKE 'incident.update_%'`,
      [inc.id],
    );
    expect(reminders).toEqual([]);
    const late = await post(agent, inc, { publicText: 'It is back.', nextUpdateMinutes: 30 });
    expect(late.statusCode).toBe(409);
    expect(late.json().detail).toContain('already resolved');
  });
});

describe('when the hospital single sign-on is down', () => {
  it('the break-glass administrator signs in with a local password, posts an update, and the status page answers', async () => {
    const admin = await t.signIn('admin');
    const down = await admin.post('/api/v1/identity-providers', {
      name: 'Hospital Entra ID (down)',
      issuer: 'http://127.0.0.1:9/',
      clientId: 'clinidesk',
      clientSecret: 'a-client-secret-value',
      scopes: 'openid profile email',
      employeeIdClaim: 'employee_id',
      emailClaim: 'email',
      groupsClaim: 'groups',
      matchByEmail: true,
      defaultRole: 'requester',
      roleMappings: [],
      enabled: true,
    });
    expect(down.statusCode, down.body).toBe(201);
    const sso = await t.app.inject({ method: 'GET', url: `/api/v1/auth/sso/${down.json().id}/start` });
    expect(sso.headers.location).toBe('/signin?sso=unavailable');

    const breakGlass = await t.signIn('admin'); // a new local sign-in while the provider is configured and down
    const inc = await declare({ title: 'Single sign-on and EHR down' });
    const update = await post(breakGlass, inc, {
      publicText: 'Sign in to the desk with your local account.',
      nextUpdateMinutes: 30,
    });
    expect(update.statusCode, update.body).toBe(201);
    const page = (await t.anonymous.get('/api/v1/status')).json() as StatusPageView;
    expect(page.open.find((i) => i.number === inc.number)?.latestUpdate?.text).toBe(
      'Sign in to the desk with your local account.',
    );
    await admin.delete(`/api/v1/identity-providers/${down.json().id}`);
  });
});

describe('the recovery checklist', () => {
  it('creates the template’s items per affected unit, assigns them and tracks each to done with who and when', async () => {
    const inc = await declare({ title: 'Recovery check', unitIds: [h.ward.id] });
    const url = `/api/v1/incidents/${inc.number}/recovery`;
    const created = await agent.post(url, {});
    expect(created.statusCode, created.body).toBe(200);
    const list = created.json();
    expect(list.items.map((i: { key: string }) => i.key)).toEqual([
      'back_entry_orders',
      'back_entry_results',
      'mrn_reconciliation',
      'unit_verification',
    ]);
    expect(list.items[0].unit).toEqual({ id: h.ward.id, name: h.ward.name });
    expect(list.progress).toEqual({ done: 0, total: 4, complete: false });

    // Adding another unit keeps the first unit's items (and their state) and adds the new unit's.
    const item = list.items[0].id;
    const assign = await agent.request({
      method: 'PATCH',
      url: `${url}/${item}`,
      payload: { assigneeId: h.users.superUser.id },
    });
    expect(assign.statusCode, assign.body).toBe(200);
    const done = await agent.request({ method: 'PATCH', url: `${url}/${item}`, payload: { done: true } });
    const first = done.json().items[0];
    expect(first).toMatchObject({ assignee: { id: h.users.superUser.id }, doneBy: { id: h.users.agent.id } });
    expect(first.doneAt).not.toBeNull();
    const more = (await agent.post(url, { unitIds: [h.ward.id, h.billing.id] })).json();
    expect(more.progress).toEqual({ done: 1, total: 8, complete: false });

    const page = (await agent.get(`/api/v1/incidents/${inc.number}`)).json() as IncidentView;
    expect(page.timeline.map((e) => e.body)).toEqual(
      expect.arrayContaining([expect.stringContaining('Recovery checklist: 4 items'), `Done: ${first.title}`]),
    );
    const audit = await listAudit(t.ctx.database, { action: 'incident_comms.recovery', limit: 50 });
    expect(audit.filter((a) => a.targetId === inc.id)).toHaveLength(4);
  });

  it('answers bad input clearly and keeps requesters and vendors out', async () => {
    const inc = await declare({ title: 'Recovery refusals' });
    const url = `/api/v1/incidents/${inc.number}/recovery`;
    const noUnits = await agent.post(url, {});
    expect(noUnits.statusCode).toBe(400);
    expect(noUnits.json().detail).toContain('names no unit');
    expect((await agent.post(url, { unitIds: [newId()] })).statusCode).toBe(400);
    expect((await agent.post(url, { unitIds: ['x'] })).statusCode).toBe(400);
    const list = (await agent.post(url, { unitIds: [h.ward.id] })).json();
    const item = list.items[0].id;
    const patch = (body: unknown, id = item) =>
      agent.request({ method: 'PATCH', url: `${url}/${id}`, payload: body as object });
    expect((await patch({ assigneeId: h.users.vendor.id })).statusCode).toBe(400);
    expect((await patch({ done: 'yes' })).statusCode).toBe(400);
    expect((await patch({ done: true }, newId())).statusCode).toBe(404);
    for (const client of [nurse, vendor]) {
      expect((await client.get(url)).statusCode).toBe(403);
      expect((await client.post(url, { unitIds: [h.ward.id] })).statusCode).toBe(403);
    }
  });
});
