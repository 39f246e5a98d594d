// Child-process entry for the benchmark: runs the Clinidesk server in its own process so the figures (and the memory
// read from /proc/<pid>/status) are the server's, not the load generator's.
//
//   node --import tsx bench/server.ts --data-dir <folder> [--database-url postgres://…] [--port 0]
//
// Prints one JSON line {"benchServer":{"url","pid","listeners"}} on stdout once listening. Stops on SIGTERM/SIGINT,
// and when its stdin closes (the parent died), so a crashed benchmark never leaves a server behind.
// Reads commands from the bench on stdin, one JSON line each, and answers each with one line {"benchReply": …}
// (bench/email-commands.ts: the clinicians' addresses on file, a burst of queued notifications).
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { isWorker, reportListening, startWorkers, workersRefusal } from '../src/cli/workers.ts';
import { startServer } from '../src/main.ts';
import { runCommand } from './email-commands.ts';
import { topUpSurveyAnswers } from './surveys.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.BENCH_PORT ?? '0' },
    'data-dir': { type: 'string', default: process.env.BENCH_DATA_DIR },
    'database-url': { type: 'string', default: process.env.BENCH_SERVER_DATABASE_URL },
  },
});

const dataDir = values['data-dir'];
if (!dataDir) {
  console.error('bench/server.ts: --data-dir is required');
  process.exit(2);
}

// BENCH_WORKERS=N (PostgreSQL only): N server processes on one port, as `clinidesk serve --workers N` runs them. This
// process is then the primary: it prints the address once every worker listens, and answers no commands.
const workers = Number(process.env.BENCH_WORKERS ?? 1);
if (workers > 1 && !isWorker()) {
  const refusal = workersRefusal(workers, values['database-url']);
  if (refusal) {
    console.error(`bench/server.ts: ${refusal}`);
    process.exit(2);
  }
  const url = await startWorkers(workers, (line) => console.error(line));
  process.stdin.on('end', () => process.kill(process.pid, 'SIGTERM'));
  process.stdin.resume();
  createInterface({ input: process.stdin }).on('line', (line) => {
    if (line.trim())
      process.stdout.write(`${JSON.stringify({ benchReply: { error: 'no commands with BENCH_WORKERS' } })}\n`);
  });
  process.stdout.write(`${JSON.stringify({ benchServer: { url, pid: process.pid, listeners: {} } })}\n`);
} else {
  await serveHere();
}

async function serveHere() {
  const server = await startServer({
    host: '127.0.0.1',
    port: Number(values.port),
    dataDir,
    ...(values['database-url'] ? { databaseUrl: values['database-url'] } : {}),
    seedDemo: true,
    // BENCH_TICKETS scales the demo history (e.g. 100000 or 1000000) for queue and search figures at size.
    ...(process.env.BENCH_TICKETS ? { demoTickets: Number(process.env.BENCH_TICKETS) } : {}),
    logLevel: process.env.BENCH_SERVER_LOG_LEVEL ?? 'warn',
  });

  // Survey answers at the ratio (300,000 per 1,000,000 tickets) when a large history is asked for: the demo's
  // own survey policy gives far fewer (bench/surveys.ts says why). BENCH_SURVEY_ANSWERS sets the count, 0 keeps the demo's.
  const answers = Number(
    process.env.BENCH_SURVEY_ANSWERS ??
      (process.env.BENCH_TICKETS ? Math.round(0.3 * Number(process.env.BENCH_TICKETS)) : 0),
  );
  if (server.seeded && answers > 0) {
    const t0 = Date.now();
    const { demo, added } = await topUpSurveyAnswers(server.ctx.database, answers);
    process.stdout.write(
      `bench: ${demo} survey answers from the demo, ${added} added by the bench (${((Date.now() - t0) / 1000).toFixed(1)} s)\n`,
    );
  }

  let closing = false;
  async function shutdown(code: number) {
    if (closing) return;
    closing = true;
    try {
      await server.close();
    } catch (err) {
      console.error('bench/server.ts: close failed', err);
      code = 1;
    }
    process.exit(code);
  }

  process.on('SIGTERM', () => void shutdown(0));
  if (isWorker()) {
    // The primary prints the address and stops this worker with SIGTERM; Ctrl-C is the primary's to handle.
    process.on('SIGINT', () => {});
    reportListening(server.url);
    return;
  }
  process.on('SIGINT', () => void shutdown(0));
  process.stdin.on('end', () => void shutdown(0));
  process.stdin.on('error', () => void shutdown(0));
  process.stdin.resume();
  // One command at a time, in order: the bench matches answers to commands by their order.
  let commands = Promise.resolve();
  createInterface({ input: process.stdin }).on('line', (line) => {
    if (!line.trim()) return;
    commands = commands.then(async () => {
      let reply: unknown;
      try {
        reply = await runCommand(server.ctx, JSON.parse(line) as Record<string, unknown>);
      } catch (err) {
        reply = { error: err instanceof Error ? err.message : String(err) };
      }
      process.stdout.write(`${JSON.stringify({ benchReply: reply })}\n`);
    });
  });

  const listeners = Object.fromEntries(server.listeners.map((l) => [l.name, l.port]));
  process.stdout.write(`${JSON.stringify({ benchServer: { url: server.url, pid: process.pid, listeners } })}\n`);
}
