// The phone channel end to end through HTTP: CTI events (normal, duplicate, out of order, unknown callers, bad
// payloads), presence, the screen-pop event, linking a call to a ticket, the wallboard.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTestApp, type TestApp } from '../../../test/app.ts';
import { buildHospital, type Hospital, TEST_PASSWORD } from '../../../test/factories.ts';
import { SYSTEM_META } from '../../platform/actor.ts';
import { createToken, createUser } from '../../platform/auth/service.ts';
import { outbox } from '../../platform/db/schema.ts';
import { people } from '../directory/tables.ts';
import { sweepPresence } from './service/presence.ts';
import { agentPresence, contacts, ctiEvents } from './tables.ts';

let t: TestApp;
let h: Hospital;
let phone: Client;
let agent: Client;
let agent2: Client;
const SEVEN = String(Math.floor(1_000_000 + Math.random() * 8_999_999));
const DOCTOR_PHONE = `1608${SEVEN}`;
let seq = 0;
const at = (offsetS = 0) => new Date(Date.now() + offsetS * 1000).toISOString();
const callId = () => `call-${Date.now()}-${++seq}`;

beforeAll(async () => {
  t = await createTestApp();
  h = await buildHospital(t.ctx);
  await t.ctx.database.db
    .update(people)
    .set({ phones: [DOCTOR_PHONE] })
    .where(eq(people.id, h.doctor.id));
  const integration = await createUser(t.ctx, SYSTEM_META, {
    username: `pbx-${h.tag}`,
    displayName: 'Phone system',
    role: 'integration',
    password: TEST_PASSWORD,
    email: null,
  });
  const token = await createToken(t.ctx, SYSTEM_META, integration.id, { name: 'phone system' });
  phone = t.withToken(token.token);
  agent = await t.signIn(h.users.agent.username, TEST_PASSWORD);
  agent2 = await t.signIn(h.users.agent2.username, TEST_PASSWORD);
});
afterAll(() => t?.close());

const put = (c: Client, url: string, body: unknown) => c.request({ method: 'PUT', url, payload: body as object });
const post = (type: string, id: string, extra: Record<string, unknown> = {}) =>
  phone.post('/api/v1/cti/events', { type, callId: id, occurredAt: at(), ...extra });
const contactOf = async (id: string) =>
  (await t.ctx.database.db.select().from(contacts).where(eq(contacts.externalCallId, id)))[0]!;
const presenceOf = async (userId: string) =>
  (await t.ctx.database.db.select().from(agentPresence).where(eq(agentPresence.userId, userId)))[0];

describe('CTI events', () => {
  it('refuses callers without the integration role, and integrations elsewhere', async () => {
    expect(
      (await t.anonymous.post('/api/v1/cti/events', { type: 'offered', callId: 'x', occurredAt: at() })).statusCode,
    ).toBe(401);
    const byAgent = await agent.post('/api/v1/cti/events', { type: 'offered', callId: 'x', occurredAt: at() });
    expect(byAgent.statusCode).toBe(403);
    expect(byAgent.headers['content-type']).toContain('application/problem+json');
    expect((await phone.get('/api/v1/presence/me')).statusCode).toBe(403);
    expect((await phone.get('/api/v1/wallboard')).statusCode).toBe(403);
  });

  it('answers bad payloads with 400 problem+json naming the fields', async () => {
    const cases: [unknown, string][] = [
      [{ type: 'ringing', callId: 'a', occurredAt: at() }, 'type'],
      [{ type: 'offered', occurredAt: at() }, 'callId'],
      [{ type: 'offered', callId: 'a', occurredAt: 'yesterday' }, 'occurredAt'],
      [{ type: 'offered', callId: 'a', occurredAt: '2020-01-01T00:00:00Z' }, 'occurredAt'],
      [{ type: 'offered', callId: 'a', occurredAt: at(), sequence: -1 }, 'sequence'],
      [{ type: 'offered', callId: 'a', occurredAt: at(), skills: ['admin'] }, 'skills'],
      [{ type: 'transferred', callId: 'a', occurredAt: at() }, 'agent'],
      [{ type: 'offered', callId: 'a', occurredAt: at(), surprise: 1 }, 'surprise'],
    ];
    for (const [body, field] of cases) {
      const res = await phone.post('/api/v1/cti/events', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(JSON.stringify(res.json().errors ?? res.json())).toContain(field);
    }
    const notJson = await phone.request({
      method: 'POST',
      url: '/api/v1/cti/events',
      payload: '{"type":',
      headers: { 'content-type': 'application/json' },
    });
    expect(notJson.statusCode).toBe(400);
  });

  it('queues a call when nobody is free, then offers it to the agent who becomes available, with a screen pop', async () => {
    const id = callId();
    const res = await post('offered', id, {
      callerNumber: `(608) ${SEVEN.slice(0, 3)}-${SEVEN.slice(3)}`,
      dialledLine: '5000',
      sequence: 1,
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      duplicate: false,
      state: 'waiting',
      line: 'provider', // a known provider is always on the provider line
      caller: {
        known: true,
        personId: h.doctor.id,
        displayName: 'Dr. Samuel Osei',
        provider: true,
        unit: '4 West Med-Surg',
      },
      route: { agent: null, queue: 'provider' },
    });

    const ready = await put(agent, '/api/v1/presence/me', { state: 'available', extension: `4${h.tag.slice(0, 3)}` });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({ state: 'on_contact', currentContactId: body.contactId });
    const status = await phone.get(`/api/v1/cti/calls/${id}`);
    expect(status.json().route.agent).toMatchObject({ userId: h.users.agent.id, extension: `4${h.tag.slice(0, 3)}` });

    const pops = await t.ctx.database.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.type, 'contact.offered'), eq(outbox.subjectId, body.contactId)));
    expect(pops).toHaveLength(1);
    expect(pops[0]!.audience).toEqual({ userIds: [h.users.agent.id] });
    expect(pops[0]!.payload).toMatchObject({ caller: { displayName: 'Dr. Samuel Osei', provider: true } });

    // Answered, ended: the agent wraps up; available again ends the wrap-up.
    expect((await post('answered', id, { sequence: 2, agent: h.users.agent.username })).json().state).toBe('connected');
    expect(await presenceOf(h.users.agent.id)).toMatchObject({ state: 'on_contact', currentContactId: body.contactId });
    expect((await post('ended', id, { sequence: 3 })).json().state).toBe('wrap_up');
    expect((await presenceOf(h.users.agent.id))?.state).toBe('wrap_up');
    await put(agent, '/api/v1/presence/me', { state: 'away' });
    const done = await contactOf(id);
    expect(done).toMatchObject({ state: 'done', outcome: 'answered', agentId: h.users.agent.id });
    expect(done.wrapDoneAt).not.toBeNull();
  });

  it('routes a call to a free agent at once and names the agent by extension', async () => {
    await put(agent2, '/api/v1/presence/me', { state: 'available', extension: `7${h.tag.slice(0, 3)}` });
    const id = callId();
    const res = (await post('offered', id, { callerNumber: '+1 999 555 0000', line: 'clinical' })).json();
    expect(res).toMatchObject({
      state: 'offered',
      line: 'clinical',
      caller: { known: false, personId: null },
      route: { agent: { userId: h.users.agent2.id, extension: `7${h.tag.slice(0, 3)}` }, match: 'skilled' },
    });
    const answered = await post('answered', id, { agent: `7${h.tag.slice(0, 3)}` });
    expect(answered.json().route.agent.userId).toBe(h.users.agent2.id);
    await post('ended', id);
    await put(agent2, '/api/v1/presence/me', { state: 'away' });
  });

  it('validates presence changes: calls set "on a call", an extension belongs to one agent', async () => {
    const onCall = await put(agent, '/api/v1/presence/me', { state: 'on_contact' });
    expect(onCall.statusCode).toBe(400);
    expect(onCall.headers['content-type']).toContain('application/problem+json');
    expect((await put(agent, '/api/v1/presence/me', { state: 'away', extension: 'x y' })).statusCode).toBe(400);
    const ext = `9${h.tag.slice(0, 3)}`;
    expect((await put(agent, '/api/v1/presence/me', { state: 'away', extension: ext })).statusCode).toBe(200);
    const taken = await put(agent2, '/api/v1/presence/me', { state: 'away', extension: ext });
    expect(taken.statusCode).toBe(409);
    expect((await agent.get('/api/v1/presence/me')).json()).toMatchObject({ state: 'away', extension: ext });
    await put(agent, '/api/v1/presence/me', { state: 'away', extension: null });
  });

  it('moves a call to the agent it is transferred to, and records a transfer out of the desk', async () => {
    await put(agent, '/api/v1/presence/me', { state: 'available' });
    const id = callId();
    const { contactId } = (await post('offered', id, { sequence: 1 })).json();
    await post('answered', id, { sequence: 2, agent: h.users.agent.username });
    const moved = await post('transferred', id, { sequence: 3, agent: h.users.agent2.username });
    expect(moved.json()).toMatchObject({ state: 'connected', route: { agent: { userId: h.users.agent2.id } } });
    expect(await presenceOf(h.users.agent2.id)).toMatchObject({ state: 'on_contact', currentContactId: contactId });
    expect(await presenceOf(h.users.agent.id)).toMatchObject({ state: 'wrap_up', currentContactId: null });
    const out = await post('transferred', id, { sequence: 4, external: true });
    expect(out.json().state).toBe('wrap_up');
    expect(await contactOf(id)).toMatchObject({ outcome: 'transferred', transfers: 2, agentId: h.users.agent2.id });
    await put(agent, '/api/v1/presence/me', { state: 'away' });
    await put(agent2, '/api/v1/presence/me', { state: 'away' });
    expect((await contactOf(id)).state).toBe('done');
  });

  it('ignores duplicates: same event id, or same call, type and sequence', async () => {
    const id = callId();
    const first = await post('offered', id, { sequence: 1, eventId: `${id}-e1` });
    const again = await post('offered', id, { sequence: 1, eventId: `${id}-e1`, line: 'provider' });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ duplicate: true, contactId: first.json().contactId, line: 'general' });
    const sameSeq = await post('abandoned', id, { sequence: 2, occurredAt: at(10) });
    const sameSeqAgain = await post('abandoned', id, { sequence: 2, occurredAt: at(11) });
    expect(sameSeq.json().duplicate).toBe(false);
    expect(sameSeqAgain.json().duplicate).toBe(true);
    const events = await t.ctx.database.db.select().from(ctiEvents).where(eq(ctiEvents.externalCallId, id));
    expect(events).toHaveLength(2);
    expect(await contactOf(id)).toMatchObject({ state: 'done', outcome: 'abandoned' });
  });

  it('handles events out of order: ended before answered does not reopen the call, offered late fills the times', async () => {
    const id = callId();
    const t0 = Date.now();
    const iso = (s: number) => new Date(t0 + s * 1000).toISOString();
    const ended = await post('ended', id, { sequence: 3, occurredAt: iso(60) });
    expect(ended.statusCode).toBe(200);
    expect(ended.json().state).toBe('done');
    const answered = await post('answered', id, { sequence: 2, occurredAt: iso(12), agent: h.users.agent.username });
    expect(answered.json().state).toBe('done');
    const offered = await post('offered', id, { sequence: 1, occurredAt: iso(0), callerNumber: DOCTOR_PHONE });
    expect(offered.json().state).toBe('done');
    const c = await contactOf(id);
    expect(c.offeredAt.toISOString()).toBe(iso(0));
    expect(c.answeredAt?.toISOString()).toBe(iso(12));
    expect(c.endedAt?.toISOString()).toBe(iso(60));
    expect(c.outcome).toBe('answered');
    // The late "answered" did not put the agent on a call that is over.
    expect((await presenceOf(h.users.agent.id))?.state).not.toBe('on_contact');
  });

  it('frees the agent when a ringing call is abandoned, and records an unknown agent without failing', async () => {
    await put(agent, '/api/v1/presence/me', { state: 'available' });
    const id = callId();
    expect((await post('offered', id)).json().route.agent.userId).toBe(h.users.agent.id);
    await post('abandoned', id, { occurredAt: at(8) });
    expect(await presenceOf(h.users.agent.id)).toMatchObject({ state: 'available', currentContactId: null });

    const other = callId();
    await post('offered', other);
    const unknown = await post('answered', other, { agent: 'nobody-here' });
    expect(unknown.statusCode).toBe(200);
    // Answered by someone we do not know: the agent it was offered to still holds it.
    expect(unknown.json().state).toBe('connected');
    await post('ended', other);
    await put(agent, '/api/v1/presence/me', { state: 'away' });
  });

  it('times out a presence whose console stopped sending heartbeats, and puts a ringing call back in the queue', async () => {
    await put(agent, '/api/v1/presence/me', { state: 'available' });
    const id = callId();
    const offered = (await post('offered', id)).json();
    expect(offered.state).toBe('offered');
    expect((await agent.post('/api/v1/presence/heartbeat')).json().state).toBe('on_contact');
    await t.ctx.database.db.transaction((tx) => sweepPresence(tx, SYSTEM_META, new Date(Date.now() + 120_000)));
    expect((await presenceOf(h.users.agent.id))?.state).toBe('offline');
    expect((await contactOf(id)).state).toBe('waiting');
    await post('abandoned', id);
  });

  it('links a call to an open ticket (status check) and to the ticket opened from its draft', async () => {
    await put(agent, '/api/v1/presence/me', { state: 'available' });
    const id = callId();
    const { contactId } = (await post('offered', id, { callerNumber: DOCTOR_PHONE })).json();
    await post('answered', id, { agent: h.users.agent.username });
    const detail = await agent.get(`/api/v1/contacts/${contactId}`);
    expect(detail.statusCode).toBe(200);
    expect(detail.json().draft).toMatchObject({ requesterId: h.doctor.id, channel: 'phone' });

    const opened = await agent.post('/api/v1/tickets', {
      type: 'how_to',
      summary: detail.json().draft.summary,
      description: 'How to sign an order set.',
      requesterId: h.doctor.id,
      channel: 'phone',
      serviceId: h.ehr.id,
      resolveNow: { code: 'answered_how_to', note: 'Walked through it.' },
    });
    expect(opened.statusCode, opened.body).toBe(201);
    const number = opened.json().number;
    const link = await agent.post(`/api/v1/contacts/${contactId}/tickets`, {
      ticketNumber: number,
      relation: 'opened',
    });
    expect(link.statusCode, link.body).toBe(200);
    expect(link.json().tickets).toEqual([{ number, relation: 'opened' }]);
    const bad = await agent.post(`/api/v1/contacts/${contactId}/tickets`, { ticketNumber: 'nope', relation: 'linked' });
    expect(bad.statusCode).toBe(400);
    const missing = await agent.post(`/api/v1/contacts/${contactId}/tickets`, {
      ticketNumber: 'CSD-999999',
      relation: 'linked',
    });
    expect(missing.statusCode).toBe(404);
    await post('ended', id);
    await put(agent, '/api/v1/presence/me', { state: 'away' });
    // Resolved during the call that opened it: first-contact resolution, judged on the recorded call.
    const ticket = await agent.get(`/api/v1/tickets/${number}`);
    expect(ticket.json().firstContact).toMatchObject({ liveContact: true, resolvedOnFirstContact: true, reasons: [] });
  });

  it('shows the wallboard to desk staff', async () => {
    const res = await agent.get('/api/v1/wallboard');
    expect(res.statusCode).toBe(200);
    const w = res.json();
    expect(w.waiting.map((x: { line: string }) => x.line)).toEqual(['provider', 'clinical', 'general']);
    const provider = w.today.find((x: { line: string }) => x.line === 'provider');
    expect(provider.offered).toBeGreaterThanOrEqual(2);
    expect(provider.targetSeconds).toBe(20);
    expect(w.agents.away + w.agents.offline).toBeGreaterThanOrEqual(2);
  });

  it('lets an administrator change targets and overflow thresholds, validated, and routing uses them at once', async () => {
    const current = await agent.get('/api/v1/routing/settings');
    expect(current.json()).toMatchObject({
      isDefault: true,
      lines: { provider: { targetSeconds: 20, anyTier1AfterSeconds: 5, analystsAfterSeconds: 10 } },
    });
    const { isDefault: _d, ...defaults } = current.json();
    const faster = structuredClone(defaults);
    faster.lines.provider.anyTier1AfterSeconds = 0;
    expect((await put(agent, '/api/v1/routing/settings', faster)).statusCode).toBe(403);
    const admin = await t.signIn('admin');
    const bad = structuredClone(defaults);
    bad.lines.general.analystsAfterSeconds = 45; // after the 30 s target
    const refused = await put(admin, '/api/v1/routing/settings', bad);
    expect(refused.statusCode).toBe(400);
    expect(JSON.stringify(refused.json().errors)).toContain('analystsAfterSeconds');
    expect((await put(admin, '/api/v1/routing/settings', faster)).json().isDefault).toBe(false);

    // A provider call needing a skill nobody has now overflows to any free Tier 1-Plus agent at once.
    await put(agent, '/api/v1/presence/me', { state: 'available' });
    const id = callId();
    const res = (await post('offered', id, { line: 'provider', skills: ['service:nobody-knows'] })).json();
    expect(res).toMatchObject({ state: 'offered', route: { agent: { userId: h.users.agent.id }, match: 'any_tier1' } });
    await post('abandoned', id);
    await put(agent, '/api/v1/presence/me', { state: 'away' });
    await put(admin, '/api/v1/routing/settings', defaults);
  });
});
