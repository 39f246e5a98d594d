// An incident's header badges, one component for every page that heads with an incident (the incident page and the
// printable review): its state, its severity, "Planned" for a planned downtime, and whatever the page adds after.
import { Badge, Group } from '@mantine/core';
import type { ReactNode } from 'react';
import type { IncidentState, Severity } from '../../../../src/features/incidents/rules/vocabulary.ts';
import { SEVERITY_WORDS, STATE_WORDS } from './incidentWords.ts';

export function IncidentBadges({
  state,
  severity,
  planned = false,
  children,
}: {
  state: IncidentState;
  severity: Severity;
  planned?: boolean;
  children?: ReactNode;
}) {
  return (
    <Group gap="xs" mt={4}>
      <Badge color={STATE_WORDS[state].color} variant="light">
        {STATE_WORDS[state].label}
      </Badge>
      <Badge color={SEVERITY_WORDS[severity].color} variant="light">
        {SEVERITY_WORDS[severity].label}
      </Badge>
      {planned && <Badge variant="outline">Planned</Badge>}
      {children}
    </Group>
  );
}
