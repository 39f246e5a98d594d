// Writing on a ticket: a public reply the requester sees, or an internal note for the desk only.
import { Button, Group, Paper, SegmentedControl, Stack, Text, Textarea } from '@mantine/core';
import type { UseMutationResult } from '@tanstack/react-query';
import { type FormEvent, type Ref, useState } from 'react';
import { TICKET_TEXT_MAX } from '../../../../../src/features/tickets/schemas.ts';
import { CharacterCount } from '../../../components/CharacterCount.tsx';
import { ActionError, fieldErrorsOf } from '../../../components/QueryStates.tsx';
import { tooLongMessage } from '../../../components/textLimits.ts';

type Visibility = 'public' | 'internal';
type Props = {
  mutation: UseMutationResult<void, Error, { visibility?: Visibility; body: string }>;
  allowInternal: boolean;
  textareaRef?: Ref<HTMLTextAreaElement>;
  /** The requester's own words for the box and the button, in the portal. */
  asRequester?: boolean;
};

export function CommentBox({ mutation, allowInternal, textareaRef, asRequester }: Props) {
  const [visibility, setVisibility] = useState<Visibility>('public');
  const [body, setBody] = useState('');
  const internal = visibility === 'internal';
  const tooLong = tooLongMessage('This message', body, TICKET_TEXT_MAX.comment);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!body.trim() || tooLong) return;
    mutation.mutate({ visibility, body: body.trim() }, { onSuccess: () => setBody('') });
  }

  return (
    <Paper withBorder radius="md" p="md" bg={internal ? 'yellow.0' : 'white'} component="form" onSubmit={submit}>
      <Stack gap="sm">
        {allowInternal && (
          <SegmentedControl
            aria-label="Who sees this"
            value={visibility}
            onChange={(value) => setVisibility(value as Visibility)}
            data={[
              { value: 'public', label: 'Reply to requester' },
              { value: 'internal', label: 'Internal note' },
            ]}
            w="fit-content"
          />
        )}
        <Textarea
          ref={textareaRef}
          label={
            asRequester
              ? 'Add a message for the service desk'
              : internal
                ? 'Internal note (desk staff only)'
                : 'Reply (the requester sees this)'
          }
          value={body}
          onChange={(event) => setBody(event.currentTarget.value)}
          autosize
          minRows={3}
          maxRows={12}
          error={tooLong ?? fieldErrorsOf(mutation.error).body}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) submit(event);
          }}
        />
        <CharacterCount value={body} max={TICKET_TEXT_MAX.comment} />
        <ActionError error={mutation.error} title="Not sent" />
        <Group justify="space-between">
          <Text size="xs" c="dimmed">
            No patient identifiers. Ctrl+Enter sends.
          </Text>
          <Button type="submit" loading={mutation.isPending} disabled={!body.trim() || Boolean(tooLong)}>
            {asRequester ? 'Send message' : internal ? 'Add internal note' : 'Send reply'}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
