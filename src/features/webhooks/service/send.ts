// The sender: claims due deliveries (SKIP LOCKED, one attempt each, a lease against a crash), signs each with the
// Standard Webhooks scheme (webhook-id: the delivery's id, the same on every attempt; webhook-timestamp; webhook-
// signature: the current secret's, and the rotated one's while its overlap lasts), posts it through the SSRF guard,
// and records the attempt in the delivery log: delivered, tried again with backoff and jitter, or after a day failed.
// A subscription whose attempts all fail for a day (or DISABLE_AFTER_FAILURES in a row) is switched off, with an
// audit entry and a live notice to administrators.
import { Webhook } from 'standardwebhooks';
import { SYSTEM_META } from '../../../platform/actor.ts';
import { recordAudit } from '../../../platform/audit/service.ts';
import { unseal } from '../../../platform/auth/sealed.ts';
import type { AppContext } from '../../../platform/context.ts';
import { appendEvent } from '../../../platform/events/outbox.ts';
import { newId } from '../../../platform/ids.ts';
import { type AllowList, parseAllowList } from '../rules/address.ts';
import { excerpt, isDelivered, nextAttemptAt, shouldDisable, signingSecrets } from '../rules/delivery.ts';
import * as store from '../store.ts';
import { PostFailed, postWebhook } from './post.ts';

const BATCH = 20;
const CONCURRENCY = 4;
/** A claimed delivery not settled within this time (the sender died) is tried again. */
const LEASE_MS = 2 * 60_000;

export type SendOptions = { now?: () => Date; random?: () => number };

let loggedRefused = false;

function allowListOf(ctx: AppContext): AllowList {
  const { allow, refused } = parseAllowList(ctx.config.webhookAllow);
  if (refused.length && !loggedRefused) {
    loggedRefused = true;
    ctx.log.warn({ refused }, 'CLINIDESK_WEBHOOK_ALLOW entries ignored: neither a CIDR range nor a host name');
  }
  return allow;
}

/** Sends one batch of due deliveries; returns how many it claimed (0: nothing due). */
export async function sendDueWebhooks(ctx: AppContext, opts: SendOptions = {}): Promise<number> {
  const now = opts.now ?? (() => new Date());
  const random = opts.random ?? Math.random;
  const claimed = await ctx.database.db.transaction((tx) => store.claimDue(tx, BATCH, LEASE_MS));
  if (!claimed.length) return 0;
  const subs = new Map(
    (
      await store.subscriptionsByIds(
        ctx.database.db,
        claimed.map((d) => d.subscriptionId),
      )
    ).map((s) => [s.id, s]),
  );
  const allow = allowListOf(ctx);
  const queue = [...claimed];
  const delivered: store.DeliveredAttempt[] = [];
  const worker = async () => {
    for (let d = queue.shift(); d; d = queue.shift()) {
      try {
        const ok = await attempt(ctx, d, subs.get(d.subscriptionId), allow, now, random);
        if (ok) delivered.push(ok);
      } catch (err) {
        // Left under its lease: tried again when it runs out.
        ctx.log.error({ err, delivery: d.id }, 'webhook attempt not recorded');
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  // The batch's deliveries in one transaction (a failed try is recorded at once, with its streak and maybe the
  // subscription switched off). Should this fail, they stay under their lease and are sent again when it runs out:
  // at least once, as documented, each with the same webhook-id.
  try {
    await ctx.database.db.transaction((tx) => store.recordDelivered(tx, delivered));
  } catch (err) {
    ctx.log.error({ err, deliveries: delivered.length }, 'webhook deliveries not recorded');
  }
  return claimed.length;
}

/** The headers of one attempt: the delivery's id, now, and a signature per signing secret (space-separated). */
export function signedHeaders(secrets: string[], id: string, at: Date, body: string): Record<string, string> {
  const signature = secrets.map((s) => new Webhook(s).sign(id, at, body)).join(' ');
  return {
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': signature,
  };
}

async function attempt(
  ctx: AppContext,
  d: store.DeliveryRow,
  sub: store.SubscriptionRow | undefined,
  allow: AllowList,
  now: () => Date,
  random: () => number,
): Promise<store.DeliveredAttempt | undefined> {
  if (!sub) return; // deleted meanwhile: its deliveries went with it
  const at = now();
  let outcome:
    | { ok: true; status: number; response: string; durationMs: number }
    | { ok: false; status: number | null; error: string; response: string | null; durationMs: number };
  const key = ctx.config.secretKey;
  const secrets = key
    ? signingSecrets(sub.secretSealed, sub.previousSecretSealed, sub.previousSecretUntil, at).map((s) => unseal(key, s))
    : [null];
  if (secrets.some((s) => s === null)) {
    outcome = {
      ok: false,
      status: null,
      error: 'The signing secret cannot be opened (CLINIDESK_SECRET_KEY is unset or changed): rotate the secret.',
      response: null,
      durationMs: 0,
    };
  } else {
    try {
      const res = await postWebhook(sub.url, signedHeaders(secrets as string[], d.id, at, d.body), d.body, {
        allow,
        timeoutMs: ctx.config.webhookTimeoutMs,
      });
      outcome = isDelivered(res.status)
        ? { ok: true, ...res }
        : {
            ok: false,
            status: res.status,
            error: `The receiver answered ${res.status}.`,
            response: res.response,
            durationMs: res.durationMs,
          };
    } catch (err) {
      outcome = {
        ok: false,
        status: null,
        error: err instanceof Error ? err.message : String(err),
        response: null,
        durationMs: err instanceof PostFailed ? err.durationMs : 0,
      };
    }
  }
  const done = now();
  // Delivered: recorded with the rest of the batch (sendDueWebhooks).
  if (outcome.ok)
    return {
      attemptId: newId(),
      deliveryId: d.id,
      subscriptionId: sub.id,
      at,
      done,
      statusCode: outcome.status,
      responseExcerpt: excerpt(outcome.response),
      durationMs: outcome.durationMs,
    };
  const failed = outcome;
  await ctx.database.db.transaction(async (tx) => {
    await store.insertAttempt(tx, {
      id: newId(),
      deliveryId: d.id,
      at,
      statusCode: failed.status,
      error: excerpt(failed.error, 1000),
      responseExcerpt: failed.response === null ? null : excerpt(failed.response),
      durationMs: failed.durationMs,
    });
    const next = nextAttemptAt(d.attempts, d.windowStartedAt ?? at, done, random());
    await store.markTryFailed(tx, d.id, next, failed.status, failed.error);
    const streak = await store.subscriptionFailed(tx, sub.id, at);
    if (!streak?.active || !shouldDisable(streak, done)) return;
    const reason =
      `Switched off on ${done.toISOString()} after ${streak.consecutiveFailures} failed attempts in a row ` +
      `since ${streak.failingSince?.toISOString()}; last: ${excerpt(failed.error, 300)}`;
    if (!(await store.disableIfActive(tx, sub.id, done, reason))) return;
    await recordAudit(tx, SYSTEM_META, {
      action: 'webhook.disable',
      actorLabel: 'system:webhooks',
      targetType: 'webhook_subscription',
      targetId: sub.id,
      summary: { name: sub.name, consecutiveFailures: streak.consecutiveFailures, failingSince: streak.failingSince },
    });
    await appendEvent(tx, {
      type: 'webhook.disabled',
      subjectType: 'webhook_subscription',
      subjectId: sub.id,
      actorId: null,
      payload: { name: sub.name, consecutiveFailures: streak.consecutiveFailures },
      audience: { roles: ['admin'] },
    });
  });
}
