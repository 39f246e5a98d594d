// A bulk load into a few tables inside one transaction, done the way pg_restore does it: the tables' secondary
// indexes are dropped first and built again once the rows are in (a sort per index instead of an index insert per
// row), and, where the session may (a superuser: always on the embedded database), foreign keys are not checked row
// by row while the load runs (`session_replication_role = replica`: one look-up per key per row was a third of the
// demo history's load). That setting silences triggers too, so it is used only when no table of the load has a
// trigger of its own on INSERT. The caller answers for its rows meeting those keys (the demo's generator is checked
// in seed.test.ts). Everything happens in the caller's transaction: a load that fails rolls the dropped indexes back
// with it, and no other transaction ever sees the tables without them (on a PostgreSQL server, one that reads them
// meanwhile waits for the transaction's end).
import { sql } from 'drizzle-orm';
import { rowsOf, type Tx } from './connect.ts';

export type BulkLoadReport = {
  /** The secondary indexes dropped and built again. */
  indexesRebuilt: number;
  /** Whether foreign keys went unchecked during the load (a superuser's session, no INSERT triggers of the tables'). */
  foreignKeysUnchecked: boolean;
};

/** Indexes that back no constraint (a primary key or unique constraint's index stays, and checks every row). */
async function secondaryIndexes(tx: Tx, tables: readonly string[]) {
  return rowsOf<{ name: string; definition: string }>(
    await tx.execute(sql`
      SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname) AS name, pg_get_indexdef(i.indexrelid) AS definition
        FROM pg_index i
        JOIN pg_class c ON c.oid = i.indexrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE i.indrelid = ANY (${sql.param([...tables])}::text[]::regclass[])
         AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
       ORDER BY c.relname`),
  );
}

/**
 * Runs `load` (which writes into `tables`) without those tables' secondary indexes and, for a superuser, without
 * row-by-row foreign-key checks, then builds the indexes again. Call it inside a transaction, on tables nobody else
 * writes to meanwhile (a first start's empty database): the DROPs hold those tables until the transaction ends.
 */
export async function loadInBulk<T>(
  tx: Tx,
  tables: readonly string[],
  load: () => Promise<T>,
): Promise<{ result: T; report: BulkLoadReport }> {
  const indexes = await secondaryIndexes(tx, tables);
  for (const index of indexes) await tx.execute(sql.raw(`DROP INDEX ${index.name}`));
  // pg_trigger.tgtype's bit 4 is INSERT; the foreign keys' own triggers are internal.
  const [session] = rowsOf<{ may: boolean }>(
    await tx.execute(sql`
      SELECT current_setting('is_superuser') = 'on' AND current_setting('session_replication_role') = 'origin'
             AND NOT EXISTS (SELECT 1 FROM pg_trigger t WHERE t.tgrelid = ANY (${sql.param([...tables])}::text[]::regclass[])
                                AND NOT t.tgisinternal AND t.tgtype & 4 <> 0) AS may`),
  );
  const skipKeys = session!.may;
  if (skipKeys) await tx.execute(sql`SET LOCAL session_replication_role = replica`);
  const result = await load();
  if (skipKeys) await tx.execute(sql`SET LOCAL session_replication_role = origin`);
  for (const index of indexes) await tx.execute(sql.raw(index.definition));
  return { result, report: { indexesRebuilt: indexes.length, foreignKeysUnchecked: skipKeys } };
}
