// One HTTP POST to a receiver, guarded: the address is checked again when the connection is made (the very addresses
// the name resolved to for this connection, so a name that changed its answer since the subscription was saved —
// DNS rebinding — is refused), no redirect is followed, the whole exchange has a deadline, and at most
// RESPONSE_READ_LIMIT bytes of the answer are read (a receiver answering 10 MB costs 64 KiB).
//
// Connections are kept open and reused (keep-alive), as every webhook sender of note does: a fan-out of thousands of
// deliveries to a handful of receivers otherwise opens (and for HTTPS, negotiates TLS for) one connection per delivery,
// on the receiver's side and ours. A kept connection was made to an address checked when it was made, and is reused
// only under the same allow list (one pool per allow list): an administrator's narrower list never rides on a
// connection the old one allowed. A connection the receiver closed just as it was reused is retried once on a new one.
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { type AllowList, checkTargetUrl, resolvedAllowed } from '../rules/address.ts';
import { RESPONSE_READ_LIMIT } from '../rules/delivery.ts';

export type PostResult = { status: number; response: string; durationMs: number };

export class PostFailed extends Error {
  constructor(
    message: string,
    readonly durationMs: number,
  ) {
    super(message);
  }
}

/** A DNS lookup that refuses names resolving to an address the guard refuses. */
export function guardedLookup(allow: AllowList): LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { all: true, family: options.family ?? 0 }, (err, addresses) => {
      if (err) return callback(err, '', 4);
      const verdict = resolvedAllowed(
        hostname,
        addresses.map((a) => a.address),
        allow,
      );
      if (!verdict.ok) return callback(Object.assign(new Error(verdict.reason), { code: 'EWEBHOOKBLOCKED' }), '', 4);
      if (options.all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, addresses);
      const first = addresses[0]!;
      callback(null, first.address, first.family);
    });
  };
}

/** Idle connections are closed after this (receivers commonly close theirs after 5–60 s). */
const IDLE_MS = 4_000;
/** At most this many connections to one receiver at a time (the sender posts up to 20 of a batch at once). */
const PER_RECEIVER = 20;

type Pools = { http: http.Agent; https: https.Agent };
const pools = new Map<string, Pools>();

/** The connection pools for one allow list (at most a few exist: the list comes from the server's configuration). */
function poolsFor(allow: AllowList): Pools {
  const key = JSON.stringify(allow);
  let found = pools.get(key);
  if (!found) {
    const options = { keepAlive: true, maxSockets: PER_RECEIVER, maxFreeSockets: PER_RECEIVER, timeout: IDLE_MS };
    found = { http: new http.Agent(options), https: new https.Agent(options) };
    pools.set(key, found);
  }
  return found;
}

/** Closes every kept connection (tests, shutdown). */
export function closeWebhookConnections(): void {
  for (const p of pools.values()) {
    p.http.destroy();
    p.https.destroy();
  }
  pools.clear();
}

/** A kept connection closed by the receiver as it was reused: the request never reached it, so it is sent again. */
class StaleConnection extends Error {}

export async function postWebhook(
  target: string,
  headers: Record<string, string>,
  body: string,
  opts: { allow: AllowList; timeoutMs: number },
): Promise<PostResult> {
  const started = performance.now();
  const check = checkTargetUrl(target, opts.allow);
  if (!check.ok) throw new PostFailed(check.reason, 0);
  try {
    return await postOnce(check.url, headers, body, opts, started);
  } catch (err) {
    if (!(err instanceof StaleConnection)) throw err;
    return postOnce(check.url, headers, body, opts, started, { fresh: true });
  }
}

function postOnce(
  url: URL,
  headers: Record<string, string>,
  body: string,
  opts: { allow: AllowList; timeoutMs: number },
  started: number,
  { fresh = false } = {},
): Promise<PostResult> {
  const elapsed = () => Math.round(performance.now() - started);
  const secure = url.protocol === 'https:';
  const client = secure ? https : http;
  const pool = poolsFor(opts.allow);
  return new Promise<PostResult>((resolve, reject) => {
    let settled = false;
    const fail = (message: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      reject(new PostFailed(message, elapsed()));
    };
    const req = client.request(
      url,
      {
        method: 'POST',
        // a retry after a stale kept connection opens a new one (and checks the address again)
        agent: fresh ? false : secure ? pool.https : pool.http,
        lookup: guardedLookup(opts.allow),
        headers: {
          ...headers,
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(body)),
          'user-agent': 'Clinidesk-Webhooks/1',
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const finish = () => {
          if (settled) return;
          settled = true;
          clearTimeout(deadline);
          // read to the end: the connection goes back to the pool; cut short (too long an answer): closed
          if (!res.complete) res.destroy();
          resolve({
            status: res.statusCode ?? 0,
            response: Buffer.concat(chunks).subarray(0, RESPONSE_READ_LIMIT).toString('utf8'),
            durationMs: elapsed(),
          });
        };
        res.on('data', (chunk: Buffer) => {
          chunks.push(chunk);
          size += chunk.length;
          if (size >= RESPONSE_READ_LIMIT) finish(); // enough read: the rest is not waited for
        });
        res.on('end', finish);
        res.on('error', () => finish());
      },
    );
    const deadline = setTimeout(() => {
      fail(`The receiver did not answer within ${Math.round(opts.timeoutMs / 1000)} s.`);
      req.destroy();
    }, opts.timeoutMs);
    req.on('error', (err: NodeJS.ErrnoException) => {
      if (!settled && req.reusedSocket && (err.code === 'ECONNRESET' || err.code === 'EPIPE')) {
        settled = true;
        clearTimeout(deadline);
        return reject(new StaleConnection(err.message));
      }
      fail(err.code === 'EWEBHOOKBLOCKED' ? err.message : `Could not reach the receiver: ${err.message}`);
    });
    req.end(body);
  });
}
