// Declaring an incident or an EHR downtime: what is down (applications), where (facilities), how bad, and the public
// summary requesters and the status page read; a planned downtime also its start, end and how many hours before
// the start the units' leaders and super-users are told. The server refuses patient details and says when another open
// incident already covers an application; the declarer may then declare anyway. From a ticket's page the form starts
// from the ticket (incidentForms.ts: its summary, application, module, facility and unit) and the ticket becomes the
// first child.
import {
  Alert,
  Button,
  Checkbox,
  Group,
  NumberInput,
  Paper,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { NOTICE_HOURS } from '../../../../src/features/incident-comms/rules/planned.ts';
import type { IncidentKind, Severity } from '../../../../src/features/incidents/rules/vocabulary.ts';
import { INCIDENT_TEXT_MAX } from '../../../../src/features/incidents/schemas.ts';
import { ApiProblem } from '../../api/client.ts';
import { declareIncident, incidentKeys } from '../../api/incidents.ts';
import { ticketKeys } from '../../api/tickets.ts';
import { problemText } from '../../components/QueryStates.tsx';
import { type DeclareDraft, EMPTY_DECLARE_DRAFT } from './incidentForms.ts';
import { KIND_WORDS, SEVERITY_WORDS } from './incidentWords.ts';
import { ScopeFields } from './ScopeFields.tsx';

export function DeclareIncidentForm({
  onCancel,
  draft = EMPTY_DECLARE_DRAFT,
}: {
  onCancel: () => void;
  draft?: DeclareDraft;
}) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [kind, setKind] = useState<IncidentKind>(draft.fromTicket ? 'major_incident' : 'ehr_downtime');
  const [severity, setSeverity] = useState<Severity>('sev1');
  const [title, setTitle] = useState(draft.title);
  const [summary, setSummary] = useState('');
  const [reply, setReply] = useState('');
  const [scope, setScope] = useState({
    serviceIds: draft.serviceIds,
    moduleIds: draft.moduleIds,
    facilityIds: draft.facilityIds,
    unitIds: draft.unitIds,
  });
  const [planned, setPlanned] = useState(false);
  const [start, setStart] = useState('');
  const [end, setEnd] = useState('');
  const [noticeHours, setNoticeHours] = useState<number>(NOTICE_HOURS.default);
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
        ...scope,
        ...(planned
          ? {
              scheduledStart: localToIso(start),
              scheduledEnd: end ? localToIso(end) : null,
              noticeHoursBefore: noticeHours,
            }
          : {}),
        ...(draft.fromTicket ? { fromTicket: draft.fromTicket } : {}),
        confirmOverlap,
      }),
    onSuccess: (incident) => {
      void queryClient.invalidateQueries({ queryKey: incidentKeys.all });
      if (draft.fromTicket) void queryClient.invalidateQueries({ queryKey: ticketKeys.detail(draft.fromTicket) });
      void navigate({ to: '/console/incidents/$number', params: { number: incident.number } });
    },
  });
  const overlap = declare.error instanceof ApiProblem && declare.error.status === 409;
  const missing = !title.trim() || !summary.trim() || (planned && !start);
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
            {draft.fromTicket ? `Declare a major incident from ${draft.fromTicket}` : 'Declare an incident'}
          </h2>
          {draft.fromTicket && (
            <Text size="sm" c="dimmed">
              {draft.fromTicket} becomes its first linked ticket. What it affects starts from the ticket: widen it if
              more is down.
            </Text>
          )}
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
          <ScopeFields value={scope} onChange={setScope} />
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
          {planned && (
            <Group grow align="flex-start">
              <TextInput
                type="datetime-local"
                label="Planned start"
                required
                value={start}
                onChange={(e) => setStart(e.currentTarget.value)}
              />
              <TextInput
                type="datetime-local"
                label="Planned end (optional)"
                value={end}
                onChange={(e) => setEnd(e.currentTarget.value)}
              />
              <NumberInput
                label="Tell the units (hours before)"
                description="Leaders and super-users, 1 to 336 hours"
                min={NOTICE_HOURS.min}
                max={NOTICE_HOURS.max}
                allowDecimal={false}
                value={noticeHours}
                onChange={(v) => setNoticeHours(typeof v === 'number' ? v : NOTICE_HOURS.default)}
              />
            </Group>
          )}
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

/** A datetime-local value (the browser's own time zone) as the instant the server takes. */
function localToIso(value: string): string {
  return new Date(value).toISOString();
}
