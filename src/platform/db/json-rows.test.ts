// rowFromJson reads a row from its to_jsonb, or a plain row selected with selectList, exactly as Drizzle's own select
// reads it, for every table the ticket page
// gathers as JSON (json-rows.ts), on the test demo's real rows: timestamps, bigints, arrays, JSON and nulls included.
import { getTableColumns, sql } from 'drizzle-orm';
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
import { type Database, rowsOf } from './connect.ts';
import { rowFromJson, selectList } from './json-rows.ts';
import { users } from './schema.ts';

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
