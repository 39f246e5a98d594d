// Two test projects: fast unit/integration tests, and end-to-end flows through Chromium.
import { fileURLToPath } from 'node:url';
import { configDefaults, defineConfig } from 'vitest/config';
import { databaseFreeTests, unitTestFiles } from './test/database-free.ts';

const root = fileURLToPath(new URL('.', import.meta.url));
const onPostgres = Boolean(process.env.TEST_DATABASE_URL);

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'web/src/**/*.test.ts'],
          // The PostgreSQL pass (CI's second) runs what touches a database; the pure rules, forms and property tests
          // ran in the PGlite pass and would only repeat there (test/database-free.ts finds them by their imports).
          exclude: [
            ...configDefaults.exclude,
            ...(onPostgres && !process.env.CLINIDESK_ALL_TESTS ? databaseFreeTests(root, unitTestFiles(root)) : []),
          ],
          globalSetup: ['test/global-setup.ts'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 60_000,
          // Vitest's default is one worker fewer than the cores: one on a 2-core machine. Two on PGlite (each file's
          // database lives in its worker). One on PostgreSQL for now: the outbox readers and the audit sealer no longer
          // wait for other databases' transactions (platform/events/outbox.ts), but with two workers the phone-routing
          // tests (cti.test.ts) failed beside another file while passing alone; not yet understood (docs/decisions.md).
          maxWorkers: onPostgres ? 1 : 2,
          // Files in a worker share its process and modules: 320 s instead of 568 s on PostgreSQL (docs/decisions.md).
          isolate: false,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['e2e/**/*.test.ts'],
          globalSetup: ['e2e/global-setup.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // expect.poll's own default is 1 s: under load a page's next request can take longer than that (two specs at
          // once made incident-comms' poll for the banners' first read miss). Playwright's own waits allow 15 s.
          expect: { poll: { timeout: 15_000 } },
          // One spec at a time by default. Each spec has its own server and database, so CLINIDESK_E2E_WORKERS=2
          // runs two at once; on a busy 2-core machine that made specs time out (docs/decisions.md), so CI keeps one.
          fileParallelism: Boolean(process.env.CLINIDESK_E2E_WORKERS),
          maxWorkers: Number(process.env.CLINIDESK_E2E_WORKERS ?? 1),
          // The specs share the worker's modules (the server's code is imported once, not once per spec: ~4 s a spec).
          isolate: false,
        },
      },
    ],
  },
});
