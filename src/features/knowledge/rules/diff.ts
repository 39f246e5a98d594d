// The difference between two versions of an article, line by line (title, then body).
import { diffLines } from 'diff';

export type DiffPart = { op: 'same' | 'added' | 'removed'; text: string };

export function diffVersions(
  a: { title: string; body: string },
  b: { title: string; body: string },
): { title: DiffPart[]; body: DiffPart[]; changed: boolean } {
  const title = toParts(diffLines(`${a.title}\n`, `${b.title}\n`));
  const body = toParts(diffLines(ensureNl(a.body), ensureNl(b.body)));
  return { title, body, changed: [...title, ...body].some((p) => p.op !== 'same') };
}

const ensureNl = (s: string) => (s.endsWith('\n') ? s : `${s}\n`);

function toParts(changes: { added?: boolean; removed?: boolean; value: string }[]): DiffPart[] {
  return changes.map((c) => ({ op: c.added ? 'added' : c.removed ? 'removed' : 'same', text: c.value }));
}

/** Rebuilds the "before" or "after" text from a diff (used by tests: a diff must lose nothing). */
export function sideOf(parts: DiffPart[], side: 'before' | 'after'): string {
  return parts
    .filter((p) => p.op === 'same' || p.op === (side === 'before' ? 'removed' : 'added'))
    .map((p) => p.text)
    .join('');
}
