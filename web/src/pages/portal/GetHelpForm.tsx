// "Get help" in clinical words: what you were doing, which application, is care affected, who, workaround, error.
import { Alert, Button, Group, Paper, Radio, Select, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { TICKET_TEXT_MAX, type TicketDetail } from '../../../../src/features/tickets/schemas.ts';
import { isStaff } from '../../../../src/platform/auth/roles.ts';
import { ApiProblem } from '../../api/client.ts';
import { catalogueQuery, myPersonQuery } from '../../api/directory.ts';
import { openTicket, ticketKeys } from '../../api/tickets.ts';
import { useSession } from '../../app/session.ts';
import { CharacterCount } from '../../components/CharacterCount.tsx';
import { PhiHint } from '../../components/PhiHint.tsx';
import { ActionError, fieldErrorsOf } from '../../components/QueryStates.tsx';
import { type ServiceChoice, ServicePicker } from '../../components/ServicePicker.tsx';
import { tooLongMessage } from '../../components/textLimits.ts';
import { type PortalAnswers, portalTicketBody } from './portalRequest.ts';
import { SubmittedCard } from './SubmittedCard.tsx';

type Answers = PortalAnswers & { service: ServiceChoice; unitId: string | null };

const BLANK: Answers = {
  summary: '',
  service: { serviceId: null, moduleId: null },
  careAffected: '',
  scope: 'me',
  workaround: 'unsure',
  errorText: '',
  details: '',
  unitId: null,
};

export function GetHelpForm() {
  const me = useQuery(myPersonQuery);
  const role = useSession()?.user.role ?? 'requester';
  const staff = isStaff(role);
  const noPerson = me.error instanceof ApiProblem && me.error.status === 404;
  const catalogue = useQuery(catalogueQuery);
  const queryClient = useQueryClient();
  const [answers, setAnswers] = useState<Answers>(BLANK);
  const [missing, setMissing] = useState<Partial<Record<'summary' | 'careAffected', string>>>({});
  const [submitted, setSubmitted] = useState<TicketDetail>();
  const set = (patch: Partial<Answers>) => setAnswers((current) => ({ ...current, ...patch }));

  const units = (catalogue.data?.facilities ?? []).flatMap((f) =>
    f.units.map((u) => ({ value: u.id, label: `${u.name} — ${f.name}`, facilityId: f.id })),
  );
  const unitId = answers.unitId ?? me.data?.unitId ?? null;
  // Over-long texts are refused under their field as people type; the server's own field messages show there too.
  const tooLong = {
    summary: tooLongMessage('Summary', answers.summary, TICKET_TEXT_MAX.summary),
    errorText: tooLongMessage('Error message', answers.errorText, TICKET_TEXT_MAX.errorText),
    details: tooLongMessage('This answer', answers.details, TICKET_TEXT_MAX.description),
  };

  const open = useMutation({
    mutationFn: openTicket,
    onSuccess: (ticket) => {
      queryClient.setQueryData(ticketKeys.detail(ticket.number), ticket);
      void queryClient.invalidateQueries({ queryKey: ticketKeys.all });
      setSubmitted(ticket);
      setAnswers(BLANK);
    },
  });

  const server = fieldErrorsOf(open.error);

  function submit(event: FormEvent) {
    event.preventDefault();
    const problems: typeof missing = {};
    if (!answers.summary.trim()) problems.summary = 'Tell us in a few words what you were trying to do';
    if (!answers.careAffected) problems.careAffected = 'Let us know whether care is affected right now';
    setMissing(problems);
    if (Object.keys(problems).length > 0 || Object.values(tooLong).some(Boolean)) return;
    open.mutate(
      portalTicketBody(
        answers,
        { role, personId: me.data?.id },
        { unitId, facilityId: units.find((u) => u.value === unitId)?.facilityId ?? me.data?.facilityId ?? null },
      ),
    );
  }

  if (submitted) return <SubmittedCard ticket={submitted} onAnother={() => setSubmitted(undefined)} />;

  return (
    <Paper withBorder radius="md" p="lg" component="form" onSubmit={submit} noValidate aria-label="Ask for help">
      <Stack gap="md">
        <div>
          <TextInput
            label="What were you trying to do?"
            description="For example: print wristbands for an admission, sign an order, scan a medication"
            value={answers.summary}
            onChange={(event) => set({ summary: event.currentTarget.value })}
            error={missing.summary ?? tooLong.summary ?? server.summary}
            required
          />
          <CharacterCount value={answers.summary} max={TICKET_TEXT_MAX.summary} />
          <PhiHint text={answers.summary} id="summary-phi-hint" />
        </div>
        <ServicePicker
          {...answers.service}
          onChange={(service) => set({ service })}
          serviceLabel="Which application or device?"
          moduleLabel="Which part of it?"
        />
        <Radio.Group
          label="Is a patient waiting, or is care affected right now?"
          value={answers.careAffected}
          onChange={(value) => set({ careAffected: value as Answers['careAffected'] })}
          error={missing.careAffected}
          required
        >
          <Group gap="lg" mt={6}>
            <Radio value="yes" label="Yes, care is affected now" />
            <Radio value="no" label="No" />
          </Group>
        </Radio.Group>
        <Radio.Group
          label="Who is affected?"
          value={answers.scope}
          onChange={(value) => set({ scope: value as Answers['scope'] })}
        >
          <Group gap="lg" mt={6}>
            <Radio value="me" label="Just me" />
            <Radio value="unit" label="My unit" />
            <Radio value="facility" label="The whole hospital" />
          </Group>
        </Radio.Group>
        <Radio.Group
          label="Is there a workaround?"
          description="Another way to get the work done for now, such as another computer or a paper downtime form"
          value={answers.workaround}
          onChange={(value) => set({ workaround: value as Answers['workaround'] })}
        >
          <Group gap="lg" mt={6}>
            <Radio value="yes" label="Yes" />
            <Radio value="no" label="No" />
            <Radio value="unsure" label="Not sure" />
          </Group>
        </Radio.Group>
        <Textarea
          label="Any error message?"
          description="Copy it exactly if you can"
          value={answers.errorText}
          onChange={(event) => set({ errorText: event.currentTarget.value })}
          error={tooLong.errorText ?? server.errorText}
          autosize
          minRows={1}
          maxRows={4}
        />
        <PhiHint text={answers.errorText} id="error-text-phi-hint" />
        <div>
          <Textarea
            label="Anything else we should know? (optional)"
            description="Please do not include patient names, record numbers or dates of birth"
            value={answers.details}
            onChange={(event) => set({ details: event.currentTarget.value })}
            error={tooLong.details ?? server.description}
            autosize
            minRows={2}
            maxRows={8}
          />
          <CharacterCount value={answers.details} max={TICKET_TEXT_MAX.description} />
          <PhiHint text={answers.details} id="details-phi-hint" />
        </div>
        <Select
          label="Your unit"
          description={me.data ? 'From your directory entry; change it if you are working elsewhere today' : undefined}
          data={units}
          value={unitId}
          onChange={(value) => set({ unitId: value })}
          searchable
          placeholder={me.isPending ? 'Loading…' : 'Choose your unit'}
        />
        {noPerson && (
          <Alert color="orange" variant="light" title="Your account is not linked to you in the directory">
            So a request cannot be sent from here in your name. Please call the service desk
            {staff ? ', or open the ticket from the console' : ''}.
          </Alert>
        )}
        <ActionError error={open.error} title="Your request was not sent" />
        <Group justify="space-between">
          <Text size="sm" c="dimmed">
            The desk sets the priority from your answers.
          </Text>
          <Button type="submit" loading={open.isPending} disabled={noPerson || (staff && !me.data)}>
            Send to the service desk
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
