// `clinidesk serve --workers N`: N server processes on one machine, sharing one port and one PostgreSQL database
// (docs/scaling.md). Node's cluster module hands each new connection to the next worker; every worker is a complete
// Clinidesk instance (its own pool, jobs and live-event listener), which the design already allows: nothing a request
// needs lives in one process's memory (sessions, throttles, leases, the outbox cursor are all in the database).
//
// The first worker starts alone: it migrates the database and loads the demo on first run, so the others find it
// ready. A worker that dies is replaced; one that keeps dying at start stops the whole server with its reason rather
// than restarting forever. SIGTERM/SIGINT stop every worker gracefully (each closes its server, jobs and pool).
import cluster, { type Worker } from 'node:cluster';

/** What a worker tells the primary once it listens. */
type Listening = { clinideskListening: string };

/** A worker that exits this soon after it was started counts as failing to start. */
const EARLY_EXIT_MS = 10_000;
/** How many early exits in a row stop the server. */
const MAX_EARLY_EXITS = 3;

/** The most workers one machine gets: more processes than cores only add switching. */
export const MAX_WORKERS = 64;

/** Why several workers cannot run here, or null when they can. */
export function workersRefusal(workers: number, databaseUrl: string | undefined): string | null {
  if (!Number.isInteger(workers) || workers < 1 || workers > MAX_WORKERS)
    return `--workers must be a whole number from 1 to ${MAX_WORKERS}.`;
  if (workers > 1 && !databaseUrl)
    return (
      'Several workers need a PostgreSQL server: the embedded database belongs to one process. ' +
      'Set DATABASE_URL (docs/configuration.md), or run one worker.'
    );
  return null;
}

/**
 * In the primary: starts `workers` worker processes (this same command, which sees it is a worker and serves), and
 * resolves with the address once all of them listen (a replaced worker counts again, so it may resolve a little
 * early after a crash at start; the address is the same). A signal stops every worker, then this process.
 */
export function startWorkers(workers: number, log: (line: string) => void): Promise<string> {
  let stopping = false;
  let earlyExits = 0;
  const startedAt = new Map<Worker, number>();
  let firstUrl: string | null = null;

  const fork = () => {
    const worker = cluster.fork();
    startedAt.set(worker, Date.now());
    worker.on('exit', (code, signal) => {
      const lived = Date.now() - (startedAt.get(worker) ?? 0);
      startedAt.delete(worker);
      if (stopping) return;
      earlyExits = lived < EARLY_EXIT_MS ? earlyExits + 1 : 0;
      if (earlyExits >= MAX_EARLY_EXITS) {
        log(`clinidesk: workers keep stopping as they start (last: ${signal ?? `exit code ${code}`}); stopping.`);
        stopAll(1);
        return;
      }
      log(`clinidesk: worker ${worker.process.pid} stopped (${signal ?? `exit code ${code}`}); starting another.`);
      fork();
    });
    return worker;
  };

  const stopAll = (code: number) => {
    stopping = true;
    const running = [...startedAt.keys()];
    if (!running.length) process.exit(code);
    let left = running.length;
    for (const w of running) {
      w.once('exit', () => {
        left -= 1;
        if (left === 0) process.exit(code);
      });
      w.process.kill('SIGTERM');
    }
  };
  process.once('SIGINT', () => stopAll(0));
  process.once('SIGTERM', () => stopAll(0));

  return new Promise((resolve) => {
    let listening = 0;
    cluster.on('message', (_worker, m: Partial<Listening>) => {
      if (typeof m?.clinideskListening !== 'string') return;
      listening += 1;
      // The first worker migrated and seeded: the others start now.
      if (firstUrl === null) {
        firstUrl = m.clinideskListening;
        for (let i = 1; i < workers; i++) fork();
      }
      if (listening === workers) resolve(firstUrl);
    });
    fork();
  });
}

/** In a worker: tells the primary it listens. */
export function reportListening(url: string): void {
  const message: Listening = { clinideskListening: url };
  process.send?.(message);
}

export const isWorker = () => cluster.isWorker;
