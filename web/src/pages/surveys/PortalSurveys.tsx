// Surveys in the portal: the prompt at sign-in (the newest survey waiting for the requester), and the survey on a
// resolved ticket's page.
import { Alert, Button, Group, Paper, Stack, Text } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { AnswerInput } from '../../../../src/features/surveys/schemas.ts';
import { answerInPortal, type InvitationView, pendingSurveysQuery, ticketSurveyQuery } from '../../api/surveys.ts';
import { SurveyForm, ThankYou } from './SurveyForm.tsx';

function AnswerPanel({ survey, title }: { survey: InvitationView; title: string }) {
  // No refetch on success: the thank-you (and any follow-up number) stays until the person moves on.
  const answer = useMutation({ mutationFn: (body: AnswerInput) => answerInPortal(survey.id, body) });
  return (
    <Paper withBorder radius="md" p="md" role="region" aria-label={title}>
      <Stack gap="sm">
        <Text fw={700}>{title}</Text>
        {answer.data ? (
          <ThankYou followUpTicket={answer.data.followUpTicket} phiWarnings={answer.data.phiWarnings} />
        ) : (
          <SurveyForm
            question={survey.question}
            kind={survey.kind}
            onSubmit={(a) => answer.mutate(a)}
            pending={answer.isPending}
            error={answer.error}
          />
        )}
      </Stack>
    </Paper>
  );
}

/** At sign-in: one survey waiting for the requester, which they may answer or put aside for now. */
export function SurveyPrompt() {
  const pending = useQuery(pendingSurveysQuery);
  const [dismissed, setDismissed] = useState<string | null>(null);
  const survey = pending.data?.surveys.find((s) => s.id !== dismissed);
  if (!survey) return null;
  const about = survey.ticketNumber
    ? `How did we do with ${survey.ticketNumber}${survey.serviceName ? ` (${survey.serviceName})` : ''}?`
    : 'How are we doing?';
  return (
    <Stack gap={6}>
      <AnswerPanel key={survey.id} survey={survey} title={about} />
      <Group justify="flex-end">
        <Button variant="subtle" size="xs" onClick={() => setDismissed(survey.id)}>
          Not now
        </Button>
      </Group>
    </Stack>
  );
}

/** On a resolved ticket: its survey while it can be answered, or the requester's own answer. */
export function TicketSurvey({ number }: { number: string }) {
  const view = useQuery(ticketSurveyQuery(number));
  const invitation = view.data?.invitation;
  const response = view.data?.response;
  if (response) {
    return (
      <Alert variant="light" color="gray" title="Your feedback">
        You rated this {response.score} out of 5. Thank you.
      </Alert>
    );
  }
  if (!invitation || invitation.state === 'expired' || invitation.state === 'answered') return null;
  return <AnswerPanel key={invitation.id} survey={invitation} title={`How did we do with ${number}?`} />;
}
