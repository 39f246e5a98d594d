// Webhooks: the desk telling other systems what happens (a vendor's ticketing system, paging, a Teams bridge). Each
// subscription with its target, events, filters and state (switched off after failures: why and when), its signing
// secret (shown once, on creation or rotation), on/off, and its delivery log. docs/webhooks.md.
import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Code,
  CopyButton,
  Group,
  MultiSelect,
  Paper,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { createSubscriptionBody } from '../../../../src/features/webhooks/schemas.ts';
import { type Catalogue, catalogueQuery } from '../../api/directory.ts';
import {
  createWebhook,
  rotateWebhookSecret,
  type SubscriptionView,
  updateWebhook,
  webhookKeys,
  webhooksQuery,
} from '../../api/webhooks.ts';
import { ActionError, Empty, LoadError, Loading } from '../../components/QueryStates.tsx';
import { formatWhen } from '../../components/ticketWords.ts';
import { useAddForm } from './useAddForm.ts';
import { WebhookDeliveries } from './WebhookDeliveries.tsx';
import { eventChoices, eventLabel, NEW_WEBHOOK, WEBHOOK_WORDING, webhookRequest } from './webhookForms.ts';

type Named = { value: string; label: string };

/** The directory's names for the filters' ids. */
function choicesOf(catalogue: Catalogue | undefined) {
  const services = [
    ...(catalogue?.applications ?? []),
    ...(catalogue?.devices ?? []),
    ...(catalogue?.infrastructure ?? []),
  ];
  const providers = catalogue?.providers ?? [];
  return {
    providers: providers.map((p) => ({ value: p.id, label: p.name })),
    vendors: providers.filter((p) => p.kind !== 'in_house').map((p) => ({ value: p.id, label: p.name })),
    facilities: (catalogue?.facilities ?? []).map((f) => ({ value: f.id, label: f.name })),
    services: services.map((s) => ({ value: s.id, label: s.name })),
  };
}

type Choices = ReturnType<typeof choicesOf>;

export function WebhooksTab() {
  const subscriptions = useQuery(webhooksQuery);
  const catalogue = useQuery(catalogueQuery);
  const choices = choicesOf(catalogue.data);
  return (
    <Stack gap="md" maw={1100}>
      <Text size="sm" c="dimmed">
        A webhook tells another system what happens on the desk, as it happens: a vendor&apos;s own ticketing system,
        the hospital&apos;s paging, or a Teams or Slack channel. The hospital&apos;s systems get ticket numbers and
        states only, never what people wrote; a vendor&apos;s system gets its own tickets as its engineers see them,
        without patient details. How the receiving system checks each message is described in{' '}
        <code>docs/webhooks.md</code>.
      </Text>
      {subscriptions.isPending && <Loading label="Loading webhooks…" />}
      {subscriptions.isError && (
        <LoadError what="webhooks" error={subscriptions.error} retry={() => void subscriptions.refetch()} />
      )}
      {subscriptions.data?.subscriptions.length === 0 && (
        <Empty title="No webhooks yet">Add one below to start telling another system about tickets.</Empty>
      )}
      {subscriptions.data?.subscriptions.map((s) => (
        <SubscriptionCard key={s.id} subscription={s} choices={choices} />
      ))}
      <AddWebhookForm choices={choices} />
    </Stack>
  );
}

function namesOf(ids: readonly string[], from: Named[]): string {
  return ids.map((id) => from.find((c) => c.value === id)?.label ?? 'an item no longer in the directory').join(', ');
}

function StateBadge({ s }: { s: SubscriptionView }) {
  if (s.active)
    return (
      <Badge variant="light" color="green">
        Active
      </Badge>
    );
  if (s.disabledAt)
    return (
      <Badge variant="light" color="red">
        Switched off after failures
      </Badge>
    );
  return (
    <Badge variant="light" color="gray">
      Off
    </Badge>
  );
}

function SubscriptionCard({ subscription: s, choices }: { subscription: SubscriptionView; choices: Choices }) {
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: webhookKeys.all });
  const [showLog, setShowLog] = useState(false);
  const [confirmRotate, setConfirmRotate] = useState(false);
  // The version the list showed is sent back: a change made meanwhile by someone else is refused, not overwritten.
  const toggle = useMutation({
    mutationFn: () => updateWebhook(s.id, { version: s.version, active: !s.active }),
    onSettled: () => void refresh(),
  });
  const rotate = useMutation({
    mutationFn: () => rotateWebhookSecret(s.id, s.version),
    onSuccess: () => setConfirmRotate(false),
    onSettled: () => void refresh(),
  });
  const headingId = `webhook-${s.id}`;
  const filters = [
    s.providerIds.length ? `Providers: ${namesOf(s.providerIds, choices.providers)}` : null,
    s.facilityIds.length ? `Facilities: ${namesOf(s.facilityIds, choices.facilities)}` : null,
    s.serviceIds.length ? `Services: ${namesOf(s.serviceIds, choices.services)}` : null,
  ].filter((f): f is string => f !== null);
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby={headingId}>
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" wrap="wrap">
          <div style={{ minWidth: 0 }}>
            <Title order={2} size="h5" id={headingId}>
              {s.name}
            </Title>
            <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
              Sends to <Code>{s.url}</Code>
            </Text>
            <Text size="sm" c="dimmed">
              {s.ownerKind === 'vendor'
                ? `A vendor's system: ${s.provider?.name ?? 'its provider'} (its own tickets, without patient details)`
                : "The hospital's own system (numbers and states only)"}
            </Text>
          </div>
          <StateBadge s={s} />
        </Group>
        {!s.active && s.disabledAt && (
          <Alert color="red" variant="light" title={`Switched off ${formatWhen(s.disabledAt)}`}>
            {s.disabledReason ?? 'Every attempt failed.'} Nothing is sent until you switch it back on; messages already
            waiting are then tried again.
          </Alert>
        )}
        <Text size="sm">
          <strong>Events:</strong> {s.eventTypes.map(eventLabel).join(', ')}
        </Text>
        <Text size="sm">
          <strong>Only for:</strong> {filters.length ? filters.join(' · ') : 'every ticket'}
        </Text>
        <Text size="sm" c="dimmed">
          {s.delivered} delivered · {s.pending} waiting to be sent · {s.failed} failed
          {s.active && s.consecutiveFailures > 0 && s.failingSince
            ? ` · failing since ${formatWhen(s.failingSince)} (${s.consecutiveFailures} attempts in a row)`
            : ''}
        </Text>
        {s.previousSecretUntil && new Date(s.previousSecretUntil).getTime() > Date.now() && (
          <Text size="sm" c="dimmed">
            The previous signing secret is still accepted until {formatWhen(s.previousSecretUntil)}.
          </Text>
        )}
        {rotate.data && <NewSecret secret={rotate.data.secret} name={s.name} rotated onDone={() => rotate.reset()} />}
        {confirmRotate && (
          <Alert color="orange" variant="light" title="Make a new signing secret?">
            <Stack gap="xs" align="flex-start">
              <Text size="sm">
                The new secret is shown once. For the next 24 hours each message is signed with both the old and the new
                secret, so the receiving system keeps working while its administrator puts the new one in.
              </Text>
              <Group gap="xs">
                <Button size="xs" color="orange" loading={rotate.isPending} onClick={() => rotate.mutate()}>
                  Make a new secret
                </Button>
                <Button size="xs" variant="subtle" onClick={() => setConfirmRotate(false)}>
                  Cancel
                </Button>
              </Group>
            </Stack>
          </Alert>
        )}
        <ActionError error={toggle.error} title={s.active ? 'Not switched off' : 'Not switched on'} />
        <ActionError error={rotate.error} title="No new secret" />
        <Group gap="xs">
          <Button size="xs" variant="default" onClick={() => setShowLog((v) => !v)} aria-expanded={showLog}>
            {showLog ? 'Hide delivery log' : 'Delivery log'}
          </Button>
          <Button size="xs" variant="default" loading={toggle.isPending} onClick={() => toggle.mutate()}>
            {s.active ? 'Switch off' : 'Switch on'}
          </Button>
          <Button size="xs" variant="default" onClick={() => setConfirmRotate(true)} disabled={confirmRotate}>
            New signing secret
          </Button>
        </Group>
        {showLog && <WebhookDeliveries subscription={s} />}
      </Stack>
    </Paper>
  );
}

function NewSecret(props: { secret: string; name: string; rotated?: boolean; onDone: () => void }) {
  return (
    <Alert color="green" variant="light" title={`Signing secret for ${props.name}: copy it now`} role="status">
      <Stack gap="xs" align="flex-start">
        <Text size="sm">
          It will not be shown again. Put it in the receiving system, which uses it to check that each message really
          comes from the desk.
          {props.rotated
            ? ' The previous secret keeps working beside it for 24 hours, so nothing is lost while it is changed.'
            : ''}
        </Text>
        <Code block aria-label="Signing secret" style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap' }}>
          {props.secret}
        </Code>
        <Group gap="xs">
          <CopyButton value={props.secret}>
            {({ copied, copy }) => (
              <Button size="xs" onClick={copy}>
                {copied ? 'Copied' : 'Copy secret'}
              </Button>
            )}
          </CopyButton>
          <Button size="xs" variant="subtle" onClick={props.onDone}>
            Done, hide it
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}

function AddWebhookForm({ choices }: { choices: Choices }) {
  const { form, submit, adding, otherProblem, added, forgetAdded } = useAddForm({
    initialValues: NEW_WEBHOOK,
    schema: createSubscriptionBody,
    toBody: webhookRequest,
    create: createWebhook,
    refresh: webhookKeys.all,
    clearAfterAdd: ['name', 'url', 'eventTypes', 'providerIds', 'facilityIds', 'serviceIds'],
    wording: WEBHOOK_WORDING,
  });
  const vendor = form.values.ownerKind === 'vendor';
  const events = eventChoices(form.values.ownerKind);
  return (
    <Paper withBorder radius="md" p="md" component="form" onSubmit={submit} noValidate aria-labelledby="add-webhook">
      <Stack gap="sm">
        <Title order={2} size="h5" id="add-webhook">
          Add a webhook
        </Title>
        {added && <NewSecret secret={added.secret} name={added.subscription.name} onDone={forgetAdded} />}
        <Stack gap={4}>
          <Text size="sm" fw={500} id="webhook-owner">
            Whose system receives it
          </Text>
          <SegmentedControl
            aria-labelledby="webhook-owner"
            value={form.values.ownerKind}
            onChange={(v) => form.setFieldValue('ownerKind', v === 'vendor' ? 'vendor' : 'hospital')}
            data={[
              { value: 'hospital', label: "The hospital's" },
              { value: 'vendor', label: "A vendor's" },
            ]}
          />
        </Stack>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label="Name" description="e.g. Paging bridge" {...form.getInputProps('name')} required />
          <TextInput
            label="Address (URL)"
            description="Where the desk sends each message (https://…)"
            {...form.getInputProps('url')}
            required
          />
        </SimpleGrid>
        {vendor && (
          <Select
            label="Vendor"
            description="Its system receives only tickets this vendor holds or held"
            data={choices.vendors}
            searchable
            {...form.getInputProps('providerId')}
            required
          />
        )}
        <Checkbox.Group label="Events" {...form.getInputProps('eventTypes')} required>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing={6} mt={6}>
            {events.map((e) => (
              <Checkbox key={e.value} value={e.value} label={e.label} />
            ))}
          </SimpleGrid>
        </Checkbox.Group>
        <Text size="sm" c="dimmed">
          Only for — leave a list empty for every ticket:
        </Text>
        <SimpleGrid cols={{ base: 1, sm: vendor ? 2 : 3 }}>
          {!vendor && (
            <MultiSelect
              label="Providers"
              description="Tickets a provider holds or held"
              data={choices.providers}
              searchable
              {...form.getInputProps('providerIds')}
            />
          )}
          <MultiSelect label="Facilities" data={choices.facilities} searchable {...form.getInputProps('facilityIds')} />
          <MultiSelect label="Services" data={choices.services} searchable {...form.getInputProps('serviceIds')} />
        </SimpleGrid>
        <ActionError error={otherProblem} title="Not added" />
        <Group>
          <Button type="submit" loading={adding}>
            Add webhook
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
