// The dialogs behind the quick actions: resolve (code + note), escalate (tier, reason, vendor case), link. What each
// sends and refuses is in ticketDialogForms.ts, checked by the server's own schemas.
import { Button, Group, Modal, Select, Stack, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQuery } from '@tanstack/react-query';
import { TIERS, type Tier } from '../../../../../src/domain/vocabulary.ts';
import { LINK_KINDS, type LinkKind } from '../../../../../src/features/tickets/rules/vocabulary.ts';
import type { TicketDetail } from '../../../../../src/features/tickets/schemas.ts';
import { catalogueQuery } from '../../../api/directory.ts';
import { ActionError } from '../../../components/QueryStates.tsx';
import { LINK_LABELS, TIER_LABELS } from '../../../components/ticketWords.ts';
import { serverErrors } from '../../../forms/schemaErrors.ts';
import { ResolveFields, type ResolveValue } from '../intake/ResolveFields.tsx';
import { StaleTicketAlert } from './StaleTicketAlert.tsx';
import {
  ESCALATE_WORDING,
  type EscalateValues,
  escalateProblems,
  escalateRequest,
  escalateStart,
  LINK_WORDING,
  type LinkValues,
  linkProblems,
  linkRequest,
  NO_LINK,
  NO_RESOLUTION,
  resolveChange,
  resolveProblems,
} from './ticketDialogForms.ts';
import { isStale, type useTicketActions } from './useTicketActions.ts';

export type TicketDialog = 'resolve' | 'escalate' | 'link' | null;
type Actions = ReturnType<typeof useTicketActions>;
type Props = { ticket: TicketDetail; actions: Actions; dialog: TicketDialog; onClose: () => void };

export function TicketDialogs({ ticket, actions, dialog, onClose }: Props) {
  return (
    <>
      <Modal
        closeButtonProps={{ 'aria-label': 'Close' }}
        opened={dialog === 'resolve'}
        onClose={onClose}
        title={`Resolve ${ticket.number}`}
        size="lg"
      >
        <ResolveForm actions={actions} onDone={onClose} />
      </Modal>
      <Modal
        closeButtonProps={{ 'aria-label': 'Close' }}
        opened={dialog === 'escalate'}
        onClose={onClose}
        title={`Escalate ${ticket.number}`}
        size="lg"
      >
        <EscalateForm ticket={ticket} actions={actions} onDone={onClose} />
      </Modal>
      <Modal
        closeButtonProps={{ 'aria-label': 'Close' }}
        opened={dialog === 'link'}
        onClose={onClose}
        title={`Link ${ticket.number} to another ticket`}
      >
        <LinkForm actions={actions} onDone={onClose} />
      </Modal>
    </>
  );
}

function ResolveForm({ actions, onDone }: { actions: Actions; onDone: () => void }) {
  const form = useForm<{ resolution: ResolveValue }>({
    initialValues: { resolution: NO_RESOLUTION },
    validate: ({ resolution }) => resolveProblems(resolution),
  });
  const { update } = actions;
  const submit = form.onSubmit(({ resolution }) =>
    update.mutate(resolveChange(resolution), {
      onSuccess: onDone,
      onError: (error) => form.setErrors(serverErrors(error)),
    }),
  );
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <ResolveFields
          enabled
          onEnabledChange={() => {}}
          value={form.values.resolution}
          onChange={(resolution) => {
            form.setFieldValue('resolution', resolution);
            form.clearFieldError('resolution.note');
          }}
          error={form.errors.resolution as string | undefined}
          noteError={form.errors['resolution.note'] as string | undefined}
          hideSwitch
        />
        {isStale(update.error) ? (
          <StaleTicketAlert onReload={() => void actions.reload().then(() => update.reset())} />
        ) : (
          <ActionError error={update.error} title="Not resolved" />
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={update.isPending}>
            Resolve
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function EscalateForm({ ticket, actions, onDone }: { ticket: TicketDetail; actions: Actions; onDone: () => void }) {
  const catalogue = useQuery(catalogueQuery);
  const form = useForm<EscalateValues>({ initialValues: escalateStart(ticket.tier), validate: escalateProblems });
  const { escalate } = actions;
  const { toTier } = form.values;
  const groups = (catalogue.data?.groups ?? []).filter((group) => group.tier === toTier);
  const submit = form.onSubmit((values) =>
    escalate.mutate(escalateRequest(values), {
      onSuccess: onDone,
      onError: (error) => form.setErrors(serverErrors(error, ESCALATE_WORDING)),
    }),
  );

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <Select
          label="Escalate to"
          data={TIERS.filter((tier) => tier !== ticket.tier).map((tier) => ({ value: tier, label: TIER_LABELS[tier] }))}
          value={toTier}
          onChange={(tier) => {
            form.setFieldValue('toTier', tier as Tier | null);
            form.setFieldValue('groupId', null);
          }}
          error={form.errors.toTier}
          required
        />
        <Select
          label="Group"
          description="Leave empty to use the group that covers this application at that tier"
          data={groups.map((group) => ({ value: group.id, label: group.name }))}
          {...form.getInputProps('groupId')}
          disabled={!toTier || groups.length === 0}
          clearable
        />
        <Textarea
          label="Reason"
          description="What was tried, what is needed from the next tier"
          {...form.getInputProps('reason')}
          autosize
          minRows={3}
          required
        />
        {toTier === 'vendor' && (
          <TextInput
            label="Vendor case number"
            description="The vendor's own reference, to follow their work"
            {...form.getInputProps('vendorReference')}
          />
        )}
        {isStale(escalate.error) ? (
          <StaleTicketAlert onReload={() => void actions.reload().then(() => escalate.reset())} />
        ) : (
          <ActionError error={escalate.error} title="Not escalated" />
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={escalate.isPending}>
            Escalate
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function LinkForm({ actions, onDone }: { actions: Actions; onDone: () => void }) {
  const form = useForm<LinkValues>({ initialValues: NO_LINK, validate: linkProblems });
  const { link } = actions;
  const submit = form.onSubmit((values) =>
    link.mutate(linkRequest(values), {
      onSuccess: onDone,
      onError: (error) => form.setErrors(serverErrors(error, LINK_WORDING)),
    }),
  );
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <Select
          label="This ticket is"
          data={LINK_KINDS.map((value) => ({ value, label: LINK_LABELS[value] }))}
          value={form.values.kind}
          onChange={(value) => value && form.setFieldValue('kind', value as LinkKind)}
          allowDeselect={false}
        />
        <TextInput label="Other ticket number" placeholder="CSD-001234" {...form.getInputProps('other')} required />
        <ActionError error={link.error} title="Not linked" />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={link.isPending} disabled={!form.values.other.trim()}>
            Link
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
