// Every class of bad ticket input gets a clear 4xx problem+json and writes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTestApp, type TestApp } from '../../../test/app.ts';
import { buildHospital, type Hospital, TEST_PASSWORD } from '../../../test/factories.ts';

let t: TestApp;
let h: Hospital;
let agent: Client;
let number: string;
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);

beforeAll(async () => {
  t = await createTestApp();
  h = await buildHospital(t.ctx);
  agent = await t.signIn(h.users.agent.username, TEST_PASSWORD);
  const res = await agent.post('/api/v1/tickets', {
    requesterId: h.nurse.id,
    summary: 'Scanner fails',
    serviceId: h.ehr.id,
  });
  number = res.json().number;
});
afterAll(() => t.close());

const ticketCount = async () =>
  Number((await t.ctx.database.query<{ n: string }>('SELECT count(*)::text n FROM tickets'))[0]!.n);

function problem(res: { statusCode: number; headers: Record<string, unknown>; json(): unknown }, status: number) {
  expect(res.statusCode).toBe(status);
  expect(res.headers['content-type']).toBe('application/problem+json');
  return res.json() as { detail: string; errors?: { field: string; message: string }[] };
}

describe('bad ticket input', () => {
  it('refuses an over-long summary with a plain message, never cutting it short, and opens nothing', async () => {
    const before = await ticketCount();
    const res = problem(
      await agent.post('/api/v1/tickets', {
        requesterId: h.nurse.id,
        summary: 'x'.repeat(20_000),
        serviceId: h.ehr.id,
      }),
      400,
    );
    expect(res.detail).toBe('Please check 1 field: Summary is too long (at most 200 characters)');
    expect(res.errors).toEqual([{ field: 'body.summary', message: 'Summary is too long (at most 200 characters)' }]);
    expect(await ticketCount()).toBe(before);
  });

  it('invalid ids and numbers → 400 or 404, never 500', async () => {
    problem(await agent.get('/api/v1/tickets/not-a-number'), 400);
    problem(await agent.get('/api/v1/tickets/CSD-999999999'), 404);
    const badId = problem(await agent.post('/api/v1/tickets', { requesterId: 'nope', summary: 'x' }), 400);
    expect(badId.errors![0]!.field).toBe('body.requesterId');
    problem(
      await agent.post('/api/v1/tickets', { requesterId: '01a21211-0000-7000-8000-000000000000', summary: 'x' }),
      400,
    );
  });

  it('unknown enum values → 400 naming the field', async () => {
    const res = problem(
      await agent.post('/api/v1/tickets', {
        requesterId: h.nurse.id,
        summary: 'x',
        type: 'complaint',
        scope: 'galaxy',
        deviceType: 'toaster',
      }),
      400,
    );
    expect(res.errors!.map((e) => e.field)).toEqual(
      expect.arrayContaining(['body.type', 'body.scope', 'body.deviceType']),
    );
    problem(await agent.get('/api/v1/tickets?status=lost'), 400);
    problem(await agent.get('/api/v1/tickets?view=everything'), 400);
  });

  it('transitions the state machine forbids → 409 with the reason', async () => {
    const current = (await agent.get(`/api/v1/tickets/${number}`)).json();
    const res = problem(
      await agent.request({
        method: 'PATCH',
        url: `/api/v1/tickets/${number}`,
        payload: { version: current.version, status: 'closed' },
      }),
      409,
    );
    expect(res.detail).toMatch(/cannot become closed/);
  });

  it('10,000-character summaries → 400; emoji and non-Latin text are kept intact', async () => {
    const long = problem(
      await agent.post('/api/v1/tickets', { requesterId: h.nurse.id, summary: 'x'.repeat(10_000) }),
      400,
    );
    expect(long.errors).toContainEqual({
      field: 'body.summary',
      message: 'Summary is too long (at most 200 characters)',
    });
    const summary = 'Escáner BCMA 🩺 не сканирует — 扫描失败';
    const res = await agent.post('/api/v1/tickets', { requesterId: h.nurse.id, summary, description: 'مرحبا' });
    expect(res.statusCode).toBe(201);
    const read = (await agent.get(`/api/v1/tickets/${res.json().number}`)).json();
    expect(read.summary).toBe(summary);
    expect(read.description).toBe('مرحبا');
    const found = (await agent.get(`/api/v1/tickets?q=${encodeURIComponent('BCMA')}`)).json();
    expect(found.items.map((x: { summary: string }) => x.summary)).toContain(summary);
  });

  it('attachments over the limit, of a forbidden type, or lying about their type → 4xx', async () => {
    const url = `/api/v1/tickets/${number}/attachments`;
    problem(
      await agent.post(url, { filename: 'x.exe', contentType: 'application/x-msdownload', dataBase64: 'TVqQ' }),
      400,
    );
    const lying = problem(
      await agent.post(url, {
        filename: 'shot.png',
        contentType: 'image/png',
        dataBase64: Buffer.from('<script>').toString('base64'),
      }),
      400,
    );
    expect(lying.detail).toMatch(/not image\/png/);
    problem(
      await agent.post(url, { filename: '../../etc/passwd', contentType: 'text/plain', dataBase64: 'aGk=' }),
      400,
    );
    problem(await agent.post(url, { filename: 'x.txt', contentType: 'text/plain', dataBase64: 'not base64!' }), 400);
    const big = Buffer.alloc(5 * 1024 * 1024 + 10, 0x41).toString('base64');
    const tooBig = await agent.post(url, { filename: 'big.txt', contentType: 'text/plain', dataBase64: big });
    expect([400, 413]).toContain(tooBig.statusCode);
    expect(tooBig.headers['content-type']).toBe('application/problem+json');
  });

  it('accepts a real screenshot and serves it back only to roles that may download it, audited', async () => {
    const up = await agent.post(`/api/v1/tickets/${number}/attachments`, {
      filename: 'error.png',
      contentType: 'image/png',
      dataBase64: PNG.toString('base64'),
    });
    expect(up.statusCode, up.body).toBe(201);
    const down = await agent.get(`/api/v1/tickets/${number}/attachments/${up.json().id}`);
    expect(down.statusCode).toBe(200);
    expect(down.headers['content-type']).toBe('image/png');
    expect(down.headers['content-disposition']).toMatch(/attachment; filename="error.png"/);
    // Nothing in an uploaded file may run or load anything, even opened inline.
    expect(down.headers['content-security-policy']).toMatch(/^default-src 'none'; ?sandbox$/);
    expect(down.headers['x-content-type-options']).toBe('nosniff');
    expect(down.rawPayload.equals(PNG)).toBe(true);
    const nurse = await t.signIn(h.users.nurse.username, TEST_PASSWORD);
    problem(await nurse.get(`/api/v1/tickets/${number}/attachments/${up.json().id}`), 403);
    const audited = await t.ctx.database.query(
      `SELECT 1 FROM audit_log WHERE action = 'attachment.download' AND target_id = $1`,
      [up.json().id],
    );
    expect(audited).toHaveLength(1);
  });

  it('links: to itself, to a missing ticket, twice → 4xx', async () => {
    problem(await agent.post(`/api/v1/tickets/${number}/links`, { kind: 'related', other: number }), 400);
    problem(await agent.post(`/api/v1/tickets/${number}/links`, { kind: 'related', other: 'CSD-999999998' }), 404);
    const other = (
      await agent.post('/api/v1/tickets', { requesterId: h.nurse.id, summary: 'Same scanner, other bed' })
    ).json();
    expect(
      (await agent.post(`/api/v1/tickets/${other.number}/links`, { kind: 'duplicate_of', other: number })).statusCode,
    ).toBe(201);
    problem(await agent.post(`/api/v1/tickets/${other.number}/links`, { kind: 'duplicate_of', other: number }), 409);
  });

  it('escalating without a reason or to a group at another tier → 400', async () => {
    problem(await agent.post(`/api/v1/tickets/${number}/escalations`, { toTier: 'tier2' }), 400);
    const wrongTier = problem(
      await agent.post(`/api/v1/tickets/${number}/escalations`, {
        toTier: 'tier2',
        groupId: h.tier3.id,
        reason: 'needs build',
      }),
      400,
    );
    expect(wrongTier.errors![0]!.field).toBe('body.groupId');
  });

  it('writes no ticket when any of this is rejected', async () => {
    const before = await ticketCount();
    // A room that is not in the unit given: the service refuses it after validation passed.
    const wrongRoom = await agent.post('/api/v1/tickets', {
      requesterId: h.nurse.id,
      summary: 'x',
      unitId: h.billing.id,
      locationId: h.room.id,
    });
    problem(wrongRoom, 400);
    problem(await agent.post('/api/v1/tickets', { requesterId: h.nurse.id, summary: '' }), 400);
    expect(await ticketCount()).toBe(before);
  });
});
