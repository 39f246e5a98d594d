// Writing on a ticket: a public reply the requester sees, an internal note for the desk only, or a reply on the
// thread shared with the vendor (offered only when an outside provider holds or held the ticket). What it sends and
// refuses is in commentForm.ts, checked by the server's own schema.
import { Button, Group, Paper, SegmentedControl, Stack, Text, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import type { UseMutationResult } from '@tanstack/react-query';
import type { Ref } from 'react';
import type { CommentVisibility as Visibility } from '../../../../../src/features/tickets/rules/vocabulary.ts';
import { TICKET_TEXT_MAX } from '../../../../../src/features/tickets/schemas.ts';
import { CharacterCount } from '../../../components/CharacterCount.tsx';
import { PhiHint } from '../../../components/PhiHint.tsx';
import { ActionError } from '../../../components/QueryStates.tsx';
import { serverErrors } from '../../../forms/schemaErrors.ts';
import {
  COMMENT_WORDING,
  type CommentValues,
  commentProblems,
  commentRequest,
  hasWords,
  threadOf,
} from './commentForm.ts';

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
  // An over-long message is refused under the box as it is typed; the server's own field message shows there too.
  const form = useForm<CommentValues>({
    initialValues: { visibility: threads[0] ?? 'public', body: '' },
    validate: (values) => commentProblems(values, threads),
    validateInputOnChange: ['body'],
  });
  const visibility = threadOf(form.values.visibility, threads);
  const internal = visibility === 'internal';
  const sendable = hasWords(form.values);
  // An emptied box is simply not sendable yet: its "write the message first" is not shown while typing.
  const problem = sendable ? form.errors.body : undefined;
  const hintId = `comment-phi-hint-${visibility}`;

  const submit = form.onSubmit((values) =>
    mutation.mutate(commentRequest(values, threads), {
      onSuccess: () => form.setValues({ body: '' }),
      onError: (error) => form.setErrors(serverErrors(error, COMMENT_WORDING)),
    }),
  );

  return (
    <Paper
      withBorder
      radius="md"
      p="md"
      bg={internal ? 'yellow.0' : 'white'}
      component="form"
      onSubmit={submit}
      noValidate
    >
      <Stack gap="sm">
        {threads.length > 1 && (
          <SegmentedControl
            aria-label="Who sees this"
            value={visibility}
            onChange={(value) => form.setFieldValue('visibility', value as Visibility)}
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
          {...form.getInputProps('body')}
          autosize
          minRows={3}
          maxRows={12}
          error={problem}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
              event.preventDefault();
              submit();
            }
          }}
        />
        <CharacterCount value={form.values.body} max={TICKET_TEXT_MAX.comment} />
        <PhiHint text={form.values.body} id={hintId} />
        <ActionError error={mutation.error} title="Not sent" />
        <Group justify="space-between">
          <Text size="xs" c="dimmed">
            No patient identifiers. Ctrl+Enter sends.
          </Text>
          <Button type="submit" loading={mutation.isPending} disabled={!sendable || Boolean(problem)}>
            {asRequester ? 'Send message' : asVendor ? 'Send reply' : BUTTONS[visibility]}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
