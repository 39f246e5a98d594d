// The retention job's use case: raw messages past the period (CLINIDESK_EMAIL_RAW_RETENTION_DAYS) lose their content;
// their rows, the tickets they became and the tickets' comments and attachments stay. Each batch is one transaction
// with its audit entry.
import { SYSTEM_META } from '../../../platform/actor.ts';
import { recordAudit } from '../../../platform/audit/service.ts';
import type { AppContext } from '../../../platform/context.ts';
import { retentionCutoff } from '../rules/retention.ts';
import { purgeRawBefore } from '../store.ts';

const BATCH = 500;

/** Purges one batch of raw messages past the period; returns how many it purged (0 when none is due). */
export async function purgeExpiredRaw(ctx: AppContext, now = new Date()): Promise<number> {
  const days = ctx.config.emailRawRetentionDays;
  return ctx.database.db.transaction(async (tx) => {
    const purged = await purgeRawBefore(tx, retentionCutoff(now, days), BATCH, days);
    if (!purged.length) return 0;
    await recordAudit(tx, SYSTEM_META, {
      action: 'email.raw_purge',
      targetType: 'email',
      summary: {
        retentionDays: days,
        messages: purged.length,
        discardedFromQuarantine: purged.filter((m) => m.state === 'discarded').length,
        bytes: purged.reduce((n, m) => n + m.size, 0),
        ids: purged.map((m) => m.id),
      },
    });
    return purged.length;
  });
}
