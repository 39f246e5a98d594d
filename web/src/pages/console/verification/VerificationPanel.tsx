// Identity check before a credential change (HHS HC3 2024): on the ticket page and in the screen pop. The agent
// starts a check for what the caller asks, records call-backs to the numbers on file (never one the caller gives),
// the supervisor on record's confirmation, a badge check in person or a video check with photo ID; the change stays
// blocked until the server says the policy is met.
import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Group,
  List,
  Paper,
  Select,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import {
  METHOD_LABELS,
  type Method,
  REQUEST_KINDS,
  REQUEST_LABELS,
  type RequestKind,
} from '../../../../../src/features/verification/rules/vocabulary.ts';
import {
  type AttemptBody,
  recordAttempt,
  recordChange,
  startVerification,
  ticketVerificationsQuery,
  type Verification,
  verificationKeys,
} from '../../../api/verification.ts';
import { LoadError, Loading } from '../../../components/QueryStates.tsx';
import { formatPhone } from '../../../components/ticketWords.ts';
import { changeLabel, open, requirementText, riskText, STATE_COLORS, STATE_LABELS } from './verificationWords.ts';

export function VerificationPanel({ ticketNumber }: { ticketNumber: string }) {
  const list = useQuery(ticketVerificationsQuery(ticketNumber));
  return (
    <Paper withBorder p="md" data-testid="verification-panel">
      <Stack gap="sm">
        <Title order={2} size="h4">
          Identity check
        </Title>
        {list.isPending && <Loading label="Loading identity checks…" />}
        {list.isError && <LoadError what="identity checks" error={list.error} retry={() => void list.refetch()} />}
        {list.data && (
          <>
            {list.data.items.map((v) => (
              <VerificationCard key={v.id} v={v} ticketNumber={ticketNumber} />
            ))}
            <StartCheck ticketNumber={ticketNumber} first={list.data.items.length === 0} />
          </>
        )}
      </Stack>
    </Paper>
  );
}

function useRefresh(ticketNumber: string) {
  const queryClient = useQueryClient();
  return () => void queryClient.invalidateQueries({ queryKey: verificationKeys.ofTicket(ticketNumber) });
}

function StartCheck({ ticketNumber, first }: { ticketNumber: string; first: boolean }) {
  const [request, setRequest] = useState<RequestKind>('password_reset');
  const [newDevice, setNewDevice] = useState(false);
  const refresh = useRefresh(ticketNumber);
  const start = useMutation({
    mutationFn: () => startVerification(ticketNumber, request, newDevice),
    onSuccess: refresh,
  });
  return (
    <Stack gap="xs">
      {first && (
        <Text size="sm">
          Password, MFA, unlock or access requests need the caller’s identity checked first. Never rely on answers the
          caller gives (last digits of SSN, birth date, employee ID).
        </Text>
      )}
      <Group align="end" gap="xs">
        <Select
          label="The caller asks for"
          data={REQUEST_KINDS.map((k) => ({ value: k, label: REQUEST_LABELS[k] }))}
          value={request}
          onChange={(v) => setRequest((v as RequestKind | null) ?? 'password_reset')}
          allowDeselect={false}
          w={220}
        />
        <Button variant="light" onClick={() => start.mutate()} loading={start.isPending}>
          Start identity check
        </Button>
      </Group>
      <Checkbox
        label="Caller says they have a new phone or device"
        checked={newDevice}
        onChange={(e) => setNewDevice(e.currentTarget.checked)}
      />
      {start.error && (
        <Text size="sm" c="red.9" role="alert">
          {start.error.message}
        </Text>
      )}
    </Stack>
  );
}

function VerificationCard({ v, ticketNumber }: { v: Verification; ticketNumber: string }) {
  const refresh = useRefresh(ticketNumber);
  const attempt = useMutation({ mutationFn: (body: AttemptBody) => recordAttempt(v.id, body), onSuccess: refresh });
  const change = useMutation({ mutationFn: () => recordChange(v.id), onSuccess: refresh });
  const record = (body: AttemptBody) => attempt.mutate(body);
  const offers = (m: Method) => open(v) && v.requirement.methods.includes(m);
  const blockedId = `verification-blocked-${v.id}`;
  return (
    <Stack gap="xs" data-testid="verification" aria-label={`Identity check for ${REQUEST_LABELS[v.request]}`}>
      <Group gap="xs">
        <Text fw={600}>{REQUEST_LABELS[v.request]}</Text>
        <Badge color={STATE_COLORS[v.state]} data-testid="verification-state">
          {v.changedAt ? 'Done' : STATE_LABELS[v.state]}
        </Badge>
      </Group>
      <Text size="sm">
        For <strong>{v.subject.displayName}</strong> · {riskText(v)}
      </Text>
      <Text size="sm">{requirementText(v)}</Text>
      {offers('callback_on_file') && <CallBack v={v} record={record} busy={attempt.isPending} />}
      {offers('supervisor_confirmation') && <Supervisor v={v} record={record} busy={attempt.isPending} />}
      {offers('in_person_badge') && (
        <Outcomes
          label={METHOD_LABELS.in_person_badge}
          busy={attempt.isPending}
          onRecord={(outcome) => record({ method: 'in_person_badge', outcome })}
        />
      )}
      {offers('video_photo_id') && <Video record={record} busy={attempt.isPending} />}
      {offers('knowledge_answers') && (
        <Outcomes
          label="Knowledge answers (never enough on their own)"
          busy={attempt.isPending}
          onRecord={(outcome) => record({ method: 'knowledge_answers', outcome })}
        />
      )}
      {attempt.error && (
        <Alert color="red" role="alert" title="Not recorded">
          {attempt.error.message}
        </Alert>
      )}
      {v.attempts.length > 0 && (
        <List size="sm" spacing={2} aria-label="Checks recorded">
          {v.attempts.map((a) => (
            <List.Item key={a.id}>
              {METHOD_LABELS[a.method]}
              {a.phone ? ` ${formatPhone(a.phone)}` : ''}
              {a.confirmedBy ? ` (${a.confirmedBy})` : ''}
              {a.idKind ? ` (${a.idKind})` : ''}: {a.outcome === 'passed' ? 'confirmed' : 'not confirmed'}, recorded by{' '}
              {a.recordedBy} at {new Date(a.at).toLocaleTimeString()}
            </List.Item>
          ))}
        </List>
      )}
      {v.blocked && (
        <Alert color={v.state === 'failed' ? 'red' : 'orange'} id={blockedId} title="Change blocked">
          {v.blocked}
        </Alert>
      )}
      {v.changedAt ? (
        <Text size="sm" c="green.9" role="status">
          {REQUEST_LABELS[v.request]} recorded at {new Date(v.changedAt).toLocaleTimeString()}.
        </Text>
      ) : (
        <Group>
          <Button
            onClick={() => change.mutate()}
            loading={change.isPending}
            disabled={v.blocked !== null}
            aria-describedby={v.blocked ? blockedId : undefined}
          >
            {changeLabel(v)}
          </Button>
        </Group>
      )}
      {change.error && (
        <Text size="sm" c="red.9" role="alert">
          {change.error.message}
        </Text>
      )}
    </Stack>
  );
}

type RecordAttempt = (body: AttemptBody) => void;

function Outcomes(props: { label: string; busy: boolean; onRecord: (outcome: 'passed' | 'failed') => void }) {
  return (
    <Group gap="xs" justify="space-between" role="group" aria-label={props.label}>
      <Text size="sm">{props.label}</Text>
      <Group gap={4}>
        <Button size="xs" variant="light" disabled={props.busy} onClick={() => props.onRecord('passed')}>
          Confirmed
        </Button>
        <Button size="xs" variant="subtle" disabled={props.busy} onClick={() => props.onRecord('failed')}>
          Not confirmed
        </Button>
      </Group>
    </Group>
  );
}

/** Call back only on the directory's numbers: the agent picks one, never types one. */
function CallBack({ v, record, busy }: { v: Verification; record: RecordAttempt; busy: boolean }) {
  if (!v.subject.phones.length) {
    return (
      <Text size="sm" c="dimmed">
        No number on file for {v.subject.displayName}: use the supervisor on record or a badge check in person.
      </Text>
    );
  }
  return (
    <Stack gap={4}>
      {v.subject.phones.map((phone) => (
        <Outcomes
          key={phone}
          label={`Call back on the number on file ${formatPhone(phone)}`}
          busy={busy}
          onRecord={(outcome) => record({ method: 'callback_on_file', outcome, phone })}
        />
      ))}
    </Stack>
  );
}

function Supervisor({ v, record, busy }: { v: Verification; record: RecordAttempt; busy: boolean }) {
  const s = v.supervisor;
  if (!s) {
    return (
      <Text size="sm" c="dimmed">
        No supervisor on record for {v.subject.displayName}.
      </Text>
    );
  }
  const phones = s.phones.map(formatPhone).join(', ');
  return (
    <Outcomes
      label={`Supervisor on record ${s.displayName}${phones ? ` (call ${phones})` : ''} confirms`}
      busy={busy}
      onRecord={(outcome) => record({ method: 'supervisor_confirmation', outcome, confirmedById: s.personId })}
    />
  );
}

/** A video check: who did it is recorded, and which photo ID was seen; no image is kept. */
function Video({ record, busy }: { record: RecordAttempt; busy: boolean }) {
  const [idKind, setIdKind] = useState('');
  return (
    <Stack gap={4}>
      <TextInput
        size="xs"
        label="Photo ID seen on the video call"
        placeholder="e.g. driver’s license"
        value={idKind}
        onChange={(e) => setIdKind(e.currentTarget.value)}
      />
      <Outcomes
        label={METHOD_LABELS.video_photo_id}
        busy={busy}
        onRecord={(outcome) =>
          record({ method: 'video_photo_id', outcome, ...(idKind.trim() ? { idKind: idKind.trim() } : {}) })
        }
      />
    </Stack>
  );
}
