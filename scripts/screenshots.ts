// `npm run screenshots`: refreshes the README's pictures in docs/screenshots/ by running the browser tests with their
// screenshots sent there. An ordinary test run writes them to a temporary folder and leaves the checkout clean.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const target = fileURLToPath(new URL('../docs/screenshots/', import.meta.url));
const run = (args: string[]) =>
  spawnSync('npx', args, { stdio: 'inherit', env: { ...process.env, CLINIDESK_SCREENSHOTS_DIR: target } }).status ?? 1;

const built = run(['vite', 'build', '--logLevel', 'warn']);
const status = built === 0 ? run(['vitest', 'run', '--project', 'e2e', ...process.argv.slice(2)]) : built;
console.log(
  status === 0 ? `Screenshots written to ${target}` : 'Some browser tests failed; screenshots may be partial.',
);
process.exit(status);
