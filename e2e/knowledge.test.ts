// Knowledge end to end: an agent's typing brings up a suggestion, using it sends the steps and resolves the call on
// first contact (and the article's first-contact count goes up); a nurse finds an article in the portal before asking
// for help; a writer sees a sanitised live preview.
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { seriousAccessibilityProblems } from './accessibility.ts';
import { deskApi } from './desk-api.ts';
import { deskForSpec, SCREENSHOTS } from './harness.ts';

const spec = deskForSpec();
const signedIn = spec.signedIn.bind(spec);

async function choose(page: Page, label: string, option: string | RegExp): Promise<void> {
  await page.getByRole('combobox', { name: label, exact: true }).click();
  await page.getByRole('option', { name: option }).first().click();
}

const BCMA_TITLE = 'BCMA scanner does not read the patient wristband';

describe('knowledge', () => {
  it('suggests an article while the agent types; using it resolves the call on first contact', async () => {
    const agent = await signedIn('agent', '/console');
    const api = await deskApi(agent.context);
    const search = await api.get<{ items: { number: string; title: string }[] }>(
      `/api/v1/knowledge/articles?q=${encodeURIComponent(BCMA_TITLE)}`,
    );
    const article = search.items.find((a) => a.title === BCMA_TITLE)!;
    const before = await api.get<{ stats: { uses: number; firstContact: number } }>(
      `/api/v1/knowledge/articles/${article.number}?track=false`,
    );

    await agent.page.getByRole('table').waitFor();
    await agent.page.keyboard.press('n');
    const drawer = agent.page.getByRole('dialog', { name: 'New ticket' });
    await drawer.waitFor();
    await drawer.getByLabel('Requester').fill('Delgado');
    await drawer
      .getByRole('button', { name: /Rosa Delgado/ })
      .first()
      .click();
    await choose(agent.page, 'Application or device', /^EHR$/);
    await drawer.getByLabel('Summary').pressSequentially('scanner wont read the wristband', { delay: 20 });

    const assist = drawer.getByRole('region', { name: 'Suggested articles' });
    const use = assist.getByRole('button', { name: `Use ${article.number}: ${BCMA_TITLE}` });
    await use.waitFor();
    expect(await seriousAccessibilityProblems(agent.page)).toEqual([]);
    await agent.page.screenshot({ path: path.join(SCREENSHOTS, 'knowledge-assist.png') });
    await use.click();
    await expect.poll(() => drawer.getByRole('switch', { name: /Resolved on this call/ }).isChecked()).toBe(true);
    await drawer.getByRole('button', { name: 'Open and resolve' }).click();

    await agent.page.waitForURL((url) => /^\/console\/tickets\/CSD-\d+$/.test(url.pathname));
    const number = agent.page.url().split('/').pop()!;
    await agent.page.getByRole('note').filter({ hasText: 'Resolved on first contact' }).waitFor();
    // The steps went to the nurse as a public reply, and the article is linked to the ticket.
    await agent.page
      .getByText('Click into the medication administration activity first', { exact: false })
      .first()
      .waitFor();
    await agent.page.getByText(`Sent ${article.number}: ${BCMA_TITLE}`).waitFor();
    expect(await seriousAccessibilityProblems(agent.page)).toEqual([]);

    const after = await api.get<{ stats: { uses: number; firstContact: number } }>(
      `/api/v1/knowledge/articles/${article.number}?track=false`,
    );
    expect(after.stats.uses).toBe(before.stats.uses + 1);
    expect(after.stats.firstContact).toBe(before.stats.firstContact + 1);
    const linked = await api.get<{ number: string }[]>(`/api/v1/knowledge/tickets/${number}/articles`);
    expect(linked.map((l) => l.number)).toEqual([article.number]);
    expect(agent.errors).toEqual([]);
  });

  it('lets a nurse find an article in the portal before the "Get help" form, read it and vote', async () => {
    const nurse = await signedIn('nurse', '/portal');
    const box = nurse.page.getByRole('search', { name: 'Search how-to articles' });
    await box.getByLabel('Search how-to articles first').fill('wristbnd printr');
    const result = box.getByRole('button', { name: /Wristband printer prints blank, faded or shifted wristbands/ });
    await result.waitFor();
    await result.click();
    await box.getByRole('heading', { name: 'Wristband printer prints blank, faded or shifted wristbands' }).waitFor();
    await box.getByRole('button', { name: 'Helpful', exact: true }).click();
    await box.getByText('You voted helpful.').waitFor();
    expect(await seriousAccessibilityProblems(nurse.page)).toEqual([]);
    expect(nurse.errors, JSON.stringify(nurse.errors)).toEqual([]);
  });

  it('shows a writer a sanitised live preview, and reviewers the review queue', async () => {
    const analyst = await signedIn('analyst', '/console');
    await analyst.page.goto('/knowledge');
    await analyst.page.getByRole('button', { name: 'Write an article' }).click();
    await analyst.page.getByLabel('Title').fill('Test preview article');
    await analyst.page
      .getByLabel('Body (Markdown)')
      .fill(
        '## Steps\n\n1. Tap the **badge**\n\n<img src=x onerror="window.__xss=1">\n\n[bad](javascript:window.__xss=2)',
      );
    const preview = analyst.page.getByLabel('Preview');
    await preview.getByRole('heading', { name: 'Steps' }).waitFor();
    await preview.getByText('badge').waitFor();
    expect(await preview.locator('img, script, a[href^="javascript"]').count()).toBe(0);
    expect(await analyst.page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    await analyst.page.getByRole('button', { name: 'Save draft' }).click();
    await analyst.page.getByRole('button', { name: 'Submit for review' }).waitFor();
    await analyst.page.getByRole('button', { name: '← Back to articles' }).click();
    await analyst.page.getByLabel('Search articles').fill('sign ordr');
    await analyst.page.getByRole('button', { name: /Sign orders waiting for your signature/ }).waitFor();
    await analyst.page.screenshot({ path: path.join(SCREENSHOTS, 'knowledge.png') });
    await analyst.page.getByRole('tab', { name: 'Review, gaps & deflection' }).click();
    await analyst.page.getByText('Gaps: searches with no good answer (30 days)').waitFor();
    expect(analyst.errors).toEqual([]);
  });
});
