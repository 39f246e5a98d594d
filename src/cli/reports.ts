// `clinidesk reports rebuild`: recompute the reports' per-ticket facts from the raw tickets (idempotent).
import type { Command } from 'commander';
import { rebuildFacts } from '../features/reports/refresh.ts';
import { withMaintenanceContext } from './context.ts';

export function registerReports(program: Command) {
  const reports = program.command('reports').description('the reports’ maintained aggregates');
  reports
    .command('rebuild')
    .description('throw away and recompute every ticket’s report facts from the tickets’ history')
    .action(() =>
      withMaintenanceContext({ seedDemo: false }, async (ctx) => {
        const started = Date.now();
        const n = await rebuildFacts(ctx, (done) => {
          if (done % 50_000 === 0) console.log(`  ${done} tickets…`);
        });
        console.log(`Rebuilt the report facts of ${n} tickets in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
      }),
    );
}
