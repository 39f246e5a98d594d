// Runs a maintenance command with the database open and migrated, then closes everything.
import { createContextAndApp } from '../main.ts';
import type { AppContext } from '../platform/context.ts';

export async function withMaintenanceContext(
  opts: { seedDemo: boolean },
  fn: (ctx: AppContext) => Promise<void>,
): Promise<void> {
  const { ctx, close } = await createContextAndApp({
    seedDemo: opts.seedDemo,
    logLevel: process.env.CLINIDESK_LOG_LEVEL ?? 'warn',
  });
  try {
    await fn(ctx);
  } finally {
    await close();
  }
}
