// The search indexes' short pending lists (migration 0057) and a bulk load's long ones (gin-lists-store.ts), on the
// database the suite runs on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../test/db.ts';
import { seedDemo } from '../../demo/seed.ts';
import { SYSTEM_META } from '../actor.ts';
import type { Database } from './connect.ts';
import { SHORT_LIST_INDEXES, SHORT_LIST_KB, withLongGinLists } from './gin-lists-store.ts';

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase('empty');
});
afterAll(() => database?.close());

/** Each index's pending-list limit in kB (null: the server's default). */
async function limits(): Promise<Record<string, number | null>> {
  const rows = await database.query<{ name: string; kb: string | null }>(
    `SELECT c.relname AS name,
            (SELECT split_part(o, '=', 2) FROM unnest(c.reloptions) o WHERE o LIKE 'gin_pending_list_limit=%') AS kb
       FROM pg_class c WHERE c.relname = ANY($1::text[])`,
    [SHORT_LIST_INDEXES],
  );
  return Object.fromEntries(rows.map((r) => [r.name, r.kb === null ? null : Number(r.kb)]));
}
const everyIndex = (kb: number) => Object.fromEntries(SHORT_LIST_INDEXES.map((i) => [i, kb]));

describe('GIN pending lists', () => {
  it('are short on every index new tickets reach, once migrated', async () => {
    expect(await limits()).toEqual(everyIndex(SHORT_LIST_KB));
  });

  it('grow during a bulk load, and are short again after it, also when the load fails', async () => {
    let during: Record<string, number | null> = {};
    await withLongGinLists(database, async () => {
      during = await limits();
    });
    expect(Object.values(during).every((kb) => kb !== null && kb > 4096)).toBe(true);
    expect(await limits()).toEqual(everyIndex(SHORT_LIST_KB));

    await expect(
      withLongGinLists(database, async () => {
        throw new Error('the load failed');
      }),
    ).rejects.toThrow('the load failed');
    expect(await limits()).toEqual(everyIndex(SHORT_LIST_KB));
  });

  it('are short after the demo hospital is loaded', async () => {
    expect(await seedDemo(database, SYSTEM_META, { tickets: 30 })).toBe(true);
    expect(await limits()).toEqual(everyIndex(SHORT_LIST_KB));
  });
});
