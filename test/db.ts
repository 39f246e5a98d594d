// A fresh, migrated database for one test file, cloned from the run's template (see global-setup.ts).
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import pg from 'pg';
import { inject } from 'vitest';
import { type Database, openDatabase } from '../src/platform/db/connect.ts';
import { withDatabase } from './global-setup.ts';

export const onPostgres = Boolean(process.env.TEST_DATABASE_URL);

/** Opens a database of its own; its `close()` also drops it (PostgreSQL). */
export async function openTestDatabase(): Promise<Database & { url?: string }> {
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const name = `clinidesk_t_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${inject('pgTemplate')}`);
    const dbUrl = withDatabase(url, name);
    const db = await openDatabase({ databaseUrl: dbUrl, poolSize: 5 });
    return {
      ...db,
      url: dbUrl,
      async close() {
        await db.close();
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await admin.end();
      },
    };
  }
  const blob = new Blob([fs.readFileSync(inject('pgliteTemplate'))]);
  const pglite = await PGlite.create({ loadDataDir: blob, extensions: { pg_trgm } });
  return openDatabase({ pglite });
}
