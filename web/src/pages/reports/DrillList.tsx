// The tickets behind a figure, each a link to the ticket.
import { Button, Group, Paper, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { type DrillTarget, drillQueryOf, type ReportFilters } from '../../api/reports.ts';
import { LoadError, Loading } from '../../components/QueryStates.tsx';

export function DrillList({
  filters,
  target,
  onClose,
}: {
  filters: ReportFilters;
  target: DrillTarget;
  onClose: () => void;
}) {
  const drill = useQuery(drillQueryOf(filters, target));
  return (
    <Paper withBorder p="md" aria-live="polite" data-testid="drill">
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h4">
          Tickets: {target.label}
        </Title>
        <Button variant="subtle" size="xs" onClick={onClose}>
          Close
        </Button>
      </Group>
      {drill.isPending && <Loading label="Finding the tickets…" />}
      {drill.isError && <LoadError what="the tickets" error={drill.error} retry={() => void drill.refetch()} />}
      {drill.data && (
        <>
          <Group gap="xs">
            {drill.data.tickets.map((t) => (
              <Link key={t.id} to="/console/tickets/$number" params={{ number: t.number }}>
                {t.number}
              </Link>
            ))}
          </Group>
          <Text size="sm" c="dimmed" mt="xs">
            {drill.data.tickets.length === 0
              ? 'No tickets.'
              : drill.data.next !== null
                ? `First ${drill.data.tickets.length} shown; export the CSV for all.`
                : `${drill.data.tickets.length} tickets.`}
          </Text>
        </>
      )}
    </Paper>
  );
}
