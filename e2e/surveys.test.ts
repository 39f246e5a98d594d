// Satisfaction surveys through Chromium against a real server: a nurse answers the sign-in prompt in the portal, a
// low score on a resolved ticket's page opens a recovery follow-up she can see, a single-use link works once on a
// phone-sized screen without signing in (and says why when it does not), and the manager's Surveys tab with a pulse's
// links. Axe on each.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { consumeResolvedTickets } from '../src/features/surveys/service/invite.ts';
import { seriousAccessibilityProblems } from './accessibility.ts';
import { type DeskApi, deskApi } from './desk-api.ts';
import { deskForSpec, SCREENSHOTS } from './harness.ts';

const spec = deskForSpec();
const signedIn = spec.signedIn.bind(spec);

type Invitation = { id: string; ticketNumber: string | null };

/** As the agent: a ticket for Rosa, resolved on the call; waits until the survey consumer has invited her. */
async function resolvedForRosa(agent: DeskApi, manager: DeskApi, summary: string) {
  const people = await agent.get<{ items: { id: string }[] }>('/api/v1/people?q=Rosa%20Delgado&limit=1');
  const ticket = await agent.post<{ number: string }>('/api/v1/tickets', {
    requesterId: people.items[0]!.id,
    channel: 'phone',
    type: 'incident',
    summary,
    resolveNow: { code: 'configuration_fixed', note: 'Re-mapped the printer.' },
  });
  await expect
    .poll(
      async () => {
        await consumeResolvedTickets(spec.desk.ctx);
        return (await manager.get<{ invitation: Invitation | null }>(`/api/v1/tickets/${ticket.number}/survey`))
          .invitation;
      },
      { timeout: 15_000 },
    )
    .toBeTruthy();
  return ticket.number;
}

let setUp: Promise<{ agent: DeskApi; manager: DeskApi }> | undefined;
/** Surveys are asked at once and every time in this spec, so each test's ticket is surveyed. */
function desk() {
  setUp ??= (async () => {
    const a = await signedIn('agent', '/console');
    const m = await signedIn('manager', '*');
    const manager = await deskApi(m.context);
    const { policies } = await manager.get<{ policies: Record<string, unknown>[] }>('/api/v1/surveys/policies');
    for (const { id, createdAt: _c, updatedAt: _u, ...p } of policies) {
      await m.context.request.put(`/api/v1/surveys/policies/${id}`, {
        data: { ...p, delayMinutes: 0, repeatIntervalDays: 0, probability: 1 },
        headers: { 'x-csrf-token': (await (await m.context.request.get('/api/v1/auth/me')).json()).csrfToken },
      });
    }
    return { agent: await deskApi(a.context), manager };
  })();
  return setUp;
}

describe('satisfaction surveys', () => {
  it('asks at sign-in in the portal and records the answer', async () => {
    const { agent, manager } = await desk();
    const number = await resolvedForRosa(agent, manager, 'Label printer on 4 West prints blank labels');
    const { page, errors } = await signedIn('nurse', '/portal');
    const prompt = page.getByRole('region', { name: new RegExp(`How did we do with ${number}`) });
    await prompt.waitFor();
    expect(await seriousAccessibilityProblems(page)).toEqual([]);
    // On a phone too: the prompt is the first thing under the heading, every control reachable without sideways
    // scrolling.
    await page.setViewportSize({ width: 390, height: 844 });
    await prompt.getByLabel('Anything else? (optional)').fill('Quick and kind, thank you.');
    await prompt.getByText('26 / 2,000 characters').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await seriousAccessibilityProblems(page)).toEqual([]);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'survey-portal-phone.png'), fullPage: true });
    await prompt.getByText('5', { exact: true }).click();
    await prompt.getByLabel('Yes, the first time I asked').check();
    await prompt.getByRole('button', { name: 'Send my answers' }).click();
    await prompt.getByText('Thank you — your answers were recorded.').waitFor();
    const view = await manager.get<{ response: { score: number; solvedFirstContact: boolean } }>(
      `/api/v1/tickets/${number}/survey`,
    );
    expect(view.response).toMatchObject({ score: 5, solvedFirstContact: true });
    expect(errors).toEqual([]);
  });

  it('opens a recovery follow-up from a low score on the resolved ticket, which the nurse then sees', async () => {
    const { agent, manager } = await desk();
    const number = await resolvedForRosa(agent, manager, 'Workstation on wheels logs out every few minutes');
    const { page, errors } = await signedIn('nurse', '/portal');
    await page.goto(`/portal/tickets/${number}`);
    const survey = page.getByRole('region', { name: `How did we do with ${number}?` });
    await survey.waitFor();
    await survey.getByText('2', { exact: true }).click();
    await survey.getByLabel('No, it is still not solved').check();
    const comment = survey.getByLabel('Anything else? (optional)');
    // Like every long text field: a counter, and a refusal in words (never a silent cut) over the server's limit.
    await comment.fill('x'.repeat(2001));
    await survey.getByText('Comment is too long (at most 2,000 characters): please remove 1 character').waitFor();
    await survey.getByText('Too long: 2,001 / 2,000 characters').waitFor();
    expect(await survey.getByRole('button', { name: 'Send my answers' }).isDisabled()).toBe(true);
    // And the warning while typing something that looks like a patient identifier, which the server flags too.
    await comment.fill('Still logging out during med pass, MRN 00482913 had to wait.');
    await survey.getByText('60 / 2,000 characters').waitFor();
    await survey.getByText(/This looks like patient information \(a medical record number\)/).waitFor();
    expect(await seriousAccessibilityProblems(page)).toEqual([]);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'survey-portal-desktop.png'), fullPage: true });
    await survey.getByRole('button', { name: 'Send my answers' }).click();
    const thanks = survey.getByText(/A service desk manager will contact you about it \((CSD-\d+)\)/);
    await thanks.waitFor();
    await survey
      .getByText(/Your comment looked like it held patient information \(a medical record number\)/)
      .waitFor();
    const followUp = /\((CSD-\d+)\)/.exec((await thanks.textContent()) ?? '')![1]!;
    await page.goto(`/portal/tickets/${followUp}`);
    await page.getByRole('heading', { name: new RegExp(`Service recovery: follow up .* about ${number}`) }).waitFor();
    await page.getByText('A service desk manager will contact you about it.').first().waitFor();
    expect(await seriousAccessibilityProblems(page)).toEqual([]);
    const ticket = await manager.get<{ group: string | null; links: { number: string }[] }>(
      `/api/v1/tickets/${followUp}`,
    );
    expect(ticket.links.map((l) => l.number)).toContain(number);
    expect(errors).toEqual([]);
  });

  it('works once from a link on a phone without signing in, and says why a link no longer works', async () => {
    const { agent, manager } = await desk();
    const number = await resolvedForRosa(agent, manager, 'Cannot print wristbands in the ED');
    const { invitation } = await manager.get<{ invitation: Invitation }>(`/api/v1/tickets/${number}/survey`);
    const { url } = await manager.post<{ url: string }>(`/api/v1/surveys/invitations/${invitation.id}/link`, {});
    const { page, pageErrors: errors } = await spec.newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(url);
    await page.getByText(`About your request ${number}`).waitFor();
    expect(await page.content()).not.toContain('wristbands');
    expect(await seriousAccessibilityProblems(page)).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'survey-link-phone.png'), fullPage: true });
    // The same page on a desktop (a link opened from an email on a ward computer).
    await page.setViewportSize({ width: 1280, height: 800 });
    expect(await seriousAccessibilityProblems(page)).toEqual([]);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'survey-link-desktop.png'), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByText('4', { exact: true }).click();
    await page.getByRole('button', { name: 'Send my answers' }).click();
    await page.getByText('Thank you — your answers were recorded.').waitFor();
    await page.reload();
    await page.getByText('This survey was already answered', { exact: true }).waitFor();
    await page.goto(`/s/${'x'.repeat(43)}`);
    await page.getByText('This survey link is not valid', { exact: true }).waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'survey-link-not-valid-phone.png'), fullPage: true });
    expect(await seriousAccessibilityProblems(page)).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('lets the desk manager edit survey policies, run a pulse and get its links, and see response rates', async () => {
    const { page, errors } = await signedIn('manager', '*');
    // Managers reach Admin for the Surveys tab only (surveys:manage); the directory and settings tabs are the admin's.
    await page
      .getByRole('navigation', { name: 'Areas' })
      .getByRole('link', { name: /^Admin/ })
      .click();
    await page.getByRole('tab', { name: 'Surveys', selected: true }).waitFor();
    expect(await page.getByRole('tab').count()).toBe(1);
    await page.getByRole('heading', { name: 'Survey policies' }).waitFor();
    await page.getByRole('cell', { name: 'Every resolved ticket', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Edit Every resolved ticket' }).click();
    const form = page.getByRole('form', { name: 'Edit Every resolved ticket' });
    await form.getByRole('button', { name: 'Save policy' }).click();
    await form.waitFor({ state: 'detached' });
    await page.getByRole('heading', { name: /Who answers, and who was asked/ }).waitFor();
    await page.getByRole('cell', { name: 'physicians', exact: true }).waitFor();
    expect(await seriousAccessibilityProblems(page)).toEqual([]);

    // A pulse: people without a portal account are asked by link, given out once on request, as a list and a CSV.
    const pulse = page.getByRole('form', { name: 'Run a pulse survey' });
    await pulse.getByLabel('Name').fill('E2E pulse');
    // A small sample: most demo clinicians have no account, and axe over hundreds of rows takes a minute.
    for (const [group, n] of [
      ['Physicians', '2'],
      ['Advanced practice', '0'],
      ['Nurses', '2'],
      ['Others', '1'],
    ]) {
      await pulse.getByLabel(group!, { exact: true }).fill(n!);
    }
    await pulse.getByRole('button', { name: 'Run the pulse' }).click();
    const status = await pulse.getByText(/people have no portal account/).textContent();
    const withoutAccount = Number(/(\d+) people have no portal account/.exec(status ?? '')![1]);
    expect(withoutAccount).toBeGreaterThan(1);
    const panel = page.getByRole('region', { name: 'Links for E2E pulse' });
    await panel.getByRole('button', { name: `Get links for ${withoutAccount} people` }).click();
    const issued = panel.getByTestId('issued-links');
    await issued.waitFor();
    expect(await issued.getByRole('row').count()).toBe(withoutAccount + 1);
    expect(await seriousAccessibilityProblems(page)).toEqual([]);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'pulse-links.png'), fullPage: true });
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      panel.getByRole('button', { name: 'Download the links (CSV)' }).click(),
    ]);
    const csv = fs
      .readFileSync((await download.path())!, 'utf8')
      .trim()
      .split('\r\n');
    expect(csv[0]).toBe('name,clinical_role,unit,facility,link,expires_at');
    expect(csv).toHaveLength(withoutAccount + 1);
    const link = /(http:\/\/[^,]+\/s\/[A-Za-z0-9_-]{43})/.exec(csv[1]!)![1]!;
    await panel.getByRole('button', { name: 'Done, hide them' }).click();
    // Shown once: the list now says each was given a link, and offers only to replace them.
    await panel.getByRole('button', { name: 'Everyone waiting has a link' }).waitFor();
    expect(await panel.getByText('Given', { exact: true }).count()).toBe(withoutAccount);

    const { page: phone, pageErrors } = await spec.newPage();
    await phone.setViewportSize({ width: 390, height: 844 });
    await phone.goto(link);
    await phone.getByRole('heading', { name: 'IT support survey' }).waitFor();
    await phone.getByText('How satisfied are you with IT support?').waitFor();
    expect(await seriousAccessibilityProblems(phone)).toEqual([]);
    await phone.screenshot({ path: path.join(SCREENSHOTS, 'survey-link-pulse-phone.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
    expect(errors).toEqual([]);
  }, 120_000);
});
