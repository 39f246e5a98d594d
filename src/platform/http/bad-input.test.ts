// Bad input gets a clear 4xx problem+json, never a 500, and nothing is half-written.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTestApp, type TestApp } from '../../../test/app.ts';

let t: TestApp;
let admin: Client;
beforeAll(async () => {
  t = await createTestApp({ env: { CLINIDESK_BODY_LIMIT_BYTES: '4096' } });
  admin = await t.signIn('admin');
});
afterAll(() => t.close());

const userCount = async () =>
  Number((await t.ctx.database.query<{ n: string }>('SELECT count(*)::text n FROM users'))[0]!.n);

function expectProblem(res: { statusCode: number; headers: Record<string, unknown>; json(): unknown }, status: number) {
  expect(res.statusCode).toBe(status);
  expect(res.headers['content-type']).toBe('application/problem+json');
  const body = res.json() as { status: number; title: string; detail: string };
  expect(body.status).toBe(status);
  expect(body.title.length).toBeGreaterThan(0);
  expect(body.detail.length).toBeGreaterThan(0);
  return body as { status: number; title: string; detail: string; errors?: { field: string; message: string }[] };
}

const raw = (payload: string | Buffer, contentType = 'application/json') =>
  admin.request({ method: 'POST', url: '/api/v1/users', payload, headers: { 'content-type': contentType } });

describe('bad input', () => {
  it('malformed JSON → 400 saying so', async () => {
    const body = expectProblem(await raw('{"username": "x",'), 400);
    expect(body.detail).toMatch(/not valid JSON/);
  });

  it('an empty JSON body → 400', async () => {
    expectProblem(await raw(''), 400);
  });

  it('wrong content type → 415 naming it', async () => {
    const body = expectProblem(await raw('username=x', 'application/x-www-form-urlencoded'), 415);
    expect(body.detail).toMatch(/x-www-form-urlencoded/);
  });

  it('a body over the size limit → 413', async () => {
    const big = JSON.stringify({
      username: 'big',
      displayName: 'x'.repeat(10_000),
      role: 'agent',
      password: 'x'.repeat(20),
    });
    expectProblem(await raw(big), 413);
  });

  it('missing, extra and wrongly typed fields → 400 with every field named', async () => {
    const res = await admin.post('/api/v1/users', { username: 7, role: 'surgeon', favouriteColour: 'teal' });
    const body = expectProblem(res, 400);
    const fields = body.errors!.map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['body.username', 'body.role', 'body.displayName', 'body.password']));
    expect(fields).toContain('body.favouriteColour');
  });

  it('invalid UTF-8 → 400', async () => {
    const bytes = Buffer.concat([Buffer.from('{"username":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]);
    const body = expectProblem(await raw(bytes), 400);
    expect(body.detail).toMatch(/UTF-8/);
  });

  it('NUL characters and lone surrogates in text → 400, not a database error', async () => {
    const nul = await admin.post('/api/v1/users', {
      username: 'nul',
      displayName: 'a\u0000b',
      role: 'agent',
      password: 'long-enough-pass',
    });
    expectProblem(nul, 400);
    const lone = await raw('{"username":"lone","displayName":"\\ud800","role":"agent","password":"long-enough-pass"}');
    expectProblem(lone, 400);
  });

  it('very long strings → 400 naming the limit', async () => {
    const res = await admin.post('/api/v1/users', {
      username: 'long',
      displayName: 'x'.repeat(201),
      role: 'agent',
      password: 'long-enough-pass',
    });
    const body = expectProblem(res, 400);
    expect(body.errors).toContainEqual({
      field: 'body.displayName',
      message: 'Display name is too long (at most 200 characters)',
    });
  });

  it('prototype pollution attempts → 400', async () => {
    expectProblem(await raw('{"__proto__":{"admin":true},"username":"p"}'), 400);
  });

  it('unknown API routes → 404 problem+json; unknown methods too', async () => {
    expectProblem(await admin.get('/api/v1/nothing-here'), 404);
    expectProblem(await admin.request({ method: 'PUT', url: '/api/health' }), 404);
  });

  it('bad query parameters → 400', async () => {
    const body = expectProblem(await admin.get('/api/v1/users?limit=abc&colour=red'), 400);
    expect(body.errors!.map((e) => e.field)).toEqual(
      expect.arrayContaining(['querystring.limit', 'querystring.colour']),
    );
  });

  it('an invalid id in the path → 400', async () => {
    expectProblem(await admin.delete('/api/v1/auth/tokens/not-a-uuid'), 400);
  });

  it('writes nothing when any of this is rejected', async () => {
    const before = await userCount();
    const badRole = await admin.post('/api/v1/users', {
      username: 'half',
      displayName: 'Half',
      role: 'nope',
      password: 'long-enough-pass',
    });
    expect(expectProblem(badRole, 400).errors).toContainEqual(expect.objectContaining({ field: 'body.role' }));
    expectProblem(await raw('{"username":"half2"'), 400);
    expectProblem(await raw('username=half3', 'text/plain'), 415);
    expect(await userCount()).toBe(before);
  });

  it('keeps emoji and non-Latin text intact', async () => {
    const names = ['Zoë Ångström', 'Иван Петров', 'محمد علي', '김민준', 'Nurse 👩🏽‍⚕️ on 4 West'];
    for (const [i, displayName] of names.entries()) {
      const res = await admin.post('/api/v1/users', {
        username: `intl${i}`,
        displayName,
        role: 'requester',
        password: 'long-enough-pass',
      });
      expect(res.statusCode).toBe(201);
      expect(res.json().displayName).toBe(displayName);
    }
    const list = await admin.get('/api/v1/users?limit=500');
    const stored = list.json().map((u: { displayName: string }) => u.displayName);
    expect(stored).toEqual(expect.arrayContaining(names));
  });
});

/**
 * Requests written on one real connection (not app.inject, which has no socket): what the server answers, in order,
 * and whether it then closed the connection.
 */
async function onOneConnection(port: number, requests: { head: string; body?: Buffer }[]) {
  const socket = net.connect(port, '127.0.0.1');
  const chunks: Buffer[] = [];
  socket.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise<'closed' | 'reset'>((resolve) => {
    socket.on('error', () => resolve('reset'));
    socket.on('close', () => resolve('closed'));
  });
  await new Promise((resolve) => socket.once('connect', resolve));
  const answers: { status: number; headers: Record<string, string>; body: string }[] = [];
  for (const r of requests) {
    socket.write(r.head);
    if (r.body) socket.write(r.body);
    // Wait for one whole answer (every answer here has a Content-Length) before writing the next request.
    for (;;) {
      const answer = parseAnswer(Buffer.concat(chunks), answers.length);
      if (answer) {
        answers.push(answer);
        break;
      }
      if (socket.destroyed) return { answers, connection: await ended };
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }
  // Still open after the last answer? Ask the server to close it: a kept connection then ends cleanly.
  const open = !socket.destroyed && !socket.readableEnded;
  socket.end();
  return { answers, connection: open ? ('kept' as const) : await ended };
}

/** The `index`th HTTP answer in `bytes`, when it has arrived whole. */
function parseAnswer(bytes: Buffer, index: number) {
  let at = 0;
  for (let i = 0; ; i++) {
    const headEnd = bytes.indexOf('\r\n\r\n', at);
    if (headEnd < 0) return null;
    const [statusLine, ...lines] = bytes.subarray(at, headEnd).toString('latin1').split('\r\n');
    const headers = Object.fromEntries(
      lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]),
    );
    const end = headEnd + 4 + Number(headers['content-length'] ?? 0);
    if (bytes.length < end) return null;
    if (i === index)
      return { status: Number(statusLine!.split(' ')[1]), headers, body: bytes.subarray(headEnd + 4, end).toString() };
    at = end;
  }
}

describe('bad input on a real connection', () => {
  let port: number;
  beforeAll(async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    port = (t.app.server.address() as net.AddressInfo).port;
  });

  const post = (body: Buffer, length = body.length) => ({
    head: `POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\n\r\n`,
    body,
  });
  const health = { head: 'GET /api/health HTTP/1.1\r\nHost: x\r\n\r\n' };

  it('an oversized body gets its 413 problem, and the connection then serves the next request', async () => {
    // Three times the limit (4,096 bytes here), all of it sent: the server reads and drops what it refused.
    const body = Buffer.from(JSON.stringify({ username: 'x', password: 'y'.repeat(3 * 4096) }));
    const { answers, connection } = await onOneConnection(port, [post(body), health]);
    expect(answers.map((a) => a.status)).toEqual([413, 200]);
    expect(answers[0]!.headers['content-type']).toBe('application/problem+json');
    expect(JSON.parse(answers[0]!.body).detail).toBe('The request body is larger than this server accepts.');
    expect(answers[0]!.headers.connection).not.toBe('close');
    expect(connection).toBe('kept');
  });

  it('malformed JSON gets its 400 problem, and the connection then serves the next request', async () => {
    const { answers, connection } = await onOneConnection(port, [post(Buffer.from('{"username": "x",')), health]);
    expect(answers.map((a) => a.status)).toEqual([400, 200]);
    expect(JSON.parse(answers[0]!.body).detail).toMatch(/not valid JSON/);
    expect(connection).toBe('kept');
  });

  it('a body declared far over the limit gets its 413 problem, then the connection is closed', async () => {
    // 100 times the limit declared, only the start of it sent: the server does not wait for the rest.
    const { answers, connection } = await onOneConnection(port, [post(Buffer.from('{"username": "'), 100 * 4096)]);
    expect(answers.map((a) => a.status)).toEqual([413]);
    expect(answers[0]!.headers.connection).toBe('close');
    expect(connection).not.toBe('kept');
  });
});
