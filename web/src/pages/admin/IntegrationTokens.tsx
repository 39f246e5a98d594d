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
import { type FormEvent, useState } from 'react';
import {
  type IntegrationTokenView,
  type IntegrationView,
  integrationKeys,
  issueIntegrationToken,
  revokeIntegrationToken,
} from '../../api/integrations.ts';
import { ActionError, fieldErrorsOf } from '../../components/QueryStates.tsx';
import { formatWhen } from '../../components/ticketWords.ts';

const EXPIRY = [
  { value: '90', label: '90 days' },
  { value: '365', label: '1 year' },
  { value: '30', label: '30 days' },
  { value: 'never', label: 'Never (not recommended)' },
];

export function IntegrationTokens({ integration }: { integration: IntegrationView }) {
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: integrationKeys.all });
  const [name, setName] = useState('');
  const [expiry, setExpiry] = useState('90');
  const issue = useMutation({
    mutationFn: () =>
      issueIntegrationToken(integration.id, { name, expiresInDays: expiry === 'never' ? null : Number(expiry) }),
    onSuccess: () => {
      setName('');
      void refresh();
    },
  });
  const revoke = useMutation({
    mutationFn: (tokenId: string) => revokeIntegrationToken(integration.id, tokenId),
    onSuccess: () => void refresh(),
  });
  const errors = fieldErrorsOf(issue.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    issue.mutate();
  };

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
      {issue.data && <NewToken token={issue.data.token} name={issue.data.name} onDone={() => issue.reset()} />}
      <form onSubmit={submit} aria-label={`Issue a token to ${integration.displayName}`}>
        <Group align="flex-end" gap="sm">
          <TextInput
            label="New token for"
            placeholder="Which system or node holds it, e.g. Asterisk cluster A"
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={errors.name}
            w={340}
          />
          <Select
            label="Expires after"
            data={EXPIRY}
            value={expiry}
            onChange={(value) => setExpiry(value ?? '90')}
            allowDeselect={false}
            w={200}
          />
          <Button type="submit" variant="default" loading={issue.isPending} disabled={!name.trim()}>
            Issue token
          </Button>
        </Group>
      </form>
      {Object.keys(errors).length === 0 && <ActionError error={issue.error} title="No token issued" />}
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
