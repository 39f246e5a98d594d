// Hospital directory (LDAP / Active Directory): the connection staff sign in through with their network password
// and the sync that keeps people and accounts in step — test it, dry-run it, run it, and read the last report.
// The bind password goes in and never comes back out. docs/identity.md.
import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Group,
  NumberInput,
  Paper,
  PasswordInput,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import {
  connectionBody,
  type DirectoryStatus,
  type SyncReportView,
} from '../../../../src/features/directory-sync/schemas.ts';
import {
  directoryKeys,
  directoryStatusQuery,
  runDirectorySync,
  saveDirectoryConnection,
  testDirectoryConnection,
} from '../../api/directorySync.ts';
import { ActionError, LoadError, Loading } from '../../components/QueryStates.tsx';
import { serverErrors, zodResolver } from '../../forms/schemaErrors.ts';
import { DIRECTORY_WORDING, type DirectoryValues, directoryRequest, PRESETS, valuesOf } from './directoryForms.ts';

export function DirectoryTab() {
  const status = useQuery(directoryStatusQuery);
  if (status.isError) return <LoadError what="the directory connection" error={status.error} />;
  if (!status.data) return <Loading label="Loading the directory connection…" />;
  return (
    <Stack gap="md" maw={1000}>
      <Text size="sm" c="dimmed">
        Staff sign in with their network username and password, checked by the hospital directory (Active Directory or
        LDAP); their role comes from their groups below. The sync creates and updates people, and switches off the
        accounts of people who left or lost every listed group — their sessions end at once. The local administrator
        always signs in with its own password. Setup: <code>docs/identity.md</code>.
      </Text>
      <SyncPanel status={status.data} />
      <ConnectionForm status={status.data} />
    </Stack>
  );
}

function SyncPanel({ status }: { status: DirectoryStatus }) {
  const queryClient = useQueryClient();
  const refresh = () => void queryClient.invalidateQueries({ queryKey: directoryKeys.all });
  const test = useMutation({ mutationFn: testDirectoryConnection });
  const run = useMutation({ mutationFn: runDirectorySync, onSettled: refresh });
  const last = run.data ?? status.runs[0]?.report ?? null;
  const conn = status.connection;
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="directory-sync">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} size="h5" id="directory-sync">
            Directory sync
          </Title>
          <Badge variant="default" radius="sm" tt="none">
            {conn?.enabled ? 'Switched on' : 'Switched off'}
          </Badge>
        </Group>
        <Text size="sm" c="dimmed">
          {conn
            ? `Runs every ${conn.syncEveryMinutes} minutes while on. Last run: ${
                conn.lastSyncAt ? new Date(conn.lastSyncAt).toLocaleString() : 'never'
              }.`
            : 'Set up the connection below first.'}
        </Text>
        <Group>
          <Button variant="default" disabled={!conn} loading={test.isPending} onClick={() => test.mutate()}>
            Test connection
          </Button>
          <Button
            variant="default"
            disabled={!conn}
            loading={run.isPending && run.variables}
            onClick={() => run.mutate(true)}
          >
            Dry run
          </Button>
          <Button disabled={!conn} loading={run.isPending && !run.variables} onClick={() => run.mutate(false)}>
            Run sync now
          </Button>
        </Group>
        {test.data && (
          <Alert color={test.data.ok ? 'green' : 'red'} title={test.data.ok ? 'Connection works' : 'Connection failed'}>
            {test.data.message}
          </Alert>
        )}
        <ActionError error={test.error ?? run.error} title="Not done" />
        {last && <ReportPanel report={last} />}
      </Stack>
    </Paper>
  );
}

function ReportPanel({ report }: { report: SyncReportView }) {
  const title = `${report.dryRun ? 'Dry run' : 'Last sync'}: ${report.created} created, ${report.updated} updated, ${report.disabled} switched off, ${report.unchanged} unchanged, ${report.errors} errors`;
  return (
    <Stack gap="xs" aria-label="Sync report">
      <Text fw={600} size="sm" role="status">
        {title}
        {report.dryRun ? ' — nothing was changed' : ''}
      </Text>
      {report.failure && (
        <Alert color="red" title="The sync stopped">
          {report.failure}
        </Alert>
      )}
      {report.changes.length > 0 && (
        <Table striped withTableBorder>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Person</Table.Th>
              <Table.Th>Outcome</Table.Th>
              <Table.Th>What</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {report.changes.map((c) => (
              <Table.Tr key={`${c.dn}:${c.outcome}`}>
                <Table.Td>{c.person}</Table.Td>
                <Table.Td>{OUTCOMES[c.outcome]}</Table.Td>
                <Table.Td>{c.detail}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}

const OUTCOMES = { created: 'Created', updated: 'Updated', disabled: 'Switched off', error: 'Error' } as const;

function ConnectionForm({ status }: { status: DirectoryStatus }) {
  const queryClient = useQueryClient();
  const form = useForm<DirectoryValues>({
    initialValues: valuesOf(status.connection),
    validate: zodResolver(connectionBody, directoryRequest, DIRECTORY_WORDING),
  });
  // biome-ignore lint/correctness/useExhaustiveDependencies: only when the saved connection changes, not the form
  useEffect(() => form.setValues(valuesOf(status.connection)), [status.connection?.updatedAt]);
  const save = useMutation({
    mutationFn: (values: DirectoryValues) => saveDirectoryConnection(directoryRequest(values)),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: directoryKeys.all }),
    onError: (error) => form.setErrors(serverErrors(error, DIRECTORY_WORDING)),
  });
  const otherProblem = Object.keys(serverErrors(save.error, DIRECTORY_WORDING)).length === 0 ? save.error : null;
  const preset = (name: keyof typeof PRESETS) => form.setValues({ ...PRESETS[name] });
  return (
    <Paper
      withBorder
      radius="md"
      p="md"
      component="form"
      noValidate
      aria-labelledby="directory-connection"
      onSubmit={form.onSubmit((values) => save.mutate(values))}
    >
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} size="h5" id="directory-connection">
            Connection
          </Title>
          <Group gap="xs">
            <Button size="xs" variant="subtle" onClick={() => preset('active-directory')}>
              Active Directory defaults
            </Button>
            <Button size="xs" variant="subtle" onClick={() => preset('openldap')}>
              OpenLDAP defaults
            </Button>
          </Group>
        </Group>
        <Group grow align="flex-start">
          <TextInput
            label="Directory address"
            description="ldaps://dc1.hospital.org:636, or ldap://…:389 with StartTLS"
            required
            {...form.getInputProps('url')}
          />
          <Checkbox
            mt="xl"
            label="StartTLS (for ldap:// addresses)"
            {...form.getInputProps('startTls', { type: 'checkbox' })}
          />
        </Group>
        <Textarea
          label="Trusted certificate"
          description="The hospital CA's certificate (PEM), when the directory's is not from a public CA"
          autosize
          minRows={2}
          maxRows={6}
          {...form.getInputProps('tlsCa')}
        />
        <Group grow align="flex-start">
          <TextInput label="Service account (bind DN)" required {...form.getInputProps('bindDn')} />
          <PasswordInput
            label="Service account password"
            description={
              status.connection?.hasBindPassword
                ? 'Stored sealed; leave empty to keep it'
                : 'Stored sealed, never shown'
            }
            autoComplete="new-password"
            {...form.getInputProps('bindPassword')}
          />
        </Group>
        <Group grow align="flex-start">
          <TextInput label="Base DN" required {...form.getInputProps('baseDn')} />
          <TextInput label="Login attribute" required {...form.getInputProps('loginAttribute')} />
        </Group>
        <Group grow align="flex-start">
          <TextInput label="User filter" required {...form.getInputProps('userFilter')} />
          <TextInput
            label="Group filter"
            description="{dn} is the person's DN"
            required
            {...form.getInputProps('groupFilter')}
          />
        </Group>
        <Group grow align="flex-start">
          <TextInput label="Entry id attribute" {...form.getInputProps('attributes.entryId')} />
          <TextInput label="Employee ID attribute" {...form.getInputProps('attributes.employeeId')} />
          <TextInput label="Email attribute" {...form.getInputProps('attributes.email')} />
          <TextInput label="Display name attribute" {...form.getInputProps('attributes.displayName')} />
        </Group>
        <Group grow align="flex-start">
          <TextInput label="Phone attribute" {...form.getInputProps('attributes.phone')} />
          <TextInput label="Manager attribute" {...form.getInputProps('attributes.manager')} />
          <TextInput label="Department attribute" {...form.getInputProps('attributes.department')} />
          <TextInput label="Account control attribute" {...form.getInputProps('attributes.accountControl')} />
        </Group>
        <Textarea
          label="Groups → roles"
          description="One line per group, first match wins: ServiceDesk-Agents = agent (roles: requester, agent, analyst, engineer, vendor, manager, admin). Anyone in none of them has no access."
          autosize
          minRows={3}
          {...form.getInputProps('mappings')}
        />
        <Group align="flex-end">
          <NumberInput
            label="Sync every (minutes)"
            min={5}
            max={10080}
            w={200}
            {...form.getInputProps('syncEveryMinutes')}
          />
          <Checkbox
            label="On: directory sign-in and the scheduled sync"
            {...form.getInputProps('enabled', { type: 'checkbox' })}
          />
        </Group>
        <ActionError error={otherProblem} title="Not saved" />
        <Group>
          <Button type="submit" loading={save.isPending}>
            Save connection
          </Button>
          {save.isSuccess && (
            <Text size="sm" c="green" role="status">
              Saved.
            </Text>
          )}
        </Group>
      </Stack>
    </Paper>
  );
}
