// Starts bench/server.ts in its own Node process (compiled, as `npm start` runs the server), waits for its URL, reads
// its memory, stops it.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { buildBenchServer } from '../scripts/build-server.mjs';
import { SERVER_NODE_FLAGS } from '../scripts/server-flags.mjs';
import { benchStorage, cleanups, type DbKind } from './common.ts';

export type ServerProcess = {
  url: string;
  pid: number;
  /** Ports of the servers beside HTTP (e.g. `smtp` when CLINIDESK_SMTP_LISTEN=true). */
  listeners: Record<string, number>;
  /** Sends a command to bench/server.ts on its stdin and waits for its one-line answer (bench/server.ts lists them). */
  command<T>(cmd: Record<string, unknown>): Promise<T>;
  /** Current and peak resident memory in MiB, from /proc/<pid>/status (null off Linux). */
  memory(): { rssMiB: number; peakRssMiB: number } | null;
  /** Resets the kernel's peak-RSS mark (VmHWM) so the next reading is the peak since now. False if not allowed. */
  resetPeak(): boolean;
  stop(): Promise<void>;
};

// The server as `npm start` runs it: compiled, not under tsx (scripts/build-server.mjs `buildBenchServer`). Compiled
// once per bench process, when its first server starts.
let compiledEntry: string | undefined;
const serverEntry = () => {
  compiledEntry ??= buildBenchServer();
  return compiledEntry;
};

export async function startServerProcess(opts: {
  dataDir: string;
  databaseUrl?: string;
  startTimeoutMs?: number;
  /** Extra environment for the server (e.g. the SMTP listener and relay settings of bench/email.ts). */
  env?: Record<string, string>;
}): Promise<ServerProcess> {
  // The flags `npm start` gives the server, then BENCH_SERVER_NODE_ARGS: extra Node flags for the server alone, e.g.
  // "--cpu-prof --cpu-prof-dir=/tmp/prof" to see where a scenario's time goes (NODE_OPTIONS refuses --cpu-prof, and
  // would profile the load generator too), or "--max-semi-space-size=16" to try V8's default (the last one given wins).
  const nodeArgs = process.env.BENCH_SERVER_NODE_ARGS?.split(/\s+/).filter(Boolean) ?? [];
  const args = [...SERVER_NODE_FLAGS, ...nodeArgs, serverEntry(), '--data-dir', opts.dataDir];
  if (opts.databaseUrl) args.push('--database-url', opts.databaseUrl);
  // Only the command line chooses the database: a DATABASE_URL in the caller's environment must not leak in.
  const env = { ...process.env, ...opts.env };
  delete env.DATABASE_URL;
  const child = spawn(process.execPath, args, { env, stdio: ['pipe', 'pipe', 'inherit'] });
  const pid = child.pid;
  if (pid === undefined) throw new Error('could not spawn bench/server.ts');

  const replies: ((reply: unknown) => void)[] = [];
  const { url, listeners } = await waitForUrl(child, opts.startTimeoutMs ?? START_TIMEOUT_MS, (reply) =>
    replies.shift()?.(reply),
  );
  return {
    url,
    pid,
    listeners,
    command: <T>(cmd: Record<string, unknown>) =>
      new Promise<T>((resolve, reject) => {
        // Answers come in order, one line each: {"benchReply": …} or {"benchReply": {"error": "…"}}.
        replies.push((reply) => {
          const r = reply as { error?: string };
          if (r && typeof r === 'object' && typeof r.error === 'string') reject(new Error(r.error));
          else resolve(reply as T);
        });
        child.stdin?.write(`${JSON.stringify(cmd)}\n`);
      }),
    memory: () => readMemory(pid),
    resetPeak: () => {
      try {
        writeFileSync(`/proc/${pid}/clear_refs`, '5');
        return true;
      } catch {
        return false;
      }
    },
    stop: () => stopChild(child),
  };
}

/** Seeding a large history (BENCH_TICKETS) before listening takes a while: allow for it. */
export const START_TIMEOUT_MS =
  Number(process.env.BENCH_START_TIMEOUT_SECONDS ?? (process.env.BENCH_TICKETS ? 7200 : 120)) * 1000;

type Started = { url: string; listeners: Record<string, number> };

function waitForUrl(child: ChildProcess, timeoutMs: number, onReply: (reply: unknown) => void): Promise<Started> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    const fail = (err: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(err);
    };
    const timer = setTimeout(() => fail(new Error(`server did not start within ${timeoutMs} ms`)), timeoutMs);
    child.once('exit', (code, signal) => fail(new Error(`server exited before listening (${code ?? signal})`)));
    child.stdout?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      let nl = buffered.indexOf('\n');
      while (nl >= 0) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        if (line.startsWith('{"benchServer"')) {
          clearTimeout(timer);
          child.removeAllListeners('exit');
          const started = (JSON.parse(line) as { benchServer: { url: string; listeners?: Record<string, number> } })
            .benchServer;
          resolve({ url: started.url, listeners: started.listeners ?? {} });
        } else if (line.startsWith('{"benchReply"')) {
          onReply((JSON.parse(line) as { benchReply: unknown }).benchReply);
        } else if (line.trim()) {
          process.stderr.write(`[server] ${line}\n`);
        }
        nl = buffered.indexOf('\n');
      }
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** CPU seconds the server (and its workers) have used so far, from /proc (null off Linux). */
export function cpuSecondsOf(pid: number): number | null {
  const one = (p: number) => {
    try {
      // Fields after the command's closing parenthesis: utime and stime are the 12th and 13th (clock ticks).
      const fields = readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1]!.split(' ');
      return (Number(fields[11]) + Number(fields[12])) / 100;
    } catch {
      return null;
    }
  };
  const own = one(pid);
  if (own === null) return null;
  return childrenOf(pid).reduce((sum, c) => sum + (one(c) ?? 0), own);
}

/** The server's memory; with BENCH_WORKERS, the primary's and every worker's added up. */
function readMemory(pid: number): { rssMiB: number; peakRssMiB: number } | null {
  const own = readOneMemory(pid);
  if (!own) return null;
  for (const child of childrenOf(pid)) {
    const m = readOneMemory(child);
    if (m) {
      own.rssMiB = round(own.rssMiB + m.rssMiB);
      own.peakRssMiB = round(own.peakRssMiB + m.peakRssMiB);
    }
  }
  return own;
}

function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

function readOneMemory(pid: number): { rssMiB: number; peakRssMiB: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
    return { rssMiB: round(kib('VmRSS') / 1024), peakRssMiB: round(kib('VmHWM') / 1024) };
  } catch {
    return null;
  }
}

const round = (n: number) => Math.round(n * 10) / 10;

/**
 * One database's server for a bench that works through the demo (e-bonding, webhooks, live consoles): its throwaway
 * storage, the server in its own process with a demo of `demoTickets` tickets (BENCH_TICKETS overrides), stopped and
 * removed by the cleanups.
 */
export async function startDemoServer(
  kind: DbKind,
  label: string,
  opts: { demoTickets: number; env?: Record<string, string> },
): Promise<{ server: ServerProcess; databaseUrl?: string }> {
  const { dataDir, databaseUrl } = await benchStorage(kind, label);
  const t0 = performance.now();
  const server = await startServerProcess({
    dataDir,
    ...(databaseUrl ? { databaseUrl } : {}),
    env: { BENCH_TICKETS: process.env.BENCH_TICKETS ?? String(opts.demoTickets), ...opts.env },
  });
  cleanups.push(() => server.stop());
  console.log(
    `\n[${kind}] server pid ${server.pid} at ${server.url}, started in ${Math.round(performance.now() - t0)} ms`,
  );
  return { server, ...(databaseUrl ? { databaseUrl } : {}) };
}
