// A fresh database for one test file, cloned from one of the run's templates (see global-setup.ts):
// 'empty' (migrated) or 'demo' (migrated + a small demo hospital).
import fs from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { inject } from 'vitest';
import { type Database, openDatabase } from '../src/platform/db/connect.ts';
import type { TemplateKind } from './global-setup.ts';
import { createPgDatabase } from './pg-database.ts';

export const onPostgres = Boolean(process.env.TEST_DATABASE_URL);

/** Opens a database of its own; its `close()` also drops it (PostgreSQL). */
export async function openTestDatabase(kind: TemplateKind = 'empty'): Promise<Database & { url?: string }> {
  const template = inject('templates')[kind];
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const created = await createPgDatabase(url, template);
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
  const pglite = await PGlite.create({ loadDataDir: new Blob([fs.readFileSync(template)]), extensions: { pg_trgm } });
  return openDatabase({ pglite });
}
