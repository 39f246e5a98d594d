// The routing targets and thresholds, stored in settings under "routing" (validated here), else the defaults.
// Read inside every routing transaction, so a change takes effect on all instances at once.
import type { RequestMeta } from '../../../platform/actor.ts';
import { recordAudit } from '../../../platform/audit/service.ts';
import type { AppContext } from '../../../platform/context.ts';
import type { Queryable } from '../../../platform/db/connect.ts';
import { findSetting, saveSetting } from '../../directory/service.ts';
import { DEFAULT_ROUTING, LINES, type RoutingConfig } from '../rules/route.ts';
import { type RoutingSettings, routingSettings } from '../schemas.ts';

export const ROUTING_SETTINGS_KEY = 'routing';

export function settingsOf(config: RoutingConfig): RoutingSettings {
  const s = (ms: number) => ms / 1000;
  return {
    lines: Object.fromEntries(
      LINES.map((l) => {
        const r = config.lines[l];
        return [
          l,
          {
            targetSeconds: s(r.targetMs),
            anyTier1AfterSeconds: s(r.anyTier1AfterMs),
            analystsAfterSeconds: s(r.analystsAfterMs),
          },
        ];
      }),
    ) as RoutingSettings['lines'],
    laneHeadStartSeconds: config.laneHeadStartMs.map(s) as RoutingSettings['laneHeadStartSeconds'],
  };
}

export function configOf(settings: RoutingSettings): RoutingConfig {
  const ms = (x: number) => Math.round(x * 1000);
  return {
    lines: Object.fromEntries(
      LINES.map((l) => {
        const r = settings.lines[l];
        return [
          l,
          {
            targetMs: ms(r.targetSeconds),
            anyTier1AfterMs: ms(r.anyTier1AfterSeconds),
            analystsAfterMs: ms(r.analystsAfterSeconds),
          },
        ];
      }),
    ) as RoutingConfig['lines'],
    laneHeadStartMs: settings.laneHeadStartSeconds.map(ms) as unknown as RoutingConfig['laneHeadStartMs'],
  };
}

/** The stored configuration, or the defaults when none is stored (or what is stored is no longer valid). */
export async function loadRoutingConfig(db: Queryable): Promise<RoutingConfig> {
  const row = await findSetting(db, ROUTING_SETTINGS_KEY);
  const parsed = routingSettings.safeParse(row?.value);
  return row && parsed.success ? configOf(parsed.data) : DEFAULT_ROUTING;
}

export async function routingSettingsView(ctx: AppContext) {
  const row = await findSetting(ctx.database.db, ROUTING_SETTINGS_KEY);
  const parsed = routingSettings.safeParse(row?.value);
  return {
    ...(row && parsed.success ? parsed.data : settingsOf(DEFAULT_ROUTING)),
    isDefault: !(row && parsed.success),
  };
}

export async function saveRoutingSettings(ctx: AppContext, meta: RequestMeta, input: RoutingSettings) {
  return ctx.database.db.transaction(async (tx) => {
    const before = settingsOf(await loadRoutingConfig(tx));
    await saveSetting(tx, ROUTING_SETTINGS_KEY, input);
    await recordAudit(tx, meta, {
      action: 'settings.routing',
      targetType: 'setting',
      targetId: ROUTING_SETTINGS_KEY,
      summary: { before, after: input },
    });
    return { ...input, isDefault: false };
  });
}
