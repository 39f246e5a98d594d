// Accessibility checks with axe: WCAG 2.1 A/AA rules, failing on serious or critical findings.
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';

export async function seriousAccessibilityProblems(page: Page): Promise<string[]> {
  // A dialog or menu still fading in is half transparent, and axe measures its colours as they are at that moment:
  // let the page's transitions end first (a refetch can re-render the page just as a dialog opens).
  // Endless ones (a spinner) never finish: only those with an end are waited for.
  await page.evaluate(() =>
    Promise.all(
      document
        .getAnimations()
        .filter((animation) => Number.isFinite(Number(animation.effect?.getComputedTiming().endTime ?? 0)))
        .map((animation) => animation.finished.catch(() => undefined)),
    ),
  );
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => {
      // The element's opening tag too: a generated id alone does not say which element it is.
      const where = violation.nodes.map((node) => `${node.target.join(' ')} ${node.html.slice(0, 160)}`).join(', ');
      return `${violation.impact}: ${violation.id} — ${violation.help} (${where})`;
    });
}
