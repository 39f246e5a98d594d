// Loading the demo hospital on a first start. On the embedded database the load runs in a process of its own
// (demo-apart-entry.ts) that exits before the server opens the data folder: PGlite's WebAssembly memory grows to hold
// the load and never gives pages back, so a server that loaded the demo itself kept ~330 MiB more for its whole life
// (docs/benchmarks.md, "PGlite's memory"). On a PostgreSQL server the load stays in the serving process: the memory
// it takes is the server's, and several instances starting at once serialise on the seed's lock.
import { fork } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Logger } from 'pino';
import { SYSTEM_META } from './platform/actor.ts';
import { type Database, pgliteDir } from './platform/db/connect.ts';
import type { Composition } from './platform/features.ts';

/** Loads the demo hospital into `database` if it has no accounts yet, logging where the time went. */
export async function seedLogged(
  database: Database,
  seed: Composition['demo']['seed'],
  log: Logger,
  tickets: number | undefined,
): Promise<boolean> {
  log.info('loading the demo hospital (first start on an empty database)');
  const phasesMs: Record<string, number> = {};
  const seeded = await seed(database, SYSTEM_META, {
    tickets,
    onPhase: (phase, ms) => {
      phasesMs[phase] = ms;
    },
  });
  if (seeded) log.info({ phasesMs }, 'demo hospital loaded');
  return seeded;
}

/** Whether the embedded database's folder holds no database yet (the first start on it). */
export function isFreshDataDir(dataDir: string): boolean {
  return !fs.existsSync(path.join(pgliteDir(dataDir), 'PG_VERSION'));
}

/** The loading process's page cache (MiB), PGlite's own default: with the server's 32 the demo took ~45 % longer to load
 *  (history 21.0 s against 14.4 s), and 256 was no faster than 128. */
const DEMO_LOAD_SHARED_BUFFERS_MB = 128;

/** What the parent hands the loading process (one JSON argument). */
export type DemoApartArgs = {
  dataDir: string;
  /** The server's page cache; the loading process takes at least DEMO_LOAD_SHARED_BUFFERS_MB. */
  sharedBuffersMb: number;
  tickets: number | undefined;
  logLevel: string;
  logPretty: boolean;
};

/** What the loading process answers before it exits. */
export type DemoApartReply = { demoLoaded: boolean };

const isReply = (m: unknown): m is DemoApartReply =>
  typeof m === 'object' && m !== null && typeof (m as DemoApartReply).demoLoaded === 'boolean';

/**
 * Creates the embedded database in `args.dataDir`, migrates it and loads the demo hospital, in a child process that
 * has exited when this resolves; resolves whether it loaded the demo. The caller holds the data folder's lock: the
 * child does not take it. The child's log lines go where this process's go.
 */
export function loadDemoApart(args: DemoApartArgs, env: NodeJS.ProcessEnv): Promise<boolean> {
  // The compiled server runs dist/…/demo-apart-entry.js; the sources (tsx, tests) need tsx's loader in the child.
  const here = fileURLToPath(import.meta.url);
  const ext = path.extname(here);
  const entry = path.join(path.dirname(here), `demo-apart-entry${ext}`);
  const execArgv =
    ext === '.ts'
      ? ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href]
      : ['--enable-source-maps'];
  return new Promise((resolve, reject) => {
    let loaded = false;
    // Its memory goes when it exits: a larger page cache than the server's makes the load faster.
    const load = { ...args, sharedBuffersMb: Math.max(args.sharedBuffersMb, DEMO_LOAD_SHARED_BUFFERS_MB) };
    const child = fork(entry, [JSON.stringify(load)], {
      execArgv,
      env,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    child.on('message', (m) => {
      if (isReply(m)) loaded = m.demoLoaded;
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (code === 0) resolve(loaded);
      else
        reject(
          new Error(
            `Loading the demo hospital into ${args.dataDir} stopped (${signal ?? `exit code ${code}`}); its messages are above.`,
          ),
        );
    });
  });
}
