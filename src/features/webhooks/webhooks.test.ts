// Outbound webhooks through real parts: a real HTTP receiver on 127.0.0.1 (allowed by the test's
// CLINIDESK_WEBHOOK_ALLOW, as an administrator would), the app's own jobs consuming the outbox and sending.
// Checks signatures with standardwebhooks' verify, retries after a 500 and after a timeout, a 10 MB answer, manual
// redelivery, rotation (two signatures), automatic switch-off, that a vendor's subscription never carries PHI or the
// hospital's notes, SSRF refusals, and bad input as problem+json. PGlite, and PostgreSQL with TEST_DATABASE_URL.
import http, { type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTestApp, type TestApp } from '../../../test/app.ts';
import { buildHospital, type Hospital, TEST_PASSWORD } from '../../../test/factories.ts';
import { until } from '../../../test/until.ts';
import { parseAllowList } from './rules/address.ts';
import { EXCERPT_LIMIT } from './rules/delivery.ts';
import { hospitalPayload } from './service/payload.ts';
import { guardedLookup } from './service/post.ts';

type Received = { path: string; headers: IncomingHttpHeaders; body: string };
type Answer = '200' | '500' | 'hang' | 'huge';

/** The receiver: records every request; answers each path from its plan (then 200). */
class Receiver {
  received: Received[] = [];
  plans = new Map<string, Answer[]>();
  hanging: http.ServerResponse[] = [];
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '/';
      this.received.push({ path, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const answer = this.plans.get(path)?.shift() ?? '200';
      if (answer === 'hang') return void this.hanging.push(res);
      if (answer === 'huge') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        const mb = Buffer.alloc(1024 * 1024, 'x');
        let sent = 0;
        const more = () => {
          while (sent < 10) {
            sent++;
            if (!res.write(mb)) return void res.once('drain', more);
          }
          res.end();
        };
        res.on('error', () => {});
        return more();
      }
      res.writeHead(answer === '500' ? 500 : 200, { 'content-type': 'application/json' });
      res.end(answer === '500' ? '{"error":"receiver is down"}' : '{"ok":true}');
    });
  });
  async start() {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }
  at(path: string) {
    return this.received.filter((r) => r.path === path);
  }
  async close() {
    for (const res of this.hanging) res.destroy();
    this.server.closeAllConnections();
    await new Promise((r) => this.server.close(r));
  }
}

const SECRET_KEY = 'a-test-secret-key-of-at-least-32-characters';
/** Patient identifiers planted in the ticket; none may reach any webhook (the hospital's carry no free text). */
const PHI = ['Quartermaine', '00917734', 'Honeysett', 'Fairweather', '321-54-9876'];
const INTERNAL = 'INTERNAL-ONLY-7Q';

let receiver: Receiver;
let base: string;
let t: TestApp;
let h: Hospital;
let admin: Client;
let agent: Client;

async function ok(res: Promise<{ statusCode: number; body: string }>, status = 200) {
  const r = await res;
  expect(r.statusCode, r.body).toBe(status);
  return JSON.parse(r.body || 'null');
}

const patch = (c: Client, url: string, payload: object) => c.request({ method: 'PATCH', url, payload });
const q = <T>(sql: string, params: unknown[] = []) => t.ctx.database.query<T>(sql, params);

async function subscribe(body: Record<string, unknown>) {
  return ok(admin.post('/api/v1/webhooks', { ownerKind: 'hospital', ...body }), 201) as Promise<{
    subscription: { id: string; version: number };
    secret: string;
  }>;
}

async function deliveriesOf(id: string) {
  return (await ok(admin.get(`/api/v1/webhooks/${id}/deliveries`))).deliveries as {
    id: string;
    eventType: string;
    status: string;
    attempts: number;
    log: { statusCode: number | null; error: string | null; responseExcerpt: string | null; durationMs: number }[];
  }[];
}

async function openTicket(summary = 'Scanner in 4 West cannot read wristbands') {
  return (await ok(agent.post('/api/v1/tickets', { requesterId: h.nurse.id, summary, serviceId: h.ehr.id }), 201))
    .number as string;
}

beforeAll(async () => {
  receiver = new Receiver();
  base = await receiver.start();
  t = await createTestApp({
    env: {
      CLINIDESK_SECRET_KEY: SECRET_KEY,
      CLINIDESK_WEBHOOK_ALLOW: '127.0.0.1/32',
      CLINIDESK_WEBHOOK_TIMEOUT_MS: '700',
    },
  });
  h = await buildHospital(t.ctx);
  admin = await t.signIn('admin');
  agent = await t.signIn(h.users.agent.username, TEST_PASSWORD);
}, 120_000);
afterAll(async () => {
  await t?.close();
  await receiver?.close();
});

describe('subscriptions: bad input and the SSRF guard', () => {
  const valid = { name: 'Paging bridge', url: 'http://127.0.0.1:9/hook', eventTypes: ['ticket.opened'] };
  const refusals: [string, Record<string, unknown>, string][] = [
    ['no name', { ...valid, name: '' }, 'name'],
    ['an unknown event', { ...valid, eventTypes: ['ticket.deleted'] }, 'eventTypes'],
    ['no event', { ...valid, eventTypes: [] }, 'eventTypes'],
    ['a loopback address not allowed', { ...valid, url: 'http://127.0.0.2/hook' }, 'loopback'],
    ['IPv6 loopback', { ...valid, url: 'http://[::1]:8080/hook' }, 'loopback'],
    ['IPv4-mapped loopback', { ...valid, url: 'http://[::ffff:127.0.0.2]/hook' }, 'loopback'],
    ['a private range', { ...valid, url: 'https://10.1.2.3/hook' }, 'private'],
    ['the cloud metadata address', { ...valid, url: 'http://169.254.169.254/latest' }, 'link-local'],
    ['localhost by name', { ...valid, url: 'http://localhost:8080/hook' }, 'local name'],
    ['another scheme', { ...valid, url: 'file:///etc/passwd' }, 'http:// or https://'],
    ['credentials in the URL', { ...valid, url: 'https://u:p@hooks.example.org/' }, 'user name or password'],
    ['a vendor without its provider', { ...valid, ownerKind: 'vendor' }, 'names its provider'],
    ['an unknown field', { ...valid, secret: 'whsec_mine' }, 'secret'],
  ];
  it.each(refusals)('refuses %s with a 400 problem', async (_, body, words) => {
    const res = await admin.post('/api/v1/webhooks', { ownerKind: 'hospital', ...body });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body).toContain(words);
  });

  it("refuses incident events on a vendor's subscription, and unknown filters", async () => {
    const vendorIncident = await admin.post('/api/v1/webhooks', {
      ...valid,
      ownerKind: 'vendor',
      providerId: h.vendor.id,
      eventTypes: ['ticket.escalated', 'sla.breached', 'incident.declared'],
    });
    expect(vendorIncident.statusCode).toBe(400);
    expect(vendorIncident.json().detail).toContain('Major incident or downtime declared');
    expect(vendorIncident.json().detail).not.toContain('SLA breached');
    const unknownFacility = await admin.post('/api/v1/webhooks', {
      ...valid,
      ownerKind: 'hospital',
      facilityIds: ['00000000-0000-7000-8000-000000000001'],
    });
    expect(unknownFacility.statusCode).toBe(400);
    expect(unknownFacility.json().detail).toContain('names no facility');
  });

  it('refuses at connection time a name that resolves to a refused address (checked after DNS)', async () => {
    const lookup = guardedLookup(parseAllowList([]).allow);
    const err = await new Promise<NodeJS.ErrnoException | null>((r) => lookup('localhost', {}, (e) => r(e)));
    expect(err?.code).toBe('EWEBHOOKBLOCKED');
    expect(err?.message).toContain('loopback');
    const allowed = guardedLookup(parseAllowList(['127.0.0.1/32', '::1/128']).allow);
    const address = await new Promise<string>((r, j) =>
      allowed('localhost', {}, (e, a) => (e ? j(e) : r(a as string))),
    );
    expect(['127.0.0.1', '::1']).toContain(address);
  });
});

describe('delivery to a real receiver', () => {
  let sub: { subscription: { id: string; version: number }; secret: string };

  it('shows the secret once, in Standard Webhooks form, and never in the list or the audit trail', async () => {
    sub = await subscribe({
      name: 'Analytics',
      url: `${base}/hospital`,
      eventTypes: ['ticket.opened', 'ticket.escalated', 'ticket.commented'],
    });
    expect(sub.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const list = await admin.get('/api/v1/webhooks');
    expect(list.body).not.toContain(sub.secret.slice(6));
    const audit = await q<{ summary: unknown }>("SELECT summary FROM audit_log WHERE action = 'webhook.create'");
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toContain(sub.secret.slice(6));
    const [row] = await q<{ secret_sealed: string }>('SELECT secret_sealed FROM webhook_subscriptions WHERE id = $1', [
      sub.subscription.id,
    ]);
    expect(row!.secret_sealed).not.toContain(sub.secret.slice(6));
  });

  it('delivers an event after commit, signed so that standardwebhooks verifies it, without free text', async () => {
    const number = await openTicket('Patient: Zebulon Quartermaine wristband will not scan');
    const got = await until('the delivery', async () => receiver.at('/hospital')[0]);
    const payload = new Webhook(sub.secret).verify(got.body, got.headers as Record<string, string>) as {
      type: string;
      data: { ticket: { number: string; status: string }; eventId: string };
    };
    expect(payload.type).toBe('ticket.opened');
    expect(payload.data.ticket.number).toBe(number);
    expect(got.body).not.toContain('Quartermaine');
    const [d] = await until('the delivery recorded', async () =>
      (await deliveriesOf(sub.subscription.id)).find((x) => x.status === 'delivered')
        ? deliveriesOf(sub.subscription.id)
        : null,
    );
    expect(got.headers['webhook-id']).toBe(d!.id);
    expect(d!.log).toHaveLength(1);
    expect(d!.log[0]!.statusCode).toBe(200);
    // A forged or altered body does not verify.
    expect(() =>
      new Webhook(sub.secret).verify(got.body.replace(number, 'CSD-999999'), got.headers as Record<string, string>),
    ).toThrow();
  });

  it('tries again after a 500 and after a receiver that hangs, with the same webhook-id, then delivers', async () => {
    receiver.received = [];
    receiver.plans.set('/hospital', ['500', 'hang']);
    await openTicket('Printer queue stuck on 5 North');
    const first = await until('the failed attempt', async () => {
      const ds = await deliveriesOf(sub.subscription.id);
      return ds.find((x) => x.status === 'pending' && x.log.length === 1);
    });
    expect(first.log[0]!.statusCode).toBe(500);
    expect(first.log[0]!.responseExcerpt).toContain('receiver is down');
    // The backoff is 15–30 s: bring the retry forward instead of waiting.
    await q('UPDATE webhook_deliveries SET next_attempt_at = now() WHERE id = $1', [first.id]);
    const second = await until('the timed-out attempt', async () => {
      const ds = await deliveriesOf(sub.subscription.id);
      return ds.find((x) => x.id === first.id && x.log.length === 2);
    });
    expect(second.log[1]!.statusCode).toBeNull();
    expect(second.log[1]!.error).toContain('did not answer within 1 s');
    expect(second.status).toBe('pending');
    await q('UPDATE webhook_deliveries SET next_attempt_at = now() WHERE id = $1', [first.id]);
    const third = await until('the delivered attempt', async () => {
      const ds = await deliveriesOf(sub.subscription.id);
      return ds.find((x) => x.id === first.id && x.status === 'delivered');
    });
    expect(third.attempts).toBe(3);
    const ids = receiver.at('/hospital').map((r) => r.headers['webhook-id']);
    expect(ids).toEqual([first.id, first.id, first.id]);
    // The subscription's failure streak ended with the success.
    const [s] = await q<{ consecutive_failures: number }>(
      'SELECT consecutive_failures FROM webhook_subscriptions WHERE id = $1',
      [sub.subscription.id],
    );
    expect(s!.consecutive_failures).toBe(0);
  });

  it('reads at most 64 KiB of a 10 MB answer and keeps an excerpt', async () => {
    receiver.plans.set('/hospital', ['huge']);
    const before = (await deliveriesOf(sub.subscription.id)).length;
    await openTicket('Label printer prints blank labels');
    const d = await until('the delivered attempt', async () => {
      const ds = await deliveriesOf(sub.subscription.id);
      return ds.length > before && ds[0]!.status === 'delivered' ? ds[0] : null;
    });
    expect(d.log[0]!.statusCode).toBe(200);
    expect(d.log[0]!.responseExcerpt!.length).toBeLessThanOrEqual(EXCERPT_LIMIT + 10);
    expect(d.log[0]!.responseExcerpt).toMatch(/^x+… \(cut\)$/);
  });

  it('redelivers by hand with the same id and body, audited', async () => {
    const [d] = await deliveriesOf(sub.subscription.id);
    const before = receiver.at('/hospital').length;
    const res = await ok(admin.post(`/api/v1/webhooks/${sub.subscription.id}/deliveries/${d!.id}/redeliver`));
    expect(res.status).toBe('pending');
    const again = await until('the redelivery', async () => receiver.at('/hospital')[before]);
    expect(again.headers['webhook-id']).toBe(d!.id);
    const [audit] = await q<{ target_id: string }>(
      "SELECT target_id FROM audit_log WHERE action = 'webhook.redeliver'",
    );
    expect(audit!.target_id).toBe(d!.id);
  });

  it('signs with the new and the old secret for a day after a rotation', async () => {
    const [current] = (await ok(admin.get('/api/v1/webhooks'))).subscriptions.filter(
      (s: { id: string }) => s.id === sub.subscription.id,
    );
    const rotated = await ok(
      admin.post(`/api/v1/webhooks/${sub.subscription.id}/rotate-secret`, { version: current.version }),
    );
    expect(rotated.secret).not.toBe(sub.secret);
    expect(rotated.subscription.previousSecretUntil).not.toBeNull();
    const before = receiver.at('/hospital').length;
    await openTicket('Badge reader at the pharmacy door');
    const got = await until('a delivery after rotation', async () => receiver.at('/hospital')[before]);
    expect(String(got.headers['webhook-signature']).split(' ')).toHaveLength(2);
    for (const secret of [rotated.secret, sub.secret])
      expect(new Webhook(secret).verify(got.body, got.headers as Record<string, string>)).toBeTruthy();
    // A stale version is refused.
    const stale = await admin.post(`/api/v1/webhooks/${sub.subscription.id}/rotate-secret`, {
      version: current.version,
    });
    expect(stale.statusCode).toBe(409);
    sub.secret = rotated.secret;
  });

  it('switches a subscription off after a day of failures, with an audit entry and a notice to administrators', async () => {
    const dying = await subscribe({ name: 'Dead bridge', url: `${base}/dead`, eventTypes: ['ticket.opened'] });
    receiver.plans.set('/dead', ['500', '500', '500']);
    // Every attempt has failed for a day already (as if the receiver had been down since yesterday).
    await q(
      "UPDATE webhook_subscriptions SET consecutive_failures = 30, failing_since = now() - interval '25 hours' WHERE id = $1",
      [dying.subscription.id],
    );
    await openTicket('Monitor flickers in the ICU');
    const off = await until('the switch-off', async () => {
      const list = (await ok(admin.get('/api/v1/webhooks'))).subscriptions as {
        id: string;
        active: boolean;
        disabledReason: string | null;
      }[];
      const s = list.find((x) => x.id === dying.subscription.id);
      return s && !s.active ? s : null;
    });
    expect(off.disabledReason).toContain('failed attempts in a row');
    const audit = await q<{ target_id: string }>("SELECT target_id FROM audit_log WHERE action = 'webhook.disable'");
    expect(audit.map((a) => a.target_id)).toContain(dying.subscription.id);
    const notice = await q<{ audience: { roles: string[] } }>(
      "SELECT audience FROM outbox WHERE type = 'webhook.disabled' AND subject_id = $1",
      [dying.subscription.id],
    );
    expect(notice).toHaveLength(1);
    expect(notice[0]!.audience.roles).toEqual(['admin']);
    // Switched off: nothing more is sent; redelivery asks to switch it back on first.
    const [d] = await deliveriesOf(dying.subscription.id);
    const refused = await admin.post(`/api/v1/webhooks/${dying.subscription.id}/deliveries/${d!.id}/redeliver`);
    expect(refused.statusCode).toBe(409);
    // Switched back on by an administrator: the switch-off and the failure streak are cleared, audited.
    const current = (await ok(admin.get('/api/v1/webhooks'))).subscriptions.find(
      (x: { id: string }) => x.id === dying.subscription.id,
    );
    const on = await ok(
      patch(admin, `/api/v1/webhooks/${dying.subscription.id}`, { version: current.version, active: true }),
    );
    expect(on).toMatchObject({ active: true, disabledReason: null, consecutiveFailures: 0, failingSince: null });
    const updates = await q<{ target_id: string }>("SELECT target_id FROM audit_log WHERE action = 'webhook.update'");
    expect(updates.map((u) => u.target_id)).toContain(dying.subscription.id);
  });
});

describe("a vendor's subscription", () => {
  it('carries the ticket as the vendor reads it: no PHI, no internal note, no public reply, only its own tickets', async () => {
    const vendorSub = await ok(
      admin.post('/api/v1/webhooks', {
        name: 'EHR vendor ITSM',
        url: `${base}/vendor`,
        ownerKind: 'vendor',
        providerId: h.vendor.id,
        eventTypes: ['ticket.opened', 'ticket.updated', 'ticket.escalated', 'ticket.commented'],
      }),
      201,
    );
    // A ticket the vendor never holds: nothing may reach the vendor about it.
    const other = await openTicket('Patient: Ambrose Fitzwilliam chart locked');
    const number = (
      await ok(
        agent.post('/api/v1/tickets', {
          requesterId: h.nurse.id,
          summary: 'Patient: Zebulon Quartermaine shows in the wrong bed',
          description: 'The chart for MRN 00917734 shows twice on the board',
          serviceId: h.ehr.id,
          assignToMe: true,
        }),
        201,
      )
    ).number as string;
    const at = (p = '') => `/api/v1/tickets/${number}${p}`;
    await ok(agent.post(at('/comments'), { visibility: 'internal', body: `${INTERNAL} MRN 00711111` }), 201);
    await ok(
      agent.post(at('/escalations'), {
        toTier: 'vendor',
        reason: 'Pt name: Philippa Honeysett cannot be scanned',
        vendorReference: 'VND-5 SSN 321-54-9876',
      }),
    );
    await ok(agent.post(at('/comments'), { visibility: 'internal', body: `${INTERNAL} after the hand-off` }), 201);
    await ok(agent.post(at('/comments'), { visibility: 'public', body: 'PUBLIC-ONLY-8R we are on it' }), 201);
    await ok(
      agent.post(at('/comments'), { visibility: 'vendor', body: 'Patient: Cordelia Fairweather cannot be found' }),
      201,
    );
    const got = await until('the shared-thread comment', async () => {
      const r = receiver.at('/vendor');
      return r.some((x) => x.body.includes('"ticket.commented"')) ? r : null;
    });
    // Let the consumer and sender finish with every event of that ticket before judging.
    await until('all vendor deliveries sent', async () => {
      const ds = await deliveriesOf(vendorSub.subscription.id);
      return ds.every((d) => d.status === 'delivered') ? ds : null;
    });
    const all = receiver.at('/vendor');
    const types = all.map((r) => JSON.parse(r.body).type);
    expect(types).toContain('ticket.escalated');
    // One comment event: the shared thread's (the internal notes and the public reply are not the vendor's).
    expect(types.filter((x) => x === 'ticket.commented')).toHaveLength(1);
    for (const r of all) {
      const payload = new Webhook(vendorSub.secret).verify(r.body, r.headers as Record<string, string>) as {
        data: { ticket: { number: string; phiMasked: boolean } };
      };
      expect(payload.data.ticket.number).toBe(number);
      expect(payload.data.ticket.phiMasked).toBe(true);
      for (const word of [...PHI, INTERNAL, 'PUBLIC-ONLY-8R', '00711111', other]) expect(r.body).not.toContain(word);
    }
    expect(got.length).toBeGreaterThan(0);
    // The same ticket through the vendor's API answer carries the same masked summary as the webhook.
    const vendor = await t.signIn(h.users.vendor.username, TEST_PASSWORD);
    const apiView = await ok(vendor.get(at()));
    const hook = JSON.parse(all.find((r) => r.body.includes('"ticket.commented"'))!.body);
    expect(hook.data.ticket.summary).toBe(apiView.summary);
    expect(hook.data.comment.body).toBe(
      apiView.comments.find((c: { id: string }) => c.id === hook.data.comment.id).body,
    );
  });
});

describe("the hospital's payloads", () => {
  it("carry an incident's numbers and states, never its title (free text)", () => {
    const payload = hospitalPayload(
      {
        id: 7,
        txid: '1',
        at: '2026-12-02T08:00:00.000Z',
        type: 'incident.declared',
        subjectType: 'incident',
        subjectId: '00000000-0000-7000-8000-000000000007',
        payload: {
          number: 'INC-0007',
          kind: 'downtime',
          state: 'declared',
          severity: 1,
          version: 1,
          title: 'Patient: Zebulon Quartermaine',
        },
        audience: { roles: ['agent'] },
      },
      undefined,
      'https://desk.example.org',
    );
    expect(JSON.stringify(payload)).not.toContain('Quartermaine');
    expect(payload.data.incident).toEqual({
      id: '00000000-0000-7000-8000-000000000007',
      number: 'INC-0007',
      kind: 'downtime',
      state: 'declared',
      severity: 1,
      version: 1,
    });
    expect(payload.data.link).toBe('https://desk.example.org/console/incidents/INC-0007');
  });
});

describe('a fan-out', () => {
  it('is made in short transactions (at most ~200 deliveries each), every delivery once', async () => {
    const subs = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        subscribe({ name: `Fan-out ${i + 1}`, url: `${base}/fan-out`, eventTypes: ['ticket.commented'] }),
      ),
    );
    const ids = subs.map((s) => s.subscription.id);
    const made = async () =>
      (
        await q<{ n: number }>(
          'SELECT count(*)::int AS n FROM webhook_deliveries WHERE subscription_id = ANY($1::uuid[])',
          [ids],
        )
      )[0]!.n;
    const number = await openTicket('Fan-out: scanner cradle on 4 West');
    for (let i = 0; i < 20; i++)
      await ok(agent.post(`/api/v1/tickets/${number}/comments`, { visibility: 'internal', body: `Note ${i}` }), 201);
    // 20 events × 12 subscriptions = 240 deliveries. The app's reader took them as they came; to have them read in
    // one go, as after a burst, forget the deliveries and put the reader back before the first note.
    await until('every delivery made', async () => ((await made()) === 240 ? true : null));
    const ticketId = (await ok(agent.get(`/api/v1/tickets/${number}`))).id as string;
    await t.ctx.database.db.transaction(async (tx) => {
      await tx.execute(sql`DELETE FROM webhook_deliveries WHERE subscription_id = ANY(${sql.param(ids)}::uuid[])`);
      await tx.execute(sql`UPDATE webhook_outbox_cursor c SET txid = o.txid, event_id = o.id
        FROM (SELECT txid, id FROM outbox WHERE type = 'ticket.opened'
                AND subject_id = ${ticketId}) o`);
    });
    await until('every delivery made again', async () => ((await made()) === 240 ? true : null));
    // created_at is the making transaction's now(): one value per transaction (the sender's updates leave it be).
    const perTransaction = await q<{ n: number; pairs: number }>(
      `SELECT count(*)::int AS n, count(DISTINCT (subscription_id, event_id))::int AS pairs
         FROM webhook_deliveries WHERE subscription_id = ANY($1::uuid[]) GROUP BY created_at`,
      [ids],
    );
    expect(perTransaction.length).toBeGreaterThan(1);
    // A transaction stops after the event that reaches 200, so it holds at most 200 + one event's 12 − 1.
    for (const tx of perTransaction) expect(tx.n).toBeLessThanOrEqual(211);
    expect(perTransaction.reduce((sum, tx) => sum + tx.pairs, 0)).toBe(240);
    for (const id of ids) await ok(admin.delete(`/api/v1/webhooks/${id}`), 204);
  });
});
