// Two app instances on one fresh PostgreSQL database, as two servers of a hospital share one: for the tests that
// prove a job or a listener does its work exactly once across instances. The embedded database belongs to one
// process, so these run on PostgreSQL only: TEST_DATABASE_URL, else the local server at 127.0.0.1:5432, and are
// skipped when none answers.
import pg from 'pg';
import { createContextAndApp } from '../src/main.ts';
import { createPgDatabase } from './pg-database.ts';

export const PG_SERVER = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Whether the PostgreSQL server answers (within 2 s). */
export async function postgresAnswers(url = PG_SERVER): Promise<boolean> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    await c.end();
    return true;
  } catch {
    return false;
  }
}

export type Instance = Awaited<ReturnType<typeof createContextAndApp>>;
export type TwoInstances = { a: Instance; b: Instance; close(): Promise<void> };

/** Two instances (no demo, silent logs, 8 connections each) on a new database, dropped by close(). */
export async function startTwoInstances(env: Record<string, string> = {}): Promise<TwoInstances> {
  const created = await createPgDatabase(PG_SERVER);
  const opts = {
    databaseUrl: created.url,
    seedDemo: false,
    logLevel: 'silent',
    env: { CLINIDESK_DB_POOL_SIZE: '8', ...env },
  };
  let a: Instance | undefined;
  let b: Instance | undefined;
  const close = async () => {
    await a?.close();
    await b?.close();
    await created.drop();
  };
  try {
    a = await createContextAndApp(opts);
    b = await createContextAndApp(opts);
  } catch (err) {
    await close().catch(() => {});
    throw err;
  }
  return { a, b, close };
}
