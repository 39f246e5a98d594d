// The `clinidesk` command line's commands (cli/index.ts is its entry): serve, migrate, seed, accounts, tokens, audit,
// directory import, backup and restore.
import fs from 'node:fs';
import { Argument, Command, InvalidArgumentError } from 'commander';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../demo/accounts.ts';
import { DEFAULT_DEMO_TICKETS, MAX_DEMO_TICKETS, seedDemo } from '../demo/seed.ts';
import { importCsv } from '../features/directory/import.ts';
import { IMPORT_KINDS, type ImportKind } from '../features/directory/import-rules.ts';
import { IMPORT_MAX_BYTES } from '../features/directory/schemas.ts';
import { startServer } from '../main.ts';
import { cliMeta } from '../platform/actor.ts';
import { verifyAuditTrail } from '../platform/audit/service.ts';
import { backup, restore } from '../platform/db/backup.ts';
import { DataDirBusy } from '../platform/db/data-dir-lock.ts';
import { registerAccounts } from './accounts.ts';
import { refuseBusy, withMaintenanceContext } from './context.ts';
import { registerReports } from './reports.ts';
import { registerSimulate } from './simulate.ts';
import { isWorker, MAX_WORKERS, reportListening, startWorkers, workersRefusal } from './workers.ts';

const program = new Command('clinidesk').description('Clinidesk, the clinical service desk').showHelpAfterError();

const port = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('a port number 0–65535');
  return n;
};

program
  .command('serve')
  .description('migrate the database, load the demo hospital on first run, and serve the API and web app')
  .option('-p, --port <port>', 'port to listen on (default: $PORT or 8080)', port)
  .option('--host <host>', 'address to bind (default: $HOST or 0.0.0.0)')
  .option('--no-seed', 'do not load the demo hospital into an empty database')
  .option('--dev', 'development: human-readable logs (unless $CLINIDESK_LOG_PRETTY says otherwise)')
  .option(
    '-w, --workers <n>',
    'server processes sharing the port, for a PostgreSQL server (default: $CLINIDESK_WORKERS or 1)',
    (v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1 || n > MAX_WORKERS) throw new InvalidArgumentError(`1–${MAX_WORKERS}`);
      return n;
    },
  )
  .action(async (o: { port?: number; host?: string; seed: boolean; dev?: boolean; workers?: number }) => {
    const workers = o.workers ?? Number(process.env.CLINIDESK_WORKERS ?? 1);
    if (workers > 1 && !isWorker()) {
      const refusal = workersRefusal(workers, process.env.DATABASE_URL);
      if (refusal) fail(refusal);
      const url = await startWorkers(workers, (line) => console.error(line));
      console.log(`\nClinidesk is running at ${url} (${workers} workers, pid ${process.pid})`);
      console.log('  database: PostgreSQL server');
      console.log(`  API docs: ${url}/api/docs`);
      return;
    }
    const server = await startServer({
      port: o.port,
      host: o.host,
      ...(o.seed ? {} : { seedDemo: false }),
      ...(o.dev ? { logPretty: true } : {}),
    });
    if (isWorker()) {
      // The primary prints the address once; it stops this worker with SIGTERM.
      reportListening(server.url);
      // Ctrl-C reaches every process of the terminal's group: the primary stops the workers in order.
      process.on('SIGINT', () => {});
      process.once('SIGTERM', async () => {
        await server.close();
        process.exit(0);
      });
      return;
    }
    const { config } = server.ctx;
    console.log(`\nClinidesk is running at ${server.url}`);
    console.log(`  database: ${config.databaseUrl ? 'PostgreSQL server' : `embedded, in ${config.dataDir}`}`);
    console.log(`  API docs: ${server.url}/api/docs`);
    if (config.seedDemo) {
      console.log(`  demo sign-in: ${DEMO_ACCOUNTS.map((a) => a.username).join(', ')} — password "${DEMO_PASSWORD}"`);
    }
    const stop = async () => {
      await server.close();
      process.exit(0);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });

program
  .command('migrate')
  .description('apply pending database migrations and exit')
  .action(() => withMaintenanceContext({ seedDemo: false }, async () => console.log('Database schema is current.')));

program
  .command('seed')
  .description('load the demo hospital into an empty database')
  .requiredOption('--demo', 'the demo hospital (the only data set for now)')
  .option(
    '--tickets <n>',
    `tickets in the 12-month history (default $CLINIDESK_DEMO_TICKETS or ${DEFAULT_DEMO_TICKETS}; up to ${MAX_DEMO_TICKETS})`,
    (v) => {
      const n = Number(v.replaceAll('_', ''));
      if (!Number.isSafeInteger(n) || n < 0 || n > MAX_DEMO_TICKETS) {
        throw new InvalidArgumentError(`a whole number from 0 to ${MAX_DEMO_TICKETS}`);
      }
      return n;
    },
  )
  .option('--now <time>', 'end the history at this ISO time instead of now (same time and size: same rows)', (v) => {
    const at = new Date(v);
    if (Number.isNaN(at.getTime())) throw new InvalidArgumentError('an ISO date-time such as 2026-01-31T12:00:00Z');
    return at;
  })
  .action((o: { tickets?: number; now?: Date }) =>
    withMaintenanceContext({ seedDemo: false }, async (ctx) => {
      const started = Date.now();
      const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
      const count = (n: number) => n.toLocaleString('en-US');
      const tickets = o.tickets ?? ctx.config.demoTickets ?? DEFAULT_DEMO_TICKETS;
      const done = await seedDemo(ctx.database, cliMeta(), {
        tickets,
        now: o.now,
        onProgress: (n, total) => console.log(`  ${count(n)} of ${count(total)} tickets (${elapsed()})`),
      });
      console.log(
        done
          ? `Demo hospital loaded: ${count(tickets)} tickets in ${elapsed()}.`
          : 'The database already has accounts; nothing loaded.',
      );
    }),
  );

program
  .command('audit')
  .description('the audit trail')
  .command('verify')
  .description('recompute the audit hash chain; exits 1 if any entry was altered, removed or reordered')
  .action(() =>
    withMaintenanceContext({ seedDemo: false }, async (ctx) => {
      const result = await verifyAuditTrail(ctx.database);
      if (result.ok) {
        console.log(
          `Audit trail intact: ${result.checked} entries verified${result.unsealed ? ` (${result.unsealed} still being written)` : ''}.`,
        );
        return;
      }
      console.error(
        `Audit trail BROKEN at entry ${result.brokenAt} (${result.reason}); ${result.checked} entries before it are intact.`,
      );
      process.exitCode = 1;
    }),
  );

program
  .command('import')
  .description('import a CSV of facilities, units, people or services (columns: docs/import.md); all rows or none')
  .addArgument(new Argument('<kind>', 'what the file holds').choices(IMPORT_KINDS))
  .argument('<file>', 'the CSV file, UTF-8, header row first')
  .option('--dry-run', 'check every row and count what would change, but write nothing')
  .action((kind: ImportKind, file: string, o: { dryRun?: boolean }) => {
    if (!fs.existsSync(file)) fail(`No file at ${file}.`);
    const bytes = fs.readFileSync(file);
    if (bytes.length > IMPORT_MAX_BYTES) fail(`${file} is larger than 10 MB; split it.`);
    // Not fatal: bytes that are not UTF-8 become U+FFFD, which the checks report by line.
    const csv = new TextDecoder('utf-8').decode(bytes);
    const fromImportTab = (webApp: string | null) =>
      `or import the file while the desk runs: Admin → CSV import (${webApp ?? ''}/admin?tab=import)`;
    return withMaintenanceContext({ seedDemo: false, whileRunning: fromImportTab }, async (ctx) => {
      const report = await importCsv(ctx, cliMeta(), kind, csv, o.dryRun === true);
      for (const e of report.errors) console.error(`  line ${e.line}, ${e.field}: ${e.message}`);
      if (!report.ok) {
        console.error(`${file}: ${report.errors.length} problem(s) in ${report.rows} rows; nothing was imported.`);
        process.exitCode = 1;
        return;
      }
      const counts = `${report.created} to create, ${report.updated} to update`;
      console.log(
        report.dryRun
          ? `Dry run: all ${report.rows} rows of ${kind} are valid (${counts}); nothing was written.`
          : `Imported ${report.rows} rows of ${kind}: ${report.created} created, ${report.updated} updated.`,
      );
    });
  });

program
  .command('backup <file>')
  .description('back up the database (embedded: a .tar.gz of the data folder; PostgreSQL: a pg_dump SQL file)')
  .action(async (file: string) => {
    const { loadConfig } = await import('../platform/config.ts');
    console.log(`Backup written to ${await backup(loadConfig(), file)}`);
  });

program
  .command('restore <file>')
  .description('restore a backup made by `clinidesk backup` into an empty database')
  .option('--force', 'replace a database that is not empty (the embedded one is kept aside, not deleted)')
  .action(async (file: string, o: { force?: boolean }) => {
    const { loadConfig } = await import('../platform/config.ts');
    console.log(await restore(loadConfig(), file, o.force === true));
  });

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

registerAccounts(program, fail);
registerSimulate(program);
registerReports(program);

program.parseAsync(process.argv).catch((err: Error) => {
  if (err instanceof DataDirBusy) return refuseBusy(err);
  console.error(`clinidesk: ${err.message}`);
  process.exit(1);
});
