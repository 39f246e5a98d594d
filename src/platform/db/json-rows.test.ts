// rowFromJson reads a row from its to_jsonb, or a plain row selected with selectList, exactly as Drizzle's own select
// reads it, for every table the ticket page
// gathers as JSON (json-rows.ts), on the test demo's real rows: timestamps, bigints, arrays, JSON and nulls included.
import { eq, getTableColumns, inArray, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../test/db.ts';
import { people } from '../../features/directory/tables.ts';
import { incidents } from '../../features/incidents/tables.ts';
import { ticketSla } from '../../features/sla/tables.ts';
import {
  ticketActivity,
  ticketColumns,
  ticketComments,
  ticketHandoffs,
  tickets,
} from '../../features/tickets/tables.ts';
import { newId } from '../ids.ts';
import { type Database, rowsOf } from './connect.ts';
import { insertRow, rowFromJson, selectList } from './json-rows.ts';
import { auditLog, users } from './schema.ts';

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase('demo');
});
afterAll(() => database?.close());

describe('rowFromJson', () => {
  for (const [name, table] of [
    ['people', people],
    ['tickets', tickets],
    ['ticket_comments', ticketComments],
    ['ticket_handoffs', ticketHandoffs],
    ['ticket_activity', ticketActivity],
    ['users', users],
    ['ticket_sla', ticketSla],
  ] as [string, PgTable][]) {
    it(`reads ${name} as Drizzle's select does`, async () => {
      const selected = await database.db.select().from(table).limit(200);
      expect(selected.length).toBeGreaterThan(0);
      const json = rowsOf<{ row: Record<string, unknown> }>(
        await database.db.execute(sql`SELECT to_jsonb(x) AS row FROM ${table} x LIMIT 200`),
      );
      // the same rows, in whatever order each read gave them
      // ticket_sla is keyed by its ticket
      const key = (r: Record<string, unknown>) => String(r.id ?? r.ticketId ?? r.ticket_id);
      const byId = new Map(selected.map((r) => [key(r as Record<string, unknown>), r]));
      for (const { row } of json) expect(rowFromJson(table, row)).toEqual(byId.get(key(row)));
    });
  }
});

describe('selectList', () => {
  for (const [name, table] of [
    ['people', people],
    ['tickets', tickets],
    ['users', users],
    ['incidents', incidents],
  ] as [string, PgTable][]) {
    it(`reads plain rows of ${name} as Drizzle's select does`, async () => {
      const selected = await database.db.select().from(table).limit(200);
      expect(selected.length).toBeGreaterThan(0);
      const plain = rowsOf<Record<string, unknown>>(
        await database.db.execute(sql`SELECT ${selectList(table, 'x')} FROM ${table} x LIMIT 200`),
      );
      const byId = new Map(selected.map((r) => [String((r as Record<string, unknown>).id), r]));
      expect(plain).toHaveLength(selected.length);
      for (const row of plain) expect(rowFromJson(table, row)).toEqual(byId.get(String(row.id)));
    });
  }

  it("reads some of a table's columns (a ticket less its search vectors) as Drizzle's select of them does", async () => {
    const selected = await database.db.select(ticketColumns).from(tickets).limit(200);
    expect(selected.length).toBeGreaterThan(0);
    const plain = rowsOf<Record<string, unknown>>(
      await database.db.execute(sql`SELECT ${selectList(ticketColumns, 'x')} FROM ${tickets} x LIMIT 200`),
    );
    expect(Object.keys(plain[0]!)).not.toContain('search');
    expect(Object.keys(plain[0]!)).not.toContain('search_masked');
    const byId = new Map(selected.map((r) => [r.id, r]));
    for (const row of plain) {
      const read = rowFromJson(ticketColumns, row);
      expect(read).toEqual(byId.get(String(row.id)));
      expect(Object.keys(read).sort()).toEqual(Object.keys(ticketColumns).sort());
    }
    expect(Object.keys(ticketColumns)).toHaveLength(Object.keys(getTableColumns(tickets)).length - 2);
  });

  it('lists every column of the table under the alias, once built', () => {
    const list = selectList(users, 'u');
    expect(selectList(users, 'u')).toBe(list);
    expect(selectList(users, 'v')).not.toBe(list);
  });
});

describe('insertRow', () => {
  /** Runs `fn` in a transaction that is rolled back: the file's demo stays as it was. */
  async function rolledBack(fn: (tx: Database['db']) => Promise<void>) {
    const done = new Error('rolled back');
    await expect(
      database.db.transaction(async (tx) => {
        await fn(tx as unknown as Database['db']);
        throw done;
      }),
    ).rejects.toBe(done);
  }

  it("writes the demo's tickets as Drizzle's insert does: dates, arrays, JSON, nulls and defaults", async () => {
    await rolledBack(async (tx) => {
      const source = await tx.select(ticketColumns).from(tickets).limit(60);
      expect(source.length).toBeGreaterThan(0);
      const ours = new Map<string, (typeof source)[number]>();
      const theirs = new Map<string, (typeof source)[number]>();
      for (const t of source) {
        // A new id, and the number left to its default (the sequence): both are unique.
        const copy = { ...t, number: undefined };
        const a = newId();
        const b = newId();
        await tx.execute(insertRow(tickets, { ...copy, id: a }));
        await tx.insert(tickets).values({ ...copy, id: b });
        ours.set(a, t);
        theirs.set(b, t);
      }
      const read = await tx
        .select(ticketColumns)
        .from(tickets)
        .where(inArray(tickets.id, [...ours.keys(), ...theirs.keys()]));
      expect(read).toHaveLength(source.length * 2);
      for (const r of read) {
        const t = ours.get(r.id) ?? theirs.get(r.id)!;
        expect(r.number).toBeGreaterThan(Math.max(...source.map((s) => s.number)));
        expect({ ...r, id: t.id, number: t.number }).toEqual(t);
      }
    });
  });

  it("writes audit entries as Drizzle's insert does, leaving out what is undefined (the id, txid and seal take their defaults)", async () => {
    await rolledBack(async (tx) => {
      const source = await tx.select().from(auditLog).limit(60);
      expect(source.length).toBeGreaterThan(0);
      for (const e of source) {
        const { id: _id, txid: _txid, seq: _seq, prevHash: _prev, hash: _hash, ...content } = e;
        const [ours] = rowsOf<{ id: string }>(
          await tx.execute(sql`${insertRow(auditLog, { ...content, ip: content.ip ?? undefined })} RETURNING id`),
        );
        const [read] = await tx
          .select()
          .from(auditLog)
          .where(eq(auditLog.id, Number(ours!.id)));
        expect(read).toMatchObject({ ...content, seq: null, prevHash: null, hash: null });
        expect(read!.id).toBeGreaterThan(e.id);
        expect(read!.txid).toBeTruthy();
      }
    });
  });

  it('refuses a key that is not a column of the table', () => {
    expect(() => insertRow(users, { id: newId(), username: 'x', nickname: 'y' } as never)).toThrow(
      'nickname is not a column of users',
    );
  });
});
