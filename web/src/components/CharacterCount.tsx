// The counter under a long text field: grey while it fits, red (with words, not colour alone) when it does not.
import { Text } from '@mantine/core';
import { countedLength, counterText } from './textLimits.ts';

export function CharacterCount({ value, max, id }: { value: string; max: number; id?: string }) {
  const over = countedLength(value) > max;
  return (
    <Text id={id} size="xs" c={over ? 'red.9' : 'gray.7'} ta="right" mt={4} data-character-count>
      {over ? 'Too long: ' : ''}
      {counterText(value, max)}
    </Text>
  );
}
