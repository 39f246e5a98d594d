// Builds the run's database templates once, so no test pays for initdb, migrations or the demo seed:
// "empty" (migrated) and "demo" (migrated + a small demo hospital). PGlite: dumps of data folders;
// PostgreSQL (TEST_DATABASE_URL): template databases.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { seedDemo } from '../src/demo/seed.ts';
import { SYSTEM_META } from '../src/platform/actor.ts';
import { type Database, openDatabase } from '../src/platform/db/connect.ts';
import { migrate } from '../src/platform/db/migrate.ts';
import { withDatabase } from './pg-database.ts';

export type TemplateKind = 'empty' | 'demo';
/** Tickets in the demo template's history: enough for queues and search, small enough to build in seconds. */
export const TEST_DEMO_TICKETS = 200;

declare module 'vitest' {
  export interface ProvidedContext {
    templates: Record<TemplateKind, string>;
  }
}

/**
 * The demo history ends at the run's start, so what a test finds in it changes with the hour. CLINIDESK_TEST_NOW
 * (an ISO time) builds it as it was at another moment, to replay a run that failed at a given hour.
 */
export function demoHistoryEnd(): Date {
  const at = process.env.CLINIDESK_TEST_NOW;
  const end = at ? new Date(at) : new Date();
  if (Number.isNaN(end.getTime())) throw new Error(`CLINIDESK_TEST_NOW is not a time: ${at}`);
  console.log(`Demo hospital for the tests: history ending ${end.toISOString()} (CLINIDESK_TEST_NOW to replay)`);
  return end;
}

const seed = (db: Database) => seedDemo(db, SYSTEM_META, { tickets: TEST_DEMO_TICKETS, now: demoHistoryEnd() });

export default async function setup(project: TestProject) {
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const stamp = `${process.pid}_${Date.now()}`;
    const names = { empty: `clinidesk_tpl_${stamp}`, demo: `clinidesk_tpl_demo_${stamp}` };
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    for (const kind of ['empty', 'demo'] as const) {
      await admin.query(`CREATE DATABASE ${names[kind]}`);
      const db = await openDatabase({ databaseUrl: withDatabase(url, names[kind]), poolSize: 2 });
      await migrate(db);
      if (kind === 'demo') await seed(db);
      await db.close();
    }
    project.provide('templates', names);
    return async () => {
      for (const name of Object.values(names)) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clinidesk-test-'));
  const files = { empty: path.join(dir, 'empty.tar'), demo: path.join(dir, 'demo.tar') };
  const db = await openDatabase({});
  await migrate(db);
  fs.writeFileSync(files.empty, Buffer.from(await (await db.pglite!.dumpDataDir('none')).arrayBuffer()));
  await seed(db);
  fs.writeFileSync(files.demo, Buffer.from(await (await db.pglite!.dumpDataDir('none')).arrayBuffer()));
  await db.close();
  project.provide('templates', files);
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
