// What administrators manage: the settings (full text for the hospital's own domain, the pager address), the
// templates, and the delivery queue (failed deliveries listed, resent). Every change is audited.
import type { ActorMeta } from '../../../platform/actor.ts';
import { recordAudit } from '../../../platform/audit/service.ts';
import type { AppContext } from '../../../platform/context.ts';
import { Conflict, Invalid, NotFound } from '../../../platform/errors.ts';
import { DEFAULT_TEMPLATES, PLACEHOLDERS, placeholdersFor, templateProblems } from '../rules/templates.ts';
import { KIND_LABELS, NOTIFICATION_KINDS, type NotificationKind } from '../rules/vocabulary.ts';
import type { SettingsInput, TemplateInput } from '../schemas.ts';
import * as store from '../store.ts';

export async function notificationSettings(ctx: AppContext) {
  const db = ctx.database.db;
  const [s, counts] = await Promise.all([store.settings(db), store.countByStatus(db)]);
  return {
    fullTextDomain: s.fullTextDomain,
    pagerUrl: s.pagerUrl,
    relayConfigured: ctx.config.mailOut !== null,
    from: ctx.config.mailOut?.from ?? null,
    pagerSecretConfigured: ctx.config.pagerSecret !== null,
    pending: counts.pending,
    failed: counts.failed,
  };
}

export async function saveNotificationSettings(ctx: AppContext, meta: ActorMeta, input: SettingsInput) {
  await ctx.database.db.transaction(async (tx) => {
    const before = await store.settings(tx, true);
    await store.saveSettings(tx, input);
    await recordAudit(tx, meta, {
      action: 'notification.settings',
      targetType: 'settings',
      targetId: 'notifications',
      // The pager address may carry a token in its query: the trail records whether it changed, not the address.
      summary: {
        fullTextDomain: { from: before.fullTextDomain, to: input.fullTextDomain },
        pagerUrlChanged: before.pagerUrl !== input.pagerUrl,
        pagerOn: input.pagerUrl !== null,
      },
    });
  });
  return notificationSettings(ctx);
}

export async function listTemplates(ctx: AppContext) {
  const saved = await store.templates(ctx.database.db);
  return {
    templates: NOTIFICATION_KINDS.map((kind) => {
      const row = saved.find((r) => r.kind === kind);
      const t = row ?? DEFAULT_TEMPLATES[kind];
      return {
        kind,
        label: KIND_LABELS[kind],
        subject: t.subject,
        body: t.body,
        custom: Boolean(row),
        placeholders: [...placeholdersFor(kind)] as (typeof PLACEHOLDERS)[number][],
      };
    }),
    placeholders: [...PLACEHOLDERS],
  };
}

export async function saveTemplate(ctx: AppContext, meta: ActorMeta, kind: NotificationKind, input: TemplateInput) {
  const problems = templateProblems(input, kind);
  if (problems.length) {
    throw new Invalid(
      'This template cannot be saved.',
      problems.map((p) => ({ field: `body.${p.field}`, message: p.message })),
    );
  }
  await ctx.database.db.transaction(async (tx) => {
    await store.upsertTemplate(tx, { kind, ...input, updatedBy: meta.actor.userId });
    await recordAudit(tx, meta, {
      action: 'notification.template_update',
      targetType: 'notification_template',
      targetId: kind,
      summary: { subject: input.subject, bodyLength: input.body.length },
    });
  });
  return listTemplates(ctx);
}

export async function resetTemplate(ctx: AppContext, meta: ActorMeta, kind: NotificationKind) {
  await ctx.database.db.transaction(async (tx) => {
    if (!(await store.deleteTemplate(tx, kind))) throw new Conflict('This template is already the default.');
    await recordAudit(tx, meta, {
      action: 'notification.template_reset',
      targetType: 'notification_template',
      targetId: kind,
    });
  });
  return listTemplates(ctx);
}

export async function listDeliveries(ctx: AppContext, q: { status: 'pending' | 'sent' | 'failed'; limit: number }) {
  const rows = await store.listDeliveries(ctx.database.db, q.status, q.limit);
  return { deliveries: rows.map(deliveryView) };
}

/** Puts a failed delivery back in the queue, due now. */
export async function resendDelivery(ctx: AppContext, meta: ActorMeta, id: string) {
  return ctx.database.db.transaction(async (tx) => {
    const d = await store.findDelivery(tx, id);
    if (!d) throw new NotFound('There is no such delivery.');
    if (d.status !== 'failed') throw new Conflict('Only a failed delivery can be sent again.');
    await store.requeue(tx, id);
    await recordAudit(tx, meta, {
      action: 'notification.resend',
      targetType: 'notification_delivery',
      targetId: id,
      summary: { kind: d.kind, channel: d.channel, attempts: d.attempts },
    });
    return deliveryView({ ...d, status: 'pending', attempts: 0, nextAttemptAt: new Date() });
  });
}

function deliveryView(d: store.DeliveryRow) {
  return {
    id: d.id,
    kind: d.kind,
    channel: d.channel,
    to: d.toAddress,
    subject: d.subject,
    status: d.status,
    attempts: d.attempts,
    nextAttemptAt: d.nextAttemptAt.toISOString(),
    lastError: d.lastError,
    createdAt: d.createdAt.toISOString(),
    sentAt: d.sentAt?.toISOString() ?? null,
  };
}
