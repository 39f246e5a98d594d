// The PHI scan: tickets written before masked search existed, or by a bulk loader that did not mask, get their
// masked text here. Until then they match no search by a viewer who may not see PHI (fail closed).
import { eq, sql } from 'drizzle-orm';
import type { AppContext } from '../../platform/context.ts';
import type { Db } from '../../platform/db/connect.ts';
import type { Job } from '../../platform/jobs/runner.ts';
import { maskedTicketText } from './rules/search-text.ts';
import { tickets } from './tables.ts';

const BATCH = 500;

/** Masks one batch of unscanned tickets (SKIP LOCKED: instances share the work); returns how many. */
export async function scanTicketText(db: Db, batch = BATCH): Promise<number> {
  return db.transaction(async (tx) => {
    const rows = await tx
      .select({
        id: tickets.id,
        summary: tickets.summary,
        errorText: tickets.errorText,
        description: tickets.description,
      })
      .from(tickets)
      .where(sql`NOT ${tickets.phiScanned}`)
      .limit(batch)
      .for('update', { skipLocked: true });
    for (const r of rows) await tx.update(tickets).set(maskedTicketText(r)).where(eq(tickets.id, r.id));
    return rows.length;
  });
}

export const phiScan: Job = {
  name: 'phi-scan',
  everyMs: 10_000,
  run: async (ctx: AppContext) => {
    for (let i = 0; i < 20; i++) if ((await scanTicketText(ctx.database.db)) < BATCH) return;
  },
};
