// Systems that work with the desk (the phone system): their accounts and API tokens, managed while the desk runs.
import { Badge, Button, Group, Paper, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { integrationBody } from '../../../../src/platform/auth/integration-schemas.ts';
import { createIntegration, type IntegrationView, integrationKeys, integrationsQuery } from '../../api/integrations.ts';
import { ActionError, Empty, LoadError, Loading } from '../../components/QueryStates.tsx';
import { IntegrationTokens } from './IntegrationTokens.tsx';
import { INTEGRATION_WORDING } from './integrationForms.ts';
import { useAddForm } from './useAddForm.ts';

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
  // Checked by the server's own schema before it is sent; its words, with the form's names for the fields.
  const { form, submit, adding, otherProblem } = useAddForm({
    initialValues: { username: '', displayName: '', purpose: '' },
    schema: integrationBody,
    toBody: (values) => values,
    create: createIntegration,
    refresh: integrationKeys.all,
    clearAfterAdd: ['username', 'displayName', 'purpose'],
    wording: INTEGRATION_WORDING,
  });
  const { username, displayName, purpose } = form.values;
  const complete = username.trim() && displayName.trim() && purpose.trim();
  return (
    <Paper
      withBorder
      radius="md"
      p="md"
      component="form"
      onSubmit={submit}
      noValidate
      aria-labelledby="add-integration"
    >
      <Stack gap="sm">
        <Title order={2} size="h5" id="add-integration">
          Add an integration
        </Title>
        <Group grow align="flex-start">
          <TextInput
            label="Account name"
            description="Letters, digits and . _ @ - (e.g. pbx)"
            {...form.getInputProps('username')}
            required
          />
          <TextInput
            label="Name shown"
            description="In the audit trail (e.g. Phone system)"
            {...form.getInputProps('displayName')}
            required
          />
        </Group>
        <Textarea
          label="Purpose"
          description="What the system does with the desk, so the next administrator knows"
          {...form.getInputProps('purpose')}
          autosize
          minRows={2}
          required
        />
        <ActionError error={otherProblem} title="Not added" />
        <Group>
          <Button type="submit" loading={adding} disabled={!complete}>
            Add integration
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
