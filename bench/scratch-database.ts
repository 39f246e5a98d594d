// A database of its own for a bench run: a fresh database on the PostgreSQL server named by BENCH_DATABASE_URL
// (created here, dropped by `cleanup`), else embedded PGlite in a temporary folder (removed by `cleanup`). An
// interrupted run (Ctrl-C, SIGTERM) cleans up too: a killed client leaves its database behind on the server.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { type Database, openDatabase } from '../src/platform/db/connect.ts';

export type ScratchDatabase = {
  database: Database;
  kind: 'PostgreSQL' | 'PGlite';
  /** Closes the database and drops (or removes) it; safe to call twice. */
  cleanup(): Promise<void>;
};

export async function openScratchDatabase(label: string, opts: { keep?: boolean } = {}): Promise<ScratchDatabase> {
  const serverUrl = process.env.BENCH_DATABASE_URL;
  let cleanup: () => Promise<void>;
  let database: Database;
  if (serverUrl) {
    const name = `clinidesk_bench_${label}_${Date.now()}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    database = await openDatabase({ databaseUrl: url.toString(), poolSize: 4 });
    cleanup = async () => {
      await database.close().catch(() => {});
      if (opts.keep) console.log(`kept database ${name}`);
      else await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    };
  } else {
    const dir = mkdtempSync(path.join(os.tmpdir(), `clinidesk-bench-${label}-`));
    database = await openDatabase({ dataDir: dir });
    cleanup = async () => {
      await database.close().catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    };
  }
  let done: Promise<void> | null = null;
  const once = () => {
    done ??= cleanup();
    return done;
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      console.error(`\n${signal}: cleaning up`);
      void once().finally(() => process.exit(130));
    });
  }
  return { database, kind: serverUrl ? 'PostgreSQL' : 'PGlite', cleanup: once };
}
