// rowFromJson reads a row from its to_jsonb exactly as Drizzle's own select reads it, for every table the ticket page
// gathers as JSON (json-rows.ts), on the test demo's real rows: timestamps, bigints, arrays, JSON and nulls included.
import { sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../test/db.ts';
import { people } from '../../features/directory/tables.ts';
import { ticketActivity, ticketComments, ticketHandoffs, tickets } from '../../features/tickets/tables.ts';
import { type Database, rowsOf } from './connect.ts';
import { rowFromJson } from './json-rows.ts';

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
  ] as [string, PgTable][]) {
    it(`reads ${name} as Drizzle's select does`, async () => {
      const selected = await database.db.select().from(table).limit(200);
      expect(selected.length).toBeGreaterThan(0);
      const json = rowsOf<{ row: Record<string, unknown> }>(
        await database.db.execute(sql`SELECT to_jsonb(x) AS row FROM ${table} x LIMIT 200`),
      );
      // the same rows, in whatever order each read gave them
      const key = (r: Record<string, unknown>) => String(r.id);
      const byId = new Map(selected.map((r) => [key(r as Record<string, unknown>), r]));
      for (const { row } of json) expect(rowFromJson(table, row)).toEqual(byId.get(String(row.id)));
    });
  }
});
