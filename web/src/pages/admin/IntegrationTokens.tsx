// An account's API tokens (an integration's, a provider's e-bonding account's): issue one (its secret shown once,
// here), see when each was made and last used, revoke one after confirming.
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
import { type QueryKey, useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { IntegrationTokenBody } from '../../../../src/platform/auth/integration-schemas.ts';
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
  return (
    <ApiTokens
      owner={integration.displayName}
      tokens={integration.tokens}
      issue={(body) => issueIntegrationToken(integration.id, body)}
      revoke={(tokenId) => revokeIntegrationToken(integration.id, tokenId)}
      refresh={integrationKeys.all}
      may={(token) => (token.scope.includes('cti:post') ? 'Post call events' : token.scope.join(', '))}
      namePlaceholder="Which system or node holds it, e.g. Asterisk cluster A"
      whereItGoes="Put it in the phone system's configuration as the Bearer token."
    />
  );
}

type ApiTokensProps = {
  /** Whose tokens: named in the table's and the form's labels. */
  owner: string;
  tokens: IntegrationTokenView[];
  issue: (body: IntegrationTokenBody) => Promise<{ token: string; name: string }>;
  revoke: (tokenId: string) => Promise<void>;
  /** What to refetch after a token is issued or revoked. */
  refresh: QueryKey;
  /** What a token may do, in words. */
  may: (token: IntegrationTokenView) => string;
  namePlaceholder: string;
  /** Where the new token goes, said beside it while it is shown. */
  whereItGoes: string;
  noTokens?: string;
};

export function ApiTokens(props: ApiTokensProps) {
  const { owner, tokens } = props;
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: props.refresh });
  // Checked by the server's own schema before it is sent; the secret it answers with is shown once, below.
  const { form, submit, adding, otherProblem, added, forgetAdded } = useAddForm({
    initialValues: { name: '', expiry: '90' } as TokenValues,
    schema: integrationTokenBody,
    toBody: tokenRequest,
    create: props.issue,
    refresh: props.refresh,
    clearAfterAdd: ['name'],
    wording: TOKEN_WORDING,
  });
  const revoke = useMutation({
    mutationFn: props.revoke,
    onSuccess: () => void refresh(),
  });

  return (
    <Stack gap="sm">
      {tokens.length === 0 ? (
        <Text size="sm">{props.noTokens ?? 'No tokens: the system cannot reach the desk until you issue one.'}</Text>
      ) : (
        <Table.ScrollContainer minWidth={820}>
          <Table verticalSpacing={4} fz="sm" aria-label={`Tokens of ${owner}`}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Token</Table.Th>
                <Table.Th scope="col">Starts with</Table.Th>
                <Table.Th scope="col">May</Table.Th>
                <Table.Th scope="col">Made</Table.Th>
                <Table.Th scope="col">Expires</Table.Th>
                <Table.Th scope="col">Last used</Table.Th>
                <Table.Th scope="col">
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {tokens.map((token) => (
                <TokenRow
                  key={token.id}
                  token={token}
                  may={props.may(token)}
                  revoking={revoke.isPending && revoke.variables === token.id}
                  onRevoke={() => revoke.mutate(token.id)}
                />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <ActionError error={revoke.error} title="Not revoked" />
      {added && <NewToken token={added.token} name={added.name} whereItGoes={props.whereItGoes} onDone={forgetAdded} />}
      <form onSubmit={submit} noValidate aria-label={`Issue a token to ${owner}`}>
        <Group align="flex-end" gap="sm">
          <TextInput
            label="New token for"
            placeholder={props.namePlaceholder}
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

function TokenRow(props: { token: IntegrationTokenView; may: string; revoking: boolean; onRevoke: () => void }) {
  const { token } = props;
  const [confirming, setConfirming] = useState(false);
  return (
    <Table.Tr>
      <Table.Td fw={600}>{token.name}</Table.Td>
      <Table.Td>
        <Code>{token.prefix}…</Code>
      </Table.Td>
      <Table.Td>{props.may}</Table.Td>
      <Table.Td>{formatWhen(token.createdAt)}</Table.Td>
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

function NewToken(props: { token: string; name: string; whereItGoes: string; onDone: () => void }) {
  const { token, name, onDone } = props;
  return (
    <Alert color="green" variant="light" title={`Token for ${name}: copy it now`} role="status">
      <Stack gap="xs" align="flex-start">
        <Text size="sm">It will not be shown again: the desk keeps only a fingerprint of it. {props.whereItGoes}</Text>
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
