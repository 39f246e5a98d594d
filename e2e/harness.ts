// End-to-end harness: a built web app, a real server on a free port with a fresh data folder, and headless Chromium.
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, inject } from 'vitest';
import { startServer } from '../src/main.ts';
import type { AppContext } from '../src/platform/context.ts';
import type { RunningListener } from '../src/platform/features.ts';
import { createPgDatabase } from '../test/pg-database.ts';
import { E2E_DEMO_TICKETS } from './global-setup.ts';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const webIndex = path.join(repoRoot, 'web', 'dist', 'index.html');

export const DEMO_PASSWORD = 'clinidesk-demo';

export type Desk = {
  url: string;
  /** The server's context, for setting up what has no HTTP route (e.g. an integration account's token). */
  ctx: AppContext;
  /** Servers started beside the HTTP app (the SMTP listener when the spec's env turns it on), with their ports. */
  listeners: RunningListener[];
  /** A fresh browser profile (no cookies) with the desktop viewport used for screenshots. */
  newPage(): Promise<{ context: BrowserContext; page: Page; pageErrors: string[] }>;
  close(): Promise<void>;
};

/** The test script builds the web app first; when run on its own (or the build is older than the code), build here. */
export function ensureWebBuilt(): void {
  if (fs.existsSync(webIndex) && fs.statSync(webIndex).mtimeMs >= newestWebSourceTime()) return;
  const vite = path.join(repoRoot, 'node_modules', 'vite', 'bin', 'vite.js');
  execFileSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: repoRoot, stdio: 'inherit' });
  if (!fs.existsSync(webIndex)) throw new Error(`vite build did not produce ${webIndex}`);
}

function newestWebSourceTime(): number {
  const sources = [path.join(repoRoot, 'vite.config.ts'), path.join(repoRoot, 'web', 'index.html')];
  for (const entry of fs.readdirSync(path.join(repoRoot, 'web', 'src'), { recursive: true, encoding: 'utf8' })) {
    sources.push(path.join(repoRoot, 'web', 'src', entry));
  }
  return Math.max(...sources.map((file) => fs.statSync(file).mtimeMs));
}

export type DeskOptions = {
  /** Variables added to the server's environment (e.g. CLINIDESK_SMTP_LISTEN for a spec about email). */
  env?: Record<string, string>;
};

export async function openDesk(options: DeskOptions = {}): Promise<Desk> {
  ensureWebBuilt();
  const dataDir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'clinidesk-e2e-'));
  // Each desk starts from a copy of the run's demo hospital (e2e/global-setup.ts). With TEST_DATABASE_URL (CI's
  // second run) the copy is a fresh database on that PostgreSQL server, made from the template database.
  const template = inject('deskTemplate');
  const pgDatabase = process.env.TEST_DATABASE_URL
    ? await createPgDatabase(process.env.TEST_DATABASE_URL, template)
    : undefined;
  // cp(1) copies the ~100 MB folder in ~0.2 s, Node's fs.cp in ~1 s.
  if (!pgDatabase) await promisify(execFile)('cp', ['-R', `${template}/.`, dataDir]);
  const server = await startServer({
    port: 0,
    host: '127.0.0.1',
    dataDir,
    databaseUrl: pgDatabase?.url,
    // Already seeded from the template; kept so a desk on an empty copy would still get the demo hospital.
    seedDemo: true,
    demoTickets: E2E_DEMO_TICKETS,
    logLevel: 'warn',
    env: { ...process.env, ...options.env },
  });
  const browser = await sharedBrowser();
  // Closed with the desk: the browser outlives it.
  const contexts: BrowserContext[] = [];
  return {
    url: server.url,
    ctx: server.ctx,
    listeners: server.listeners,
    async newPage() {
      const context = await browser.newContext({ baseURL: server.url, viewport: { width: 1280, height: 800 } });
      contexts.push(context);
      context.setDefaultTimeout(15_000);
      const page = await context.newPage();
      const pageErrors: string[] = [];
      page.on('pageerror', (error) => pageErrors.push(error.message));
      return { context, page, pageErrors };
    },
    async close() {
      for (const context of contexts) await context.close().catch(() => {});
      await server.close();
      await pgDatabase?.drop();
      await fs.promises.rm(dataDir, { recursive: true, force: true });
    },
  };
}

let launched: Promise<Browser> | undefined;

/**
 * One Chromium for every spec the worker runs (the specs share its modules: vitest.config.ts), started at the first
 * spec and again if it went away or failed to start; each spec works in browser contexts of its own (fresh
 * profiles), which it closes.
 * Launching and closing one per spec cost ~1 s. Playwright stops it when the worker's process exits.
 */
function sharedBrowser(): Promise<Browser> {
  if (launched) return launched.then((b) => (b.isConnected() ? b : relaunch()), relaunch);
  return relaunch();
}

function relaunch(): Promise<Browser> {
  launched = chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return launched;
}

/** Fills the sign-in form and submits it; the caller waits for whatever should follow. */
export async function submitSignIn(page: Page, username: string, password: string): Promise<void> {
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/**
 * Where specs write their screenshots: a temporary folder, so a test run never rewrites tracked files.
 * `npm run screenshots` sets CLINIDESK_SCREENSHOTS_DIR to docs/screenshots/ to refresh the README's pictures.
 */
export const SCREENSHOTS =
  process.env.CLINIDESK_SCREENSHOTS_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), 'clinidesk-screenshots-'));

export type SignedIn = { page: Page; context: BrowserContext; errors: string[] };

/**
 * One desk per spec file: opened before its tests, closed after them with every browser context they made.
 * `signedIn` opens a fresh profile, signs in and waits for the landing path ('*': anywhere but the sign-in page).
 * `options` is read when the desk opens (after the spec's earlier beforeAll hooks, e.g. one starting a mail relay).
 */
export function deskForSpec(options: () => DeskOptions = () => ({})): {
  readonly desk: Desk;
  newPage: Desk['newPage'];
  signedIn(username: string, landing: string): Promise<SignedIn>;
} {
  let desk: Desk | undefined;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    desk = await openDesk(options());
  });
  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    await desk?.close();
  });
  return {
    get desk() {
      if (!desk) throw new Error('the desk opens in beforeAll');
      return desk;
    },
    async newPage() {
      const opened = await this.desk.newPage();
      contexts.push(opened.context);
      return opened;
    },
    async signedIn(username, landing) {
      const { context, page, pageErrors } = await this.newPage();
      await page.goto('/signin');
      await submitSignIn(page, username, DEMO_PASSWORD);
      await page.waitForURL((url) => (landing === '*' ? url.pathname !== '/signin' : url.pathname === landing));
      return { page, context, errors: pageErrors };
    },
  };
}
