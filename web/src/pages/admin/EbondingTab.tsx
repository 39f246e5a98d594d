// E-bonding: a vendor's own ticketing system updating the cases it holds. The administrator picks a provider and sees
// its connection (on or off, its account, the state mapping, its tokens, never a secret), edits which of the vendor's
// state names means what here, switches it on or off, issues a token (shown once) and revokes one.
// docs/integrations/ebonding.md; the API is src/features/ebonding/routes.ts.
import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Code,
  Group,
  Input,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { catalogueQuery } from '../../api/directory.ts';
import {
  type ConnectionView,
  connectionQuery,
  ebondingKeys,
  issueConnectionToken,
  revokeConnectionToken,
  saveConnection,
} from '../../api/ebonding.ts';
import { ActionError, Empty, LoadError, Loading } from '../../components/QueryStates.tsx';
import {
  connectionRequest,
  emptyRow,
  MAPPING_FIELD,
  type MappingValues,
  mappingErrors,
  rowsOf,
  STATE_CHOICES,
  serverMappingErrors,
} from './ebondingForms.ts';
import { ApiTokens } from './IntegrationTokens.tsx';

type Provider = { id: string; name: string };

const route = getRouteApi('/signed-in/admin');

export function EbondingTab() {
  const catalogue = useQuery(catalogueQuery);
  // The provider chosen is kept in the address (…&provider=<id>): a reload or a link opens the same connection.
  const { provider: providerId = null } = route.useSearch();
  const navigate = route.useNavigate();
  const setProviderId = (id: string | null) =>
    void navigate({ search: (prev) => ({ ...prev, provider: id ?? undefined }), replace: true });
  // Only an outside provider has a ticketing system of its own to bond with.
  const providers = (catalogue.data?.providers ?? []).filter((p) => p.kind !== 'in_house');
  const provider = providers.find((p) => p.id === providerId) ?? null;
  return (
    <Stack gap="md" maw={1000}>
      <Text size="sm" c="dimmed">
        E-bonding lets a vendor&apos;s own ticketing system (ServiceNow, Jira…) update the tickets handed to that
        vendor: its state, its case number, a comment on the thread shared with the vendor. It sees the tickets as the
        vendor&apos;s engineers do, never patient details. The vendor&apos;s side is described in{' '}
        <code>docs/integrations/ebonding.md</code>; what the desk sends back to the vendor is set up in the Webhooks
        tab.
      </Text>
      {catalogue.isPending && <Loading label="Loading providers…" />}
      {catalogue.isError && (
        <LoadError what="providers" error={catalogue.error} retry={() => void catalogue.refetch()} />
      )}
      {catalogue.data && providers.length === 0 && (
        <Empty title="No outside providers">Add the vendor in Providers &amp; coverage first.</Empty>
      )}
      {providers.length > 0 && (
        <Select
          label="Provider"
          description="The vendor or outsourcer whose ticketing system updates its cases"
          placeholder="Choose a provider"
          data={providers.map((p) => ({ value: p.id, label: p.name }))}
          value={providerId}
          onChange={setProviderId}
          searchable
          maw={480}
        />
      )}
      {provider && <Connection key={provider.id} provider={provider} />}
    </Stack>
  );
}

function Connection({ provider }: { provider: Provider }) {
  const connection = useQuery(connectionQuery(provider.id));
  if (connection.isPending) return <Loading label="Loading the connection…" />;
  if (connection.isError)
    return <LoadError what="the connection" error={connection.error} retry={() => void connection.refetch()} />;
  return <ConnectionCard provider={provider} view={connection.data} />;
}

function ConnectionCard({ provider, view }: { provider: Provider; view: ConnectionView }) {
  const queryClient = useQueryClient();
  const headingId = `ebonding-${provider.id}`;
  const setView = (next: ConnectionView) => queryClient.setQueryData(ebondingKeys.of(provider.id), next);
  const toggle = useMutation({
    mutationFn: () => saveConnection(provider.id, { enabled: !view.enabled, stateMap: view.stateMap }),
    onSuccess: setView,
  });
  const updatesUrl = `${window.location.origin}/api/v1/ebonding/updates`;
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby={headingId}>
      <Stack gap="md">
        <Group justify="space-between" align="flex-start" wrap="wrap">
          <div style={{ minWidth: 0 }}>
            <Title order={2} size="h5" id={headingId}>
              {provider.name}
            </Title>
            {view.account ? (
              <Text size="sm" c="dimmed">
                Its system acts as the account <Code>{view.account.username}</Code>: it has no password and cannot sign
                in, only use the tokens below.
              </Text>
            ) : (
              <Text size="sm" c="dimmed">
                Not set up yet. Saving the state mapping below makes the account its system acts as.
              </Text>
            )}
          </div>
          <ConnectionBadge view={view} />
        </Group>
        {view.account && (
          <Group gap="sm" align="center" wrap="wrap">
            <Text size="sm" style={{ flex: '1 1 280px' }}>
              {view.enabled
                ? 'Updates from its system are accepted.'
                : 'Switched off: every update from its system is refused until you switch it on.'}
            </Text>
            <Button
              size="xs"
              variant={view.enabled ? 'default' : 'filled'}
              loading={toggle.isPending}
              onClick={() => toggle.mutate()}
            >
              {view.enabled ? 'Switch off' : 'Switch on'}
            </Button>
          </Group>
        )}
        <ActionError error={toggle.error} title={view.enabled ? 'Not switched off' : 'Not switched on'} />
        <MappingForm provider={provider} view={view} onSaved={setView} />
        <Stack gap="xs">
          <Title order={3} size="h6">
            Tokens of its system
          </Title>
          {view.account ? (
            <>
              <Text size="sm" c="dimmed">
                Its system sends each update to <Code style={{ overflowWrap: 'anywhere' }}>{updatesUrl}</Code> with one
                of these tokens. Issue one per system (production, test) so that one can be revoked alone.
              </Text>
              <ApiTokens
                owner={view.account.username}
                tokens={view.tokens}
                issue={(body) => issueConnectionToken(provider.id, body)}
                revoke={(tokenId) => revokeConnectionToken(provider.id, tokenId)}
                refresh={ebondingKeys.of(provider.id)}
                may={() => 'Update this provider’s cases'}
                namePlaceholder="Which system holds it, e.g. ServiceNow production"
                whereItGoes="Give it to the vendor's administrator as you would a password, for their system's credential store."
                noTokens="No tokens: the vendor's system cannot reach the desk until you issue one."
              />
            </>
          ) : (
            <Text size="sm">Save the state mapping first: the tokens belong to the account it makes.</Text>
          )}
        </Stack>
      </Stack>
    </Paper>
  );
}

function ConnectionBadge({ view }: { view: ConnectionView }) {
  if (!view.account)
    return (
      <Badge variant="light" color="gray">
        Not set up
      </Badge>
    );
  return view.enabled ? (
    <Badge variant="light" color="green">
      On
    </Badge>
  ) : (
    <Badge variant="light" color="gray">
      Off
    </Badge>
  );
}

function MappingForm(props: { provider: Provider; view: ConnectionView; onSaved: (view: ConnectionView) => void }) {
  const { provider, view } = props;
  const form = useForm<MappingValues>({ initialValues: { rows: rowsOf(view.stateMap) }, validate: mappingErrors });
  const save = useMutation({
    // The first save switches the connection on; later ones keep it as it is (Switch off/on above).
    mutationFn: (values: MappingValues) =>
      saveConnection(provider.id, connectionRequest(values, view.account ? view.enabled : true)),
    onSuccess: (saved) => {
      props.onSaved(saved);
      form.setValues({ rows: rowsOf(saved.stateMap) });
      form.resetDirty({ rows: rowsOf(saved.stateMap) });
    },
    onError: (error, values) => form.setErrors(serverMappingErrors(error, values.rows)),
  });
  const otherProblem = Object.keys(serverMappingErrors(save.error, form.values.rows)).length ? null : save.error;
  const tableError = form.errors[MAPPING_FIELD];
  return (
    <form
      onSubmit={form.onSubmit((values) => save.mutate(values))}
      noValidate
      aria-labelledby="ebonding-mapping"
      aria-describedby="ebonding-mapping-help"
    >
      <Stack gap="sm">
        <Title order={3} size="h6" id="ebonding-mapping">
          State mapping
        </Title>
        <div id="ebonding-mapping-help">
          <Text size="sm" c="dimmed">
            Each state name the vendor&apos;s system sends, exactly as it sends it (capital letters and spaces around it
            do not matter), and what it means here. A state left out is refused when it arrives: nothing is guessed.
          </Text>
          <Text component="ul" size="sm" c="dimmed" my={4} pl="md">
            {STATE_CHOICES.map((c) => (
              <li key={c.value}>
                <strong>{c.label}</strong>: {c.meaning}
              </li>
            ))}
          </Text>
        </div>
        {form.values.rows.map((row, index) => (
          <Group
            // Rows have no id of their own; the position is what the errors are keyed by too.
            // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place, keyed like their errors
            key={index}
            role="group"
            aria-label={`State ${index + 1}`}
            align="flex-start"
            gap="sm"
            wrap="nowrap"
            pt={index ? 'xs' : 0}
            style={index ? { borderTop: '1px solid var(--mantine-color-gray-3)' } : undefined}
          >
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm" verticalSpacing={4} style={{ flex: 1, minWidth: 0 }}>
              <TextInput
                label="Vendor's state name"
                placeholder="e.g. Awaiting Info"
                {...form.getInputProps(`rows.${index}.name`)}
              />
              <Select
                label="Means in Clinidesk"
                placeholder="Choose"
                data={STATE_CHOICES.map(({ value, label }) => ({ value, label }))}
                value={row.state || null}
                onChange={(value) => form.setFieldValue(`rows.${index}.state`, (value ?? '') as typeof row.state)}
                error={form.errors[`rows.${index}.state`]}
                allowDeselect={false}
              />
            </SimpleGrid>
            <ActionIcon
              variant="subtle"
              color="gray"
              mt={26}
              size="lg"
              aria-label={`Remove state ${index + 1}${row.name.trim() ? ` (${row.name.trim()})` : ''}`}
              onClick={() => form.removeListItem('rows', index)}
              disabled={form.values.rows.length === 1}
            >
              <span aria-hidden="true">×</span>
            </ActionIcon>
          </Group>
        ))}
        {tableError && <Input.Error role="alert">{tableError}</Input.Error>}
        <ActionError error={otherProblem} title="Mapping not saved" />
        {save.isSuccess && !form.isDirty() && (
          <Alert color="green" variant="light" role="status" py={6}>
            Saved.
          </Alert>
        )}
        <Group gap="sm">
          <Button variant="default" onClick={() => form.insertListItem('rows', emptyRow())}>
            Add a state
          </Button>
          <Button type="submit" loading={save.isPending}>
            {view.account ? 'Save mapping' : 'Save and switch on'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
