// The 3×3 priority matrix: impact down, urgency across; checked with the same rule the server applies.
import { Alert, Button, Group, List, Paper, Select, Stack, Table, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import {
  DEFAULT_MATRIX,
  matrixProblems,
  type PriorityMatrix,
} from '../../../../src/features/tickets/rules/priority.ts';
import { adminKeys, priorityMatrixQuery, savePriorityMatrix } from '../../api/admin.ts';
import { ActionError, LoadError, Loading } from '../../components/QueryStates.tsx';
import { formatWhen } from '../../components/ticketWords.ts';

const LEVELS = [1, 2, 3] as const;
const IMPACT = ['1 — facility, enterprise or critical service', '2 — a unit or several users', '3 — one person'];
const URGENCY = ['1 — care stopped or safety risk', '2 — care delayed', '3 — no care impact now'];
const PRIORITY_OPTIONS = ['1', '2', '3', '4'].map((p) => ({ value: p, label: `P${p}` }));

export function PriorityMatrixTab() {
  const saved = useQuery(priorityMatrixQuery);
  const queryClient = useQueryClient();
  const [matrix, setMatrix] = useState<PriorityMatrix>();
  useEffect(() => {
    if (saved.data) setMatrix(saved.data.matrix);
  }, [saved.data]);
  const save = useMutation({
    mutationFn: savePriorityMatrix,
    onSuccess: (view) => queryClient.setQueryData(adminKeys.matrix, view),
  });

  if (saved.isPending || !matrix) {
    return saved.isError ? <LoadError what="the priority matrix" error={saved.error} /> : <Loading label="Loading…" />;
  }
  const problems = matrixProblems(matrix);
  const changed = JSON.stringify(matrix) !== JSON.stringify(saved.data?.matrix);

  return (
    <Stack gap="md" maw={820}>
      <Text size="sm">
        Priority is computed from impact × urgency, never chosen by the requester. Floors still apply: a patient-safety
        flag, or a printer, workstation or scanner in a clinical area, is at least P2.
      </Text>
      <Paper withBorder radius="md" p="md">
        <Table withColumnBorders verticalSpacing="sm">
          <Table.Caption>
            {saved.data?.isDefault
              ? 'The default matrix (never changed).'
              : `Last saved ${saved.data?.updatedAt ? formatWhen(saved.data.updatedAt) : ''}.`}
          </Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Impact ↓ · Urgency →</Table.Th>
              {URGENCY.map((label) => (
                <Table.Th scope="col" key={label}>
                  {label}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {LEVELS.map((impact) => (
              <Table.Tr key={impact}>
                <Table.Th scope="row">{IMPACT[impact - 1]}</Table.Th>
                {LEVELS.map((urgency) => {
                  const key = `${impact},${urgency}` as const;
                  return (
                    <Table.Td key={key}>
                      <Select
                        aria-label={`Priority for impact ${impact}, urgency ${urgency}`}
                        data={PRIORITY_OPTIONS}
                        value={String(matrix[key])}
                        onChange={(value) => value && setMatrix({ ...matrix, [key]: Number(value) as 1 | 2 | 3 | 4 })}
                        allowDeselect={false}
                        w={90}
                      />
                    </Table.Td>
                  );
                })}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Paper>
      {problems.length > 0 && (
        <Alert color="red" variant="light" title="This matrix cannot be saved" role="alert">
          <List size="sm">
            {problems.map((problem) => (
              <List.Item key={problem}>{problem[0]?.toUpperCase() + problem.slice(1)}</List.Item>
            ))}
          </List>
        </Alert>
      )}
      <ActionError error={save.error} title="Not saved" />
      {save.isSuccess && !changed && (
        <Text size="sm" c="green.9" role="status">
          Saved. New and updated tickets use this matrix.
        </Text>
      )}
      <Group>
        <Button onClick={() => save.mutate(matrix)} disabled={!changed || problems.length > 0} loading={save.isPending}>
          Save matrix
        </Button>
        <Button variant="default" onClick={() => setMatrix(DEFAULT_MATRIX)}>
          Back to the default
        </Button>
        {changed && (
          <Button variant="subtle" onClick={() => saved.data && setMatrix(saved.data.matrix)}>
            Discard changes
          </Button>
        )}
      </Group>
    </Stack>
  );
}
