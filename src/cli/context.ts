// Runs a maintenance command with the database open and migrated, then closes everything.
import { createContextAndApp } from '../main.ts';
import type { AppContext } from '../platform/context.ts';
import { DataDirBusy } from '../platform/db/data-dir-lock.ts';

/** What the person can do instead while the desk runs, given the address of its web app (`http://localhost:P`). */
export type WhileRunning = (webApp: string | null) => string;

export async function withMaintenanceContext(
  opts: { seedDemo: boolean; whileRunning?: WhileRunning },
  fn: (ctx: AppContext) => Promise<void>,
): Promise<void> {
  let opened: Awaited<ReturnType<typeof createContextAndApp>>;
  try {
    opened = await createContextAndApp({
      seedDemo: opts.seedDemo,
      background: false, // the desk's jobs and listeners are the running server's, not a command's
      logLevel: process.env.CLINIDESK_LOG_LEVEL ?? 'warn',
    });
  } catch (err) {
    if (!(err instanceof DataDirBusy)) throw err;
    refuseBusy(err, opts.whileRunning);
    return;
  }
  try {
    await fn(opened.ctx);
  } finally {
    await opened.close();
  }
}

/** The embedded database has one owner: say which server holds it and what to do, never a stack trace. */
export function refuseBusy(err: DataDirBusy, whileRunning?: WhileRunning): void {
  const webApp = err.port ? `http://localhost:${err.port}` : null;
  const instead = whileRunning ? `, ${whileRunning(webApp)}` : '';
  console.error(`${err.message} (Ctrl+C where it runs, or kill ${err.pid})${instead}.`);
  process.exitCode = 3;
}
