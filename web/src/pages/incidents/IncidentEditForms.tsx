// Changing an incident after it is declared: who leads it (commander, clinical operations, IT, communications),
// what it affects (applications, modules, facilities, units), and its words (title, public summary, answer for
// callers; for a planned downtime, the notice hours). Each form sends only what changed, with the version it
// started from: if someone else changed the incident meanwhile, the server's refusal is shown as it is written, with
// a button to reload the incident and start again from what is there now.
import {
  Alert,
  Button,
  Group,
  NumberInput,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { NOTICE_HOURS } from '../../../../src/features/incident-comms/rules/planned.ts';
import { INCIDENT_TEXT_MAX } from '../../../../src/features/incidents/schemas.ts';
import { ApiProblem } from '../../api/client.ts';
import { type IncidentView, incidentKeys, incidentLeadsQuery, updateIncident } from '../../api/incidents.ts';
import { problemText } from '../../components/QueryStates.tsx';
import {
  ROLE_FIELDS,
  type RolesDraft,
  roleChanges,
  rolesOf,
  type ScopeDraft,
  scopeChanges,
  scopeOf,
  type WordsDraft,
  wordsChanges,
  wordsOf,
} from './incidentForms.ts';
import { ScopeFields } from './ScopeFields.tsx';

type FormProps = { incident: IncidentView; onDone: (view: IncidentView) => void; onCancel: () => void };

/** The refusal, and for a stale version the way out: reload, then change again. */
function NotSaved({ error, onReload }: { error: unknown; onReload: () => void }) {
  const stale = error instanceof ApiProblem && error.status === 409;
  return (
    <Alert color={stale ? 'orange' : 'red'} variant="light" role="alert" title="Not saved">
      <Stack gap="xs" align="flex-start">
        <Text size="sm">{problemText(error)}</Text>
        {stale && (
          <Button size="xs" variant="default" onClick={onReload}>
            Reload the incident
          </Button>
        )}
      </Stack>
    </Alert>
  );
}

function useSave(base: IncidentView, onDone: (view: IncidentView) => void) {
  return useMutation({
    mutationFn: (changes: Partial<RolesDraft> | Partial<ScopeDraft> | Partial<WordsDraft>) =>
      updateIncident(base.number, { version: base.version, ...changes }),
    onSuccess: onDone,
  });
}

/** Reloads the incident, and gives the fresh one to the form to start again from. */
function useReload(number: string, restart: (fresh: IncidentView) => void) {
  const queryClient = useQueryClient();
  return async () => {
    await queryClient.invalidateQueries({ queryKey: incidentKeys.one(number) });
    const fresh = queryClient.getQueryData<IncidentView>(incidentKeys.one(number));
    if (fresh) restart(fresh);
  };
}

export function RolesForm({ incident, onDone, onCancel }: FormProps) {
  const [base, setBase] = useState(incident);
  const [roles, setRoles] = useState<RolesDraft>(() => rolesOf(incident));
  const leads = useQuery(incidentLeadsQuery);
  const save = useSave(base, onDone);
  const reload = useReload(incident.number, (fresh) => {
    save.reset();
    setBase(fresh);
    setRoles(rolesOf(fresh));
  });
  const changes = roleChanges(rolesOf(base), roles);
  // Someone named before who is no longer an active staff account still shows by name.
  const known = new Map((leads.data?.items ?? []).map((p) => [p.id, p.displayName]));
  for (const { view } of ROLE_FIELDS) {
    const p = base[view];
    if (p && !known.has(p.id)) known.set(p.id, p.displayName);
  }
  const data = [...known].map(([value, label]) => ({ value, label }));
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="roles-title">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (Object.keys(changes).length) save.mutate(changes);
        }}
      >
        <Stack gap="sm">
          <Title order={2} size="h4" id="roles-title">
            Who leads {incident.number}
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            {ROLE_FIELDS.map(({ field, label }) => (
              <Select
                key={field}
                label={label}
                placeholder={leads.isPending ? 'Loading…' : 'Not named'}
                data={data}
                value={roles[field]}
                onChange={(id) => setRoles({ ...roles, [field]: id })}
                searchable
                clearable
                error={leads.isError ? 'The list of desk staff could not be loaded' : undefined}
              />
            ))}
          </SimpleGrid>
          {save.isError && <NotSaved error={save.error} onReload={() => void reload()} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onCancel}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending} disabled={Object.keys(changes).length === 0}>
              Save who leads it
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

export function ScopeForm({ incident, onDone, onCancel }: FormProps) {
  const [base, setBase] = useState(incident);
  const [scope, setScope] = useState<ScopeDraft>(() => scopeOf(incident));
  const save = useSave(base, onDone);
  const reload = useReload(incident.number, (fresh) => {
    save.reset();
    setBase(fresh);
    setScope(scopeOf(fresh));
  });
  const changes = scopeChanges(scopeOf(base), scope);
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="scope-title">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (Object.keys(changes).length) save.mutate(changes);
        }}
      >
        <Stack gap="sm">
          <Title order={2} size="h4" id="scope-title">
            What {incident.number} affects
          </Title>
          <Text size="sm" c="dimmed">
            New tickets are matched against what is saved here. Tickets already open are not matched again: link them
            from the incident or the ticket.
          </Text>
          <ScopeFields value={scope} onChange={setScope} />
          {save.isError && <NotSaved error={save.error} onReload={() => void reload()} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onCancel}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending} disabled={Object.keys(changes).length === 0}>
              Save what it affects
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

export function WordsForm({ incident, onDone, onCancel }: FormProps) {
  const [base, setBase] = useState(incident);
  const [words, setWords] = useState<WordsDraft>(() => wordsOf(incident));
  const save = useSave(base, onDone);
  const reload = useReload(incident.number, (fresh) => {
    save.reset();
    setBase(fresh);
    setWords(wordsOf(fresh));
  });
  const changes = wordsChanges(wordsOf(base), words);
  const missing = !words.title.trim() || !words.publicSummary.trim();
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="words-title">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (!missing && Object.keys(changes).length) save.mutate(changes);
        }}
      >
        <Stack gap="sm">
          <Title order={2} size="h4" id="words-title">
            What {incident.number} says
          </Title>
          <Text size="sm" c="dimmed">
            Requesters, the banners and the public status page read these: no patient details.
          </Text>
          <TextInput
            label="What is down"
            required
            maxLength={INCIDENT_TEXT_MAX.title}
            value={words.title}
            onChange={(e) => setWords({ ...words, title: e.currentTarget.value })}
          />
          <Textarea
            label="Public summary"
            required
            autosize
            minRows={2}
            maxLength={INCIDENT_TEXT_MAX.publicSummary}
            value={words.publicSummary}
            onChange={(e) => setWords({ ...words, publicSummary: e.currentTarget.value })}
          />
          <Textarea
            label="Answer for callers"
            description="The one-click reply agents send to tickets about this incident."
            autosize
            minRows={2}
            maxLength={INCIDENT_TEXT_MAX.publicReply}
            value={words.publicReply}
            onChange={(e) => setWords({ ...words, publicReply: e.currentTarget.value })}
          />
          {incident.planned && (
            <NumberInput
              label="Notice to unit leaders and super-users (hours before the start)"
              description="From 1 hour to 336 hours (14 days)."
              min={NOTICE_HOURS.min}
              max={NOTICE_HOURS.max}
              allowDecimal={false}
              value={words.noticeHoursBefore}
              onChange={(v) =>
                setWords({ ...words, noticeHoursBefore: typeof v === 'number' ? v : NOTICE_HOURS.default })
              }
            />
          )}
          {save.isError && <NotSaved error={save.error} onReload={() => void reload()} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onCancel}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending} disabled={missing || Object.keys(changes).length === 0}>
              Save the title and summary
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
