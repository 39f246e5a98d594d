// The incident page's "Recovery checklist" section: per affected unit, back-entry of orders and results, downtime
// MRN reconciliation and verification, each ticked off with who and when; progress at the top.
import { Alert, Button, Checkbox, Group, Progress, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  createRecoveryChecklist,
  recoveryChecklistQuery,
  recoveryKeys,
  updateRecoveryItem,
} from '../../api/incidentComms.ts';
import { LoadError, Loading, problemText } from '../../components/QueryStates.tsx';
import { when } from '../status/statusWords.ts';

export function RecoveryChecklistSection({ number, canManage }: { number: string; canManage: boolean }) {
  const queryClient = useQueryClient();
  const checklist = useQuery(recoveryChecklistQuery(number));
  const refresh = (data: unknown) => queryClient.setQueryData(recoveryKeys(number), data);
  const create = useMutation({ mutationFn: () => createRecoveryChecklist(number), onSuccess: refresh });
  const tick = useMutation({
    mutationFn: (v: { id: string; done: boolean }) => updateRecoveryItem(number, v.id, { done: v.done }),
    onSuccess: refresh,
  });
  const data = checklist.data;
  return (
    <Stack gap="sm" component="section" aria-labelledby="recovery-title">
      <Group justify="space-between">
        <Title order={2} size="h4" id="recovery-title">
          Recovery checklist
        </Title>
        {data && data.progress.total > 0 && (
          <Text size="sm">
            {data.progress.done} of {data.progress.total} done
          </Text>
        )}
      </Group>
      {checklist.isPending && <Loading label="Loading the checklist…" />}
      {checklist.isError && <LoadError what="the recovery checklist" error={checklist.error} />}
      {data && data.progress.total > 0 && (
        <Progress value={(100 * data.progress.done) / data.progress.total} aria-label="Recovery progress" />
      )}
      {data && data.items.length === 0 && (
        <Group>
          <Text size="sm" c="dimmed">
            No checklist yet.
          </Text>
          {canManage && (
            <Button size="xs" variant="default" onClick={() => create.mutate()} loading={create.isPending}>
              Create from the template for the affected units
            </Button>
          )}
        </Group>
      )}
      {(create.error || tick.error) && (
        <Alert color="red" variant="light" role="alert">
          {problemText(create.error ?? tick.error)}
        </Alert>
      )}
      {data && data.items.length > 0 && (
        <Table.ScrollContainer minWidth={560}>
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Done</Table.Th>
                <Table.Th scope="col">Unit</Table.Th>
                <Table.Th scope="col">Task</Table.Th>
                <Table.Th scope="col">Assigned to</Table.Th>
                <Table.Th scope="col">Finished</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.items.map((i) => (
                <Table.Tr key={i.id}>
                  <Table.Td>
                    <Checkbox
                      checked={i.doneAt !== null}
                      disabled={!canManage || tick.isPending}
                      onChange={(e) => tick.mutate({ id: i.id, done: e.currentTarget.checked })}
                      aria-label={`${i.title} (${i.unit.name})`}
                    />
                  </Table.Td>
                  <Table.Td>{i.unit.name}</Table.Td>
                  <Table.Td>{i.title}</Table.Td>
                  <Table.Td>{i.assignee?.displayName ?? '—'}</Table.Td>
                  <Table.Td>{i.doneAt ? `${when(i.doneAt)} by ${i.doneBy?.displayName ?? '?'}` : '—'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
