// Installs npm dependencies when they are missing or differ from package-lock.json. Plain Node, no dependencies.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const lock = path.join(root, 'package-lock.json');
const installed = path.join(root, 'node_modules', '.package-lock.json');

const mtime = (f) => (fs.existsSync(f) ? fs.statSync(f).mtimeMs : 0);

/**
 * Whether node_modules holds what package-lock.json asks for, read from npm's own record of what it installed
 * (node_modules/.package-lock.json): every package the lock names, at its version, except optional ones (another
 * platform's binaries). A lock file merely touched (a checkout, a new git worktree) is not a reason to reinstall.
 */
function installedMatchesLock() {
  if (!fs.existsSync(installed) || !fs.existsSync(path.join(root, 'node_modules', 'fastify'))) return false;
  if (mtime(installed) >= mtime(lock)) return true;
  try {
    const wanted = JSON.parse(fs.readFileSync(lock, 'utf8')).packages ?? {};
    const have = JSON.parse(fs.readFileSync(installed, 'utf8')).packages ?? {};
    return Object.entries(wanted).every(
      ([name, entry]) => name === '' || entry.optional || have[name]?.version === entry.version,
    );
  } catch {
    return false;
  }
}

export function ensureDeps() {
  if (installedMatchesLock()) return;
  console.log('Installing dependencies (npm ci)…');
  const res = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  if (res.status !== 0) {
    console.error('npm ci failed; see the output above.');
    process.exit(res.status ?? 1);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) ensureDeps();
