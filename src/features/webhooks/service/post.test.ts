// The webhook POST's connections (post.ts): kept and reused per receiver, never beyond what the allow list they were
// checked under allows, closed after a too-long answer, and a kept connection the receiver dropped is retried once.
// A real HTTP server on 127.0.0.1 counts the connections it is given; no database.
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseAllowList } from '../rules/address.ts';
import { RESPONSE_READ_LIMIT } from '../rules/delivery.ts';
import { closeWebhookConnections, PostFailed, postWebhook } from './post.ts';

const loopback = parseAllowList(['127.0.0.1/32', '::1/128']).allow;
const opts = { allow: loopback, timeoutMs: 5_000 };

let server: http.Server;
let port: number;
let connections = 0;
/** What the receiver does with the nth request on a connection (1-based), by path. */
let behaviour: (req: http.IncomingMessage, res: http.ServerResponse, nthOnSocket: number) => void;
const seen = new WeakMap<Socket, number>();

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const n = (seen.get(req.socket) ?? 0) + 1;
    seen.set(req.socket, n);
    req.resume();
    req.on('end', () => behaviour(req, res, n));
  });
  server.on('connection', () => {
    connections++;
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});
afterEach(() => {
  closeWebhookConnections();
  connections = 0;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const ok = (_req: http.IncomingMessage, res: http.ServerResponse) => res.end('{"ok":true}');
const post = (target = `http://127.0.0.1:${port}/hook`, o = opts) => postWebhook(target, {}, '{"type":"x"}', o);

describe('webhook connections', () => {
  it('sends deliveries in turn to one receiver over one kept connection', async () => {
    behaviour = ok;
    for (let i = 0; i < 5; i++) expect((await post()).status).toBe(200);
    expect(connections).toBe(1);
  });

  it('closes a connection whose answer was too long to read, and opens a new one for the next delivery', async () => {
    behaviour = (_req, res) => res.end('x'.repeat(RESPONSE_READ_LIMIT * 4));
    const first = await post();
    expect(first.response).toHaveLength(RESPONSE_READ_LIMIT);
    behaviour = ok;
    expect((await post()).status).toBe(200);
    expect(connections).toBe(2);
  });

  it('retries once, on a new connection, a delivery whose kept connection the receiver dropped', async () => {
    // the receiver answers the first request, then drops the connection when the second arrives on it
    behaviour = (req, res, n) => (n === 1 ? ok(req, res) : req.socket.destroy());
    expect((await post()).status).toBe(200);
    const again = await post();
    expect(again.status).toBe(200);
    expect(connections).toBe(2);
  });

  it('fails a delivery whose receiver drops a new connection (no retry loop)', async () => {
    behaviour = (req) => req.socket.destroy();
    await expect(post()).rejects.toBeInstanceOf(PostFailed);
    expect(connections).toBe(1);
  });

  it('keeps connections apart per allow list: one made under another list is never reused', async () => {
    // A kept connection skips the address check made when connecting; the check is only as good as the list it was
    // made under, so an administrator's changed list gets connections of its own.
    behaviour = ok;
    const other = { allow: parseAllowList(['127.0.0.1/32', '10.0.0.0/8']).allow, timeoutMs: 5_000 };
    expect((await post()).status).toBe(200);
    expect((await post(undefined, other)).status).toBe(200);
    expect(connections).toBe(2);
    expect((await post()).status).toBe(200);
    expect((await post(undefined, other)).status).toBe(200);
    expect(connections).toBe(2);
  });
});
