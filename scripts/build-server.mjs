// Compiles the server (src/, without tests) to dist/ with TypeScript (tsconfig.build.json), and copies the files it
// reads beside its code (the SQL migrations, the demo's knowledge articles). `npm start` calls buildServer() when
// dist/ is missing or older than the sources; `npm run build:server` builds now. Plain Node, no dependencies.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
// Written last, after a successful build: its time is the build's.
const stamp = path.join(dist, '.built');
const inputs = ['src', 'tsconfig.json', 'tsconfig.build.json', 'package-lock.json'];

function newest(file) {
  if (!fs.existsSync(file)) return 0;
  const stat = fs.statSync(file);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = stat.mtimeMs; // a deleted file changes its folder's time
  for (const entry of fs.readdirSync(file)) latest = Math.max(latest, newest(path.join(file, entry)));
  return latest;
}

/** Files the compiled server reads beside its code: folders under src/, each with what to copy of it. */
const ASSETS = [
  // The SQL files and the journal that orders them (drizzle-kit's schema snapshots are for generating, not applying).
  [path.join('platform', 'db', 'migrations'), (file) => !file.endsWith('_snapshot.json')],
  // The demo hospital's knowledge articles (src/demo/articles.ts reads them).
  [path.join('demo', 'articles'), () => true],
];

/** Whether dist/ holds a build at least as new as every source it is made from. */
export function serverBuildIsCurrent() {
  if (!fs.existsSync(stamp)) return false;
  const built = fs.statSync(stamp).mtimeMs;
  return inputs.every((input) => newest(path.join(root, input)) <= built);
}

/** Builds dist/ from scratch (so no file of a deleted source lingers). Exits the process if the compiler fails. */
export function buildServer() {
  compile(path.join(root, 'tsconfig.build.json'), dist, dist);
  fs.writeFileSync(stamp, `${new Date().toISOString()}\n`);
}

/**
 * Compiles the server with bench/server.ts beside it (tsconfig.bench.json) into node_modules/.cache/bench-dist, as
 * `npm start` runs it: `npm run bench` measures the compiled server, not the sources under tsx (whose loader thread
 * costs memory, and under which the server measured slower, docs/benchmarks.md 2026-12-05). Returns the compiled
 * bench/server.js.
 */
export function buildBenchServer() {
  const out = path.join(root, 'node_modules', '.cache', 'bench-dist');
  compile(path.join(root, 'tsconfig.bench.json'), out, path.join(out, 'src'));
  return path.join(out, 'bench', 'server.js');
}

/** Emits `project` into `out` afresh and copies the files the server reads beside its code into `srcOut`. */
function compile(project, out, srcOut) {
  fs.rmSync(out, { recursive: true, force: true });
  const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  // --noCheck: emit only (0.7 s instead of 6 s on a first `npm start`); the type-check is `npm test`'s first step.
  const res = spawnSync(process.execPath, [tsc, '-p', project, '--noCheck'], { cwd: root, stdio: 'inherit' });
  if (res.status !== 0) {
    console.error('Compiling the server failed; see the errors above.');
    process.exit(res.status ?? 1);
  }
  for (const [folder, keep] of ASSETS) {
    fs.cpSync(path.join(root, 'src', folder), path.join(srcOut, folder), { recursive: true, filter: keep });
  }
}

// `--if-stale`: build only when dist/ is older than its sources (`npm test`'s second pass in CI finds it current).
if (import.meta.url === `file://${process.argv[1]}`) {
  if (process.argv.includes('--if-stale') && serverBuildIsCurrent()) console.log('dist/ is current: not rebuilt');
  else buildServer();
}
