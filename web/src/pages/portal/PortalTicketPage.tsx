// A requester's view of their ticket: status, public replies, a reply box, and "Did this fix it?" once resolved.
import { Anchor, Breadcrumbs, Container, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import type { CommentVisibility } from '../../../../src/features/tickets/rules/vocabulary.ts';
import type { TicketDetail } from '../../../../src/features/tickets/schemas.ts';
import { ApiProblem } from '../../api/client.ts';
import { addComment, ticketKeys, ticketQuery } from '../../api/tickets.ts';
import { Empty, LoadError, Loading } from '../../components/QueryStates.tsx';
import { StatusBadge } from '../../components/TicketBadges.tsx';
import { formatWhen } from '../../components/ticketWords.ts';
import { CommentBox } from '../console/ticket/CommentBox.tsx';
import { TicketSurvey } from '../surveys/PortalSurveys.tsx';
import { ConfirmFix } from './ConfirmFix.tsx';
import { PublicConversation } from './PublicConversation.tsx';
import { statusForRequester } from './statusWords.ts';

const route = getRouteApi('/signed-in/portal/tickets/$number');

export function PortalTicketPage() {
  const { number } = route.useParams();
  const ticket = useQuery(ticketQuery(number));
  const queryClient = useQueryClient();
  const reply = useMutation({
    mutationFn: (body: { visibility?: CommentVisibility; body: string }) =>
      addComment(number, { visibility: 'public', body: body.body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ticketKeys.detail(number) }),
  });
  useDocumentTitle(`${ticket.data?.number ?? number} — Clinidesk`);

  if (ticket.isPending) return <Loading label={`Loading ${number}…`} />;
  if (ticket.isError) {
    if (ticket.error instanceof ApiProblem && ticket.error.status === 404) {
      return <Empty title={`We cannot find ${number}`}>Check the number in your email or under My tickets.</Empty>;
    }
    return <LoadError what={number} error={ticket.error} retry={() => void ticket.refetch()} />;
  }
  const t = ticket.data;
  return (
    <Container size="md" px={0}>
      <Stack gap="md">
        <Breadcrumbs separator="›">
          <Anchor renderRoot={(props) => <Link {...props} to="/portal" search={{ tab: 'mine' }} />} size="sm">
            My tickets
          </Anchor>
          <Text size="sm" c="dimmed">
            {t.number}
          </Text>
        </Breadcrumbs>
        <Paper withBorder radius="md" p="md">
          <Stack gap={6}>
            <Text size="sm" ff="monospace" fw={600} c="desk.8">
              {t.number}
            </Text>
            <Title order={1} size="h3">
              {t.summary}
            </Title>
            <Group gap="sm">
              <StatusBadge status={t.status} size="md" />
              <Text size="sm" c="dimmed">
                Opened {formatWhen(t.createdAt)}
              </Text>
            </Group>
            <Text size="sm" data-testid="status-words">
              {statusForRequester(t.status, t.assignee?.name ?? null)}
            </Text>
            <HelpDue ticket={t} />
          </Stack>
        </Paper>
        {t.actions.confirmFix && <ConfirmFix ticket={t} />}
        {(t.status === 'resolved' || t.status === 'closed') && <TicketSurvey number={t.number} />}
        <PublicConversation ticket={t} />
        {/* Once resolved, the requester answers "Did this fix it?" instead of replying. */}
        {t.actions.comment.includes('public') && t.status !== 'resolved' && (
          <CommentBox mutation={reply} threads={['public']} asRequester />
        )}
        {t.status === 'closed' && (
          <Text size="sm" c="dimmed">
            This ticket is closed. If the problem comes back, ask for help again and mention {t.number}.
          </Text>
        )}
      </Stack>
    </Container>
  );
}

/** When the requester can expect an answer, in words: the response target until someone replies, then resolution. */
function HelpDue({ ticket }: { ticket: TicketDetail }) {
  const sla = ticket.slaDetail;
  const clock = sla?.response && sla.response.state !== 'stopped' ? sla.response : sla?.resolution;
  if (!clock || clock.state === 'stopped' || !clock.dueAt) return null;
  const what = clock === sla?.response ? 'A first answer is due' : 'We aim to resolve this by';
  return (
    <Text size="sm" data-testid="help-due">
      {what} {formatWhen(clock.dueAt)}
      {sla?.timeZone && sla.timeZone !== 'UTC' ? ' (service desk hours apply)' : ''}.
    </Text>
  );
}
