// The first start's demo load on the embedded database runs in a process of its own, which has exited before the
// server opens the data folder; a PostgreSQL server (CI's second run) loads in the serving process, as before.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { onPostgres } from '../test/db.ts';
import { CLINIDESK } from './app.ts';
import { isFreshDataDir, loadDemoApart } from './demo-apart.ts';
import { createContextAndApp } from './main.ts';
import { openDatabase } from './platform/db/connect.ts';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'clinidesk-demo-apart-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const args = (dataDir: string) => ({ dataDir, sharedBuffersMb: 16, tickets: 40, logLevel: 'silent', logPretty: false });
const envWithout = () => {
  const env = { ...process.env };
  delete env.DATABASE_URL;
  return env;
};

describe.skipIf(onPostgres)('the demo hospital loaded apart (embedded database)', () => {
  it('creates, migrates and loads a fresh folder in a child process, then finds nothing to load there', async () => {
    const dataDir = path.join(tmp, 'fresh');
    expect(isFreshDataDir(dataDir)).toBe(true);
    await expect(loadDemoApart(args(dataDir), envWithout())).resolves.toBe(true);
    expect(isFreshDataDir(dataDir)).toBe(false);
    // The child has exited and closed the database: this process opens it and finds the demo hospital.
    const database = await openDatabase({ dataDir, sharedBuffersMb: 16 });
    try {
      const [row] = await database.query<{ tickets: number; users: number }>(
        'SELECT (SELECT count(*)::int FROM tickets) tickets, (SELECT count(*)::int FROM users) users',
      );
      expect(row!.tickets).toBe(40);
      expect(row!.users).toBeGreaterThan(0);
    } finally {
      await database.close();
    }
    await expect(loadDemoApart(args(dataDir), envWithout())).resolves.toBe(false);
  }, 120_000);

  it('says the load stopped, and where, when the child cannot load it', async () => {
    // A file where the data folder should be: the child cannot create the database there.
    const blocked = path.join(tmp, 'blocked');
    fs.writeFileSync(blocked, 'not a folder');
    // (The child's own error is printed to this run's output: the person starting the desk sees it there.)
    await expect(loadDemoApart(args(blocked), envWithout())).rejects.toThrow(
      `Loading the demo hospital into ${blocked} stopped (exit code 1); its messages are above.`,
    );
  }, 120_000);

  it('is how a first start gets its demo: the server opens the loaded folder and serves it', async () => {
    const dataDir = path.join(tmp, 'served');
    const inThisProcess = vi.spyOn(CLINIDESK.demo, 'seed');
    const { app, seeded, close } = await createContextAndApp({
      dataDir,
      seedDemo: true,
      demoTickets: 30,
      logLevel: 'silent',
      env: { ...envWithout(), CLINIDESK_SMTP_PORT: '0' },
    });
    try {
      expect(seeded).toBe(true);
      expect(inThisProcess).not.toHaveBeenCalled();
      const login = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: 'agent', password: 'clinidesk-demo' },
      });
      expect(login.statusCode).toBe(200);
    } finally {
      inThisProcess.mockRestore();
      await close();
    }
  }, 120_000);
});
