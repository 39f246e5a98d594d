// `clinidesk serve` as `npm start` runs it on a fresh clone: the web app still builds beside it (scripts/start.mjs) and
// says over IPC when it is done. The server gets its database ready meanwhile, and builds its routes only after.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { until } from '../../test/until.ts';

const BIN = fileURLToPath(new URL('../../bin/clinidesk.js', import.meta.url));
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'clinidesk-web-build-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** `clinidesk serve` on an empty data folder of its own, as npm start spawns it while the web app builds. */
function serveWhileBuilding(name: string) {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    CLINIDESK_DATA_DIR: path.join(tmp, name),
    CLINIDESK_LOG_LEVEL: 'info',
    CLINIDESK_WEB_BUILD: 'pending',
  };
  delete env.DATABASE_URL;
  const child = spawn(process.execPath, [BIN, 'serve', '--no-seed', '--port', '0'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const out = { text: '' };
  child.stdout!.on('data', (d) => {
    out.text += d;
  });
  child.stderr!.on('data', (d) => {
    out.text += d;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, out, exited };
}

// npm start on the embedded default; the same on a PostgreSQL server adds nothing (its pass skips it).
describe.skipIf(Boolean(process.env.TEST_DATABASE_URL))('clinidesk serve while npm start builds the web app', () => {
  it.concurrent('gets the database ready, waits for the build, then serves', async () => {
    const run = serveWhileBuilding('built');
    try {
      await until('the database migrated', () => run.out.text.includes('database migrated'), 120_000);
      // Ready, but not serving while the build runs.
      await new Promise((r) => setTimeout(r, 1500));
      expect(run.out.text).not.toContain('Clinidesk is running');
      run.child.send('web-built');
      const url = await until(
        'the server serving',
        () => /Clinidesk is running at (http:\/\/\S+)/.exec(run.out.text)?.[1],
        60_000,
      );
      const res = await fetch(`${url}/api/health`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ status: 'ok' });
    } finally {
      run.child.kill('SIGTERM');
      await run.exited;
    }
  }, 180_000);

  it.concurrent('stops with a plain message once its database is ready when the build failed, and exits 1', async () => {
    const run = serveWhileBuilding('failed');
    run.child.send('web-build-failed');
    expect(await run.exited).toBe(1);
    expect(run.out.text).toContain('clinidesk: The web app did not build.');
    expect(run.out.text).not.toContain('Clinidesk is running');
    expect(run.out.text).not.toMatch(/^\s+at /m);
    // Its database was left whole: migrated, and the data folder free for the next start.
    expect(run.out.text).toContain('database migrated');
    expect(fs.existsSync(path.join(tmp, 'failed', 'clinidesk.pid'))).toBe(false);
  }, 180_000);
});
