// A real IMAP server for the tests: Debian's dovecot-imapd (2.3), started as a child process with its own
// configuration in a temporary folder (passwd-file users, maildir in the folder, no system service), on a free port
// of 127.0.0.1. Works as root (CI) and as an ordinary user. `stop()` and `start()` again keep the same port and mail.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, waitForPort } from './local-servers.ts';

const DOVECOT = ['/usr/sbin/dovecot', '/usr/local/sbin/dovecot'].find((p) => fs.existsSync(p));

/** Why the IMAP tests cannot run here, or null when they can. Under CI they must: never a reason then. */
export function dovecotMissing(): string | null {
  if (DOVECOT) return null;
  if (process.env.CI === 'true') throw new Error('dovecot is not installed: .ci/run installs dovecot-imapd');
  return 'dovecot is not installed (apt-get install dovecot-imapd); the IMAP tests are skipped';
}

export type Dovecot = {
  host: string;
  port: number;
  /** Stops the server and drops every connection; `start()` brings it back on the same port with the same mail. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops it and deletes its folder. */
  close(): Promise<void>;
};

function idOf(flag: '-u' | '-g', name: string): number {
  return Number(execFileSync('id', [flag, name], { encoding: 'utf8' }).trim());
}

/** Starts dovecot with these users (name → password; each mailbox is made on first sign-in). Users are given up
 *  front: dovecot re-reads its passwd-file at most once a second, so one added later may not sign in at once. */
export async function startDovecot(users: Record<string, string>): Promise<Dovecot> {
  if (!DOVECOT) throw new Error(dovecotMissing() ?? 'dovecot is not installed');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clinidesk-dovecot-'));
  const port = await freePort();
  // As root, dovecot runs its login and mail processes as its own unprivileged users (it never gives mail to root);
  // as an ordinary user, everything runs as that user.
  const root = process.getuid?.() === 0;
  const me = os.userInfo().username;
  const mailUser = root ? 'dovecot' : me;
  const uid = root ? idOf('-u', mailUser) : os.userInfo().uid;
  const gid = root ? idOf('-g', mailUser) : os.userInfo().gid;
  for (const sub of ['run', 'state', 'mail']) fs.mkdirSync(path.join(dir, sub));
  fs.chmodSync(dir, 0o755);
  if (root) fs.chownSync(path.join(dir, 'mail'), uid, gid);
  const passwd = path.join(dir, 'passwd');
  fs.writeFileSync(
    passwd,
    Object.entries(users)
      .map(([user, password]) => `${user}:{PLAIN}${password}\n`)
      .join(''),
  );
  const conf = path.join(dir, 'dovecot.conf');
  fs.writeFileSync(
    conf,
    `base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_login_user = ${root ? 'dovenull' : me}
default_internal_user = ${root ? 'dovecot' : me}
first_valid_uid = ${Math.min(uid, 1000) || 1}
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${passwd}
}
userdb {
  driver = static
  args = uid=${uid} gid=${gid} home=${dir}/mail/%u
}
mail_location = maildir:~/Maildir
service imap-login {
  chroot =
  inet_listener imap {
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
service anvil {
  chroot =
}
`,
  );
  let child: ChildProcess | null = null;
  const server: Dovecot = {
    host: '127.0.0.1',
    port,
    async start() {
      // Its own process group, so that stopping it ends every dovecot process, the open sessions' included.
      child = spawn(DOVECOT, ['-F', '-c', conf], { stdio: 'ignore', detached: true });
      child.once('exit', () => {
        child = null;
      });
      await waitForPort(port, true, 'dovecot', 10_000).catch((err) => {
        const log = fs.existsSync(path.join(dir, 'dovecot.log'))
          ? fs.readFileSync(path.join(dir, 'dovecot.log'), 'utf8')
          : '';
        throw new Error(`${err.message}\n${log}`);
      });
    },
    async stop() {
      const running = child;
      if (!running) return;
      const exited = new Promise((r) => running.once('exit', r));
      process.kill(-running.pid!, 'SIGTERM');
      await exited;
      await waitForPort(port, false, 'dovecot', 10_000);
    },
    async close() {
      await server.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  await server.start();
  return server;
}
