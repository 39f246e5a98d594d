#!/usr/bin/env node
// The `clinidesk` command. Runs the compiled server in dist/ (built by `npm start` or `npm run build:server`) when
// it is up to date with src/; otherwise the TypeScript sources through tsx, so that the command works on a fresh
// clone and while developing.
import { serverBuildIsCurrent } from '../scripts/build-server.mjs';

if (serverBuildIsCurrent()) {
  await import('../dist/cli/index.js');
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/index.ts');
}
