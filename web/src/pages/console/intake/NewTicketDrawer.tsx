// Taking a call: who is calling, what they were doing, the clinical questions, and — often — the fix on the call.
import { Button, Divider, Drawer, Group, SegmentedControl, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { TICKET_TEXT_MAX } from '../../../../../src/features/tickets/schemas.ts';
import type { PersonView } from '../../../api/directory.ts';
import { sendArticleToTicket } from '../../../api/knowledge.ts';
import { openTicket, ticketKeys } from '../../../api/tickets.ts';
import { CharacterCount } from '../../../components/CharacterCount.tsx';
import { ActionError, fieldErrorsOf } from '../../../components/QueryStates.tsx';
import { RequesterCard } from '../../../components/RequesterCard.tsx';
import { type ServiceChoice, ServicePicker } from '../../../components/ServicePicker.tsx';
import { tooLongMessage } from '../../../components/textLimits.ts';
import { AssistPanel } from '../../knowledge/AssistPanel.tsx';
import { ClinicalQuestions, clinicalBody, NO_CLINICAL_IMPACT } from './ClinicalQuestions.tsx';
import { RequesterSearch } from './RequesterSearch.tsx';
import { ResolveFields, type ResolveValue } from './ResolveFields.tsx';

const CHANNEL_CHOICES = [
  { value: 'phone', label: 'Phone' },
  { value: 'walk_up', label: 'Walk-up' },
  { value: 'chat', label: 'Chat' },
];

type Draft = {
  channel: 'phone' | 'walk_up' | 'chat';
  requester: PersonView | null;
  service: ServiceChoice;
  clinical: typeof NO_CLINICAL_IMPACT;
  summary: string;
  description: string;
  errorText: string;
  resolveNow: boolean;
  resolution: ResolveValue;
};

const EMPTY: Draft = {
  channel: 'phone',
  requester: null,
  service: { serviceId: null, moduleId: null },
  clinical: NO_CLINICAL_IMPACT,
  summary: '',
  description: '',
  errorText: '',
  resolveNow: false,
  resolution: { code: null, note: '' },
};

export function NewTicketDrawer({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [missing, setMissing] = useState<Partial<Record<'requester' | 'summary' | 'resolution', string>>>({});
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const set = (patch: Partial<Draft>) => setDraft((current) => ({ ...current, ...patch }));
  // Agent assist: the article chosen while typing is sent as a public reply once the ticket is open.
  const [article, setArticle] = useState<{ number: string; title: string } | null>(null);

  const open = useMutation({
    mutationFn: openTicket,
    onSuccess: async (ticket) => {
      queryClient.setQueryData(ticketKeys.detail(ticket.number), ticket);
      void queryClient.invalidateQueries({ queryKey: ticketKeys.lists() });
      void queryClient.invalidateQueries({ queryKey: ticketKeys.views() });
      if (article) await sendArticleToTicket(article.number, ticket.number).catch(() => undefined);
      setArticle(null);
      setDraft(EMPTY);
      await navigate({ to: '/console/tickets/$number', params: { number: ticket.number } });
    },
  });

  // Over-long texts are refused under their field as the agent types, never cut; server field messages show there too.
  const tooLong = {
    summary: tooLongMessage('Summary', draft.summary, TICKET_TEXT_MAX.summary),
    errorText: tooLongMessage('Error message', draft.errorText, TICKET_TEXT_MAX.errorText),
    description: tooLongMessage('Description', draft.description, TICKET_TEXT_MAX.description),
  };
  const server = fieldErrorsOf(open.error);

  function submit(event: FormEvent) {
    event.preventDefault();
    const problems: typeof missing = {};
    if (!draft.requester) problems.requester = 'Find and choose the person who needs help';
    if (!draft.summary.trim()) problems.summary = 'Say in a few words what they were trying to do';
    if (draft.resolveNow && (!draft.resolution.code || !draft.resolution.note.trim())) {
      problems.resolution = 'Resolving on the call needs a resolution code and a note';
    }
    setMissing(problems);
    if (Object.keys(problems).length > 0 || Object.values(tooLong).some(Boolean) || !draft.requester) return;
    open.mutate({
      channel: draft.channel,
      requesterId: draft.requester.id,
      facilityId: draft.requester.facilityId,
      unitId: draft.requester.unitId,
      serviceId: draft.service.serviceId,
      moduleId: draft.service.moduleId,
      ...clinicalBody(draft.clinical),
      summary: draft.summary.trim(),
      description: draft.description.trim(),
      errorText: draft.errorText.trim() || null,
      assignToMe: true,
      resolveNow:
        draft.resolveNow && draft.resolution.code
          ? { code: draft.resolution.code, note: draft.resolution.note.trim() }
          : undefined,
    });
  }

  return (
    <Drawer
      opened={opened}
      onClose={onClose}
      position="right"
      size="xl"
      title="New ticket"
      padding="lg"
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <SegmentedControl
            aria-label="How they reached the desk"
            data={CHANNEL_CHOICES}
            value={draft.channel}
            onChange={(channel) => set({ channel: channel as Draft['channel'] })}
            w="fit-content"
          />
          {draft.requester ? (
            <RequesterCard
              requester={{ ...draft.requester, name: draft.requester.displayName }}
              action={
                <Button size="xs" variant="default" onClick={() => set({ requester: null })}>
                  Change requester
                </Button>
              }
            />
          ) : (
            <RequesterSearch onSelect={(requester) => set({ requester })} error={missing.requester} />
          )}
          <ServicePicker {...draft.service} onChange={(service) => set({ service })} />
          <Divider label="Clinical questions" labelPosition="left" />
          <ClinicalQuestions value={draft.clinical} onChange={(clinical) => set({ clinical })} />
          <Divider label="The problem" labelPosition="left" />
          <div>
            <TextInput
              label="Summary"
              description="What they were trying to do, in a few words"
              value={draft.summary}
              onChange={(event) => set({ summary: event.currentTarget.value })}
              error={missing.summary ?? tooLong.summary ?? server.summary}
              required
            />
            <CharacterCount value={draft.summary} max={TICKET_TEXT_MAX.summary} />
          </div>
          <AssistPanel
            text={`${draft.summary} ${draft.errorText} ${draft.description}`}
            serviceId={draft.service.serviceId}
            moduleId={draft.service.moduleId}
            requesterId={draft.requester?.id ?? null}
            chosen={article?.number ?? null}
            onUse={(a) => {
              setArticle(a);
              set({
                resolveNow: true,
                resolution: { code: 'answered_how_to', note: `Sent the steps of ${a.number}: ${a.title}` },
              });
            }}
          />
          <Textarea
            label="Error message"
            description="Exactly as shown on screen, if there was one"
            value={draft.errorText}
            onChange={(event) => set({ errorText: event.currentTarget.value })}
            error={tooLong.errorText ?? server.errorText}
            autosize
            minRows={1}
            maxRows={4}
          />
          <div>
            <Textarea
              label="Description"
              description="Steps, what they expected, what happened. No patient identifiers."
              value={draft.description}
              onChange={(event) => set({ description: event.currentTarget.value })}
              error={tooLong.description ?? server.description}
              autosize
              minRows={3}
              maxRows={8}
            />
            <CharacterCount value={draft.description} max={TICKET_TEXT_MAX.description} />
          </div>
          <ResolveFields
            enabled={draft.resolveNow}
            onEnabledChange={(resolveNow) => set({ resolveNow })}
            value={draft.resolution}
            onChange={(resolution) => set({ resolution })}
            error={missing.resolution}
          />
          <ActionError error={open.error} title="The ticket was not opened" />
          <Group justify="space-between">
            <Text size="sm" c="dimmed">
              The ticket is assigned to you. Priority is computed from the answers.
            </Text>
            <Group gap="sm">
              <Button variant="default" onClick={onClose}>
                Cancel
              </Button>
              <Button type="submit" loading={open.isPending}>
                {draft.resolveNow ? 'Open and resolve' : 'Open ticket'}
              </Button>
            </Group>
          </Group>
        </Stack>
      </form>
    </Drawer>
  );
}
