#!/usr/bin/env node
// Clinidesk e-bonding reference script: Node 20 or later, no dependencies (node:crypto, node:http, fetch).
//
//   node ebond.mjs receive --port 8787 --secret whsec_…
//     An HTTP server that verifies Clinidesk's Standard Webhooks signatures and prints each verified delivery as one
//     JSON line on stdout. It answers 204 to a verified delivery, 400 to missing headers, a timestamp more than five
//     minutes off or a body that is not JSON, 401 to a signature that matches no secret. Deliveries are
//     deduplicated on webhook-id (in memory): a repeat is printed with "duplicate": true and answered 204 again.
//
//   node ebond.mjs send --url https://desk.example.org --token cdk_… --ticket CSD-004711 --state "In Progress"
//     Posts one inbound e-bonding update (POST /api/v1/ebonding/updates) and prints Clinidesk's answer on stdout.
//     The exit code is 0 for a 2xx answer, 1 for an error answer (its problem detail goes to stderr) or no answer.
//
// docs/integrations/ebonding.md explains both directions; test/ebond-reference.test.ts runs this very file.
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import { parseArgs } from 'node:util';

const UPDATES_PATH = '/api/v1/ebonding/updates';
/** Standard Webhooks: a timestamp further than this from now is refused (replayed or badly clocked). */
const TOLERANCE_SECONDS = 5 * 60;
/** Clinidesk's deliveries are small; anything bigger than this is not one of them. */
const MAX_BODY_BYTES = 1024 * 1024;
/** How many webhook-ids the receiver remembers to recognise a repeat. */
const SEEN_LIMIT = 10_000;

const USAGE = `Usage:
  node ebond.mjs receive --port <n> --secret <whsec_…> [--secret <whsec_…>] [--host 127.0.0.1]
  node ebond.mjs send --url <desk URL> --token <cdk_…> (--ticket <number> | --reference <vendor case>)
                      [--state <vendor state>] [--comment <text>] [--fix-version <version>]
                      [--event-id <id>] [--occurred-at <ISO date-time>]

receive  verifies Clinidesk's signed webhooks (webhook-id, webhook-timestamp, webhook-signature) and prints each
         verified delivery as one JSON line. Give --secret twice during a secret rotation. --port 0 picks a free port.
send     posts one e-bonding update to <desk URL>${UPDATES_PATH} with the provider's e-bonding token.
         eventId defaults to a random UUID and occurredAt to now.`;

function fail(message, code = 2) {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

// ── receive ──────────────────────────────────────────────────────────────────────────────────────────────────────

/** The HMAC key of a Standard Webhooks secret: the bytes of the base64 after "whsec_". */
function secretKey(secret) {
  const b64 = secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret;
  const key = Buffer.from(b64, 'base64');
  if (key.length === 0) fail(`The secret ${secret.slice(0, 10)}… is not a whsec_ secret (base64 after "whsec_").`);
  return key;
}

/**
 * Checks one delivery. Returns null when it verifies, or [status, reason].
 * The signed content is `${webhook-id}.${webhook-timestamp}.${body}` over the body's exact bytes; the signature
 * header holds one or more space-separated "v1,<base64 HMAC-SHA256>" (two during a rotation's overlap).
 */
function verify(keys, headers, rawBody, nowSeconds = Math.floor(Date.now() / 1000)) {
  const id = headers['webhook-id'];
  const timestamp = headers['webhook-timestamp'];
  const signatures = headers['webhook-signature'];
  if (!id || !timestamp || !signatures) return [400, 'missing webhook-id, webhook-timestamp or webhook-signature'];
  if (!/^\d+$/.test(timestamp)) return [400, 'webhook-timestamp is not a number of seconds'];
  const age = nowSeconds - Number(timestamp);
  if (age > TOLERANCE_SECONDS) return [400, `webhook-timestamp is ${age} s old (more than ${TOLERANCE_SECONDS} s)`];
  if (-age > TOLERANCE_SECONDS) return [400, `webhook-timestamp is ${-age} s in the future`];
  const signed = Buffer.concat([Buffer.from(`${id}.${timestamp}.`, 'utf8'), rawBody]);
  const expected = keys.map((key) => createHmac('sha256', key).update(signed).digest());
  for (const entry of String(signatures).split(' ')) {
    const [version, b64] = entry.split(',', 2);
    if (version !== 'v1' || !b64) continue;
    const given = Buffer.from(b64, 'base64');
    if (expected.some((e) => e.length === given.length && timingSafeEqual(e, given))) return null;
  }
  return [401, 'no signature matches the secret'];
}

function receive(args) {
  const { values } = parseArgs({
    args,
    options: {
      port: { type: 'string' },
      host: { type: 'string', default: '127.0.0.1' },
      secret: { type: 'string', multiple: true },
    },
    strict: true,
  });
  if (values.port === undefined || !/^\d+$/.test(values.port)) fail(`receive needs --port <n>.\n\n${USAGE}`);
  if (!values.secret?.length) fail(`receive needs --secret <whsec_…>.\n\n${USAGE}`);
  const keys = values.secret.map(secretKey);
  const seen = new Set();

  const answer = (res, status, reason) => {
    res.writeHead(status, reason ? { 'content-type': 'application/json' } : {});
    res.end(reason ? JSON.stringify({ error: reason }) : undefined);
  };

  const server = http.createServer((req, res) => {
    if (req.method !== 'POST') return answer(res, 405, 'only POST');
    const chunks = [];
    let size = 0;
    let tooBig = false;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooBig = true;
      else chunks.push(chunk);
    });
    req.on('end', () => {
      if (tooBig) return answer(res, 413, `body larger than ${MAX_BODY_BYTES} bytes`);
      const raw = Buffer.concat(chunks);
      const id = req.headers['webhook-id'];
      const refused = verify(keys, req.headers, raw);
      if (refused) {
        process.stderr.write(`refused ${refused[0]}: ${refused[1]} (webhook-id ${id ?? 'none'})\n`);
        return answer(res, refused[0], refused[1]);
      }
      let event;
      try {
        event = JSON.parse(raw.toString('utf8'));
      } catch {
        process.stderr.write(`refused 400: the body is not JSON (webhook-id ${id})\n`);
        return answer(res, 400, 'the body is not JSON');
      }
      // At least once: the same delivery can come again (same webhook-id). Store, act once, answer 2xx every time.
      const duplicate = seen.has(id);
      if (!duplicate) {
        seen.add(id);
        if (seen.size > SEEN_LIMIT) seen.delete(seen.values().next().value);
      }
      process.stdout.write(
        `${JSON.stringify({ webhookId: id, timestamp: Number(req.headers['webhook-timestamp']), duplicate, event })}\n`,
      );
      answer(res, 204);
    });
    req.on('error', () => res.destroy());
  });
  server.on('error', (err) => fail(`cannot listen on ${values.host}:${values.port}: ${err.message}`, 1));
  server.listen(Number(values.port), values.host, () => {
    const { address, port } = server.address();
    const host = address.includes(':') ? `[${address}]` : address;
    process.stderr.write(`listening on http://${host}:${port}\n`);
  });
  const stop = () => {
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 2000).unref(); // a client holding a connection open does not keep us up
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

// ── send ─────────────────────────────────────────────────────────────────────────────────────────────────────────

/** The updates endpoint from the desk's address (or the endpoint itself). */
function updatesUrl(url) {
  const u = new URL(url);
  if (!u.pathname.endsWith(UPDATES_PATH)) u.pathname = `${u.pathname.replace(/\/+$/, '')}${UPDATES_PATH}`;
  return u.toString();
}

/** A problem+json answer in one line: its detail, and each field error. */
function problemText(status, statusText, body) {
  try {
    const p = JSON.parse(body);
    const fields = Array.isArray(p.errors) ? p.errors.map((e) => ` ${e.field}: ${e.message}`).join(';') : '';
    return `${status} ${p.title ?? statusText}: ${p.detail ?? body}${fields ? ` —${fields}` : ''}`;
  } catch {
    return `${status} ${statusText}: ${body.slice(0, 500)}`;
  }
}

async function send(args) {
  const { values } = parseArgs({
    args,
    options: {
      url: { type: 'string' },
      token: { type: 'string' },
      ticket: { type: 'string' },
      reference: { type: 'string' },
      state: { type: 'string' },
      comment: { type: 'string' },
      'fix-version': { type: 'string' },
      'event-id': { type: 'string' },
      'occurred-at': { type: 'string' },
    },
    strict: true,
  });
  if (!values.url || !values.token) fail(`send needs --url and --token.\n\n${USAGE}`);
  let endpoint;
  try {
    endpoint = updatesUrl(values.url);
  } catch {
    fail(`--url ${values.url} is not a URL.`);
  }
  // The contract's fields; what is not given is left out, and Clinidesk judges the rest.
  const update = {
    eventId: values['event-id'] ?? randomUUID(),
    occurredAt: values['occurred-at'] ?? new Date().toISOString(),
    ticket: values.ticket,
    caseReference: values.reference,
    state: values.state,
    fixVersion: values['fix-version'],
    comment: values.comment,
  };
  const body = JSON.stringify(update);
  process.stderr.write(`POST ${endpoint} eventId=${update.eventId} occurredAt=${update.occurredAt}\n`);
  let res;
  try {
    res = await fetch(endpoint, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${values.token}`,
        'content-type': 'application/json',
        accept: 'application/json, application/problem+json',
      },
      body,
      signal: AbortSignal.timeout(30_000),
    });
  } catch (err) {
    process.stderr.write(`no answer from ${endpoint}: ${err.cause?.message ?? err.message}\n`);
    process.exitCode = 1;
    return;
  }
  const text = await res.text();
  process.stdout.write(`${text}\n`);
  // exitCode, not exit(): let stdout and stderr drain (pipes are asynchronous on some systems).
  if (!res.ok) {
    process.stderr.write(`${problemText(res.status, res.statusText, text)}\n`);
    process.exitCode = 1;
  }
}

// ── main ─────────────────────────────────────────────────────────────────────────────────────────────────────────

const [command, ...rest] = process.argv.slice(2);
try {
  if (command === 'receive') receive(rest);
  else if (command === 'send') await send(rest);
  else fail(USAGE, command === '--help' || command === '-h' ? 0 : 2);
} catch (err) {
  // parseArgs refuses unknown or malformed options.
  fail(`${err.message}\n\n${USAGE}`);
}
