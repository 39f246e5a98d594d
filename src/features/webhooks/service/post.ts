// One HTTP POST to a receiver, guarded: the address is checked again when the connection is made (the very addresses
// the name resolved to for this connection, so a name that changed its answer since the subscription was saved —
// DNS rebinding — is refused), no redirect is followed, the whole exchange has a deadline, and at most
// RESPONSE_READ_LIMIT bytes of the answer are read (a receiver answering 10 MB costs 64 KiB).
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

export async function postWebhook(
  target: string,
  headers: Record<string, string>,
  body: string,
  opts: { allow: AllowList; timeoutMs: number },
): Promise<PostResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const check = checkTargetUrl(target, opts.allow);
  if (!check.ok) throw new PostFailed(check.reason, 0);
  const url = check.url;
  const client = url.protocol === 'https:' ? https : http;
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
        agent: false, // a fresh connection each time: no pooled socket skips the address check
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
          res.destroy();
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
      fail(err.code === 'EWEBHOOKBLOCKED' ? err.message : `Could not reach the receiver: ${err.message}`);
    });
    req.end(body);
  });
}
