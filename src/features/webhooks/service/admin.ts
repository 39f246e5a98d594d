// What administrators manage: subscriptions (target, events, filters, owner, on/off), their signing secrets (made
// here, shown once, sealed at rest with CLINIDESK_SECRET_KEY, rotated with a day's overlap), the delivery log and
// redelivery. Every change is audited; a secret never reaches the audit trail or the logs.
import { randomBytes } from 'node:crypto';
import dns from 'node:dns/promises';
import type { ActorMeta } from '../../../platform/actor.ts';
import { recordAudit } from '../../../platform/audit/service.ts';
import { seal } from '../../../platform/auth/sealed.ts';
import type { AppContext } from '../../../platform/context.ts';
import { Conflict, type FieldError, Invalid, NotFound } from '../../../platform/errors.ts';
import { newId } from '../../../platform/ids.ts';
import { checkTargetUrl, parseAllowList, resolvedAllowed } from '../rules/address.ts';
import { EVENT_LABELS, eventTypesNotAllowed, type OwnerKind, ROTATION_OVERLAP_MS } from '../rules/delivery.ts';
import type { CreateSubscriptionInput, UpdateSubscriptionInput } from '../schemas.ts';
import * as store from '../store.ts';

const REQUEST_EXCERPT = 2048;

/** A new Standard Webhooks secret: "whsec_" and 32 random bytes in base64. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

function sealSecret(ctx: AppContext, secret: string): string {
  if (!ctx.config.secretKey)
    throw new Conflict(
      'Webhook secrets are kept sealed with the server key, which is not set: set CLINIDESK_SECRET_KEY and restart.',
    );
  return seal(ctx.config.secretKey, secret);
}

/** The target may be used: http(s), no credentials, and every address it resolves to allowed (docs/webhooks.md). */
async function checkTarget(ctx: AppContext, url: string): Promise<void> {
  const { allow } = parseAllowList(ctx.config.webhookAllow);
  const check = checkTargetUrl(url, allow);
  if (!check.ok) throw new Invalid(check.reason, [{ field: 'url', message: check.reason }]);
  if (check.literal) return;
  let addresses: string[];
  try {
    addresses = (await dns.lookup(check.host, { all: true })).map((a) => a.address);
  } catch {
    const reason = `The name "${check.host}" could not be found: check the address.`;
    throw new Invalid(reason, [{ field: 'url', message: 'the name could not be found' }]);
  }
  const verdict = resolvedAllowed(check.host, addresses, allow);
  if (!verdict.ok) throw new Invalid(verdict.reason, [{ field: 'url', message: verdict.reason }]);
}

async function checkFilters(
  ctx: AppContext,
  kind: OwnerKind,
  providerId: string | null,
  f: { eventTypes?: string[]; providerIds?: string[]; facilityIds?: string[]; serviceIds?: string[] },
) {
  const db = ctx.database.db;
  const errors: FieldError[] = [];
  if (kind === 'vendor' && !providerId)
    errors.push({ field: 'providerId', message: "a vendor's subscription names its provider" });
  if (kind === 'hospital' && providerId)
    errors.push({ field: 'providerId', message: "only a vendor's subscription names a provider" });
  if (providerId && (await store.missingIds(db, 'provider', [providerId])).length)
    errors.push({ field: 'providerId', message: 'there is no such provider' });
  if (kind === 'vendor' && f.providerIds?.length)
    errors.push({ field: 'providerIds', message: "a vendor's subscription covers its own provider's tickets only" });
  const refused = eventTypesNotAllowed(kind, (f.eventTypes ?? []) as never[]);
  if (refused.length)
    errors.push({
      field: 'eventTypes',
      message: `a vendor's subscription cannot receive ${refused.map((t) => EVENT_LABELS[t]).join(', ')}`,
    });
  for (const [field, kindOf, ids] of [
    ['providerIds', 'provider', f.providerIds],
    ['facilityIds', 'facility', f.facilityIds],
    ['serviceIds', 'service', f.serviceIds],
  ] as const) {
    const missing = await store.missingIds(db, kindOf, ids ?? []);
    if (missing.length) errors.push({ field, message: `names no ${kindOf}: ${missing.join(', ')}` });
  }
  if (errors.length)
    throw new Invalid(
      errors.length === 1
        ? `The subscription cannot be saved: ${errors[0]!.message}.`
        : 'The subscription cannot be saved: see the fields.',
      errors,
    );
}

export async function listSubscriptions(ctx: AppContext) {
  const db = ctx.database.db;
  const [rows, counts] = await Promise.all([store.listSubscriptions(db), store.countsBySubscription(db)]);
  const names = await store.providerNames(
    db,
    rows.flatMap((r) => (r.providerId ? [r.providerId] : [])),
  );
  return { subscriptions: rows.map((r) => subscriptionView(r, counts.get(r.id), names)) };
}

export async function createSubscription(ctx: AppContext, meta: ActorMeta, input: CreateSubscriptionInput) {
  await checkFilters(ctx, input.ownerKind, input.providerId, input);
  await checkTarget(ctx, input.url);
  const secret = newWebhookSecret();
  const sealed = sealSecret(ctx, secret);
  const row = await ctx.database.db.transaction(async (tx) => {
    const saved = await store.insertSubscription(tx, {
      id: newId(),
      name: input.name,
      url: input.url,
      ownerKind: input.ownerKind,
      providerId: input.providerId,
      eventTypes: input.eventTypes,
      filterProviderIds: input.providerIds,
      filterFacilityIds: input.facilityIds,
      filterServiceIds: input.serviceIds,
      active: input.active,
      secretSealed: sealed,
      createdBy: meta.actor.userId,
    });
    await recordAudit(tx, meta, {
      action: 'webhook.create',
      targetType: 'webhook_subscription',
      targetId: saved.id,
      summary: auditSummaryOf(saved),
    });
    return saved;
  });
  return { subscription: await viewOne(ctx, row), secret };
}

export async function updateSubscription(ctx: AppContext, meta: ActorMeta, id: string, input: UpdateSubscriptionInput) {
  const current = await store.findSubscription(ctx.database.db, id);
  if (!current) throw new NotFound('There is no such webhook subscription.');
  await checkFilters(ctx, current.ownerKind, current.providerId, {
    eventTypes: input.eventTypes ?? current.eventTypes,
    providerIds: input.providerIds ?? current.filterProviderIds,
    facilityIds: input.facilityIds,
    serviceIds: input.serviceIds,
  });
  if (input.url !== undefined && input.url !== current.url) await checkTarget(ctx, input.url);
  const row = await ctx.database.db.transaction(async (tx) => {
    const before = await store.findSubscription(tx, id, true);
    if (!before) throw new NotFound('There is no such webhook subscription.');
    if (before.version !== input.version)
      throw new Conflict('Someone else changed this subscription meanwhile: reload it and try again.');
    const turningOn = input.active === true && !before.active;
    const saved = await store.updateSubscription(tx, id, {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.url !== undefined ? { url: input.url } : {}),
      ...(input.eventTypes !== undefined ? { eventTypes: input.eventTypes } : {}),
      ...(input.providerIds !== undefined ? { filterProviderIds: input.providerIds } : {}),
      ...(input.facilityIds !== undefined ? { filterFacilityIds: input.facilityIds } : {}),
      ...(input.serviceIds !== undefined ? { filterServiceIds: input.serviceIds } : {}),
      ...(input.active !== undefined ? { active: input.active } : {}),
      // Switched back on: a fresh start for the failure rule, and the switch-off is history.
      ...(turningOn ? { consecutiveFailures: 0, failingSince: null, disabledAt: null, disabledReason: null } : {}),
    });
    await recordAudit(tx, meta, {
      action: 'webhook.update',
      targetType: 'webhook_subscription',
      targetId: id,
      summary: { before: auditSummaryOf(before), after: auditSummaryOf(saved) },
    });
    return saved;
  });
  return viewOne(ctx, row);
}

export async function deleteSubscription(ctx: AppContext, meta: ActorMeta, id: string) {
  await ctx.database.db.transaction(async (tx) => {
    const before = await store.findSubscription(tx, id, true);
    if (!before) throw new NotFound('There is no such webhook subscription.');
    await store.deleteSubscription(tx, id);
    await recordAudit(tx, meta, {
      action: 'webhook.delete',
      targetType: 'webhook_subscription',
      targetId: id,
      summary: auditSummaryOf(before),
    });
  });
}

/** A new secret, shown once; the old one keeps signing beside it for ROTATION_OVERLAP_MS. */
export async function rotateSecret(ctx: AppContext, meta: ActorMeta, id: string, version: number) {
  const secret = newWebhookSecret();
  const sealed = sealSecret(ctx, secret);
  const row = await ctx.database.db.transaction(async (tx) => {
    const before = await store.findSubscription(tx, id, true);
    if (!before) throw new NotFound('There is no such webhook subscription.');
    if (before.version !== version)
      throw new Conflict('Someone else changed this subscription meanwhile: reload it and try again.');
    const until = new Date(Date.now() + ROTATION_OVERLAP_MS);
    const saved = await store.updateSubscription(tx, id, {
      secretSealed: sealed,
      previousSecretSealed: before.secretSealed,
      previousSecretUntil: until,
    });
    await recordAudit(tx, meta, {
      action: 'webhook.rotate_secret',
      targetType: 'webhook_subscription',
      targetId: id,
      summary: { name: before.name, previousSignsUntil: until.toISOString() },
    });
    return saved;
  });
  return { subscription: await viewOne(ctx, row), secret };
}

export async function listDeliveries(
  ctx: AppContext,
  id: string,
  query: { status?: 'pending' | 'delivered' | 'failed'; limit: number },
) {
  const db = ctx.database.db;
  if (!(await store.findSubscription(db, id))) throw new NotFound('There is no such webhook subscription.');
  const rows = await store.listDeliveries(db, id, query);
  const attempts = await store.attemptsOf(
    db,
    rows.map((r) => r.id),
  );
  return { deliveries: rows.map((d) => deliveryView(d, attempts)) };
}

/** Sends a delivery again (same id and body, so a receiver that already has it can drop it), due now. */
export async function redeliver(ctx: AppContext, meta: ActorMeta, id: string, deliveryId: string) {
  return ctx.database.db.transaction(async (tx) => {
    const sub = await store.findSubscription(tx, id);
    const d = await store.findDelivery(tx, deliveryId, true);
    if (!sub || !d || d.subscriptionId !== id) throw new NotFound('There is no such delivery.');
    if (!sub.active)
      throw new Conflict('This subscription is switched off: switch it back on before sending deliveries again.');
    if (d.status === 'pending') throw new Conflict('This delivery is already waiting to be sent.');
    await store.requeue(tx, d.id);
    await recordAudit(tx, meta, {
      action: 'webhook.redeliver',
      targetType: 'webhook_delivery',
      targetId: d.id,
      summary: { subscription: sub.id, eventType: d.eventType, previousStatus: d.status, attempts: d.attempts },
    });
    const fresh = (await store.findDelivery(tx, d.id))!;
    return deliveryView(fresh, await store.attemptsOf(tx, [d.id]));
  });
}

function auditSummaryOf(r: store.SubscriptionRow) {
  // The URL may carry a token in its query: the trail keeps its origin and path only. Never a secret.
  let target = r.url;
  try {
    const u = new URL(r.url);
    target = `${u.origin}${u.pathname}`;
  } catch {}
  return {
    name: r.name,
    target,
    ownerKind: r.ownerKind,
    providerId: r.providerId,
    eventTypes: r.eventTypes,
    providerIds: r.filterProviderIds,
    facilityIds: r.filterFacilityIds,
    serviceIds: r.filterServiceIds,
    active: r.active,
  };
}

async function viewOne(ctx: AppContext, r: store.SubscriptionRow) {
  const db = ctx.database.db;
  const [counts, names] = await Promise.all([
    store.countsBySubscription(db),
    store.providerNames(db, r.providerId ? [r.providerId] : []),
  ]);
  return subscriptionView(r, counts.get(r.id), names);
}

function subscriptionView(
  r: store.SubscriptionRow,
  c: { pending: number; failed: number; delivered: number } | undefined,
  names: Map<string, string>,
) {
  return {
    id: r.id,
    name: r.name,
    url: r.url,
    ownerKind: r.ownerKind,
    provider: r.providerId ? { id: r.providerId, name: names.get(r.providerId) ?? '' } : null,
    eventTypes: r.eventTypes,
    providerIds: r.filterProviderIds,
    facilityIds: r.filterFacilityIds,
    serviceIds: r.filterServiceIds,
    active: r.active,
    disabledAt: r.disabledAt?.toISOString() ?? null,
    disabledReason: r.disabledReason,
    consecutiveFailures: r.consecutiveFailures,
    failingSince: r.failingSince?.toISOString() ?? null,
    previousSecretUntil:
      r.previousSecretUntil && r.previousSecretUntil.getTime() > Date.now()
        ? r.previousSecretUntil.toISOString()
        : null,
    pending: c?.pending ?? 0,
    failed: c?.failed ?? 0,
    delivered: c?.delivered ?? 0,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    version: r.version,
  };
}

function deliveryView(d: store.DeliveryRow, attempts: store.AttemptRow[]) {
  return {
    id: d.id,
    eventId: d.eventId,
    eventType: d.eventType,
    status: d.status,
    attempts: d.attempts,
    nextAttemptAt: d.status === 'pending' ? d.nextAttemptAt.toISOString() : null,
    lastStatusCode: d.lastStatusCode,
    lastError: d.lastError,
    createdAt: d.createdAt.toISOString(),
    deliveredAt: d.deliveredAt?.toISOString() ?? null,
    requestExcerpt: d.body.length > REQUEST_EXCERPT ? `${d.body.slice(0, REQUEST_EXCERPT)}… (cut)` : d.body,
    log: attempts
      .filter((a) => a.deliveryId === d.id)
      .map((a) => ({
        at: a.at.toISOString(),
        statusCode: a.statusCode,
        error: a.error,
        responseExcerpt: a.responseExcerpt,
        durationMs: a.durationMs,
      })),
  };
}
