// One integration's API tokens: issue one (its secret shown once, here), see when each was last used, revoke.
import {
  Alert,
  Badge,
  Button,
  Code,
  CopyButton,
  Group,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  VisuallyHidden,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { integrationTokenBody } from '../../../../src/platform/auth/integration-schemas.ts';
import {
  type IntegrationTokenView,
  type IntegrationView,
  integrationKeys,
  issueIntegrationToken,
  revokeIntegrationToken,
} from '../../api/integrations.ts';
import { ActionError } from '../../components/QueryStates.tsx';
import { formatWhen } from '../../components/ticketWords.ts';
import { TOKEN_WORDING, type TokenValues, tokenRequest } from './integrationForms.ts';
import { useAddForm } from './useAddForm.ts';

const EXPIRY = [
  { value: '90', label: '90 days' },
  { value: '365', label: '1 year' },
  { value: '30', label: '30 days' },
  { value: 'never', label: 'Never (not recommended)' },
];

export function IntegrationTokens({ integration }: { integration: IntegrationView }) {
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: integrationKeys.all });
  // Checked by the server's own schema before it is sent; the secret it answers with is shown once, below.
  const { form, submit, adding, otherProblem, added, forgetAdded } = useAddForm({
    initialValues: { name: '', expiry: '90' } as TokenValues,
    schema: integrationTokenBody,
    toBody: tokenRequest,
    create: (body) => issueIntegrationToken(integration.id, body),
    refresh: integrationKeys.all,
    clearAfterAdd: ['name'],
    wording: TOKEN_WORDING,
  });
  const revoke = useMutation({
    mutationFn: (tokenId: string) => revokeIntegrationToken(integration.id, tokenId),
    onSuccess: () => void refresh(),
  });

  return (
    <Stack gap="sm">
      {integration.tokens.length === 0 ? (
        <Text size="sm">No tokens: the system cannot reach the desk until you issue one.</Text>
      ) : (
        <Table.ScrollContainer minWidth={720}>
          <Table verticalSpacing={4} fz="sm" aria-label={`Tokens of ${integration.displayName}`}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Token</Table.Th>
                <Table.Th scope="col">Starts with</Table.Th>
                <Table.Th scope="col">May</Table.Th>
                <Table.Th scope="col">Expires</Table.Th>
                <Table.Th scope="col">Last used</Table.Th>
                <Table.Th scope="col">
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {integration.tokens.map((token) => (
                <TokenRow
                  key={token.id}
                  token={token}
                  revoking={revoke.isPending && revoke.variables === token.id}
                  onRevoke={() => revoke.mutate(token.id)}
                />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <ActionError error={revoke.error} title="Not revoked" />
      {added && <NewToken token={added.token} name={added.name} onDone={forgetAdded} />}
      <form onSubmit={submit} noValidate aria-label={`Issue a token to ${integration.displayName}`}>
        <Group align="flex-end" gap="sm">
          <TextInput
            label="New token for"
            placeholder="Which system or node holds it, e.g. Asterisk cluster A"
            {...form.getInputProps('name')}
            w={340}
          />
          <Select
            label="Expires after"
            data={EXPIRY}
            value={form.values.expiry}
            onChange={(value) => form.setFieldValue('expiry', value ?? '90')}
            error={form.errors.expiry}
            allowDeselect={false}
            w={200}
          />
          <Button type="submit" variant="default" loading={adding} disabled={!form.values.name.trim()}>
            Issue token
          </Button>
        </Group>
      </form>
      <ActionError error={otherProblem} title="No token issued" />
    </Stack>
  );
}

function TokenRow(props: { token: IntegrationTokenView; revoking: boolean; onRevoke: () => void }) {
  const { token } = props;
  const [confirming, setConfirming] = useState(false);
  return (
    <Table.Tr>
      <Table.Td fw={600}>{token.name}</Table.Td>
      <Table.Td>
        <Code>{token.prefix}…</Code>
      </Table.Td>
      <Table.Td>{token.scope.includes('cti:post') ? 'Post call events' : token.scope.join(', ')}</Table.Td>
      <Table.Td>
        {token.expired ? (
          <Badge color="red" variant="light">
            Expired {formatWhen(token.expiresAt!)}
          </Badge>
        ) : token.expiresAt ? (
          formatWhen(token.expiresAt)
        ) : (
          'Never'
        )}
      </Table.Td>
      <Table.Td>{token.lastUsedAt ? formatWhen(token.lastUsedAt) : 'Not yet'}</Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>
        {confirming ? (
          <Group gap={6} wrap="nowrap">
            <Button size="xs" color="red" loading={props.revoking} onClick={props.onRevoke}>
              Revoke now
            </Button>
            <Button size="xs" variant="subtle" onClick={() => setConfirming(false)}>
              Keep
            </Button>
          </Group>
        ) : (
          <Button size="xs" variant="default" onClick={() => setConfirming(true)} aria-label={`Revoke ${token.name}`}>
            Revoke
          </Button>
        )}
      </Table.Td>
    </Table.Tr>
  );
}

function NewToken({ token, name, onDone }: { token: string; name: string; onDone: () => void }) {
  return (
    <Alert color="green" variant="light" title={`Token for ${name}: copy it now`} role="status">
      <Stack gap="xs" align="flex-start">
        <Text size="sm">
          It is shown only this once; the desk keeps only a fingerprint of it. Put it in the phone system's
          configuration as the Bearer token.
        </Text>
        <Code block aria-label="New token" style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap' }}>
          {token}
        </Code>
        <Group gap="xs">
          <CopyButton value={token}>
            {({ copied, copy }) => (
              <Button size="xs" onClick={copy}>
                {copied ? 'Copied' : 'Copy token'}
              </Button>
            )}
          </CopyButton>
          <Button size="xs" variant="subtle" onClick={onDone}>
            Done, hide it
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}
