// The SLA rows' batch writes (the backfill's), against the database the suite runs on: the upsert replaces each
// ticket's row wholly, the columns a row leaves out taking their defaults, and what reads back is what was written;
// the backfill's insert (COPY on the embedded database) reads back as written too, whatever the text holds.
import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { insertBackfilledSla, type NewTicketSlaRow, upsertTicketSlaMany } from './store.ts';
import { ticketSla } from './tables.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

describe('upsertTicketSlaMany', () => {
  it('replaces each row wholly with what it was given, defaults for what it left out', async () => {
    const db = t.ctx.database.db;
    const before = await db.select().from(ticketSla).where(eq(ticketSla.atRisk, false)).limit(3);
    expect(before).toHaveLength(3);
    const at = new Date('2026-11-30T12:34:56.789Z');
    const given: NewTicketSlaRow[] = before.map((row, i) => {
      const { atRisk: _a, responseElapsedMs: _r, contractClocks: _c, ...rest } = row;
      return {
        ...rest,
        priority: ((row.priority % 4) + 1) as number,
        policyName: i === 0 ? `it's "quoted" — ünïcode` : null,
        timeline: [{ at: at.getTime(), status: 'in_progress', tier: 2, providerId: null }] as never,
        elapsedByHolder: { desk: 1_234 + i, 'a "holder"': 5 },
        resolutionDueAt: at,
        responseBreachedAt: i === 1 ? at : null,
        computedAt: at,
      };
    });
    await upsertTicketSlaMany(db, given);
    const after = await db
      .select()
      .from(ticketSla)
      .where(
        inArray(
          ticketSla.ticketId,
          given.map((g) => g.ticketId),
        ),
      );
    for (const g of given) {
      const row = after.find((r) => r.ticketId === g.ticketId);
      expect(row).toEqual({ ...g, atRisk: false, responseElapsedMs: 0, contractClocks: [] });
    }
  });

  it('writes nothing for no rows', async () => {
    await expect(upsertTicketSlaMany(t.ctx.database.db, [])).resolves.toBeUndefined();
  });
});

describe('insertBackfilledSla', () => {
  it('writes rows for tickets that had none, reading back as written: quotes, tabs, newlines and backslashes too', async () => {
    const db = t.ctx.database.db;
    const taken = await db.select().from(ticketSla).where(eq(ticketSla.atRisk, false)).limit(4);
    expect(taken).toHaveLength(4);
    const ids = taken.map((r) => r.ticketId);
    const at = new Date('2026-11-30T12:34:56.789Z');
    const odd = 'a\ttab, a\nnewline, a \\ backslash, \\N, "quotes" and ünïcode';
    const given: NewTicketSlaRow[] = taken.map((row, i) => {
      const { responseElapsedMs: _r, contractClocks: _c, ...rest } = row;
      return {
        ...rest,
        policyName: i === 0 ? odd : i === 1 ? null : row.policyName,
        timeZone: i === 2 ? '\\N' : row.timeZone,
        elapsedByHolder: { [odd]: 7 + i, desk: 1_000 },
        timeline: [{ at: at.getTime(), status: 'in_progress', tier: 1, providerId: null }] as never,
        responseDueAt: i === 3 ? null : at,
        atRisk: i === 1,
        computedAt: at,
      };
    });
    await db.transaction(async (tx) => {
      await tx.delete(ticketSla).where(inArray(ticketSla.ticketId, ids));
      await insertBackfilledSla(tx, given);
    });
    const after = await db.select().from(ticketSla).where(inArray(ticketSla.ticketId, ids));
    expect(after).toHaveLength(4);
    for (const g of given) {
      const row = after.find((r) => r.ticketId === g.ticketId);
      expect(row).toEqual({ ...g, responseElapsedMs: 0, contractClocks: [] });
    }
  });

  it('writes nothing for no rows', async () => {
    await expect(insertBackfilledSla(t.ctx.database.db, [])).resolves.toBeUndefined();
  });
});
