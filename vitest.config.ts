// Two test projects: fast unit/integration tests, and end-to-end flows through Chromium.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'web/src/**/*.test.ts'],
          globalSetup: ['test/global-setup.ts'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 60_000,
          // Vitest's default is one worker fewer than the cores: one on a 2-core machine, which leaves a core idle
          // while PGlite works in the worker. Two on PGlite, where each file's database lives in its own worker. One
          // on a PostgreSQL server: a transaction ids' snapshot spans the whole server, so another file's open
          // transaction (in its own database) holds back this file's outbox readers and audit sealer, and tests that
          // wait for an event or a seal fail (seen: events, crash-recovery and survey-answer tests).
          maxWorkers: process.env.TEST_DATABASE_URL ? 1 : 2,
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
          fileParallelism: false,
        },
      },
    ],
  },
});
