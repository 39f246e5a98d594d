// What ticket search runs over. Viewers who may not see PHI (vendors) search the masked text only, so a search,
// a count or a rank never tells them what the mask hides. Pure: the store writes and queries these.
import { maskPhi } from '../../privacy/rules.ts';

export type TicketText = { summary: string; errorText: string | null; description: string };

/** The masked copies a ticket row keeps for search: NULL where a field has no likely PHI (then it is the same). */
export function maskedTicketText(t: TicketText) {
  const masked = (s: string | null) => {
    if (s === null) return null;
    const m = maskPhi(s);
    return m === s ? null : m;
  };
  return {
    maskedSummary: masked(t.summary),
    maskedErrorText: masked(t.errorText),
    maskedDescription: masked(t.description),
    phiScanned: true,
  };
}

export const TICKET_TEXT_FIELDS = ['summary', 'errorText', 'description'] as const;

// Han, Hiragana, Katakana, Hangul and CJK punctuation/compatibility blocks: scripts written without spaces between
// words, which the English full-text parser keeps as one long token.
const UNSPACED = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\uff66-\uff9f]/u;

/** Whether a search needs the substring fallback: the query has words in a script written without spaces. */
export function needsSubstringSearch(q: string): boolean {
  return UNSPACED.test(q);
}

/** The query's words as ILIKE patterns (every word must appear), with LIKE's wildcards taken literally. */
export function substringPatterns(q: string): string[] {
  return q
    .split(/\s+/)
    .map((w) => w.replace(/^["'+-]+|["']+$/g, ''))
    .filter((w) => w.length > 0)
    .map((w) => `%${w.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
}
