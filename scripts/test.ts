// `npm test`: type-check (server, web app, browser tests), lint, the layers (scripts/depcheck.ts), unit +
// integration tests (PGlite, or PostgreSQL when TEST_DATABASE_URL is set), the server's compilation to dist/, then
// the end-to-end tests in Chromium. Prints one closing line: "N passed, N failed, N skipped".
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const CHROMIUM = '/usr/bin/chromium';
const results = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'clinidesk-results-')), 'x');
let passed = 0;
let failed = 0;
let skipped = 0;
const failures: string[] = [];
/** The failed tests by name, repeated at the end: CI shows only the tail of a long log. */
const failedTests: string[] = [];

function step(name: string, cmd: string, args: string[], env: NodeJS.ProcessEnv = {}): boolean {
  console.log(`\n▶ ${name}`);
  const started = Date.now();
  const res = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  const ok = res.status === 0;
  console.log(`${ok ? '✔' : '✘'} ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  if (!ok) failures.push(name);
  return ok;
}

function vitest(project: string): void {
  const out = `${results}-${project}.json`;
  const ok = step(`${project} tests${process.env.TEST_DATABASE_URL ? ' (PostgreSQL)' : ' (PGlite)'}`, 'npx', [
    'vitest',
    'run',
    '--project',
    project,
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${out}`,
  ]);
  if (!fs.existsSync(out)) {
    failed++;
    return;
  }
  const r = JSON.parse(fs.readFileSync(out, 'utf8')) as {
    numPassedTests: number;
    numFailedTests: number;
    numPendingTests: number;
    numTodoTests: number;
    testResults?: { name: string; status: string; assertionResults?: { status: string; fullName: string }[] }[];
  };
  const db = process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite';
  for (const file of r.testResults ?? []) {
    const name = path.relative(process.cwd(), file.name);
    const tests = (file.assertionResults ?? []).filter((t) => t.status === 'failed');
    for (const t of tests) failedTests.push(`${name} > ${t.fullName} (${db})`);
    if (file.status === 'failed' && tests.length === 0) failedTests.push(`${name}: the file failed to run (${db})`);
  }
  passed += r.numPassedTests;
  failed += r.numFailedTests + (ok || r.numFailedTests > 0 ? 0 : 1);
  skipped += r.numPendingTests + r.numTodoTests;
}

function ensureChromium(): boolean {
  if (fs.existsSync(CHROMIUM)) return true;
  if (process.getuid?.() !== 0) {
    console.error(`Chromium is needed for the browser tests: run "sudo apt-get install -y chromium" and try again.`);
    return false;
  }
  console.log('Installing Debian chromium for the browser tests…');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  return spawnSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env }).status === 0;
}

/**
 * tsc for one project, incremental: what it learnt is kept under node_modules/.cache (ignored by git), so a second
 * run on unchanged sources (CI's PostgreSQL pass) re-checks in seconds instead of minutes.
 */
function typeCheck(name: string, project: string): boolean {
  const info = path.join('node_modules', '.cache', 'clinidesk-tsc', `${project.replaceAll('/', '-')}.tsbuildinfo`);
  return step(name, 'npx', ['tsc', '--noEmit', '-p', project, '--incremental', '--tsBuildInfoFile', info]);
}

const checks = [
  typeCheck('type-check (server)', 'tsconfig.json'),
  typeCheck('type-check (web app)', 'web/tsconfig.json'),
  typeCheck('type-check (browser tests)', 'e2e/tsconfig.json'),
  step('lint', 'npx', ['biome', 'check', '.']),
  step('layers', 'npx', ['tsx', 'scripts/depcheck.ts']),
];
if (checks.includes(false)) failed += checks.filter((c) => !c).length;
vitest('unit');
// What `npm start` runs: the compiled server (dist/ is git-ignored); not rebuilt when already current.
if (!step('compile server', process.execPath, ['scripts/build-server.mjs', '--if-stale'])) failed++;
if (!ensureChromium()) {
  failures.push('chromium missing');
  failed++;
} else if (step('build web app', 'npx', ['vite', 'build', '--logLevel', 'warn'])) {
  vitest('e2e');
} else {
  failed++;
}

if (failedTests.length) console.log(`\nFailed tests:\n${failedTests.map((t) => `  ✘ ${t}`).join('\n')}`);
console.log(`\n${failures.length ? `Failed steps: ${failures.join(', ')}` : 'All steps passed.'}`);
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failures.length || failed ? 1 : 0);
