// Process entry: configuration → database → migrations → demo data (first run) → events → HTTP → jobs.
// What the application is made of (features' routes and jobs, the demo) comes from ./app.ts.
import type { FastifyInstance, RouteOptions } from 'fastify';
import { CLINIDESK } from './app.ts';
import { demoApartArgs, isFreshDataDir, loadDemoApart, seedLogged, takeBegunDemoLoad } from './demo-apart.ts';
import { type Config, loadConfig } from './platform/config.ts';
import type { AppContext } from './platform/context.ts';
import { type Database, openDatabase } from './platform/db/connect.ts';
import { lockDataDir, recordServerPort } from './platform/db/data-dir-lock.ts';
import { migrate } from './platform/db/migrate.ts';
import { EventDispatcher } from './platform/events/dispatcher.ts';
import type { RunningListener } from './platform/features.ts';
import { limitHeapGrowth } from './platform/heap.ts';
import { buildApp } from './platform/http/app.ts';
import { databaseUpkeep } from './platform/jobs/database-upkeep.ts';
import { auditSealer, housekeeping } from './platform/jobs/housekeeping.ts';
import { RequestActivity } from './platform/jobs/pacing.ts';
import { startJobs } from './platform/jobs/runner.ts';
import { createLogger } from './platform/logging.ts';

export type StartOptions = {
  port?: number;
  host?: string;
  dataDir?: string;
  databaseUrl?: string;
  seedDemo?: boolean;
  /** Tickets in the demo history (default: $CLINIDESK_DEMO_TICKETS, else the seed's default). */
  demoTickets?: number;
  logLevel?: string;
  /** Human-readable logs (development); CLINIDESK_LOG_PRETTY, when set, decides instead. */
  logPretty?: boolean;
  /** An already open database (tests); closed with the server. */
  database?: Database;
  env?: NodeJS.ProcessEnv;
  /** Called for every route as it is registered (tests list the routes). */
  onRoute?: (route: RouteOptions) => void;
  /**
   * Run the background jobs and start the listeners beside the app (the mail listener, the mailbox poller); default
   * true. A maintenance command leaves them to the desk: on a shared PostgreSQL database the running server holds the
   * mail port, and a command's jobs would only compete with its own work (a demo load re-judged while it was written).
   */
  background?: boolean;
};

export type RunningServer = {
  url: string;
  app: FastifyInstance;
  ctx: AppContext;
  seeded: boolean;
  /** Servers beside the HTTP app that are running (e.g. the SMTP listener), with their ports. */
  listeners: RunningListener[];
  close(): Promise<void>;
};

function overrides(opts: StartOptions): Partial<Config> {
  const o: Partial<Config> = {};
  if (opts.port !== undefined) o.port = opts.port;
  if (opts.host !== undefined) o.host = opts.host;
  if (opts.dataDir !== undefined) o.dataDir = opts.dataDir;
  if (opts.databaseUrl !== undefined) o.databaseUrl = opts.databaseUrl;
  if (opts.seedDemo !== undefined) o.seedDemo = opts.seedDemo;
  if (opts.demoTickets !== undefined) o.demoTickets = opts.demoTickets;
  if (opts.logLevel !== undefined) o.logLevel = opts.logLevel;
  if (opts.logPretty !== undefined && (opts.env ?? process.env).CLINIDESK_LOG_PRETTY === undefined) {
    o.logPretty = opts.logPretty;
  }
  return o;
}

/** Opens the database, migrates it and builds the app, without listening (tests use app.inject). */
export async function createContextAndApp(opts: StartOptions = {}) {
  const config = loadConfig(opts.env ?? process.env, overrides(opts));
  const log = createLogger(config.logLevel, config.logPretty);
  // The embedded database belongs to one process: refuse a data folder another server is using. The command line's
  // entry may have taken the folder and begun its first load already (demo-apart.ts, beginDemoLoad).
  const embedded = !opts.database && !config.databaseUrl;
  const begun = embedded ? takeBegunDemoLoad(config.dataDir) : null;
  const release = begun?.release ?? (embedded ? lockDataDir(config.dataDir) : () => {});
  let seeded = false;
  // A first start on the embedded database creates and loads it in a process of its own (demo-apart.ts says why).
  const firstLoad =
    begun?.loaded ??
    (embedded && config.seedDemo && isFreshDataDir(config.dataDir)
      ? loadDemoApart(demoApartArgs(config), opts.env ?? process.env)
      : null);
  if (firstLoad) {
    try {
      seeded = await firstLoad;
    } catch (err) {
      release();
      throw err;
    }
  }
  const database =
    opts.database ??
    (await openDatabase({
      databaseUrl: config.databaseUrl,
      directUrl: config.databaseDirectUrl,
      preparedStatements: config.preparedStatements,
      warn: (message) => log.warn(message),
      replicaUrl: config.replica?.url,
      dataDir: config.dataDir,
      poolSize: config.dbPoolSize,
      sharedBuffersMb: config.pgliteSharedBuffersMb,
    }));
  const applied = await migrate(database);
  if (applied.length) log.info({ applied }, 'database migrated');
  if (config.seedDemo && (await CLINIDESK.demo.isEmpty(database))) {
    seeded = await seedLogged(database, CLINIDESK.demo.seed, log, config.demoTickets);
  }
  const events = new EventDispatcher(database, config.eventPollMs, (err) =>
    log.error({ err }, 'event dispatch failed'),
  );
  await events.start();
  const ctx: AppContext = {
    config,
    database,
    events,
    log,
    requests: new RequestActivity(),
    providerOrgOf: (userId) => CLINIDESK.providerOrgOf(database, userId),
  };
  const app = await buildApp(ctx, { features: CLINIDESK.features, onRoute: opts.onRoute });
  const background = opts.background ?? true;
  const stopJobs = background
    ? startJobs(ctx, [housekeeping, auditSealer, databaseUpkeep, ...CLINIDESK.features.flatMap((f) => f.jobs ?? [])])
    : async () => {};
  const listeners: RunningListener[] = [];
  const close = async () => {
    await stopJobs();
    for (const l of listeners) await l.close();
    await app.close();
    await events.stop();
    await database.close();
    release();
  };
  try {
    for (const l of background ? CLINIDESK.features.flatMap((f) => f.listeners ?? []) : []) {
      const running = await l.start(ctx);
      if (running) listeners.push(running);
    }
  } catch (err) {
    // A listener that cannot start (its port taken, a certificate unreadable) stops the whole start-up cleanly.
    await close();
    throw err;
  }
  return { ctx, app, seeded, listeners, close };
}

export async function startServer(opts: StartOptions = {}): Promise<RunningServer> {
  limitHeapGrowth();
  const { ctx, app, seeded, listeners, close } = await createContextAndApp(opts);
  const address = await app.listen({ port: ctx.config.port, host: ctx.config.host });
  const port = new URL(address).port;
  if (!opts.database && !ctx.config.databaseUrl) recordServerPort(ctx.config.dataDir, Number(port));
  const shownHost = ctx.config.host === '0.0.0.0' || ctx.config.host === '::' ? 'localhost' : ctx.config.host;
  const url = `http://${shownHost}:${port}`;
  // PORT=0 picked a free port: without CLINIDESK_PUBLIC_URL, links (and the sign-on redirect) name the real one.
  if (ctx.config.port === 0 && !(opts.env ?? process.env).CLINIDESK_PUBLIC_URL) ctx.config.publicUrl = url;
  return { url, app, ctx, seeded, listeners, close };
}
