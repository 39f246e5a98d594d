// Declaring an incident or an EHR downtime: what is down (applications), where (facilities), how bad, and the public
// summary requesters and the status page read. The server refuses patient details and says when another open
// incident already covers an application; the declarer may then declare anyway.
import { Alert, Button, Checkbox, Group, MultiSelect, Paper, Select, Stack, Textarea, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import type { IncidentKind, Severity } from '../../../../src/features/incidents/rules/vocabulary.ts';
import { INCIDENT_TEXT_MAX } from '../../../../src/features/incidents/schemas.ts';
import { ApiProblem } from '../../api/client.ts';
import { catalogueQuery } from '../../api/directory.ts';
import { declareIncident, incidentKeys } from '../../api/incidents.ts';
import { problemText } from '../../components/QueryStates.tsx';
import { KIND_WORDS, SEVERITY_WORDS } from './incidentWords.ts';

export function DeclareIncidentForm({ onCancel }: { onCancel: () => void }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const catalogue = useQuery(catalogueQuery);
  const [kind, setKind] = useState<IncidentKind>('ehr_downtime');
  const [severity, setSeverity] = useState<Severity>('sev1');
  const [title, setTitle] = useState('');
  const [summary, setSummary] = useState('');
  const [reply, setReply] = useState('');
  const [services, setServices] = useState<string[]>([]);
  const [facilities, setFacilities] = useState<string[]>([]);
  const [planned, setPlanned] = useState(false);
  const [confirmOverlap, setConfirmOverlap] = useState(false);
  const declare = useMutation({
    mutationFn: () =>
      declareIncident({
        kind,
        severity,
        planned,
        title: title.trim(),
        publicSummary: summary.trim(),
        publicReply: reply.trim(),
        serviceIds: services,
        facilityIds: facilities,
        confirmOverlap,
      }),
    onSuccess: (incident) => {
      void queryClient.invalidateQueries({ queryKey: incidentKeys.all });
      void navigate({ to: '/console/incidents/$number', params: { number: incident.number } });
    },
  });
  const overlap = declare.error instanceof ApiProblem && declare.error.status === 409;
  const missing = !title.trim() || !summary.trim();
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="declare-title">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (!missing) declare.mutate();
        }}
      >
        <Stack gap="sm">
          <h2 id="declare-title" style={{ margin: 0, fontSize: '1.1rem' }}>
            Declare an incident
          </h2>
          <Group grow align="flex-start">
            <Select
              label="Kind"
              data={Object.entries(KIND_WORDS).map(([value, label]) => ({ value, label }))}
              value={kind}
              onChange={(v) => v && setKind(v as IncidentKind)}
              allowDeselect={false}
            />
            <Select
              label="Severity"
              data={Object.entries(SEVERITY_WORDS).map(([value, s]) => ({ value, label: s.label }))}
              value={severity}
              onChange={(v) => v && setSeverity(v as Severity)}
              allowDeselect={false}
            />
          </Group>
          <TextInput
            label="What is down"
            description="A few words, e.g. “EHR unavailable at all facilities”"
            required
            maxLength={INCIDENT_TEXT_MAX.title}
            value={title}
            onChange={(e) => setTitle(e.currentTarget.value)}
          />
          <Group grow align="flex-start">
            <MultiSelect
              label="Applications affected"
              placeholder={services.length ? undefined : 'Pick one or more'}
              data={(catalogue.data?.applications ?? []).map((a) => ({ value: a.id, label: a.name }))}
              value={services}
              onChange={setServices}
              searchable
            />
            <MultiSelect
              label="Facilities affected"
              placeholder={facilities.length ? undefined : 'All facilities'}
              data={(catalogue.data?.facilities ?? []).map((f) => ({ value: f.id, label: f.name }))}
              value={facilities}
              onChange={setFacilities}
              searchable
            />
          </Group>
          <Textarea
            label="Public summary"
            description="Shown to requesters, in the banners and on the status page. No patient details."
            required
            autosize
            minRows={2}
            maxLength={INCIDENT_TEXT_MAX.publicSummary}
            value={summary}
            onChange={(e) => setSummary(e.currentTarget.value)}
          />
          <Textarea
            label="Answer for callers (optional)"
            description="The one-click reply agents send to tickets about this incident."
            autosize
            minRows={2}
            maxLength={INCIDENT_TEXT_MAX.publicReply}
            value={reply}
            onChange={(e) => setReply(e.currentTarget.value)}
          />
          <Checkbox
            label="Planned downtime (it starts as scheduled)"
            checked={planned}
            onChange={(e) => setPlanned(e.currentTarget.checked)}
          />
          {declare.isError && (
            <Alert color={overlap ? 'orange' : 'red'} variant="light" role="alert" title="Not declared">
              {problemText(declare.error)}
              {overlap && (
                <Checkbox
                  mt="xs"
                  label="Declare it anyway, as a separate incident"
                  checked={confirmOverlap}
                  onChange={(e) => setConfirmOverlap(e.currentTarget.checked)}
                />
              )}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onCancel}>
              Cancel
            </Button>
            <Button type="submit" loading={declare.isPending} disabled={missing}>
              Declare
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
