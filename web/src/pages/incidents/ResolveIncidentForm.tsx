// Resolving an incident: what was fixed (public: sent to the linked tickets' requesters) and what to do with the
// linked tickets still open — resolve them, only send them the note, or leave them be.
import { Alert, Button, Group, Paper, Radio, Stack, Textarea, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import type { IncidentView } from '../../api/incidents.ts';
import { updateIncident } from '../../api/incidents.ts';
import { problemText } from '../../components/QueryStates.tsx';

type ChildAction = 'resolve' | 'message' | 'none';

export function ResolveIncidentForm({
  incident,
  onDone,
  onCancel,
}: {
  incident: IncidentView;
  onDone: (view: IncidentView) => void;
  onCancel: () => void;
}) {
  const [note, setNote] = useState('');
  const [children, setChildren] = useState<ChildAction>('resolve');
  const resolve = useMutation({
    mutationFn: () =>
      updateIncident(incident.number, {
        version: incident.version,
        state: 'resolved',
        resolution: { note: note.trim(), children },
      }),
    onSuccess: onDone,
  });
  const open = incident.children.open;
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="resolve-title">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (note.trim()) resolve.mutate();
        }}
      >
        <Stack gap="sm">
          <Title order={2} size="h4" id="resolve-title">
            Resolve {incident.number}
          </Title>
          <Textarea
            label="What was fixed"
            description="Sent to the requesters of the linked tickets. No patient details."
            required
            autosize
            minRows={2}
            maxLength={5000}
            value={note}
            onChange={(e) => setNote(e.currentTarget.value)}
          />
          <Radio.Group
            label={`The ${open} linked ticket${open === 1 ? '' : 's'} still open`}
            value={children}
            onChange={(v) => setChildren(v as ChildAction)}
          >
            <Stack gap={6} mt={6}>
              <Radio value="resolve" label="Resolve them with this note (known outage)" />
              <Radio value="message" label="Send them this note, leave them open" />
              <Radio value="none" label="Leave them as they are" />
            </Stack>
          </Radio.Group>
          {resolve.isError && (
            <Alert color="red" variant="light" role="alert" title="Not resolved">
              {problemText(resolve.error)}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onCancel}>
              Cancel
            </Button>
            <Button type="submit" loading={resolve.isPending} disabled={!note.trim()}>
              Resolve the incident
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
