// The incident page's "Communications" section: the promise of the next update (on time, due, overdue), the updates
// posted so far, and the form to post one (public text refused when it looks like patient information).
import { Alert, Badge, Button, Card, Group, Select, Stack, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiProblem } from '../../api/client.ts';
import { incidentCommsKeys, incidentUpdatesQuery, postIncidentUpdate } from '../../api/incidentComms.ts';
import { PhiHint } from '../../components/PhiHint.tsx';
import { LoadError, Loading, problemText } from '../../components/QueryStates.tsx';
import { when } from '../status/statusWords.ts';
import { NEXT_UPDATE_CHOICES, type UpdateValues, updateProblems, updateRequest } from './updateForm.ts';

const TIMER_WORDS = {
  none: { label: 'No update promised', color: 'gray' },
  on_time: { label: 'Next update on time', color: 'green' },
  due: { label: 'Next update due', color: 'orange' },
  overdue: { label: 'Next update overdue', color: 'red' },
} as const;

const EMPTY: UpdateValues = { publicText: '', internalNote: '', nextUpdate: '30' };

export function IncidentUpdatesSection({ number, canPost }: { number: string; canPost: boolean }) {
  const queryClient = useQueryClient();
  const updates = useQuery(incidentUpdatesQuery(number));
  const [values, setValues] = useState<UpdateValues>(EMPTY);
  const [tried, setTried] = useState(false);
  const problems = updateProblems(values);
  const post = useMutation({
    mutationFn: () => postIncidentUpdate(number, updateRequest(values)),
    onSuccess: () => {
      setValues(EMPTY);
      setTried(false);
      void queryClient.invalidateQueries({ queryKey: incidentCommsKeys.all });
    },
  });
  const timer = updates.data?.timer;
  const submit = () => {
    setTried(true);
    if (Object.keys(problems).length === 0) post.mutate();
  };
  return (
    <Stack gap="sm" component="section" aria-labelledby="incident-updates-title">
      <Group justify="space-between">
        <Title order={2} size="h4" id="incident-updates-title">
          Communications
        </Title>
        {timer && (
          <Badge color={TIMER_WORDS[timer.status].color} variant="light">
            {TIMER_WORDS[timer.status].label}
            {timer.nextUpdateAt ? `: ${when(timer.nextUpdateAt)}` : ''}
          </Badge>
        )}
      </Group>
      {canPost && (
        <Card withBorder p="sm">
          <Stack gap="xs">
            <Textarea
              label="Public update"
              description="Shown on the status page, the banners and the notices. No patient details."
              value={values.publicText}
              onChange={(e) => setValues({ ...values, publicText: e.currentTarget.value })}
              error={tried ? problems.publicText : undefined}
              aria-describedby="update-phi-hint"
              autosize
              minRows={2}
            />
            <PhiHint text={values.publicText} id="update-phi-hint" />
            <Textarea
              label="Internal note (desk only)"
              value={values.internalNote}
              onChange={(e) => setValues({ ...values, internalNote: e.currentTarget.value })}
              error={tried ? problems.internalNote : undefined}
              autosize
              minRows={1}
            />
            <Group align="end">
              <Select
                label="Next update in"
                data={NEXT_UPDATE_CHOICES.map((c) => ({ ...c }))}
                value={values.nextUpdate}
                onChange={(v) => setValues({ ...values, nextUpdate: v ?? '' })}
                allowDeselect={false}
              />
              <Button onClick={submit} loading={post.isPending}>
                Post update
              </Button>
            </Group>
            {post.error && (
              <Alert color="red" variant="light" role="alert">
                {post.error instanceof ApiProblem ? post.error.detail : problemText(post.error)}
              </Alert>
            )}
          </Stack>
        </Card>
      )}
      {updates.isPending && <Loading label="Loading the updates…" />}
      {updates.isError && <LoadError what="the updates" error={updates.error} />}
      {updates.data?.updates.length === 0 && (
        <Text size="sm" c="dimmed">
          No update posted yet.
        </Text>
      )}
      {updates.data?.updates.map((u) => (
        <Card key={u.id} withBorder p="sm" component="article">
          <Text size="xs" c="dimmed">
            {when(u.postedAt)}
            {u.authorName ? ` · ${u.authorName}` : ''}
            {u.nextUpdateAt ? ` · next update by ${when(u.nextUpdateAt)}` : ''}
          </Text>
          <Text size="sm">{u.publicText}</Text>
          {u.internalNote && (
            <Text size="sm" c="dimmed">
              Internal: {u.internalNote}
            </Text>
          )}
        </Card>
      ))}
    </Stack>
  );
}
