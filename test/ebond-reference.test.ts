// The e-bonding reference script (docs/integrations/reference/ebond.mjs) run as an integrator would run it, against a
// Clinidesk that listens on a real port. `receive` is subscribed as a vendor's webhook target (127.0.0.1 allowed by
// CLINIDESK_WEBHOOK_ALLOW, as the server's administrator would) and must print the deliveries it verified, mark a
// redelivery as a duplicate and refuse forged or stale ones. `send` posts inbound updates per the e-bonding contract
// (docs/integrations/ebonding.md); those tests skip themselves, saying so, while the app has no
// /api/v1/ebonding/updates route in its OpenAPI document. PGlite, and PostgreSQL with TEST_DATABASE_URL.
import { type ChildProcess, spawn } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTestApp, type TestApp } from './app.ts';
import { buildHospital, type Hospital, TEST_PASSWORD } from './factories.ts';
import { freePort } from './local-servers.ts';
import { until } from './until.ts';

const SCRIPT = path.resolve(import.meta.dirname, '../docs/integrations/reference/ebond.mjs');
const UPDATES = '/api/v1/ebonding/updates';
const SECRET_KEY = 'a-test-secret-key-of-at-least-32-characters';

type Printed = {
  webhookId: string;
  timestamp: number;
  duplicate: boolean;
  event: { type: string; timestamp: string; data: { ticket: { number: string; phiMasked: boolean } } };
};

/** `node ebond.mjs receive …` kept running: what it printed, line by line. */
class Receiver {
  readonly child: ChildProcess;
  stdout = '';
  stderr = '';
  constructor(args: string[]) {
    this.child = spawn(process.execPath, [SCRIPT, 'receive', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout!.on('data', (c: Buffer) => {
      this.stdout += c.toString('utf8');
    });
    this.child.stderr!.on('data', (c: Buffer) => {
      this.stderr += c.toString('utf8');
    });
  }
  get lines(): Printed[] {
    return this.stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Printed);
  }
  async stop() {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((r) => this.child.once('exit', r));
    this.child.kill('SIGTERM');
    await exited;
  }
}

/** `node ebond.mjs send …` to completion. */
function send(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SCRIPT, 'send', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString('utf8');
    });
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString('utf8');
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

async function ok(res: Promise<{ statusCode: number; body: string }>, status = 200) {
  const r = await res;
  expect(r.statusCode, r.body).toBe(status);
  return JSON.parse(r.body || 'null');
}

let t: TestApp;
let h: Hospital;
let admin: Client;
let agent: Client;
/** Where the desk listens, e.g. http://127.0.0.1:41234 */
let desk: string;
let receiver: Receiver | undefined;
let receiverPort: number;
/** Does this build have the inbound e-bonding route? (It lands from another branch.) */
let hasInbound = false;

/** A ticket escalated to the test hospital's EHR vendor, with the vendor's case number on the hand-off. */
async function escalatedTicket(summary: string, vendorReference: string): Promise<string> {
  const number = (
    await ok(
      agent.post('/api/v1/tickets', { requesterId: h.nurse.id, summary, serviceId: h.ehr.id, assignToMe: true }),
      201,
    )
  ).number as string;
  await ok(
    agent.post(`/api/v1/tickets/${number}/escalations`, { toTier: 'vendor', reason: 'Vendor defect', vendorReference }),
  );
  return number;
}

beforeAll(async () => {
  t = await createTestApp({ env: { CLINIDESK_SECRET_KEY: SECRET_KEY, CLINIDESK_WEBHOOK_ALLOW: '127.0.0.1/32' } });
  h = await buildHospital(t.ctx);
  admin = await t.signIn('admin');
  agent = await t.signIn(h.users.agent.username, TEST_PASSWORD);
  desk = await t.app.listen({ port: 0, host: '127.0.0.1' });
  const doc = t.app.swagger() as { paths: Record<string, unknown> };
  hasInbound = UPDATES in doc.paths;
}, 120_000);
afterAll(async () => {
  await receiver?.stop();
  await t?.close();
});

describe('receive: the vendor side of outbound webhooks', () => {
  let subscriptionId: string;
  let secret: string;

  it("verifies and prints a delivery of the vendor's subscription (masked, as the vendor reads the ticket)", async () => {
    receiverPort = await freePort();
    const created = await ok(
      admin.post('/api/v1/webhooks', {
        name: 'EHR vendor ServiceNow',
        url: `http://127.0.0.1:${receiverPort}/clinidesk`,
        ownerKind: 'vendor',
        providerId: h.vendor.id,
        eventTypes: ['ticket.escalated', 'ticket.updated', 'ticket.commented'],
      }),
      201,
    );
    subscriptionId = created.subscription.id;
    secret = created.secret;
    receiver = new Receiver(['--port', String(receiverPort), '--secret', created.secret]);
    await until('the receiver listening', async () => receiver!.stderr.includes('listening on http://127.0.0.1:'));

    const number = await escalatedTicket('Patient: Zebulon Quartermaine wristband will not scan', 'CS0010001');
    const line = await until('the escalation printed', async () =>
      receiver!.lines.find((l) => l.event.type === 'ticket.escalated' && l.event.data.ticket.number === number),
    );
    expect(line.duplicate).toBe(false);
    expect(line.event.data.ticket.phiMasked).toBe(true);
    expect(JSON.stringify(line)).not.toContain('Quartermaine');
    // webhook-id is the delivery's id in the subscription's delivery log.
    const { deliveries } = await ok(admin.get(`/api/v1/webhooks/${subscriptionId}/deliveries`));
    expect(deliveries.map((d: { id: string }) => d.id)).toContain(line.webhookId);
  });

  it('prints a redelivery with the same webhook-id as a duplicate (at least once: deduplicate on webhook-id)', async () => {
    const first = receiver!.lines[0]!;
    // The sender records the answer just after the receiver gave it: redeliver once it is recorded as delivered.
    await until('the delivery recorded', async () => {
      const { deliveries } = await ok(admin.get(`/api/v1/webhooks/${subscriptionId}/deliveries`));
      return deliveries.some(
        (d: { id: string; status: string }) => d.id === first.webhookId && d.status === 'delivered',
      );
    });
    await ok(admin.post(`/api/v1/webhooks/${subscriptionId}/deliveries/${first.webhookId}/redeliver`));
    const again = await until('the redelivery printed', async () =>
      receiver!.lines.find((l) => l.webhookId === first.webhookId && l.duplicate),
    );
    expect(again.event).toEqual(first.event);
  });

  it('refuses a forged signature (401), missing headers and a stale timestamp (400), printing nothing for them', async () => {
    const body = JSON.stringify({ type: 'ticket.updated', timestamp: new Date().toISOString(), data: {} });
    const post = (id: string, timestamp: number, key: Buffer) =>
      fetch(`http://127.0.0.1:${receiverPort}/clinidesk`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'webhook-id': id,
          'webhook-timestamp': String(timestamp),
          'webhook-signature': `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`,
        },
        body,
      });
    const now = Math.floor(Date.now() / 1000);
    const forged = await post('forged-1', now, randomBytes(32));
    expect(forged.status).toBe(401);
    expect(await forged.text()).toContain('no signature matches');
    const missing = await fetch(`http://127.0.0.1:${receiverPort}/clinidesk`, { method: 'POST', body });
    expect(missing.status).toBe(400);
    // Signed with the real secret, but six minutes ago: a replay.
    const stale = await post('stale-1', now - 6 * 60, Buffer.from(secret.slice('whsec_'.length), 'base64'));
    expect(stale.status).toBe(400);
    expect(await stale.text()).toContain('old');
    // The same with the time of now is accepted: the age is what was refused.
    expect((await post('fresh-1', now, Buffer.from(secret.slice('whsec_'.length), 'base64'))).status).toBe(204);
    const mine = ['forged-1', 'stale-1', 'fresh-1'];
    expect(receiver!.lines.map((l) => l.webhookId).filter((id) => mine.includes(id))).toEqual(['fresh-1']);
    expect(receiver!.stderr).toContain('refused 401');
    expect(receiver!.stderr).toContain('refused 400');
  });
});

describe(`send: inbound updates (POST ${UPDATES}, per the e-bonding contract)`, () => {
  const SKIP = `no ${UPDATES} in this build's OpenAPI document: the inbound API lands from another branch`;
  let token: string;
  let number: string;
  const reference = 'CS0012345';

  beforeAll(async () => {
    if (!hasInbound) return;
    const at = `/api/v1/providers/${h.vendor.id}/ebonding`;
    await ok(
      admin.request({
        method: 'PUT',
        url: at,
        payload: {
          enabled: true,
          stateMap: {
            New: 'working',
            'In Progress': 'working',
            'Awaiting Customer': 'needs_info',
            'Solution Proposed': 'fix_proposed',
            'Fix Released': 'fix_released',
          },
        },
      }),
    );
    token = (await ok(admin.post(`${at}/tokens`, { name: 'ServiceNow (test)', expiresInDays: null }), 201)).token;
    expect(token).toMatch(/^cdk_/);
    number = await escalatedTicket('Order set will not sign', reference);
  });

  const vendorState = async () => (await ok(agent.get(`/api/v1/tickets/${number}`))).vendorCase.state as string | null;
  const answer = (r: { code: number | null; stdout: string; stderr: string }, code = 0) => {
    expect(r.code, r.stderr).toBe(code);
    return JSON.parse(r.stdout);
  };

  it('applies a state and a comment, mapped case-insensitively; the same eventId again is a duplicate', async ({
    skip,
  }) => {
    skip(!hasInbound, SKIP);
    const args = ['--url', desk, '--token', token, '--ticket', number, '--reference', reference];
    const first = answer(
      await send([
        ...args,
        '--state',
        ' awaiting customer',
        '--comment',
        'Please send the scanner logs',
        '--event-id',
        'sn-1',
      ]),
    );
    expect(first).toMatchObject({ outcome: 'applied', ticket: number, vendorState: 'needs_info', eventId: 'sn-1' });
    expect(await vendorState()).toBe('needs_info');
    const detail = await ok(agent.get(`/api/v1/tickets/${number}`));
    expect(detail.comments.some((c: { body: string }) => c.body.includes('Please send the scanner logs'))).toBe(true);
    const again = answer(await send([...args, '--state', 'In Progress', '--event-id', 'sn-1']));
    expect(again).toMatchObject({ outcome: 'duplicate', firstOutcome: 'applied', eventId: 'sn-1' });
    expect(await vendorState()).toBe('needs_info');
  });

  it('answers "stale" to an older update: the state stays, the comment is still posted', async ({ skip }) => {
    skip(!hasInbound, SKIP);
    const hourAgo = new Date(Date.now() - 60 * 60_000).toISOString();
    const late = answer(
      await send([
        ...['--url', desk, '--token', token, '--ticket', number],
        ...['--state', 'In Progress', '--comment', 'Written before the question', '--occurred-at', hourAgo],
      ]),
    );
    expect(late).toMatchObject({ outcome: 'stale', ticket: number });
    expect(await vendorState()).toBe('needs_info');
    const detail = await ok(agent.get(`/api/v1/tickets/${number}`));
    expect(detail.comments.some((c: { body: string }) => c.body.includes('Written before the question'))).toBe(true);
  });

  it("finds the case by the vendor's reference alone, and needs a fix version for a released fix", async ({ skip }) => {
    skip(!hasInbound, SKIP);
    const byReference = answer(
      await send(['--url', desk, '--token', token, '--reference', reference, '--state', 'In Progress']),
    );
    expect(byReference).toMatchObject({ outcome: 'applied', ticket: number, vendorState: 'working' });
    const noVersion = await send(['--url', desk, '--token', token, '--ticket', number, '--state', 'Fix Released']);
    expect(noVersion.code).toBe(1);
    expect(noVersion.stderr).toMatch(/^400 /m);
    const released = answer(
      await send([
        ...['--url', desk, '--token', token, '--ticket', number],
        ...['--state', 'Fix Released', '--fix-version', '2026.1.4'],
      ]),
    );
    expect(released).toMatchObject({ outcome: 'applied', vendorState: 'fix_released' });
  });

  it('exits 1 with the problem: an unmapped state (naming the mapped ones), an unknown ticket, a bad token', async ({
    skip,
  }) => {
    skip(!hasInbound, SKIP);
    const unmapped = await send(['--url', desk, '--token', token, '--ticket', number, '--state', 'Pending Vendor']);
    expect(unmapped.code).toBe(1);
    expect(unmapped.stderr).toMatch(/^400 /m);
    expect(unmapped.stderr).toContain('Awaiting Customer');
    const unknown = await send(['--url', desk, '--token', token, '--ticket', 'CSD-999999', '--state', 'New']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^404 /m);
    const badToken = await send(['--url', desk, '--token', 'cdk_not-a-token', '--ticket', number, '--state', 'New']);
    expect(badToken.code).toBe(1);
    expect(badToken.stderr).toMatch(/^401 /m);
  });
});
