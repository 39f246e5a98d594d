// Builds the e2e run's demo hospital once, so no spec pays for migrations and the demo seed (about 25 s on PGlite):
// PGlite: a data folder each spec's server starts from a copy of; PostgreSQL (TEST_DATABASE_URL): a template database.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { seedDemo } from '../src/demo/seed.ts';
import { rebuildFacts } from '../src/features/reports/refresh.ts';
import { SYSTEM_META } from '../src/platform/actor.ts';
import { type Database, openDatabase } from '../src/platform/db/connect.ts';
import { migrate } from '../src/platform/db/migrate.ts';
import { demoHistoryEnd } from '../test/global-setup.ts';
import { withDatabase } from '../test/pg-database.ts';

/** A smaller history than `npm start`'s keeps the template quick to build; queues still look like a real day. */
export const E2E_DEMO_TICKETS = 1500;

declare module 'vitest' {
  export interface ProvidedContext {
    /** The demo hospital every spec's desk starts from: a PGlite data folder, or a PostgreSQL template database. */
    deskTemplate: string;
  }
}

export default async function setup(project: TestProject) {
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const name = `clinidesk_tpl_e2e_${process.pid}_${Date.now()}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    const db = await openDatabase({ databaseUrl: withDatabase(url, name), poolSize: 2 });
    await migrate(db);
    await loadDemo(db);
    await db.close();
    project.provide('deskTemplate', name);
    return async () => {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clinidesk-e2e-template-'));
  const db = await openDatabase({ dataDir: dir });
  await migrate(db);
  await loadDemo(db);
  await db.close();
  project.provide('deskTemplate', dir);
  return () => fs.rmSync(dir, { recursive: true, force: true });
}

/**
 * The demo hospital with its report facts already judged, as a served desk has them after its first refresh: else
 * every spec's desk judged the whole history again ~30 s after it started (~4 s of PGlite's one connection).
 */
async function loadDemo(db: Database) {
  await seedDemo(db, SYSTEM_META, { tickets: E2E_DEMO_TICKETS, now: demoHistoryEnd() });
  await rebuildFacts({ database: db });
}
