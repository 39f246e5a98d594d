// Taking a call: who is calling, what they were doing, the clinical questions, and — often — the fix on the call.
// The draft is checked by the server's own schema before it is sent (newTicketRequest.ts). When what is picked matches
// an open incident, the "known outage" notice offers to open the ticket, link it and answer with one click.
import { Button, Divider, Drawer, Group, SegmentedControl, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { type UseFormReturnType, useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { TICKET_TEXT_MAX } from '../../../../../src/features/tickets/schemas.ts';
import { linkIncidentChild, type MatchingIncident } from '../../../api/incidents.ts';
import { sendArticleToTicket } from '../../../api/knowledge.ts';
import { openTicket, ticketKeys } from '../../../api/tickets.ts';
import { CharacterCount } from '../../../components/CharacterCount.tsx';
import { ClinicalQuestions } from '../../../components/ClinicalQuestions.tsx';
import { ActionError } from '../../../components/QueryStates.tsx';
import { RequesterCard } from '../../../components/RequesterCard.tsx';
import { ServicePicker } from '../../../components/ServicePicker.tsx';
import { serverErrors } from '../../../forms/schemaErrors.ts';
import { repliesWith } from '../../incidents/incidentForms.ts';
import { KnownOutageNotice } from '../../incidents/KnownOutageNotice.tsx';
import { AssistPanel } from '../../knowledge/AssistPanel.tsx';
import { DESK_WORDING, type Draft, deskProblems, deskTicketBody, EMPTY_DRAFT } from './newTicketRequest.ts';
import { RequesterSearch } from './RequesterSearch.tsx';
import { ResolveFields } from './ResolveFields.tsx';

const CHANNEL_CHOICES = [
  { value: 'phone', label: 'Phone' },
  { value: 'walk_up', label: 'Walk-up' },
  { value: 'chat', label: 'Chat' },
];

type Form = UseFormReturnType<Draft>;
type Article = { number: string; title: string };

export function NewTicketDrawer({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  // Over-long texts are refused under their field as the agent types, never cut; server field messages show there too.
  const form = useForm<Draft>({
    initialValues: EMPTY_DRAFT,
    validate: deskProblems,
    validateInputOnChange: ['summary', 'errorText', 'description'],
  });
  // Agent assist: the article chosen while typing is sent as a public reply once the ticket is open.
  const [article, setArticle] = useState<Article | null>(null);
  const open = useOpenTicket(form, article, () => setArticle(null));
  const submit = form.onSubmit((draft) => open.mutate({ body: deskTicketBody(draft), outage: null }));
  // The one click of the known-outage notice: the same checks as "Open ticket", then open, link and answer.
  const openAndLink = (outage: MatchingIncident) => {
    if (!form.validate().hasErrors) open.mutate({ body: deskTicketBody(form.getValues()), outage });
  };

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
          <WhoIsAsking form={form} />
          <ServicePicker {...form.values.service} onChange={(service) => form.setFieldValue('service', service)} />
          <KnownOutageNotice
            facts={{
              ...form.values.service,
              facilityId: form.values.requester?.facilityId,
              unitId: form.values.requester?.unitId,
              text: `${form.values.summary} ${form.values.errorText}`,
            }}
            onLink={openAndLink}
            linking={open.isPending ? (open.variables?.outage?.number ?? null) : null}
          />
          <Divider label="Clinical questions" labelPosition="left" />
          <ClinicalQuestions
            value={form.values.clinical}
            onChange={(clinical) => {
              form.setFieldValue('clinical', clinical);
              form.clearFieldError('clinical.safetyReportRef');
            }}
            errors={{ safetyReportRef: form.errors['clinical.safetyReportRef'] }}
          />
          <Divider label="The problem" labelPosition="left" />
          <ProblemFields
            form={form}
            article={article}
            onUseArticle={(a) => {
              setArticle(a);
              form.setFieldValue('resolveNow', true);
              form.setFieldValue('resolution', {
                code: 'answered_how_to',
                note: `Sent the steps of ${a.number}: ${a.title}`,
              });
            }}
          />
          <ResolveFields
            enabled={form.values.resolveNow}
            onEnabledChange={(resolveNow) => form.setFieldValue('resolveNow', resolveNow)}
            value={form.values.resolution}
            onChange={(resolution) => {
              form.setFieldValue('resolution', resolution);
              form.clearFieldError('resolution.note');
            }}
            error={form.errors.resolution as string | undefined}
            noteError={form.errors['resolution.note'] as string | undefined}
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
                {form.values.resolveNow ? 'Open and resolve' : 'Open ticket'}
              </Button>
            </Group>
          </Group>
        </Stack>
      </form>
    </Drawer>
  );
}

type OpenRequest = { body: ReturnType<typeof deskTicketBody>; outage: MatchingIncident | null };

/**
 * Opens the ticket, links it to the known outage chosen in the notice (answering with its message), sends the chosen
 * article as the first reply, and goes to the ticket. Should the link be refused once the ticket is open, the
 * ticket's page offers it again (its own known-outage notice) and says why when it is refused there.
 */
function useOpenTicket(form: Form, article: Article | null, forgetArticle: () => void) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return useMutation({
    mutationFn: async ({ body, outage }: OpenRequest) => {
      const ticket = await openTicket(body);
      if (outage) {
        await linkIncidentChild(outage.number, { ticket: ticket.number, reply: repliesWith(outage) }).catch(
          () => undefined,
        );
      }
      return ticket;
    },
    onSuccess: async (ticket) => {
      queryClient.setQueryData(ticketKeys.detail(ticket.number), ticket);
      void queryClient.invalidateQueries({ queryKey: ticketKeys.lists() });
      void queryClient.invalidateQueries({ queryKey: ticketKeys.views() });
      if (article) await sendArticleToTicket(article.number, ticket.number).catch(() => undefined);
      forgetArticle();
      form.reset();
      await navigate({ to: '/console/tickets/$number', params: { number: ticket.number } });
    },
    onError: (error) => form.setErrors(serverErrors(error, DESK_WORDING)),
  });
}

/** How they reached the desk, and who they are. */
function WhoIsAsking({ form }: { form: Form }) {
  const { channel, requester } = form.values;
  return (
    <>
      <SegmentedControl
        aria-label="How they reached the desk"
        data={CHANNEL_CHOICES}
        value={channel}
        onChange={(value) => form.setFieldValue('channel', value as Draft['channel'])}
        w="fit-content"
      />
      {requester ? (
        <RequesterCard
          requester={{ ...requester, name: requester.displayName }}
          action={
            <Button size="xs" variant="default" onClick={() => form.setFieldValue('requester', null)}>
              Change requester
            </Button>
          }
        />
      ) : (
        <RequesterSearch
          onSelect={(person) => form.setFieldValue('requester', person)}
          error={form.errors.requester as string | undefined}
        />
      )}
    </>
  );
}

type ProblemProps = { form: Form; article: Article | null; onUseArticle: (article: Article) => void };

/** What they were trying to do, the articles that may answer it, the error on screen and the details. */
function ProblemFields({ form, article, onUseArticle }: ProblemProps) {
  const { summary, errorText, description, service, requester } = form.values;
  return (
    <>
      <div>
        <TextInput
          label="Summary"
          description="What they were trying to do, in a few words"
          {...form.getInputProps('summary')}
          required
        />
        <CharacterCount value={summary} max={TICKET_TEXT_MAX.summary} />
      </div>
      <AssistPanel
        text={`${summary} ${errorText} ${description}`}
        serviceId={service.serviceId}
        moduleId={service.moduleId}
        requesterId={requester?.id ?? null}
        chosen={article?.number ?? null}
        onUse={onUseArticle}
      />
      <Textarea
        label="Error message"
        description="Exactly as shown on screen, if there was one"
        {...form.getInputProps('errorText')}
        autosize
        minRows={1}
        maxRows={4}
      />
      <div>
        <Textarea
          label="Description"
          description="Steps, what they expected, what happened. No patient identifiers."
          {...form.getInputProps('description')}
          autosize
          minRows={3}
          maxRows={8}
        />
        <CharacterCount value={description} max={TICKET_TEXT_MAX.description} />
      </div>
    </>
  );
}
