// Hospital sign-in (single sign-on): the identity providers staff sign in with (OpenID Connect or SAML 2.0), their
// groups → roles, and the addresses to register at each provider. Client secrets go in and never come back out; SAML
// certificates are shown by fingerprint and expiry. docs/identity.md.
import {
  Badge,
  Button,
  Checkbox,
  Code,
  Group,
  Paper,
  PasswordInput,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { type ProviderView, providerBody } from '../../../../src/features/sso/schemas.ts';
import {
  createIdentityProvider,
  deleteIdentityProvider,
  identityProviderKeys,
  identityProvidersQuery,
  updateIdentityProvider,
} from '../../api/auth.ts';
import { ROLE_LABELS } from '../../app/areas.ts';
import { ActionError, Empty, LoadError, Loading } from '../../components/QueryStates.tsx';
import {
  NO_PROVIDER,
  PROVIDER_WORDING,
  type ProviderValues,
  providerRequest,
  SAML_ATTRIBUTE_DEFAULTS,
} from './identityProviderForms.ts';
import { useAddForm } from './useAddForm.ts';

export function SignOnTab() {
  const providers = useQuery(identityProvidersQuery);
  return (
    <Stack gap="md" maw={1000}>
      <Text size="sm" c="dimmed">
        Staff sign in with the hospital's identity provider (Microsoft Entra ID, Okta, Keycloak, ADFS…) through OpenID
        Connect or SAML 2.0. Their account is created at first sign-in for the directory person with the same employee
        ID or email, and their role comes from their groups below. Local accounts keep working beside it. Setup for each
        provider: <code>docs/identity.md</code>.
      </Text>
      {providers.isPending && <Loading label="Loading identity providers…" />}
      {providers.isError && (
        <LoadError what="identity providers" error={providers.error} retry={() => void providers.refetch()} />
      )}
      {providers.data?.length === 0 && (
        <Empty title="No identity provider yet">Add the hospital's provider below.</Empty>
      )}
      {providers.data?.map((p) => (
        <ProviderCard key={p.id} provider={p} />
      ))}
      <AddProviderForm />
    </Stack>
  );
}

function ProviderCard({ provider }: { provider: ProviderView }) {
  const queryClient = useQueryClient();
  const refresh = () => void queryClient.invalidateQueries({ queryKey: identityProviderKeys.all });
  const toggle = useMutation({
    mutationFn: () => updateIdentityProvider(provider.id, { enabled: !provider.enabled }),
    onSuccess: refresh,
  });
  const remove = useMutation({ mutationFn: () => deleteIdentityProvider(provider.id), onSuccess: refresh });
  const headingId = `idp-${provider.id}`;
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby={headingId}>
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start">
          <div>
            <Title order={2} size="h5" id={headingId}>
              {provider.name}
            </Title>
            {provider.kind === 'saml' ? (
              <Text size="sm" c="dimmed">
                SAML 2.0 · entity id <code>{provider.issuer}</code> · sign-in at <code>{provider.ssoUrl}</code>
              </Text>
            ) : (
              <Text size="sm" c="dimmed">
                OpenID Connect · {provider.issuer} · client <code>{provider.clientId}</code> ·{' '}
                {provider.hasClientSecret ? 'client secret stored' : 'no client secret (PKCE only)'}
              </Text>
            )}
          </div>
          <Badge variant={provider.enabled ? 'filled' : 'default'} color="teal.9">
            {provider.enabled ? 'On' : 'Off'}
          </Badge>
        </Group>
        {provider.serviceProvider ? (
          <>
            <Text size="sm">
              Register at the IdP — identifier (entity id) <Code>{provider.serviceProvider.entityId}</Code>, reply (ACS)
              URL <Code>{provider.serviceProvider.acsUrl}</Code>, or give it the metadata at{' '}
              <Code>{provider.serviceProvider.metadataUrl}</Code>
            </Text>
            <Stack gap={2} component="ul" m={0} pl="lg" aria-label={`Signing certificates of ${provider.name}`}>
              {provider.certificates.map((c) => (
                <Text size="sm" component="li" key={c.fingerprint}>
                  {c.subject} · expires {c.notAfter.slice(0, 10)} · SHA-256 <code>{c.fingerprint}</code>
                </Text>
              ))}
            </Stack>
            <ReplaceCertificates provider={provider} onSaved={refresh} />
          </>
        ) : (
          <Text size="sm">
            Register at the provider — redirect URI <Code>{provider.redirectUri}</Code>, sign-out redirect{' '}
            <Code>{provider.postLogoutRedirectUri}</Code>
          </Text>
        )}
        <Text size="sm">
          {provider.kind === 'saml' ? 'Attributes' : 'Claims'}: employee ID{' '}
          <code>{provider.employeeIdClaim ?? '—'}</code>, email <code>{provider.emailClaim ?? '—'}</code>
          {provider.matchByEmail ? '' : ' (not used to match)'}, groups <code>{provider.groupsClaim ?? '—'}</code>
        </Text>
        <Stack gap={2} component="ol" m={0} pl="lg" aria-label={`Groups and roles of ${provider.name}`}>
          {provider.roleMappings.map((m) => (
            <Text size="sm" component="li" key={`${m.group}:${m.role}`}>
              {m.group} → {ROLE_LABELS[m.role]}
            </Text>
          ))}
          <Text size="sm" component="li" c="dimmed">
            Anyone else → {provider.defaultRole ? `${ROLE_LABELS[provider.defaultRole]} (the portal)` : 'refused'}
          </Text>
        </Stack>
        <ActionError error={toggle.error ?? remove.error} title="Not changed" />
        <Group>
          <Button variant="default" size="xs" loading={toggle.isPending} onClick={() => toggle.mutate()}>
            {provider.enabled ? 'Switch off' : 'Switch on'}
          </Button>
          <Button variant="subtle" color="red" size="xs" loading={remove.isPending} onClick={() => remove.mutate()}>
            Remove
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

/** A SAML IdP's rotation: the current certificate and the next one, or the new one alone once it has switched. */
function ReplaceCertificates({ provider, onSaved }: { provider: ProviderView; onSaved: () => void }) {
  const [open, setOpen] = useState(false);
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const save = useMutation({
    mutationFn: () =>
      updateIdentityProvider(provider.id, {
        certificates: [current, next].map((c) => c.trim()).filter(Boolean),
      }),
    onSuccess: () => {
      setOpen(false);
      setCurrent('');
      setNext('');
      onSaved();
    },
  });
  if (!open) {
    return (
      <Group>
        <Button variant="default" size="xs" onClick={() => setOpen(true)}>
          Replace certificates
        </Button>
      </Group>
    );
  }
  return (
    <Stack gap="xs">
      <Group grow align="flex-start">
        <Textarea
          label="Signing certificate"
          description="PEM or base64; replaces the certificates above"
          autosize
          minRows={3}
          maxRows={8}
          value={current}
          onChange={(e) => setCurrent(e.currentTarget.value)}
        />
        <Textarea
          label="Next signing certificate"
          description="Optional, while the IdP rotates"
          autosize
          minRows={3}
          maxRows={8}
          value={next}
          onChange={(e) => setNext(e.currentTarget.value)}
        />
      </Group>
      <ActionError error={save.error} title="Certificates not replaced" />
      <Group>
        <Button size="xs" loading={save.isPending} disabled={!current.trim()} onClick={() => save.mutate()}>
          Save certificates
        </Button>
        <Button variant="subtle" size="xs" onClick={() => setOpen(false)}>
          Cancel
        </Button>
      </Group>
    </Stack>
  );
}

function AddProviderForm() {
  const { form, submit, adding, otherProblem } = useAddForm<ProviderValues, ReturnType<typeof providerRequest>>({
    initialValues: NO_PROVIDER,
    schema: providerBody,
    toBody: providerRequest,
    create: createIdentityProvider,
    refresh: identityProviderKeys.all,
    clearAfterAdd: [
      'name',
      'issuer',
      'clientId',
      'clientSecret',
      'ssoUrl',
      'certificate',
      'nextCertificate',
      'mappings',
    ],
    wording: PROVIDER_WORDING,
  });
  const { kind, name, issuer, clientId, ssoUrl, certificate } = form.values;
  const saml = kind === 'saml';
  const ready = name.trim() && issuer.trim() && (saml ? ssoUrl.trim() && certificate.trim() : clientId.trim());
  const chooseKind = (value: string | null) => {
    const next = value === 'saml' ? 'saml' : 'oidc';
    const claims =
      next === 'saml'
        ? SAML_ATTRIBUTE_DEFAULTS
        : {
            employeeIdClaim: NO_PROVIDER.employeeIdClaim,
            emailClaim: NO_PROVIDER.emailClaim,
            groupsClaim: NO_PROVIDER.groupsClaim,
          };
    form.setValues({ kind: next, ...claims });
  };
  return (
    <Paper withBorder radius="md" p="md" component="form" onSubmit={submit} noValidate aria-labelledby="add-idp">
      <Stack gap="sm">
        <Title order={2} size="h5" id="add-idp">
          Add an identity provider
        </Title>
        <Select
          label="Protocol"
          data={[
            { value: 'oidc', label: 'OpenID Connect (Entra ID, Okta, Keycloak…)' },
            { value: 'saml', label: 'SAML 2.0 (ADFS, Entra ID, older IdPs)' },
          ]}
          allowDeselect={false}
          value={kind}
          onChange={chooseKind}
        />
        <Group grow align="flex-start">
          <TextInput label="Name on the button" description="Sign in with …" {...form.getInputProps('name')} required />
          <TextInput
            label={saml ? 'IdP entity id' : 'Issuer'}
            description={
              saml
                ? 'As in the IdP metadata, e.g. http://adfs.hospital.org/adfs/services/trust'
                : 'e.g. https://login.microsoftonline.com/<tenant>/v2.0'
            }
            {...form.getInputProps('issuer')}
            required
          />
        </Group>
        {saml ? (
          <>
            <TextInput
              label="Sign-in (SSO) address"
              description="The IdP's SAML sign-in address, e.g. https://adfs.hospital.org/adfs/ls/"
              {...form.getInputProps('ssoUrl')}
              required
            />
            <Group grow align="flex-start">
              <Textarea
                label="Signing certificate"
                description="The IdP's token-signing certificate (PEM or base64)"
                autosize
                minRows={3}
                maxRows={8}
                {...form.getInputProps('certificate')}
                required
              />
              <Textarea
                label="Next signing certificate"
                description="Optional: the IdP's next certificate, while it rotates"
                autosize
                minRows={3}
                maxRows={8}
                {...form.getInputProps('nextCertificate')}
              />
            </Group>
          </>
        ) : (
          <>
            <Group grow align="flex-start">
              <TextInput label="Client ID" {...form.getInputProps('clientId')} required />
              <PasswordInput
                label="Client secret"
                description="Stored sealed, never shown again; leave empty for a public client"
                autoComplete="new-password"
                {...form.getInputProps('clientSecret')}
              />
            </Group>
            <TextInput label="Scopes" {...form.getInputProps('scopes')} />
          </>
        )}
        <Group grow align="flex-start">
          <TextInput
            label={saml ? 'Employee ID attribute' : 'Employee ID claim'}
            {...form.getInputProps('employeeIdClaim')}
          />
          <TextInput label={saml ? 'Email attribute' : 'Email claim'} {...form.getInputProps('emailClaim')} />
          <TextInput label={saml ? 'Groups attribute' : 'Groups claim'} {...form.getInputProps('groupsClaim')} />
        </Group>
        <Checkbox
          label="Match people by email when no one has the employee ID"
          {...form.getInputProps('matchByEmail', { type: 'checkbox' })}
        />
        <Textarea
          label="Groups → roles"
          description="One line per group, first match wins: ServiceDesk-Agents = agent (roles: requester, agent, analyst, engineer, vendor, manager, admin)"
          autosize
          minRows={3}
          {...form.getInputProps('mappings')}
        />
        <Select
          label="Anyone whose groups are not listed"
          data={[
            { value: 'requester', label: 'Signs in as a requester (the portal)' },
            { value: 'refuse', label: 'Is refused' },
          ]}
          allowDeselect={false}
          {...form.getInputProps('defaultRole')}
        />
        <ActionError error={otherProblem} title="Not added" />
        <Group>
          <Button type="submit" loading={adding} disabled={!ready}>
            Add identity provider
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
