// The `clinidesk` command as a person runs it (a child process): while the desk runs on the embedded database, commands
// that need it say which server holds it and what to do instead; integration accounts never get a password.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const BIN = fileURLToPath(new URL('../../bin/clinidesk.js', import.meta.url));
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'clinidesk-cli-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const clinidesk = (dataDir: string, ...args: string[]) => clinideskWith({}, dataDir, ...args);

/** The command with these settings added to its environment. */
async function clinideskWith(settings: Record<string, string>, dataDir: string, ...args: string[]) {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    CLINIDESK_DATA_DIR: dataDir,
    CLINIDESK_LOG_LEVEL: 'silent',
    ...settings,
  };
  delete env.DATABASE_URL; // the embedded database is the one with a single owner
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { env, timeout: 120_000 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout: string; stderr: string };
    return { code: e.code ?? -1, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('clinidesk while the desk runs on the same data folder', () => {
  // A lock as a running server leaves it; this test process stands in for the server (alive, not the child).
  const busy = path.join(tmp, 'busy');
  fs.mkdirSync(busy);
  fs.writeFileSync(path.join(busy, 'clinidesk.pid'), JSON.stringify({ pid: process.pid, port: 45678 }));

  it('names the server and its port, and points to Admin → Integrations, without a stack trace', async () => {
    const [account, token] = await Promise.all([
      clinidesk(busy, 'user', 'create', '--username', 'pbx', '--role', 'integration'),
      clinidesk(busy, 'token', 'create', '--user', 'pbx', '--name', 'Asterisk cluster A'),
    ]);
    for (const result of [account, token]) {
      expect(result.code, result.stderr).toBe(3);
      expect(result.stderr).toContain(`The desk is running on ${busy} (pid ${process.pid}, port 45678)`);
      expect(result.stderr).toContain('Stop it first');
      expect(result.stderr).toContain('Admin → Integrations (http://localhost:45678/admin?tab=integrations)');
      expect(result.stderr).not.toMatch(/^\s+at /m);
      expect(result.stdout).toBe('');
    }
  }, 180_000);

  it('points an import to Admin → CSV import instead', async () => {
    const csv = path.join(tmp, 'facilities.csv');
    fs.writeFileSync(csv, 'code,name,time_zone\nSMMC-N,North Campus,America/Chicago\n');
    const result = await clinidesk(busy, 'import', 'facilities', csv);
    expect(result.code, result.stderr).toBe(3);
    expect(result.stderr).toContain('Admin → CSV import (http://localhost:45678/admin?tab=import)');
    expect(result.stderr).not.toMatch(/^\s+at /m);
  }, 180_000);
});

describe('clinidesk user create --role integration', () => {
  it('creates the account without printing a password, and refuses one', async () => {
    const dataDir = path.join(tmp, 'free');
    const createPbx = ['user', 'create', '-u', 'pbx', '-r', 'integration'];
    const refused = await clinidesk(dataDir, ...createPbx, '--password', 'x'.repeat(16));
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('Integration accounts have no password');

    const created = await clinidesk(dataDir, ...createPbx, '--purpose', 'Asterisk');
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toContain('Created integration account "pbx"');
    expect(created.stdout).not.toMatch(/password/i);
    expect(fs.existsSync(path.join(dataDir, 'clinidesk.pid'))).toBe(false);
  }, 180_000);
});

describe('a maintenance command beside a running desk', () => {
  it("leaves the running desk its mail port: a command opens the database, not the desk's listeners", async () => {
    // A server on a PostgreSQL database listens for mail on its port while an administrator runs a command against
    // the same database; this test's socket stands in for that server's SMTP listener.
    const held = net.createServer();
    await new Promise<void>((resolve) => held.listen(0, '127.0.0.1', resolve));
    const port = (held.address() as net.AddressInfo).port;
    try {
      const mailListener = {
        CLINIDESK_SMTP_LISTEN: 'true',
        CLINIDESK_SMTP_HOST: '127.0.0.1',
        CLINIDESK_SMTP_ADDRESSES: 'servicedesk@stmarys.example',
        CLINIDESK_SMTP_PORT: String(port),
      };
      const result = await clinideskWith(
        mailListener,
        path.join(tmp, 'beside'),
        'user',
        'create',
        '-u',
        'pbx2',
        '-r',
        'integration',
      );
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toContain('Created integration account "pbx2"');
    } finally {
      await new Promise((resolve) => held.close(resolve));
    }
  }, 180_000);
});
