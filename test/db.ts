// A fresh, migrated database for one test file, cloned from the run's template (see global-setup.ts).
import fs from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { inject } from 'vitest';
import { type Database, openDatabase } from '../src/platform/db/connect.ts';
import { createPgDatabase } from './pg-database.ts';

export const onPostgres = Boolean(process.env.TEST_DATABASE_URL);

/** Opens a database of its own; its `close()` also drops it (PostgreSQL). */
export async function openTestDatabase(): Promise<Database & { url?: string }> {
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const created = await createPgDatabase(url, inject('pgTemplate'));
    const db = await openDatabase({ databaseUrl: created.url, poolSize: 5 });
    return {
      ...db,
      url: created.url,
      async close() {
        await db.close();
        await created.drop();
      },
    };
  }
  const blob = new Blob([fs.readFileSync(inject('pgliteTemplate'))]);
  const pglite = await PGlite.create({ loadDataDir: blob, extensions: { pg_trgm } });
  return openDatabase({ pglite });
}
