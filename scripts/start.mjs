// `npm start`: install what is missing, build the web app and compile the server when their sources changed, then
// serve the compiled server (dist/), which migrates the database and loads the demo hospital on first start.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildServer, serverBuildIsCurrent } from './build-server.mjs';
import { ensureDeps } from './ensure-deps.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
ensureDeps();

function newest(dir) {
  let latest = 0;
  if (!fs.existsSync(dir)) return latest;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(full) : fs.statSync(full).mtimeMs);
  }
  return latest;
}

const builtIndex = path.join(root, 'web', 'dist', 'index.html');
const built = fs.existsSync(builtIndex) ? fs.statSync(builtIndex).mtimeMs : 0;
const sources = Math.max(
  newest(path.join(root, 'web', 'src')),
  newest(path.join(root, 'src')),
  fs.statSync(path.join(root, 'web', 'index.html')).mtimeMs,
);
// The web app builds beside the server's start (the server waits for it only before it builds its routes, once the
// database is migrated and the demo hospital loaded): on a fresh clone the two overlap on two cores.
let webBuild = null;
if (built < sources) {
  console.log('Building the web app…');
  webBuild = new Promise((resolve) => {
    const vite = spawn('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
    vite.on('error', () => resolve(1));
    vite.on('exit', (code) => resolve(code ?? 1));
  });
}

if (!serverBuildIsCurrent()) {
  console.log('Compiling the server…');
  buildServer();
}

// Stack traces point at the TypeScript sources through the source maps. While the web app builds, the server hears
// over IPC when it is done (src/cli/index.ts, webBuildOfNpmStart).
const cli = path.join(root, 'dist', 'cli', 'index.js');
const server = spawn(process.execPath, ['--enable-source-maps', cli, 'serve', ...process.argv.slice(2)], {
  cwd: root,
  stdio: webBuild ? ['inherit', 'inherit', 'inherit', 'ipc'] : 'inherit',
  env: webBuild ? { ...process.env, CLINIDESK_WEB_BUILD: 'pending' } : process.env,
});
let buildFailed = null;
webBuild?.then((code) => {
  if (code === 0) {
    if (server.connected) server.send('web-built');
    return;
  }
  buildFailed = code;
  console.error('The web app did not build (see above): Clinidesk stops once its database is ready.');
  // The server stops by itself at that point (a demo hospital half loaded would stay half loaded); without the
  // channel it is stopped now.
  if (server.connected) server.send('web-build-failed');
  else server.kill('SIGTERM');
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code) => process.exit(buildFailed ?? code ?? 0));
