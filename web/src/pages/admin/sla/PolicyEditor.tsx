// One SLA policy: its targets per priority, the calendar it runs on, whether it is active and when a ticket is at
// risk. Checked with the server's own policy rules before it can be saved.
import { Badge, Button, Group, NumberInput, Paper, Select, Stack, Switch, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { type PriorityTargets, policyProblems } from '../../../../../src/features/sla/rules/policy.ts';
import { type CalendarView, type PolicyView, slaKeys, updatePolicy } from '../../../api/sla.ts';
import { ActionError } from '../../../components/QueryStates.tsx';
import { CannotBeSaved } from './CannotBeSaved.tsx';
import { PatientCareCalendarWarning } from './PatientCareCalendarWarning.tsx';
import { PolicyTargetsTable } from './PolicyTargetsTable.tsx';
import { conditionsOf, isContract, pausesOf } from './policyWords.ts';

type Props = { policy: PolicyView; policies: PolicyView[]; calendars: CalendarView[] };

export function PolicyEditor({ policy, policies, calendars }: Props) {
  const queryClient = useQueryClient();
  const [targets, setTargets] = useState<PriorityTargets>(policy.targets);
  const [calendarId, setCalendarId] = useState(policy.calendarId);
  const [active, setActive] = useState(policy.active);
  const [atRisk, setAtRisk] = useState(policy.atRiskPercent);
  const contract = isContract(policy);
  const savedPause = policy.pauseOnVendorNeedsInfo ?? true;
  const [pauseOnNeedsInfo, setPauseOnNeedsInfo] = useState(savedPause);
  const save = useMutation({
    mutationFn: () =>
      updatePolicy(policy.id, {
        version: policy.version,
        targets,
        calendarId,
        active,
        atRiskPercent: atRisk,
        ...(contract ? { pauseOnVendorNeedsInfo: pauseOnNeedsInfo } : {}),
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: slaKeys.policies }),
  });
  const problems = policyProblems({ targets, atRiskPercent: atRisk, pauseStatuses: policy.pauseStatuses });
  const changed =
    JSON.stringify(targets) !== JSON.stringify(policy.targets) ||
    calendarId !== policy.calendarId ||
    active !== policy.active ||
    atRisk !== policy.atRiskPercent ||
    (contract && pauseOnNeedsInfo !== savedPause);

  return (
    <Paper withBorder radius="md" p="md" aria-label={`Policy ${policy.name}`}>
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start">
          <PolicyHeading policy={policy} />
          <Switch label="Active" checked={active} onChange={(e) => setActive(e.currentTarget.checked)} />
        </Group>
        <PolicyTargetsTable targets={targets} onChange={setTargets} />
        <Group align="flex-end">
          <Select
            label="Calendar"
            data={calendars.map((c) => ({ value: c.id, label: c.name }))}
            value={calendarId}
            onChange={(v) => v && setCalendarId(v)}
            allowDeselect={false}
            w={320}
          />
          <NumberInput
            label="At risk after (% of target)"
            value={atRisk}
            min={1}
            max={99}
            w={200}
            onChange={(v) => typeof v === 'number' && setAtRisk(v)}
          />
        </Group>
        {contract && (
          <Switch
            label="Pause the contract clock while the vendor waits for information from the hospital"
            description="The hospital's own clock never pauses for the vendor: the clinician is still waiting."
            checked={pauseOnNeedsInfo}
            onChange={(e) => setPauseOnNeedsInfo(e.currentTarget.checked)}
          />
        )}
        <CannotBeSaved what="policy" problems={problems.map((p) => ({ key: p.field + p.message, text: p.message }))} />
        <PatientCareCalendarWarning
          edited={{ ...policy, calendarId, active }}
          policies={policies}
          calendars={calendars}
        />
        <ActionError error={save.error} title="Not saved" />
        <Group>
          <Button onClick={() => save.mutate()} disabled={!changed || problems.length > 0} loading={save.isPending}>
            Save policy
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

function PolicyHeading({ policy }: { policy: PolicyView }) {
  return (
    <div>
      <Group gap="xs">
        <Text fw={600}>{policy.name}</Text>
        <Badge variant="outline" color={policy.active ? '#1b5e2b' : 'gray.7'} tt="none">
          {policy.active ? 'Active' : 'Inactive'}
        </Badge>
      </Group>
      <Text size="sm" c="dimmed">
        #{policy.position} · applies to {conditionsOf(policy)} · pauses in {pausesOf(policy)}
      </Text>
    </div>
  );
}
