// A live, polite warning under a text field when what is typed looks like a patient identifier. The detection is
// the server's own pure function (privacy/rules.ts), so what is warned here is what the server flags and masks.
import { Text } from '@mantine/core';
import { useMemo } from 'react';
import { phiKinds } from '../../../src/features/privacy/rules.ts';
import { PHI_LABELS } from './ticketWords.ts';

export function phiHintText(text: string): string | null {
  const kinds = phiKinds(text);
  if (kinds.length === 0) return null;
  const what = kinds.map((kind) => PHI_LABELS[kind] ?? kind.replaceAll('_', ' ')).join(', ');
  return (
    `This looks like patient information (${what}). The desk does not need it to help you: please take it out. ` +
    'If you send it, it is flagged for the desk and hidden from outside vendors.'
  );
}

/** Renders an always-present live region (so screen readers hear the warning appear) under the field it names. */
export function PhiHint({ text, id }: { text: string; id: string }) {
  const hint = useMemo(() => phiHintText(text), [text]);
  return (
    <Text id={id} size="sm" c="var(--mantine-color-orange-light-color)" aria-live="polite" data-testid="phi-hint">
      {hint ?? ''}
    </Text>
  );
}
