// Loading the demo hospital on a first start. On the embedded database the load runs in a process of its own
// (demo-apart-entry.ts) that exits before the server opens the data folder: PGlite's WebAssembly memory grows to hold
// the load and never gives pages back, so a server that loaded the demo itself kept ~330 MiB more for its whole life
// (docs/benchmarks.md, "PGlite's memory"). On a PostgreSQL server the load stays in the serving process: the memory
// it takes is the server's, and several instances starting at once serialise on the seed's lock.
//
// `clinidesk serve` begins that process before it loads the server's own modules (beginDemoLoad, called by the
// command line's entry, cli/index.ts): loading them took ~1.3 s of a first start, now spent beside the load. So this
// module imports only what deciding and forking need, never the drivers or the features.
import { fork } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Logger } from 'pino';
import { SYSTEM_META } from './platform/actor.ts';
import { type Config, loadConfig } from './platform/config.ts';
import type { Database } from './platform/db/connect.ts';
import { pgliteDir } from './platform/db/data-dir.ts';
import { lockDataDir } from './platform/db/data-dir-lock.ts';
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

/** The loading process's arguments under `config`. */
export const demoApartArgs = (config: Config): DemoApartArgs => ({
  dataDir: config.dataDir,
  sharedBuffersMb: config.pgliteSharedBuffersMb,
  tickets: config.demoTickets,
  logLevel: config.logLevel,
  logPretty: config.logPretty,
});

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

/** A first start's load begun by the command line's entry, for the server to take over (takeBegunDemoLoad). */
type Begun = { dataDir: string; release: () => void; loaded: Promise<boolean> };
let begun: Begun | null = null;

/**
 * What `clinidesk serve` with these arguments (after `serve`) sets that the load depends on, or null when they are
 * not only the options this knows (port, host, --dev): then the command decides everything itself, as before.
 */
export function serveOverrides(args: readonly string[], env: NodeJS.ProcessEnv): Partial<Config> | null {
  // Several workers are refused on the embedded database, by the command: nothing to begin.
  if (args[0] !== 'serve' || (env.CLINIDESK_WORKERS ?? '1') !== '1') return null;
  const overrides: Partial<Config> = {};
  for (let i = 1; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--dev') {
      if (env.CLINIDESK_LOG_PRETTY === undefined) overrides.logPretty = true;
    } else if (arg === '-p' || arg === '--port' || arg === '--host') {
      if (args[i + 1] === undefined || args[i + 1]!.startsWith('-')) return null;
      i++;
    } else if (!/^--(port|host)=./.test(arg)) return null;
  }
  return overrides;
}

/**
 * The command line's entry calls this first: when `args` are a `serve` on an embedded data folder with no database
 * yet (and the demo wanted), it takes the folder's lock and begins the load in its own process (loadDemoApart), for
 * createContextAndApp to take over. In every other case, or when anything is amiss (a bad setting, the folder busy),
 * it does nothing: the command then finds and reports it as it always has.
 */
export function beginDemoLoad(args: readonly string[], env: NodeJS.ProcessEnv): void {
  const overrides = serveOverrides(args, env);
  if (!overrides || begun) return;
  let config: Config;
  let release: () => void;
  try {
    config = loadConfig(env, overrides);
    if (config.databaseUrl || !config.seedDemo || !isFreshDataDir(config.dataDir)) return;
    release = lockDataDir(config.dataDir);
  } catch {
    return;
  }
  const loaded = loadDemoApart(demoApartArgs(config), env);
  loaded.catch(() => {}); // the server awaits it, and reports a failure then
  begun = { dataDir: path.resolve(config.dataDir), release, loaded };
}

/** The load beginDemoLoad began on `dataDir`, with the lock it holds, once; null when none was begun there. */
export function takeBegunDemoLoad(dataDir: string): Omit<Begun, 'dataDir'> | null {
  if (!begun || begun.dataDir !== path.resolve(dataDir)) return null;
  const { release, loaded } = begun;
  begun = null;
  return { release, loaded };
}
