// Notifications for administrators: whether mail can go out (a relay configured), full text for the hospital's own
// domain and the pager address, the templates, and the deliveries that failed (sent again from here).
import { Alert, Badge, Button, Group, Paper, Stack, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import {
  failedDeliveriesQuery,
  type NotificationSettingsView,
  notificationKeys,
  notificationSettingsQuery,
  resendDelivery,
  resetTemplate,
  saveNotificationSettings,
  saveTemplate,
  type TemplatesView,
  templatesQuery,
} from '../../api/notifications.ts';
import { ActionError, Empty, LoadError, Loading } from '../../components/QueryStates.tsx';
import { formatWhen } from '../../components/ticketWords.ts';
import { serverErrors } from '../../forms/schemaErrors.ts';
import {
  type SettingsValues,
  settingsProblems,
  settingsRequest,
  type TemplateValues,
  templateFormProblems,
  templateRequest,
} from './notificationForms.ts';

export function NotificationsTab() {
  const settings = useQuery(notificationSettingsQuery);
  if (settings.isError) return <LoadError what="the notification settings" error={settings.error} />;
  if (!settings.data) return <Loading label="Loading…" />;
  return (
    <Stack gap="lg" maw={900}>
      <RelayStatus s={settings.data} />
      <SettingsForm s={settings.data} />
      <FailedDeliveries />
      <Templates />
    </Stack>
  );
}

function RelayStatus({ s }: { s: NotificationSettingsView }) {
  return s.relayConfigured ? (
    <Alert color="green" variant="light" title="Mail goes out">
      Sent from {s.from} through the configured relay. {s.pending} waiting, {s.failed} failed.
    </Alert>
  ) : (
    <Alert color="yellow" variant="light" title="No mail relay is configured">
      Notices are queued and not sent ({s.pending} waiting). Set CLINIDESK_MAIL_RELAY_HOST and CLINIDESK_MAIL_FROM (see
      docs/notifications.md) and restart: the queue is then sent.
    </Alert>
  );
}

function SettingsForm({ s }: { s: NotificationSettingsView }) {
  const queryClient = useQueryClient();
  const initial = { fullTextDomain: s.fullTextDomain ?? '', pagerUrl: s.pagerUrl ?? '' };
  const form = useForm<SettingsValues>({ initialValues: initial, validate: settingsProblems });
  // biome-ignore lint/correctness/useExhaustiveDependencies: only when the saved settings change, not the form
  useEffect(() => form.setValues(initial), [s.fullTextDomain, s.pagerUrl]);
  const save = useMutation({
    mutationFn: (values: SettingsValues) => saveNotificationSettings(settingsRequest(values)),
    onSuccess: (view) => queryClient.setQueryData(notificationKeys.settings, view),
    onError: (error) => form.setErrors(serverErrors(error)),
  });
  return (
    <Paper
      withBorder
      radius="md"
      p="md"
      component="form"
      noValidate
      aria-label="Notification settings"
      onSubmit={form.onSubmit((v) => save.mutate(v))}
    >
      <Stack gap="sm">
        <Title order={2} size="h5">
          Settings
        </Title>
        <TextInput
          label="Full text domain"
          description="Leave empty to keep patient details out of all mail (the default). With a domain such as hospital.org, mail to that domain only also carries the ticket's title and the reply's text. Recorded in the audit trail."
          placeholder="hospital.org"
          {...form.getInputProps('fullTextDomain')}
        />
        <TextInput
          label="Pager address"
          description={
            s.pagerSecretConfigured
              ? 'Pages for a new P1 and SLA breaches are POSTed here, signed (see docs/notifications.md).'
              : 'CLINIDESK_PAGER_SECRET is not set: pages stay queued until it is.'
          }
          placeholder="https://paging.hospital.org/hooks/clinidesk"
          {...form.getInputProps('pagerUrl')}
        />
        <ActionError error={save.error} title="The settings were not saved" />
        {save.isSuccess && (
          <Alert color="green" variant="light" role="status">
            Saved.
          </Alert>
        )}
        <Group justify="flex-end">
          <Button type="submit" loading={save.isPending}>
            Save settings
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

function FailedDeliveries() {
  const queryClient = useQueryClient();
  const failed = useQuery(failedDeliveriesQuery);
  const resend = useMutation({
    mutationFn: resendDelivery,
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: notificationKeys.failed });
      void queryClient.invalidateQueries({ queryKey: notificationKeys.settings });
    },
  });
  if (failed.isError) return <LoadError what="the failed deliveries" error={failed.error} />;
  if (!failed.data) return <Loading label="Loading…" />;
  return (
    <Stack gap="xs">
      <Title order={2} size="h5">
        Failed deliveries
      </Title>
      <ActionError error={resend.error} title="It was not queued again" />
      {failed.data.deliveries.length === 0 ? (
        <Empty title="Nothing failed">Every notice was sent or is still being tried.</Empty>
      ) : (
        <Table striped aria-label="Failed deliveries">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>To</Table.Th>
              <Table.Th>Subject</Table.Th>
              <Table.Th>Why</Table.Th>
              <Table.Th>Since</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {failed.data.deliveries.map((d) => (
              <Table.Tr key={d.id}>
                <Table.Td>{d.channel === 'pager' ? <Badge variant="light">pager</Badge> : d.to}</Table.Td>
                <Table.Td>{d.subject}</Table.Td>
                <Table.Td>
                  <Text size="sm">{d.lastError ?? 'unknown'}</Text>
                  <Text size="xs" c="dimmed">
                    {d.attempts} attempts
                  </Text>
                </Table.Td>
                <Table.Td>{formatWhen(d.createdAt)}</Table.Td>
                <Table.Td>
                  <Button
                    size="xs"
                    variant="default"
                    onClick={() => resend.mutate(d.id)}
                    loading={resend.isPending && resend.variables === d.id}
                  >
                    Send again
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}

function Templates() {
  const templates = useQuery(templatesQuery);
  if (templates.isError) return <LoadError what="the templates" error={templates.error} />;
  if (!templates.data) return <Loading label="Loading…" />;
  return (
    <Stack gap="sm">
      <Title order={2} size="h5">
        Templates
      </Title>
      <Text size="sm" c="dimmed">
        Each notice lists the placeholders it may use. In ticket notices {'{{title}}'} and {'{{text}}'} stay empty
        unless full text is on for the recipient's domain, and may not be in a subject; every subject starts with the
        ticket number in brackets, so replies find their ticket. Incident notices carry public texts only (the title and
        the public update) and link to the status page. The notices to a vendor's engineers carry no ticket text at all:
        the number, the priority and the link only.
      </Text>
      {templates.data.templates.map((t) => (
        <TemplateForm key={t.kind} t={t} />
      ))}
    </Stack>
  );
}

function TemplateForm({ t }: { t: TemplatesView['templates'][number] }) {
  const queryClient = useQueryClient();
  const form = useForm<TemplateValues>({
    initialValues: { subject: t.subject, body: t.body },
    validate: (values) => templateFormProblems(values, t.kind),
  });
  // biome-ignore lint/correctness/useExhaustiveDependencies: only when the saved template changes, not the form
  useEffect(() => form.setValues({ subject: t.subject, body: t.body }), [t.subject, t.body]);
  const onSaved = (view: TemplatesView) => queryClient.setQueryData(notificationKeys.templates, view);
  const save = useMutation({
    mutationFn: (values: TemplateValues) => saveTemplate(t.kind, templateRequest(values)),
    onSuccess: onSaved,
    onError: (error) => form.setErrors(serverErrors(error)),
  });
  const reset = useMutation({ mutationFn: () => resetTemplate(t.kind), onSuccess: onSaved });
  return (
    <Paper
      withBorder
      radius="md"
      p="md"
      component="form"
      noValidate
      aria-label={t.label}
      onSubmit={form.onSubmit((v) => save.mutate(v))}
    >
      <Stack gap="xs">
        <Group justify="space-between">
          <Text fw={600}>{t.label}</Text>
          {t.custom && <Badge variant="light">changed</Badge>}
        </Group>
        <Text size="xs" c="dimmed">
          Placeholders: {t.placeholders.map((p) => `{{${p}}}`).join(', ')}
        </Text>
        <TextInput label="Subject" {...form.getInputProps('subject')} />
        <Textarea label="Body" autosize minRows={3} {...form.getInputProps('body')} />
        <ActionError error={save.error ?? reset.error} title="The template was not saved" />
        <Group justify="flex-end">
          {t.custom && (
            <Button variant="default" onClick={() => reset.mutate()} loading={reset.isPending}>
              Back to the default
            </Button>
          )}
          <Button type="submit" loading={save.isPending}>
            Save
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
