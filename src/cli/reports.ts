// `clinidesk reports rebuild`: recompute the reports' per-ticket facts from the raw tickets (idempotent).
import type { Command } from 'commander';
import { rebuildFacts, rebuildRollup } from '../features/reports/refresh.ts';
import { withMaintenanceContext } from './context.ts';

export function registerReports(program: Command) {
  const reports = program.command('reports').description('the reports’ maintained aggregates');
  reports
    .command('rebuild')
    .description(
      'throw away and recompute every ticket’s report facts from the tickets’ history, then the monthly rollup',
    )
    .option('--rollup-only', 'keep the facts and recompute only the monthly rollup from them')
    .action((o: { rollupOnly?: boolean }) =>
      withMaintenanceContext({ seedDemo: false }, async (ctx) => {
        const started = Date.now();
        if (o.rollupOnly) {
          const months = await rebuildRollup(ctx);
          console.log(
            `Rebuilt the monthly rollup (${months} months) in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
          );
          return;
        }
        const n = await rebuildFacts(ctx, (done) => {
          if (done % 50_000 === 0) console.log(`  ${done} tickets…`);
        });
        console.log(`Rebuilt the report facts of ${n} tickets in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
      }),
    );
}
