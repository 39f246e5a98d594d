// A database that runs nothing: it records the text of every statement sent to it, for tests that look at the SQL a
// store function builds (the SQL snapshots, the plan tests).
import { drizzle } from 'drizzle-orm/node-postgres';
import type { Db } from '../src/platform/db/connect.ts';
import * as schema from '../src/platform/db/schema.ts';

/** Rows to answer a statement's text with (none when undefined). */
export type Answer = (text: string) => Record<string, unknown>[] | undefined;

/** A database that records the text of every statement sent to it and answers each with no rows (or `answer`'s). */
export function recordingDb(answer: Answer = () => undefined): { db: Db; sent: string[] } {
  const sent: string[] = [];
  const client = {
    async query(q: string | { text: string }) {
      const text = typeof q === 'string' ? q : q.text;
      sent.push(text);
      const rows = answer(text) ?? [];
      return { rows, rowCount: rows.length, fields: [], command: 'SELECT' };
    },
  };
  return { db: drizzle({ client: client as never, schema }) as unknown as Db, sent };
}
