// The first start's demo load on the embedded database runs in a process of its own, which has exited before the
// server opens the data folder; a PostgreSQL server (CI's second run) loads in the serving process, as before.
// `clinidesk serve` begins that load before it loads the server's own modules: which arguments let it, what the
// command line's entry loads first, and a real first `serve` that way.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { onPostgres } from '../test/db.ts';
import { CLINIDESK } from './app.ts';
import { DEMO_PASSWORD } from './demo/accounts.ts';
import { beginDemoLoad, isFreshDataDir, loadDemoApart, serveOverrides, takeBegunDemoLoad } from './demo-apart.ts';
import { createContextAndApp } from './main.ts';
import { openDatabase } from './platform/db/connect.ts';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'clinidesk-demo-apart-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const args = (dataDir: string) => ({ dataDir, sharedBuffersMb: 16, tickets: 40, logLevel: 'silent', logPretty: false });
/** A first start's environment on `dataDir`: a small demo, no SMTP listener, no PostgreSQL. */
const firstStartEnv = (dataDir: string, more: NodeJS.ProcessEnv) => ({
  ...envWithout(),
  CLINIDESK_DATA_DIR: dataDir,
  CLINIDESK_DEMO_TICKETS: '20',
  CLINIDESK_SMTP_PORT: '0',
  ...more,
});
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

describe('the first load begun before the server loads (clinidesk serve)', () => {
  it('is begun for a serve with only a port, a host or --dev; anything else leaves it to the command', () => {
    expect(serveOverrides(['serve'], {})).toEqual({});
    expect(serveOverrides(['serve', '-p', '8080', '--host', '127.0.0.1'], {})).toEqual({});
    expect(serveOverrides(['serve', '--port=0', '--host=::'], {})).toEqual({});
    expect(serveOverrides(['serve', '--dev'], {})).toEqual({ logPretty: true });
    // $CLINIDESK_LOG_PRETTY decides over --dev, as it does for the server.
    expect(serveOverrides(['serve', '--dev'], { CLINIDESK_LOG_PRETTY: 'false' })).toEqual({});
    for (const args of [
      ['migrate'],
      [],
      ['serve', '--no-seed'],
      ['serve', '--workers', '2'],
      ['serve', '-w', '1'],
      ['serve', '--help'],
      ['serve', '--port'],
      ['serve', '--port', '--dev'],
      ['serve', 'extra'],
    ]) {
      expect(serveOverrides(args, {}), args.join(' ')).toBeNull();
    }
    expect(serveOverrides(['serve'], { CLINIDESK_WORKERS: '2' })).toBeNull();
  });

  it('is begun by an entry that loads neither the server, the features nor the database drivers first', () => {
    const entry = fs.readFileSync(new URL('./cli/index.ts', import.meta.url), 'utf8');
    const statics = [...entry.matchAll(/^import .*?from '([^']+)';$/gm)].map((m) => m[1]);
    expect(statics).toEqual(['../demo-apart.ts']);
    // What importing that module loads, recorded by a resolve hook in a process of its own.
    const dir = fs.mkdtempSync(path.join(tmp, 'loads-'));
    const loads = path.join(dir, 'loads.txt');
    fs.writeFileSync(
      path.join(dir, 'hooks.mjs'),
      `import fs from 'node:fs';
export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  fs.appendFileSync(${JSON.stringify(loads)}, resolved.url + '\\n');
  return resolved;
}`,
    );
    fs.writeFileSync(
      path.join(dir, 'register.mjs'),
      `import { register } from 'node:module';\nregister('./hooks.mjs', import.meta.url);\n`,
    );
    const demoApart = new URL('./demo-apart.ts', import.meta.url).href;
    const run = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        '--import',
        path.join(dir, 'register.mjs'),
        '--input-type=module',
        '-e',
        `await import(${JSON.stringify(demoApart)})`,
      ],
      { encoding: 'utf8' },
    );
    expect(run.status, run.stderr).toBe(0);
    const loaded = fs.readFileSync(loads, 'utf8').split('\n').filter(Boolean);
    expect(loaded.some((u) => u.endsWith('/src/platform/config.ts'))).toBe(true);
    const heavy = loaded.filter((u) =>
      /\/src\/(main|app)\.ts$|\/src\/features\/|\/src\/platform\/db\/connect\.ts$|node_modules\/(fastify|@electric-sql|drizzle-orm|pg)\//.test(
        u,
      ),
    );
    expect(heavy).toEqual([]);
  }, 60_000);

  it.skipIf(onPostgres)(
    'is taken over by the server, which waits for it instead of loading again',
    async () => {
      const dataDir = path.join(tmp, 'begun');
      const env = firstStartEnv(dataDir, { CLINIDESK_LOG_LEVEL: 'silent' });
      beginDemoLoad(['serve', '--port', '0'], env);
      const inThisProcess = vi.spyOn(CLINIDESK.demo, 'seed');
      const { seeded, close } = await createContextAndApp({ env });
      try {
        expect(seeded).toBe(true);
        expect(inThisProcess).not.toHaveBeenCalled();
        expect(takeBegunDemoLoad(dataDir)).toBeNull();
      } finally {
        inThisProcess.mockRestore();
        await close();
      }
      // Nothing is begun where the data folder has a database already.
      beginDemoLoad(['serve'], env);
      expect(takeBegunDemoLoad(dataDir)).toBeNull();
    },
    120_000,
  );

  it.skipIf(onPostgres)(
    'serves the demo loaded beside it on a fresh data folder',
    async () => {
      const dataDir = path.join(tmp, 'serve-fresh');
      const env = firstStartEnv(dataDir, { CLINIDESK_LOG_LEVEL: 'info', CLINIDESK_LOG_PRETTY: 'false' });
      const cli = fileURLToPath(new URL('../bin/clinidesk.js', import.meta.url));
      const child = spawn(process.execPath, [cli, 'serve', '--port', '0', '--host', '127.0.0.1'], { env });
      try {
        let out = '';
        const url = await new Promise<string>((resolve, reject) => {
          child.stdout.on('data', (d) => {
            out += d;
            const m = /running at (http:\/\/\S+)/.exec(out);
            if (m) resolve(m[1]!);
          });
          child.stderr.on('data', (d) => {
            out += d;
          });
          child.once('exit', (code) => reject(new Error(`serve exited (${code}) before listening: ${out}`)));
        });
        // The load ran in a process of its own, which said so before the server listened.
        const lines = out
          .split('\n')
          .filter((l) => l.startsWith('{'))
          .map((l) => JSON.parse(l) as { pid: number; msg: string });
        const loading = lines.find((l) => l.msg.startsWith('loading the demo hospital'));
        expect(loading).toBeDefined();
        expect(loading!.pid).not.toBe(child.pid);
        expect(lines.find((l) => l.msg === 'demo hospital loaded')?.pid).toBe(loading!.pid);
        const login = await fetch(`${url}/api/v1/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: 'agent', password: DEMO_PASSWORD }),
        });
        expect(login.status).toBe(200);
      } finally {
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
      }
    },
    120_000,
  );
});
