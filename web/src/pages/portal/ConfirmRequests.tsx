// The supervisor on record confirms a report's credential request (caller verification, HHS HC3 2024): the desk asks
// the person who knows the caller, through a channel the caller does not control. Shown in the portal only while a
// request waits for this person; it names the report and the request, nothing else about the ticket.
import { Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { Outcome } from '../../../../src/features/verification/rules/vocabulary.ts';
import { REQUEST_LABELS } from '../../../../src/features/verification/rules/vocabulary.ts';
import { can } from '../../../../src/platform/auth/roles.ts';
import { confirmRequest, type ToConfirm, toConfirmQuery, verificationKeys } from '../../api/verification.ts';
import { useSession } from '../../app/session.ts';
import { ActionError } from '../../components/QueryStates.tsx';
import { formatWhen } from '../../components/ticketWords.ts';

function Request({ item, onAnswered }: { item: ToConfirm; onAnswered: (item: ToConfirm) => void }) {
  const queryClient = useQueryClient();
  const answer = useMutation({
    mutationFn: (outcome: Outcome) => confirmRequest(item.id, outcome),
    // The answered request leaves the list; it stays on screen with the thank-you until the person moves on.
    onSuccess: () => onAnswered(item),
    onSettled: () => queryClient.invalidateQueries({ queryKey: verificationKeys.toConfirm }),
  });
  const what = REQUEST_LABELS[item.request].toLowerCase();
  if (answer.isSuccess) {
    return (
      <Text size="sm" role="status">
        Thank you — the service desk has your answer about {item.subject}’s {what}.
      </Text>
    );
  }
  return (
    <Stack gap={6} data-testid="confirm-request">
      <Text>
        <b>{item.subject}</b> asked the service desk for a {what} ({item.ticketNumber}, {formatWhen(item.createdAt)}).
      </Text>
      <Text size="sm" c="dimmed">
        Say yes only if you know they asked — for example, you spoke with them just now. If you are not sure, say no:
        the desk will check another way, and nothing changes on their account.
      </Text>
      <Group gap="sm">
        <Button onClick={() => answer.mutate('passed')} loading={answer.isPending && answer.variables === 'passed'}>
          Yes, they asked
        </Button>
        <Button
          variant="default"
          onClick={() => answer.mutate('failed')}
          loading={answer.isPending && answer.variables === 'failed'}
        >
          No, not that I know of
        </Button>
      </Group>
      <ActionError error={answer.error} title="Your answer was not recorded" />
    </Stack>
  );
}

export function ConfirmRequests() {
  const role = useSession()?.user.role;
  const allowed = role ? can(role, 'verification:confirm') : false;
  const waiting = useQuery({ ...toConfirmQuery, enabled: allowed });
  const [answered, setAnswered] = useState<ToConfirm[]>([]);
  const fetched = waiting.data?.items ?? [];
  const items = [...fetched, ...answered.filter((a) => !fetched.some((i) => i.id === a.id))];
  if (!allowed || items.length === 0) return null;
  return (
    <Paper withBorder radius="md" p="md" role="region" aria-labelledby="confirm-requests-title">
      <Stack gap="md">
        <Title order={2} size="h4" id="confirm-requests-title">
          Confirm a request from your team
        </Title>
        {items.map((item) => (
          <Request key={item.id} item={item} onAnswered={(a) => setAnswered((was) => [...was, a])} />
        ))}
      </Stack>
    </Paper>
  );
}
