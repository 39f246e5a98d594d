// One's own notification preferences: which notices, by which channel. Everyone reads and sets only their own.
import type { ActorMeta } from '../../../platform/actor.ts';
import { recordAudit } from '../../../platform/audit/service.ts';
import { isStaff } from '../../../platform/auth/roles.ts';
import type { AppContext } from '../../../platform/context.ts';
import type { Queryable } from '../../../platform/db/connect.ts';
import { Invalid } from '../../../platform/errors.ts';
import { leadsOrSuperUser } from '../../directory/service.ts';
import { channelAllowed, kindsFor } from '../rules/preferences.ts';
import { CHANNELS, KIND_LABELS } from '../rules/vocabulary.ts';
import type { PreferencesInput } from '../schemas.ts';
import * as store from '../store.ts';

async function view(db: Queryable, userId: string, staff: boolean, incidentAudience: boolean, vendor: boolean) {
  const saved = await store.preferencesOf(db, [userId]);
  return {
    preferences: kindsFor(staff, incidentAudience, vendor).map((kind) => ({
      kind,
      label: KIND_LABELS[kind],
      channel: saved.find((p) => p.kind === kind)?.channel ?? 'email',
      channels: CHANNELS.filter((c) => channelAllowed(kind, c, staff)),
    })),
  };
}

export async function myPreferences(ctx: AppContext, meta: ActorMeta) {
  const db = ctx.database.db;
  return view(
    db,
    meta.actor.userId,
    isStaff(meta.actor.role),
    await leadsOrSuperUser(db, meta.actor.userId),
    meta.actor.role === 'vendor',
  );
}

/** Sets the channels for the kinds given; kinds left out keep their choice. */
export async function setMyPreferences(ctx: AppContext, meta: ActorMeta, input: PreferencesInput) {
  const staff = isStaff(meta.actor.role);
  const incidentAudience = await leadsOrSuperUser(ctx.database.db, meta.actor.userId);
  const vendor = meta.actor.role === 'vendor';
  const allowed = kindsFor(staff, incidentAudience, vendor);
  const problems = input.preferences.flatMap((p, i) => {
    if (!allowed.includes(p.kind))
      return [{ field: `body.preferences.${i}.kind`, message: 'is not a notification you receive' }];
    if (!channelAllowed(p.kind, p.channel, staff))
      return [
        {
          field: `body.preferences.${i}.channel`,
          message: 'the pager is only for a new P1, an SLA breach or a declared outage',
        },
      ];
    return [];
  });
  if (new Set(input.preferences.map((p) => p.kind)).size !== input.preferences.length)
    problems.push({ field: 'body.preferences', message: 'names a notification twice' });
  if (problems.length) throw new Invalid('These notification choices cannot be saved.', problems);
  return ctx.database.db.transaction(async (tx) => {
    const saved = await store.preferencesOf(tx, [meta.actor.userId]);
    const merged = new Map(saved.map((p) => [p.kind, p.channel]));
    for (const p of input.preferences) merged.set(p.kind, p.channel);
    const rows = [...merged].map(([kind, channel]) => ({ kind, channel }));
    await store.replacePreferences(tx, meta.actor.userId, rows);
    await recordAudit(tx, meta, {
      action: 'notification.preferences',
      targetType: 'user',
      targetId: meta.actor.userId,
      summary: Object.fromEntries(input.preferences.map((p) => [p.kind, p.channel])),
    });
    return view(tx, meta.actor.userId, staff, incidentAudience, vendor);
  });
}
