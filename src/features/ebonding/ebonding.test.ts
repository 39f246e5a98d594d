// E-bonding (issue 16) through the API on a real database (PGlite, and PostgreSQL with TEST_DATABASE_URL): an
// administrator connects a provider, its ticketing system posts case updates with its token — applied, duplicate
// (also two at the same moment), stale (out of order: the state is ignored, the comment kept), by ticket number or
// by case number — and every refusal is the contract's: unmapped state and missing version 400, unknown or another
// provider's case 404, a case no longer held 409 (a comment still accepted), connection off 403, revoked token 401,
// bad input 400 problem+json (never 500). Everything is audited; answers never carry PHI.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTestApp, type TestApp } from '../../../test/app.ts';
import { addContract, buildHospital, type Hospital, signInAs } from '../../../test/factories.ts';
import { SYSTEM_META } from '../../platform/actor.ts';
import { createToken } from '../../platform/auth/service.ts';

let t: TestApp;
let h: Hospital;
let nurse: Client;
let agent: Client;
let vendorPerson: Client;
let admin: Client;
/** The vendor's ticketing system (a token of its e-bonding account), and another provider's. */
let system: Client;
let otherSystem: Client;

const STATE_MAP = {
  'In Progress': 'working',
  'Awaiting Customer': 'needs_info',
  'Solution Proposed': 'fix_proposed',
  Resolved: 'fix_released',
  'Returned to Customer': 'returned',
};
const PATIENT = 'Patient Jane Roe MRN 12345678';
/** Minutes after a start three hours ago: every update happened in the past. */
const START = Date.now() - 3 * 3_600_000;
const at = (minute: number) => new Date(START + minute * 60_000).toISOString();
let eventNo = 0;
const nextEvent = () => `sn-evt-${++eventNo}`;

const put = (client: Client, url: string, payload: object) => client.request({ method: 'PUT', url, payload });
const post = (client: Client, body: Record<string, unknown>) => client.post('/api/v1/ebonding/updates', body);

async function connect(providerId: string, map: object = STATE_MAP) {
  const saved = await put(admin, `/api/v1/providers/${providerId}/ebonding`, { enabled: true, stateMap: map });
  expect(saved.statusCode, saved.body).toBe(200);
  const issued = await admin.post(`/api/v1/providers/${providerId}/ebonding/tokens`, {
    name: 'ServiceNow production',
    expiresInDays: null,
  });
  expect(issued.statusCode, issued.body).toBe(201);
  return { view: saved.json(), token: issued.json().token as string, tokenId: issued.json().id as string };
}

async function escalatedTicket(vendorReference?: string) {
  const opened = await nurse.post('/api/v1/tickets', {
    summary: `Flowsheet crashes when charting vitals for ${PATIENT}`,
    serviceId: h.ehr.id,
  });
  expect(opened.statusCode, opened.body).toBe(201);
  const number = opened.json().number as string;
  const esc = await agent.post(`/api/v1/tickets/${number}/escalations`, {
    toTier: 'vendor',
    reason: 'Crash in the vendor’s flowsheet module.',
    ...(vendorReference ? { vendorReference } : {}),
  });
  expect(esc.statusCode, esc.body).toBe(200);
  return number;
}

async function read(client: Client, number: string) {
  const res = await client.get(`/api/v1/tickets/${number}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}
const vendorComments = async (number: string) =>
  ((await read(agent, number)).comments as { visibility: string; body: string; phiSuspected: boolean }[]).filter(
    (c) => c.visibility === 'vendor',
  );

async function audited(action: string, where = ''): Promise<Record<string, unknown>[]> {
  return (
    await t.ctx.database.query<{ summary: Record<string, unknown> }>(
      `SELECT summary FROM audit_log WHERE action = $1 ${where} ORDER BY id`,
      [action],
    )
  ).map((r) => r.summary);
}

beforeAll(async () => {
  t = await createTestApp();
  h = await buildHospital(t.ctx);
  [nurse, agent, vendorPerson] = await signInAs(t, h, 'nurse', 'agent', 'vendor');
  admin = await t.signIn('admin');
  await addContract(admin, h.vendor.id, { name: 'EHR vendor contract (e-bonding)', position: 5 });
  system = t.withToken((await connect(h.vendor.id)).token);
  otherSystem = t.withToken((await connect(h.outsourcer.id)).token);
}, 120_000);
afterAll(() => t.close());

describe("a provider's connection (administrators)", () => {
  it('makes a password-less vendor account bound to the provider, and shows its tokens without secrets', async () => {
    const view = (await admin.get(`/api/v1/providers/${h.vendor.id}/ebonding`)).json();
    expect(view).toMatchObject({ enabled: true, stateMap: STATE_MAP });
    expect(view.account.username).toBe(`ebond-ehr-vendor-${h.tag}`);
    expect(view.tokens).toHaveLength(1);
    expect(view.tokens[0]).not.toHaveProperty('token'); // the secret is shown once, when issued
    const [account] = await t.ctx.database.query<{ role: string; password_hash: string | null; provider: string }>(
      `SELECT u.role, u.password_hash, p.provider_org_id AS provider FROM users u JOIN people p ON p.user_id = u.id
        WHERE u.id = $1`,
      [view.account.id],
    );
    expect(account).toEqual({ role: 'vendor', password_hash: null, provider: h.vendor.id });
    // No password: it cannot sign in, only act through its tokens.
    const login = await t.anonymous.post('/api/v1/auth/login', {
      username: view.account.username,
      password: 'not-the-password-123',
    });
    expect(login.statusCode).toBe(401);
    expect((await audited('ebonding.connection')).length).toBeGreaterThanOrEqual(2);
  });

  it('answers an unsaved connection, refuses a bad mapping, an unknown provider and tokens before the account', async () => {
    expect((await admin.get(`/api/v1/providers/${h.desk.id}/ebonding`)).json()).toEqual({
      enabled: false,
      stateMap: {},
      account: null,
      tokens: [],
    });
    const clash = await put(admin, `/api/v1/providers/${h.desk.id}/ebonding`, {
      enabled: true,
      stateMap: { 'On Hold': 'working', ' on hold': 'needs_info' },
    });
    expect(clash.statusCode).toBe(400);
    expect(clash.json().detail).toMatch(/same name/);
    for (const stateMap of [{}, { Closed: 'closed' }, { '': 'working' }]) {
      const res = await put(admin, `/api/v1/providers/${h.desk.id}/ebonding`, { enabled: true, stateMap });
      expect(res.statusCode, JSON.stringify(stateMap)).toBe(400);
    }
    const unknown = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
    expect(
      (await put(admin, `/api/v1/providers/${unknown}/ebonding`, { enabled: true, stateMap: STATE_MAP })).statusCode,
    ).toBe(404);
    const early = await admin.post(`/api/v1/providers/${h.desk.id}/ebonding/tokens`, { name: 'x', expiresInDays: 30 });
    expect(early.statusCode).toBe(409);
    expect((await vendorPerson.get(`/api/v1/providers/${h.vendor.id}/ebonding`)).statusCode).toBe(403);
    expect((await agent.get(`/api/v1/providers/${h.vendor.id}/ebonding`)).statusCode).toBe(403);
  });
});

describe('updates from the provider’s system', () => {
  it('applies a mapped state with a comment on the shared thread, pausing the contract clock on needs_info', async () => {
    const number = await escalatedTicket();
    const eventId = nextEvent();
    const res = await post(system, {
      eventId,
      occurredAt: at(1),
      ticket: number,
      state: '  awaiting CUSTOMER ',
      comment: `Which template was open for ${PATIENT}?`,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ outcome: 'applied', ticket: number, vendorState: 'needs_info', eventId });
    expect(res.body).not.toMatch(/Roe|12345678/);

    const desk = await read(agent, number);
    expect(desk.vendorCase).toMatchObject({ state: 'needs_info', deskCue: 'answer_vendor' });
    expect(desk.slaDetail.contracts.at(-1).resolution.state).toBe('paused');
    expect(desk.slaDetail.resolution.state).toBe('running'); // the clinician's wait never pauses for the vendor
    const [comment] = await vendorComments(number);
    expect(comment).toMatchObject({ body: `Which template was open for ${PATIENT}?`, phiSuspected: true });
    // The provider's engineers read it masked, like every shared reply.
    expect(JSON.stringify((await read(vendorPerson, number)).comments)).not.toContain('12345678');
    // The requester never sees the shared thread.
    expect(JSON.stringify((await read(nurse, number)).comments)).not.toContain('Which template');

    const [entry] = await audited('ebonding.update', `AND summary->>'eventId' = '${eventId}'`);
    expect(entry).toMatchObject({
      outcome: 'applied',
      mappedState: 'needs_info',
      moved: { from: null, to: 'needs_info' },
    });
    expect(JSON.stringify(entry)).not.toContain('12345678');
    expect(await audited('ticket.vendor-state', `AND summary->>'number' = '${Number(number.slice(4))}'`)).toHaveLength(
      1,
    );
  });

  it('answers a duplicate event id with the first outcome, changing nothing', async () => {
    const number = await escalatedTicket();
    const eventId = nextEvent();
    const first = await post(system, {
      eventId,
      occurredAt: at(2),
      ticket: number,
      state: 'In Progress',
      comment: 'On it.',
    });
    expect(first.json().outcome).toBe('applied');
    const again = await post(system, {
      eventId,
      occurredAt: at(3),
      ticket: number,
      state: 'Solution Proposed',
      comment: 'On it.',
    });
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toEqual({
      outcome: 'duplicate',
      firstOutcome: 'applied',
      ticket: number,
      vendorState: 'working',
      eventId,
    });
    expect(await vendorComments(number)).toHaveLength(1);
    expect(await audited('ebonding.update', `AND summary->>'eventId' = '${eventId}'`)).toMatchObject([
      { outcome: 'applied' },
      { outcome: 'duplicate', firstOutcome: 'applied' },
    ]);
  });

  it('applies an event id sent twice at the same moment once (two requests in parallel)', async () => {
    const number = await escalatedTicket();
    for (let round = 0; round < 3; round++) {
      const eventId = nextEvent();
      const body = { eventId, occurredAt: at(10 + round), ticket: number, comment: `Update ${round}` };
      const answers = await Promise.all([post(system, body), post(system, body)]);
      for (const a of answers) expect(a.statusCode, a.body).toBe(200);
      expect(answers.map((a) => a.json().outcome).sort()).toEqual(['applied', 'duplicate']);
      const rows = await t.ctx.database.query('SELECT 1 FROM ebonding_updates WHERE event_id = $1', [eventId]);
      expect(rows).toHaveLength(1);
    }
    expect((await vendorComments(number)).map((c) => c.body)).toEqual(['Update 0', 'Update 1', 'Update 2']);
  });

  it('never moves a ticket backwards: an older state arriving late is ignored, its comment kept', async () => {
    const number = await escalatedTicket();
    expect(
      (
        await post(system, { eventId: nextEvent(), occurredAt: at(20), ticket: number, state: 'Solution Proposed' })
      ).json().outcome,
    ).toBe('applied');
    const late = await post(system, {
      eventId: nextEvent(),
      occurredAt: at(15),
      ticket: number,
      state: 'In Progress',
      comment: 'Looking at the logs.',
    });
    expect(late.statusCode, late.body).toBe(200);
    expect(late.json()).toMatchObject({ outcome: 'stale', vendorState: 'fix_proposed' });
    expect((await read(agent, number)).vendorCase.state).toBe('fix_proposed');
    expect((await vendorComments(number)).map((c) => c.body)).toEqual(['Looking at the logs.']);
    // A comment alone neither moves the case nor counts as the newest state.
    await post(system, { eventId: nextEvent(), occurredAt: at(40), ticket: number, comment: 'Still checking.' });
    const newer = await post(system, {
      eventId: nextEvent(),
      occurredAt: at(30),
      ticket: number,
      state: 'In Progress',
    });
    expect(newer.json()).toMatchObject({ outcome: 'applied', vendorState: 'working' });
  });

  it('finds the case by the reference on the hand-off, or one learned from an earlier update', async () => {
    const referenced = await escalatedTicket('CS0012345');
    const byRef = await post(system, {
      eventId: nextEvent(),
      occurredAt: at(1),
      caseReference: ' cs0012345 ',
      state: 'In Progress',
    });
    expect(byRef.statusCode, byRef.body).toBe(200);
    expect(byRef.json()).toMatchObject({ ticket: referenced, vendorState: 'working' });

    const number = await escalatedTicket();
    const learn = await post(system, {
      eventId: nextEvent(),
      occurredAt: at(1),
      ticket: number,
      caseReference: 'JIRA-77',
    });
    expect(learn.json()).toMatchObject({ outcome: 'applied', ticket: number, vendorState: null });
    // The desk reads the vendor's case number on the hand-off, as if the agent had typed it.
    const handoffs = (await read(agent, number)).handoffs as { toTier: string; vendorReference: string | null }[];
    expect(handoffs.find((x) => x.toTier === 'vendor')?.vendorReference).toBe('JIRA-77');
    const later = await post(system, {
      eventId: nextEvent(),
      occurredAt: at(2),
      caseReference: 'jira-77',
      comment: 'Patch ready.',
    });
    expect(later.json()).toMatchObject({ outcome: 'applied', ticket: number });
    expect((await vendorComments(number)).map((c) => c.body)).toEqual(['Patch ready.']);
  });

  it('refuses a state name the mapping lacks (listing the mapped ones) and a release without its version', async () => {
    const number = await escalatedTicket();
    const unmapped = await post(system, { eventId: nextEvent(), occurredAt: at(1), ticket: number, state: 'On Hold' });
    expect(unmapped.statusCode).toBe(400);
    expect(unmapped.headers['content-type']).toContain('application/problem+json');
    expect(unmapped.json().detail).toContain(
      'Mapped: "Awaiting Customer", "In Progress", "Resolved", "Returned to Customer", "Solution Proposed".',
    );
    expect(unmapped.json().errors).toEqual([expect.objectContaining({ field: 'body.state' })]);
    const noVersion = await post(system, {
      eventId: nextEvent(),
      occurredAt: at(2),
      ticket: number,
      state: 'Resolved',
    });
    expect(noVersion.statusCode).toBe(400);
    expect(noVersion.json().errors).toEqual([expect.objectContaining({ field: 'body.fixVersion' })]);
    const released = await post(system, {
      eventId: nextEvent(),
      occurredAt: at(3),
      ticket: number,
      state: 'resolved',
      fixVersion: '2026.1.4',
    });
    expect(released.json()).toMatchObject({ outcome: 'applied', vendorState: 'fix_released' });
    expect((await read(agent, number)).vendorCase).toMatchObject({ state: 'fix_released', fixVersion: '2026.1.4' });
    expect(await audited('ebonding.refused', `AND summary->>'state' IN ('On Hold', 'Resolved')`)).toHaveLength(2);
  });

  it('answers 404 for an unknown ticket or reference, a ticket never escalated, and another provider’s ticket', async () => {
    const number = await escalatedTicket();
    const deskOnly = (await nurse.post('/api/v1/tickets', { summary: 'Printer jam', serviceId: h.printers.id })).json()
      .number;
    const cases = [
      [system, { ticket: 'CSD-999999', state: 'In Progress' }],
      [system, { caseReference: 'NOPE-1', state: 'In Progress' }],
      [system, { ticket: deskOnly, comment: 'Hello' }],
      [otherSystem, { ticket: number, state: 'In Progress' }],
      [otherSystem, { ticket: number, comment: 'Hello' }],
    ] as const;
    for (const [client, body] of cases) {
      const res = await post(client, { eventId: nextEvent(), occurredAt: at(1), ...body });
      expect(res.statusCode, JSON.stringify(body)).toBe(404);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body).not.toMatch(/Flowsheet|Roe/);
    }
  });

  it('hands the ticket back on "returned", then refuses a state change (409) but accepts a comment', async () => {
    const number = await escalatedTicket();
    const back = await post(system, {
      eventId: nextEvent(),
      occurredAt: at(1),
      ticket: number,
      state: 'Returned to Customer',
    });
    expect(back.statusCode, back.body).toBe(200);
    expect(back.json()).toMatchObject({ outcome: 'applied', vendorState: null });
    const desk = await read(agent, number);
    expect(desk.tier).not.toBe('vendor');
    const change = await post(system, {
      eventId: nextEvent(),
      occurredAt: at(2),
      ticket: number,
      state: 'In Progress',
    });
    expect(change.statusCode).toBe(409);
    const withComment = await post(system, {
      eventId: nextEvent(),
      occurredAt: at(3),
      ticket: number,
      state: 'In Progress',
      comment: 'x',
    });
    expect(withComment.statusCode).toBe(409);
    const comment = await post(system, {
      eventId: nextEvent(),
      occurredAt: at(4),
      ticket: number,
      comment: 'Closing on our side.',
    });
    expect(comment.statusCode, comment.body).toBe(200);
    expect((await vendorComments(number)).map((c) => c.body)).toEqual(['Closing on our side.']);
    // A stale state is ignored rather than refused: it changes nothing.
    const stale = await post(system, { eventId: nextEvent(), occurredAt: at(0), ticket: number, state: 'In Progress' });
    expect(stale.json()).toMatchObject({ outcome: 'stale', vendorState: null });
  });

  it('accepts an engineer’s own token of the provider, and refuses the desk (403)', async () => {
    const number = await escalatedTicket();
    const own = await createToken(t.ctx, SYSTEM_META, h.users.vendor.id, { name: 'my scripts' });
    const res = await post(t.withToken(own.token), {
      eventId: nextEvent(),
      occurredAt: at(1),
      ticket: number,
      comment: 'From my script.',
    });
    expect(res.statusCode, res.body).toBe(200);
    const desk = await post(agent, { eventId: nextEvent(), occurredAt: at(1), ticket: number, comment: 'x' });
    expect(desk.statusCode).toBe(403);
  });

  it('refuses every update while the connection is off (403), and a revoked token (401)', async () => {
    const number = await escalatedTicket();
    const url = `/api/v1/providers/${h.vendor.id}/ebonding`;
    expect((await put(admin, url, { enabled: false, stateMap: STATE_MAP })).statusCode).toBe(200);
    const off = await post(system, { eventId: nextEvent(), occurredAt: at(1), ticket: number, comment: 'x' });
    expect(off.statusCode).toBe(403);
    expect(off.headers['content-type']).toContain('application/problem+json');
    expect((await put(admin, url, { enabled: true, stateMap: STATE_MAP })).statusCode).toBe(200);

    const spare = await admin.post(`${url}/tokens`, { name: 'spare', expiresInDays: 7 });
    const spareClient = t.withToken(spare.json().token);
    expect(
      (await post(spareClient, { eventId: nextEvent(), occurredAt: at(2), ticket: number, comment: 'y' })).statusCode,
    ).toBe(200);
    expect((await admin.delete(`${url}/tokens/${spare.json().id}`)).statusCode).toBe(204);
    expect((await admin.delete(`${url}/tokens/${spare.json().id}`)).statusCode).toBe(404);
    const revoked = await post(spareClient, { eventId: nextEvent(), occurredAt: at(3), ticket: number, comment: 'z' });
    expect(revoked.statusCode).toBe(401);
    expect(await audited('ebonding.refused', `AND summary->>'status' = '403'`)).not.toHaveLength(0);
  });

  it('refuses bad input in every field as problem+json, never a 500, and audits each refusal', async () => {
    const number = await escalatedTicket();
    const good = { eventId: 'bad-input-base', occurredAt: at(1), ticket: number, comment: 'ok' };
    const before = (await audited('ebonding.refused')).length;
    const bodies: unknown[] = [
      { ...good, eventId: undefined },
      { ...good, eventId: '' },
      { ...good, eventId: 'x'.repeat(201) },
      { ...good, eventId: 42 },
      { ...good, eventId: 'a\u0000b' },
      { ...good, occurredAt: undefined },
      { ...good, occurredAt: 'yesterday' },
      { ...good, occurredAt: '2026-13-45T99:00:00Z' },
      { ...good, occurredAt: new Date(Date.now() + 86_400_000).toISOString() },
      { ...good, ticket: 'ABC-12' },
      { ...good, ticket: 12 },
      { ...good, ticket: 'CSD-0' },
      { ...good, ticket: undefined },
      { ...good, caseReference: '' },
      { ...good, caseReference: 'r'.repeat(101) },
      { ...good, state: '' },
      { ...good, state: 's'.repeat(101) },
      { ...good, state: ['In Progress'] },
      { ...good, fixVersion: 'not a version!' },
      { ...good, fixVersion: 'v'.repeat(41) },
      { ...good, comment: '' },
      { ...good, comment: 'c'.repeat(20_001) },
      { ...good, comment: undefined },
      { ...good, extra: 'field' },
      { ...good, 'odd\u0000key\uD800': 1 },
      { ...good, comment: '\uD800' },
      [],
      'text',
      null,
    ];
    for (const body of bodies) {
      const res = await system.request({
        method: 'POST',
        url: '/api/v1/ebonding/updates',
        payload: JSON.stringify(body),
        headers: { 'content-type': 'application/json' },
      });
      expect(res.statusCode, JSON.stringify(body)?.slice(0, 80)).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    const after = await audited('ebonding.refused');
    // null and a bare string may be refused by the JSON parser before the route: every other one is audited.
    expect(after.length - before).toBeGreaterThanOrEqual(bodies.length - 2);
    expect(JSON.stringify(after)).not.toContain('c'.repeat(300));
  });
});
