// Systems that work with the desk (the phone system): their accounts and API tokens, managed while the desk runs.
import { Badge, Button, Group, Paper, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { createIntegration, type IntegrationView, integrationKeys, integrationsQuery } from '../../api/integrations.ts';
import { ActionError, Empty, fieldErrorsOf, LoadError, Loading } from '../../components/QueryStates.tsx';
import { IntegrationTokens } from './IntegrationTokens.tsx';

export function IntegrationsTab() {
  const integrations = useQuery(integrationsQuery);
  return (
    <Stack gap="md" maw={1000}>
      <Text size="sm" c="dimmed">
        An integration account is how another system, such as the phone system, talks to the desk. It cannot sign in: it
        uses API tokens, which may only post call events. Setting up the phone system is described in{' '}
        <code>docs/integrations/phone.md</code>.
      </Text>
      {integrations.isPending && <Loading label="Loading integrations…" />}
      {integrations.isError && (
        <LoadError what="integrations" error={integrations.error} retry={() => void integrations.refetch()} />
      )}
      {integrations.data?.length === 0 && (
        <Empty title="No integrations yet">Add the phone system below, then issue it a token.</Empty>
      )}
      {integrations.data?.map((integration) => (
        <IntegrationCard key={integration.id} integration={integration} />
      ))}
      <AddIntegrationForm />
    </Stack>
  );
}

function IntegrationCard({ integration }: { integration: IntegrationView }) {
  const headingId = `integration-${integration.id}`;
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby={headingId}>
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start">
          <div>
            <Title order={2} size="h5" id={headingId}>
              {integration.displayName}
            </Title>
            <Text size="sm" c="dimmed">
              Account <code>{integration.username}</code>
              {integration.purpose ? ` — ${integration.purpose}` : ''}
            </Text>
          </div>
          {integration.disabled && <Badge color="gray">Disabled</Badge>}
        </Group>
        <IntegrationTokens integration={integration} />
      </Stack>
    </Paper>
  );
}

function AddIntegrationForm() {
  const queryClient = useQueryClient();
  const empty = { username: '', displayName: '', purpose: '' };
  const [form, setForm] = useState(empty);
  const create = useMutation({
    mutationFn: createIntegration,
    onSuccess: () => {
      setForm(empty);
      void queryClient.invalidateQueries({ queryKey: integrationKeys.all });
    },
  });
  const errors = fieldErrorsOf(create.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(form);
  };
  const complete = form.username.trim() && form.displayName.trim() && form.purpose.trim();
  return (
    <Paper withBorder radius="md" p="md" component="form" onSubmit={submit} aria-labelledby="add-integration">
      <Stack gap="sm">
        <Title order={2} size="h5" id="add-integration">
          Add an integration
        </Title>
        <Group grow align="flex-start">
          <TextInput
            label="Account name"
            description="Letters, digits and . _ @ - (e.g. pbx)"
            value={form.username}
            onChange={(e) => setForm({ ...form, username: e.currentTarget.value })}
            error={errors.username}
            required
          />
          <TextInput
            label="Name shown"
            description="In the audit trail (e.g. Phone system)"
            value={form.displayName}
            onChange={(e) => setForm({ ...form, displayName: e.currentTarget.value })}
            error={errors.displayName}
            required
          />
        </Group>
        <Textarea
          label="Purpose"
          description="What the system does with the desk, so the next administrator knows"
          value={form.purpose}
          onChange={(e) => setForm({ ...form, purpose: e.currentTarget.value })}
          error={errors.purpose}
          autosize
          minRows={2}
          required
        />
        {Object.keys(errors).length === 0 && <ActionError error={create.error} title="Not added" />}
        <Group>
          <Button type="submit" loading={create.isPending} disabled={!complete}>
            Add integration
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
