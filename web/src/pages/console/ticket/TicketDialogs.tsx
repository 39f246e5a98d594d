// The dialogs behind the quick actions: resolve (code + note), escalate (tier, reason, vendor case), link.
import { Button, Group, Modal, Select, Stack, Textarea, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { TIERS, type Tier } from '../../../../../src/domain/vocabulary.ts';
import { LINK_KINDS, type LinkKind } from '../../../../../src/features/tickets/rules/vocabulary.ts';
import type { TicketDetail } from '../../../../../src/features/tickets/schemas.ts';
import { catalogueQuery } from '../../../api/directory.ts';
import { ActionError, fieldErrorsOf } from '../../../components/QueryStates.tsx';
import { LINK_LABELS, TIER_LABELS } from '../../../components/ticketWords.ts';
import { ResolveFields, type ResolveValue } from '../intake/ResolveFields.tsx';
import { StaleTicketAlert } from './StaleTicketAlert.tsx';
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
  const [value, setValue] = useState<ResolveValue>({ code: null, note: '' });
  const [problem, setProblem] = useState<string>();
  const { update } = actions;
  function submit(event: FormEvent) {
    event.preventDefault();
    if (!value.code || !value.note.trim()) return setProblem('Choose a resolution code and say what fixed it');
    update.mutate(
      { status: 'resolved', resolution: { code: value.code, note: value.note.trim() } },
      { onSuccess: onDone },
    );
  }
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <ResolveFields
          enabled
          onEnabledChange={() => {}}
          value={value}
          onChange={setValue}
          error={problem}
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
  const [toTier, setToTier] = useState<Tier | null>(ticket.tier === 'tier1' ? 'tier2' : null);
  const [groupId, setGroupId] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [vendorReference, setVendorReference] = useState('');
  const [problem, setProblem] = useState<Record<string, string>>({});
  const { escalate } = actions;
  const groups = (catalogue.data?.groups ?? []).filter((group) => group.tier === toTier);
  const serverSays = fieldErrorsOf(escalate.error);

  function submit(event: FormEvent) {
    event.preventDefault();
    const missing: Record<string, string> = {};
    if (!toTier) missing.toTier = 'Choose the tier that takes it next';
    if (reason.trim().length < 3) missing.reason = 'Say why, so the next tier does not start over';
    setProblem(missing);
    if (!toTier || Object.keys(missing).length > 0) return;
    escalate.mutate(
      {
        toTier,
        groupId: groupId ?? undefined,
        reason: reason.trim(),
        vendorReference: toTier === 'vendor' && vendorReference.trim() ? vendorReference.trim() : undefined,
      },
      { onSuccess: onDone },
    );
  }

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <Select
          label="Escalate to"
          data={TIERS.filter((tier) => tier !== ticket.tier).map((tier) => ({ value: tier, label: TIER_LABELS[tier] }))}
          value={toTier}
          onChange={(tier) => {
            setToTier(tier as Tier | null);
            setGroupId(null);
          }}
          error={problem.toTier}
          required
        />
        <Select
          label="Group"
          description="Leave empty to use the group that covers this application at that tier"
          data={groups.map((group) => ({ value: group.id, label: group.name }))}
          value={groupId}
          onChange={setGroupId}
          error={serverSays.groupId}
          disabled={!toTier || groups.length === 0}
          clearable
        />
        <Textarea
          label="Reason"
          description="What was tried, what is needed from the next tier"
          value={reason}
          onChange={(event) => setReason(event.currentTarget.value)}
          error={problem.reason ?? serverSays.reason}
          autosize
          minRows={3}
          required
        />
        {toTier === 'vendor' && (
          <TextInput
            label="Vendor case number"
            description="The vendor's own reference, to follow their work"
            value={vendorReference}
            onChange={(event) => setVendorReference(event.currentTarget.value)}
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
  const [kind, setKind] = useState<LinkKind>('related');
  const [other, setOther] = useState('');
  const { link } = actions;
  function submit(event: FormEvent) {
    event.preventDefault();
    if (other.trim()) link.mutate({ kind, other: other.trim() }, { onSuccess: onDone });
  }
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <Select
          label="This ticket is"
          data={LINK_KINDS.map((value) => ({ value, label: LINK_LABELS[value] }))}
          value={kind}
          onChange={(value) => value && setKind(value as LinkKind)}
          allowDeselect={false}
        />
        <TextInput
          label="Other ticket number"
          placeholder="CSD-001234"
          value={other}
          onChange={(event) => setOther(event.currentTarget.value)}
          required
        />
        <ActionError error={link.error} title="Not linked" />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={link.isPending} disabled={!other.trim()}>
            Link
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
