// One ticket for the desk: header, conversation and reply, clinical context, requester, actions and history.
import { Alert, Grid, Stack, Text } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useEffect, useRef, useState } from 'react';
import type { TicketDetail } from '../../../../../src/features/tickets/schemas.ts';
import { ApiProblem } from '../../../api/client.ts';
import { ticketQuery } from '../../../api/tickets.ts';
import { useSession } from '../../../app/session.ts';
import { useAbilities } from '../../../app/useAbilities.ts';
import { Empty, LoadError, Loading } from '../../../components/QueryStates.tsx';
import { RequesterCard } from '../../../components/RequesterCard.tsx';
import { RESOLUTION_LABELS } from '../../../components/ticketWords.ts';
import { useShortcuts } from '../../../components/useShortcuts.ts';
import { DeclareFromTicket } from '../../incidents/DeclareFromTicket.tsx';
import { TicketOutage } from '../../incidents/KnownOutageNotice.tsx';
import { TicketKnowledge } from '../../knowledge/TicketKnowledge.tsx';
import { ShortcutHelp } from '../ShortcutHelp.tsx';
import { VerificationPanel } from '../verification/VerificationPanel.tsx';
import { ClinicalContextPanel } from './ClinicalContextPanel.tsx';
import { CommentBox } from './CommentBox.tsx';
import { Conversation } from './Conversation.tsx';
import { FirstContactVerdict } from './FirstContactVerdict.tsx';
import { RelatedPanel } from './RelatedPanel.tsx';
import { SlaPanel } from './SlaPanel.tsx';
import { TicketActions } from './TicketActions.tsx';
import { type TicketDialog, TicketDialogs } from './TicketDialogs.tsx';
import { TicketHeader } from './TicketHeader.tsx';
import { TicketTimeline } from './TicketTimeline.tsx';
import { TierHistory } from './TierHistory.tsx';
import { useTicketActions } from './useTicketActions.ts';
import { VendorCasePanel } from './VendorCasePanel.tsx';

const route = getRouteApi('/signed-in/console/tickets/$number');

export function TicketPage() {
  const { number } = route.useParams();
  const ticket = useQuery(ticketQuery(number));
  useDocumentTitle(`${ticket.data ? `${ticket.data.number} ${ticket.data.summary}` : number} — Clinidesk`);

  if (ticket.isPending) return <Loading label={`Loading ${number}…`} />;
  if (ticket.isError) {
    if (ticket.error instanceof ApiProblem && ticket.error.status === 404) {
      return <Empty title={`There is no ticket ${number}`}>Check the number, or it may not be visible to you.</Empty>;
    }
    return <LoadError what={number} error={ticket.error} retry={() => void ticket.refetch()} />;
  }
  return <TicketWorkspace ticket={ticket.data} />;
}

function TicketWorkspace({ ticket }: { ticket: TicketDetail }) {
  const session = useSession();
  const { verifyCallers, manageIncidents } = useAbilities();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const actions = useTicketActions(ticket);
  const [dialog, setDialog] = useState<TicketDialog>(null);
  const [helpOpen, setHelpOpen] = useState(false);
  const commentRef = useRef<HTMLTextAreaElement>(null);
  // What this viewer may do here is the server's answer (rules/policy.ts), not worked out again on the page.
  const may = ticket.actions;
  const canWork = may.work;
  const me = session?.user.id;

  // Arriving from the queue with "r", "e" or "c": open what was asked for, once.
  useEffect(() => {
    if (!search.action) return;
    if (search.action === 'comment') commentRef.current?.focus();
    else if (canWork) setDialog(search.action);
    void navigate({ search: {}, replace: true });
  }, [search.action, canWork, navigate]);

  // Whoever receives an escalation reads why first; otherwise the conversation leads.
  const escalated = ticket.handoffs.some((step) => step.kind === 'escalate');
  useShortcuts(
    {
      a: () => may.assignToMe && me && actions.update.mutate({ assigneeId: me }),
      r: () => may.resolve && setDialog('resolve'),
      e: () => may.escalate && setDialog('escalate'),
      c: () => commentRef.current?.focus(),
      '?': () => setHelpOpen(true),
    },
    canWork,
  );

  return (
    <Stack gap="md">
      <TicketHeader ticket={ticket} />
      <TicketOutage ticket={ticket} />
      {ticket.resolvedAt && ticket.resolutionCode && (
        <Alert
          color="green"
          variant="light"
          role="note"
          title={`Resolved: ${RESOLUTION_LABELS[ticket.resolutionCode]}`}
        >
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {ticket.resolutionNote}
          </Text>
        </Alert>
      )}
      <Grid gap="md">
        <Grid.Col span={{ base: 12, lg: 8 }}>
          <Stack gap="md">
            {escalated && <TierHistory ticket={ticket} />}
            <Conversation ticket={ticket} />
            {may.comment.length > 0 && (
              <CommentBox
                mutation={actions.comment}
                threads={may.comment}
                asVendor={session?.user.role === 'vendor'}
                textareaRef={commentRef}
              />
            )}
            {!escalated && <TierHistory ticket={ticket} />}
            {may.readTimeline && <TicketTimeline ticket={ticket} />}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 4 }}>
          <Stack gap="md">
            <VendorCasePanel ticket={ticket} actions={actions} />
            {canWork && <TicketActions ticket={ticket} actions={actions} onDialog={setDialog} />}
            {manageIncidents && canWork && <DeclareFromTicket ticket={ticket} />}
            {verifyCallers && <VerificationPanel ticketNumber={ticket.number} />}
            {may.useKnowledge && <TicketKnowledge ticket={ticket} />}
            <SlaPanel ticket={ticket} />
            <RequesterCard requester={ticket.requesterCard} />
            <FirstContactVerdict ticket={ticket} />
            <ClinicalContextPanel ticket={ticket} />
            <RelatedPanel ticket={ticket} canDownload={may.downloadAttachments} />
          </Stack>
        </Grid.Col>
      </Grid>
      <TicketDialogs ticket={ticket} actions={actions} dialog={dialog} onClose={() => setDialog(null)} />
      <ShortcutHelp opened={helpOpen} onClose={() => setHelpOpen(false)} />
    </Stack>
  );
}
