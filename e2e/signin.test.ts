// Signing in and out of the desk through a real browser against a real server.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousAccessibilityProblems } from './accessibility.ts';
import { DEMO_PASSWORD, type Desk, openDesk, SCREENSHOTS, submitSignIn } from './harness.ts';

let desk: Desk;

beforeAll(async () => {
  desk = await openDesk();
});

afterAll(async () => {
  await desk?.close();
});

describe('signing in to Clinidesk', () => {
  it('sends a visitor to sign in, refuses a wrong password, then opens the frame for the admin', async () => {
    const { context, page, pageErrors } = await desk.newPage();
    try {
      await page.goto('/');
      await page.waitForURL((url) => url.pathname === '/signin');
      expect(await page.title()).toBe('Clinidesk — clinical service desk');
      await page.getByRole('heading', { name: 'Sign in' }).waitFor();
      expect(await seriousAccessibilityProblems(page)).toEqual([]);
      await page.screenshot({ path: path.join(SCREENSHOTS, 'signin.png') });

      await submitSignIn(page, 'admin', 'not-the-password');
      const refusal = page.getByRole('alert');
      await refusal.waitFor();
      expect(await refusal.textContent()).toMatch(/Could not sign you in.*password/is);
      expect(page.url()).toContain('/signin');

      await submitSignIn(page, 'admin', DEMO_PASSWORD);
      await page.waitForURL((url) => url.pathname === '/console');
      await page.getByRole('banner').getByText('Avery Admin').waitFor();
      await page.getByRole('banner').getByText('Administrator').waitFor();
      const areas = page.getByRole('navigation', { name: 'Areas' });
      for (const area of ['Console', 'Portal', 'Knowledge', 'Reports', 'Admin']) {
        await areas.getByRole('link', { name: new RegExp(`^${area}`) }).waitFor();
      }
      await page.getByRole('heading', { name: 'Console', level: 1 }).waitFor();
      expect(await seriousAccessibilityProblems(page)).toEqual([]);
      await page.screenshot({ path: path.join(SCREENSHOTS, 'app-frame.png') });

      await areas.getByRole('link', { name: /^Admin/ }).click();
      await page.waitForURL((url) => url.pathname === '/admin');
      await page.getByRole('heading', { name: 'Admin', level: 1 }).waitFor();

      // After a reload the page knows the session (and its CSRF token) only from the server.
      await page.reload();
      await page.getByRole('heading', { name: 'Admin', level: 1 }).waitFor();
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.waitForURL((url) => url.pathname === '/signin');
      await page.goto('/console');
      await page.waitForURL((url) => url.pathname === '/signin');
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('shows a requester the portal and knowledge, but not the console or admin', async () => {
    const { context, page } = await desk.newPage();
    try {
      await page.goto('/signin');
      await submitSignIn(page, 'nurse', DEMO_PASSWORD);
      await page.waitForURL((url) => url.pathname === '/portal');
      const areas = page.getByRole('navigation', { name: 'Areas' });
      await areas.getByRole('link', { name: /^Portal/ }).waitFor();
      await areas.getByRole('link', { name: /^Knowledge/ }).waitFor();
      expect(await areas.getByRole('link', { name: /^Admin/ }).count()).toBe(0);
      expect(await areas.getByRole('link', { name: /^Console/ }).count()).toBe(0);

      await page.goto('/admin');
      await page.getByRole('heading', { name: 'This area is not part of your role' }).waitFor();
    } finally {
      await context.close();
    }
  });

  it('returns a person to the page they asked for after signing in', async () => {
    const { context, page } = await desk.newPage();
    try {
      await page.goto('/knowledge');
      await page.waitForURL((url) => url.pathname === '/signin');
      await submitSignIn(page, 'agent', DEMO_PASSWORD);
      await page.waitForURL((url) => url.pathname === '/knowledge');
      await page.getByRole('heading', { name: 'Knowledge', level: 1 }).waitFor();
    } finally {
      await context.close();
    }
  });

  it('tells a person who keeps getting the password wrong to wait', async () => {
    const { context, page } = await desk.newPage();
    try {
      await page.goto('/signin');
      for (let attempt = 1; attempt <= 6; attempt++) {
        const answered = page.waitForResponse((response) => response.url().endsWith('/api/v1/auth/login'));
        await submitSignIn(page, 'doctor', `wrong-${attempt}`);
        await answered;
      }
      await page.getByRole('alert').getByText('Too many attempts').waitFor();
      expect(page.url()).toContain('/signin');
    } finally {
      await context.close();
    }
  });

  it('shows a friendly page for an address that does not exist', async () => {
    const { context, page } = await desk.newPage();
    try {
      await page.goto('/no-such-place');
      await page.getByRole('heading', { name: 'Page not found' }).waitFor();
    } finally {
      await context.close();
    }
  });
});
