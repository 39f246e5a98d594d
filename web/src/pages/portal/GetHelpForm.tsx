// "Get help" in clinical words: what you were doing, which application, is care affected, who, workaround, error.
// The answers are checked by the server's own schema before they are sent (portalRequest.ts), and the clinical
// questions are the console's, asked in the words of the person who needs help.
import { Alert, Button, Group, Paper, Select, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { type UseFormReturnType, useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { TICKET_TEXT_MAX, type TicketDetail } from '../../../../src/features/tickets/schemas.ts';
import { isStaff } from '../../../../src/platform/auth/roles.ts';
import { ApiProblem } from '../../api/client.ts';
import { catalogueQuery, myPersonQuery } from '../../api/directory.ts';
import { openTicket, ticketKeys } from '../../api/tickets.ts';
import { useSession } from '../../app/session.ts';
import { CharacterCount } from '../../components/CharacterCount.tsx';
import {
  CareAffectedQuestion,
  REQUESTER_WORDS,
  ScopeQuestion,
  WorkaroundQuestion,
} from '../../components/ClinicalQuestions.tsx';
import { PhiHint } from '../../components/PhiHint.tsx';
import { ActionError } from '../../components/QueryStates.tsx';
import { ServicePicker } from '../../components/ServicePicker.tsx';
import { fieldOf } from '../../forms/fieldOf.ts';
import { serverErrors } from '../../forms/schemaErrors.ts';
import { NO_ANSWERS, PORTAL_WORDING, type PortalAnswers, portalProblems, portalTicketBody } from './portalRequest.ts';
import { SubmittedCard } from './SubmittedCard.tsx';

type Answers = PortalAnswers & { unitId: string | null };
type Form = UseFormReturnType<Answers>;
type UnitChoice = { value: string; label: string; facilityId: string };

const BLANK: Answers = { ...NO_ANSWERS, unitId: null };

export function GetHelpForm() {
  const me = useQuery(myPersonQuery);
  const role = useSession()?.user.role ?? 'requester';
  const staff = isStaff(role);
  const noPerson = me.error instanceof ApiProblem && me.error.status === 404;
  const catalogue = useQuery(catalogueQuery);
  const queryClient = useQueryClient();
  const [submitted, setSubmitted] = useState<TicketDetail>();

  const units: UnitChoice[] = (catalogue.data?.facilities ?? []).flatMap((f) =>
    f.units.map((u) => ({ value: u.id, label: `${u.name} — ${f.name}`, facilityId: f.id })),
  );
  const who = { role, personId: me.data?.id };
  const placeOf = (answers: Answers) => {
    const unitId = answers.unitId ?? me.data?.unitId ?? null;
    return { unitId, facilityId: units.find((u) => u.value === unitId)?.facilityId ?? me.data?.facilityId ?? null };
  };
  // Over-long texts are refused under their field as people type; the server's own field messages show there too.
  const form = useForm<Answers>({
    initialValues: BLANK,
    validate: (answers) => portalProblems(answers, who, placeOf(answers)),
    validateInputOnChange: ['summary', 'errorText', 'details'],
  });

  const open = useMutation({
    mutationFn: openTicket,
    onSuccess: (ticket) => {
      queryClient.setQueryData(ticketKeys.detail(ticket.number), ticket);
      void queryClient.invalidateQueries({ queryKey: ticketKeys.all });
      setSubmitted(ticket);
      form.reset();
    },
    onError: (error) => form.setErrors(serverErrors(error, PORTAL_WORDING)),
  });
  const submit = form.onSubmit((answers) => open.mutate(portalTicketBody(answers, who, placeOf(answers))));

  if (submitted) return <SubmittedCard ticket={submitted} onAnother={() => setSubmitted(undefined)} />;

  return (
    <Paper withBorder radius="md" p="lg" component="form" onSubmit={submit} noValidate aria-label="Ask for help">
      <Stack gap="md">
        <SummaryField form={form} />
        <ServicePicker
          {...form.values.service}
          onChange={(service) => form.setFieldValue('service', service)}
          serviceLabel="Which application or device?"
          moduleLabel="Which part of it?"
        />
        <CareAffectedQuestion {...fieldOf(form, 'patientCareAffected')} words={REQUESTER_WORDS} />
        <ScopeQuestion
          {...fieldOf(form, 'scope')}
          onChange={(scope) => form.setFieldValue('scope', scope as Answers['scope'])}
          words={REQUESTER_WORDS}
        />
        <WorkaroundQuestion {...fieldOf(form, 'workaroundAvailable')} words={REQUESTER_WORDS} />
        <ErrorAndDetailsFields form={form} />
        <UnitField
          form={form}
          units={units}
          mine={me.data?.unitId ?? null}
          fromDirectory={!!me.data}
          loading={me.isPending}
        />
        {noPerson && <NotInDirectory staff={staff} />}
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

function SummaryField({ form }: { form: Form }) {
  return (
    <div>
      <TextInput
        label="What were you trying to do?"
        description="For example: print wristbands for an admission, sign an order, scan a medication"
        {...form.getInputProps('summary')}
        required
      />
      <CharacterCount value={form.values.summary} max={TICKET_TEXT_MAX.summary} />
      <PhiHint text={form.values.summary} id="summary-phi-hint" />
    </div>
  );
}

function ErrorAndDetailsFields({ form }: { form: Form }) {
  return (
    <>
      <Textarea
        label="Any error message?"
        description="Copy it exactly if you can"
        {...form.getInputProps('errorText')}
        autosize
        minRows={1}
        maxRows={4}
      />
      <PhiHint text={form.values.errorText} id="error-text-phi-hint" />
      <div>
        <Textarea
          label="Anything else we should know? (optional)"
          description="Please do not include patient names, record numbers or dates of birth"
          {...form.getInputProps('details')}
          autosize
          minRows={2}
          maxRows={8}
        />
        <CharacterCount value={form.values.details} max={TICKET_TEXT_MAX.description} />
        <PhiHint text={form.values.details} id="details-phi-hint" />
      </div>
    </>
  );
}

type UnitFieldProps = {
  form: Form;
  units: UnitChoice[];
  mine: string | null;
  fromDirectory: boolean;
  loading: boolean;
};

/** The person's own unit from the directory until they choose another (working elsewhere today). */
function UnitField({ form, units, mine, fromDirectory, loading }: UnitFieldProps) {
  return (
    <Select
      label="Your unit"
      description={
        fromDirectory ? 'From your directory entry; change it if you are working elsewhere today' : undefined
      }
      data={units}
      value={form.values.unitId ?? mine}
      onChange={(value) => form.setFieldValue('unitId', value)}
      searchable
      placeholder={loading ? 'Loading…' : 'Choose your unit'}
    />
  );
}

function NotInDirectory({ staff }: { staff: boolean }) {
  return (
    <Alert color="orange" variant="light" title="Your account is not linked to you in the directory">
      So a request cannot be sent from here in your name. Please call the service desk
      {staff ? ', or open the ticket from the console' : ''}.
    </Alert>
  );
}
