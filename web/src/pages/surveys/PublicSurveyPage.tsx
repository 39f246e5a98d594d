// The survey behind a single-use link: no sign-in, phone-sized first. Shows the ticket number and the service only,
// and says plainly when a link is not valid, has expired or was already used.
import { Alert, Center, Container, Paper, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useMutation, useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import type { AnswerInput } from '../../../../src/features/surveys/schemas.ts';
import { ApiProblem } from '../../api/client.ts';
import { answerByLink, linkSurveyQuery } from '../../api/surveys.ts';
import { BrandMark } from '../../app/BrandMark.tsx';
import { Loading } from '../../components/QueryStates.tsx';
import { SurveyForm, ThankYou } from './SurveyForm.tsx';

const route = getRouteApi('/s/$token');

const LINK_TITLES: Record<number, string> = {
  400: 'This is not a survey link',
  404: 'This survey link is not valid',
  409: 'This survey was already answered',
  410: 'This survey link has expired',
};

function LinkProblem({ error }: { error: unknown }) {
  const status = error instanceof ApiProblem ? error.status : 0;
  const detail = error instanceof ApiProblem ? error.detail : undefined;
  return (
    <Alert
      color={status === 409 ? 'green' : 'orange'}
      variant="light"
      title={LINK_TITLES[status] ?? 'Something went wrong'}
    >
      {detail ?? 'Please try again in a moment.'}
    </Alert>
  );
}

export function PublicSurveyPage() {
  useDocumentTitle('Your feedback — Clinidesk');
  const { token } = route.useParams();
  const survey = useQuery(linkSurveyQuery(token));
  const answer = useMutation({ mutationFn: (body: AnswerInput) => answerByLink(token, body) });
  const s = survey.data;
  return (
    <Container size={480} px="sm" py="lg">
      <main id="main">
        <Stack gap="md">
          <Center>
            <BrandMark />
          </Center>
          <Title order={1} size="h3">
            {s?.kind === 'pulse' ? 'IT support survey' : 'How did we do?'}
          </Title>
          {survey.isPending && <Loading label="Opening your survey…" />}
          {survey.isError && <LinkProblem error={survey.error} />}
          {s && (
            <Paper withBorder radius="md" p="md">
              <Stack gap="md">
                {s.ticketNumber && (
                  <Text size="sm">
                    About your request <b>{s.ticketNumber}</b>
                    {s.serviceName ? ` (${s.serviceName})` : ''}.
                  </Text>
                )}
                {answer.data ? (
                  <ThankYou followUpTicket={answer.data.followUpTicket} phiWarnings={answer.data.phiWarnings} />
                ) : answer.error instanceof ApiProblem && [404, 409, 410].includes(answer.error.status) ? (
                  <LinkProblem error={answer.error} />
                ) : (
                  <SurveyForm
                    question={s.question}
                    kind={s.kind}
                    onSubmit={(a) => answer.mutate(a)}
                    pending={answer.isPending}
                    error={answer.error}
                  />
                )}
              </Stack>
            </Paper>
          )}
          <Text size="xs" c="dimmed">
            This link works once and expires.{s?.kind === 'pulse' ? '' : ' It shows no details of your request.'}
          </Text>
        </Stack>
      </main>
    </Container>
  );
}
