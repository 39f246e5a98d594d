// The embedded database's upkeep, its SQL: what the statistics views know of each table, and VACUUM / ANALYZE of one.
import type { Database } from './connect.ts';
import type { TableActivity, Upkeep } from './upkeep-rules.ts';

/** Each ordinary table of the database, with its activity since it was last counted (one catalog read, ~3 ms). */
export async function tableActivity(database: Database): Promise<TableActivity[]> {
  const rows = await database.query<{
    table: string;
    counted_rows: number;
    counted_pages: number;
    pages: string;
    changed: string;
    dead: string;
    inserted: string;
  }>(
    `SELECT format('%I.%I', s.schemaname, s.relname) AS table,
            c.reltuples AS counted_rows, c.relpages AS counted_pages,
            pg_relation_size(c.oid) / current_setting('block_size')::int AS pages,
            s.n_mod_since_analyze AS changed, s.n_dead_tup AS dead, s.n_ins_since_vacuum AS inserted
       FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid
      WHERE c.relkind = 'r'`,
    [],
  );
  return rows.map((r) => ({
    table: r.table,
    countedRows: Number(r.counted_rows),
    countedPages: Number(r.counted_pages),
    pages: Number(r.pages),
    changedSinceAnalyze: Number(r.changed),
    deadRows: Number(r.dead),
    insertedSinceVacuum: Number(r.inserted),
  }));
}

/** VACUUM and/or ANALYZE one table, outside any transaction (VACUUM cannot run in one). Embedded database only. */
export async function keepUp(database: Database, upkeep: Upkeep): Promise<void> {
  if (!database.pglite)
    throw new Error('Database upkeep is for the embedded database: PostgreSQL runs its own autovacuum.');
  // `upkeep.table` is format('%I.%I') of the catalog's own names: quoted as an identifier already.
  const command = upkeep.vacuum ? (upkeep.analyze ? 'VACUUM (ANALYZE)' : 'VACUUM') : 'ANALYZE';
  await database.pglite.exec(`${command} ${upkeep.table}`);
}
