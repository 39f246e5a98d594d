// Writing on a ticket: a public reply the requester sees, an internal note for the desk only, or a reply on the
// thread shared with the vendor (offered only when an outside provider holds or held the ticket).
import { Button, Group, Paper, SegmentedControl, Stack, Text, Textarea } from '@mantine/core';
import type { UseMutationResult } from '@tanstack/react-query';
import { type FormEvent, type Ref, useState } from 'react';
import type { CommentVisibility as Visibility } from '../../../../../src/features/tickets/rules/vocabulary.ts';
import { TICKET_TEXT_MAX } from '../../../../../src/features/tickets/schemas.ts';
import { CharacterCount } from '../../../components/CharacterCount.tsx';
import { PhiHint } from '../../../components/PhiHint.tsx';
import { ActionError, fieldErrorsOf } from '../../../components/QueryStates.tsx';
import { tooLongMessage } from '../../../components/textLimits.ts';

const THREAD_CHOICES: Record<Visibility, string> = {
  public: 'Reply to requester',
  internal: 'Internal note',
  vendor: 'Reply to vendor',
};
const FIELD_LABELS: Record<Visibility, string> = {
  public: 'Reply (the requester sees this)',
  internal: 'Internal note (desk staff only)',
  vendor: 'Reply to vendor (the vendor sees this, with patient information hidden; the requester does not)',
};
const BUTTONS: Record<Visibility, string> = {
  public: 'Send reply',
  internal: 'Add internal note',
  vendor: 'Send to vendor',
};

type Props = {
  mutation: UseMutationResult<void, Error, { visibility?: Visibility; body: string }>;
  /** The threads this person may write on, the default first; one thread shows no choice. */
  threads: Visibility[];
  /** Wording for a vendor engineer, whose one thread is the one shared with the hospital's desk. */
  asVendor?: boolean;
  textareaRef?: Ref<HTMLTextAreaElement>;
  /** The requester's own words for the box and the button, in the portal. */
  asRequester?: boolean;
};

export function CommentBox({ mutation, threads, textareaRef, asRequester, asVendor }: Props) {
  const [chosen, setVisibility] = useState<Visibility>(threads[0] ?? 'public');
  const visibility = threads.includes(chosen) ? chosen : (threads[0] ?? 'public');
  const [body, setBody] = useState('');
  const internal = visibility === 'internal';
  const tooLong = tooLongMessage('This message', body, TICKET_TEXT_MAX.comment);
  const hintId = `comment-phi-hint-${visibility}`;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!body.trim() || tooLong) return;
    mutation.mutate({ visibility, body: body.trim() }, { onSuccess: () => setBody('') });
  }

  return (
    <Paper withBorder radius="md" p="md" bg={internal ? 'yellow.0' : 'white'} component="form" onSubmit={submit}>
      <Stack gap="sm">
        {threads.length > 1 && (
          <SegmentedControl
            aria-label="Who sees this"
            value={visibility}
            onChange={(value) => setVisibility(value as Visibility)}
            data={threads.map((value) => ({ value, label: THREAD_CHOICES[value] }))}
            w="fit-content"
          />
        )}
        <Textarea
          ref={textareaRef}
          label={
            asRequester
              ? 'Add a message for the service desk'
              : asVendor
                ? "Reply to the hospital's service desk"
                : FIELD_LABELS[visibility]
          }
          aria-describedby={hintId}
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
        <PhiHint text={body} id={hintId} />
        <ActionError error={mutation.error} title="Not sent" />
        <Group justify="space-between">
          <Text size="xs" c="dimmed">
            No patient identifiers. Ctrl+Enter sends.
          </Text>
          <Button type="submit" loading={mutation.isPending} disabled={!body.trim() || Boolean(tooLong)}>
            {asRequester ? 'Send message' : asVendor ? 'Send reply' : BUTTONS[visibility]}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
