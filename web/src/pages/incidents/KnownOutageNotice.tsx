// "Known outage": while an agent takes a call (the console's New ticket, the phone screen pop), the open incident the
// ticket would attach to, its latest public update, and one click to link the ticket to it and answer the caller with
// the incident's message. On a ticket's page, the outage the ticket is already part of.
import { Alert, Button, Stack, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { bannersQuery } from '../../api/incidentComms.ts';
import {
  incidentKeys,
  incidentQuery,
  linkIncidentChild,
  type MatchingIncident,
  matchingIncidentsQuery,
  type TicketOutage as Outage,
  ticketOutageQuery,
} from '../../api/incidents.ts';
import { ticketKeys } from '../../api/tickets.ts';
import { useAbilities } from '../../app/useAbilities.ts';
import { ActionError } from '../../components/QueryStates.tsx';
import { linkOutageLabel, matchingQueryString, type OutageFacts, repliesWith } from './incidentForms.ts';
import { KIND_WORDS, shortTime } from './incidentWords.ts';

/** A long button label wraps on a phone instead of widening the notice past the screen. */
const WRAPPING = {
  root: { height: 'auto', minHeight: 36, paddingBlock: 6, maxWidth: '100%' },
  label: { whiteSpace: 'normal' as const, textAlign: 'left' as const },
};

/**
 * The latest public update of an open incident, as the banners carry it (null: none posted yet). Fetched afresh when
 * the notice appears: the agent reads it to the caller, so it must not be the update the page loaded with, even
 * while the live stream that refreshes the banners is slow or reconnecting.
 */
function useLatestUpdate(number: string) {
  const banners = useQuery({ ...bannersQuery, refetchOnMount: 'always' });
  return banners.data?.banners.find((b) => b.number === number)?.latestUpdate ?? null;
}

function LatestUpdate({ number }: { number: string }) {
  const update = useLatestUpdate(number);
  return (
    <Text size="sm">
      {update ? (
        <>
          <b>Latest update ({shortTime(update.postedAt)}):</b> {update.text}
        </>
      ) : (
        'No public update posted yet.'
      )}
    </Text>
  );
}

type NoticeProps = {
  facts: OutageFacts;
  /** The one click: link the ticket (opening it first, on a new ticket) and answer with the incident's message. */
  onLink?: (incident: MatchingIncident) => void;
  linking?: string | null;
  error?: unknown;
};

/** The open incidents what is picked so far would attach to (or resemble), for desk staff who may read incidents. */
export function KnownOutageNotice({ facts, onLink, linking, error }: NoticeProps) {
  const may = useAbilities();
  // Words are asked about once the agent pauses typing, not at every key.
  const [text] = useDebouncedValue(facts.text ?? '', 600);
  const query = matchingQueryString({ ...facts, text });
  const matching = useQuery({ ...matchingIncidentsQuery(query ?? ''), enabled: may.readIncidents && query !== null });
  const items = query === null ? [] : (matching.data?.items ?? []);
  if (items.length === 0) return null;
  return (
    <Stack gap="xs">
      {items.map((incident) => (
        <Alert
          key={incident.number}
          color="orange"
          variant="light"
          role="status"
          title={`Known outage: ${incident.number} — ${KIND_WORDS[incident.kind]}: ${incident.title}`}
          data-testid="known-outage"
        >
          <Stack gap={6}>
            <Text size="sm">
              {incident.decision === 'link'
                ? 'This ticket is about an outage the desk already knows of: it will be linked to it.'
                : 'This may be about an outage the desk already knows of. Check with the caller before linking.'}
            </Text>
            <LatestUpdate number={incident.number} />
            {incident.publicReply && (
              <Text size="sm">
                <b>Message for the caller:</b> {incident.publicReply}
              </Text>
            )}
            {onLink && may.manageIncidents && (
              <Button
                size="sm"
                w="fit-content"
                styles={WRAPPING}
                onClick={() => onLink(incident)}
                loading={linking === incident.number}
                disabled={!!linking && linking !== incident.number}
              >
                {linkOutageLabel(incident)}
              </Button>
            )}
          </Stack>
        </Alert>
      ))}
      <ActionError error={error} title="The ticket was not linked" />
    </Stack>
  );
}

type TicketFacts = {
  number: string;
  status: string;
  serviceId: string | null;
  moduleId: string | null;
  facilityId: string | null;
  unitId: string | null;
};

/**
 * On a ticket's page: the known outage it is part of; or, for an open ticket not linked to one (its application or
 * place set after it was opened, or a link refused at intake), the open incident it matches with the one-click link.
 */
export function TicketOutage({ ticket }: { ticket: TicketFacts }) {
  const queryClient = useQueryClient();
  const outage = useQuery(ticketOutageQuery(ticket.number));
  const link = useMutation({
    mutationFn: (incident: MatchingIncident) =>
      linkIncidentChild(incident.number, { ticket: ticket.number, reply: repliesWith(incident) }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ticketKeys.detail(ticket.number) });
      void queryClient.invalidateQueries({ queryKey: incidentKeys.all });
    },
  });
  if (outage.isPending || outage.isError) return null;
  if (outage.data.outage) return <TicketOutageNotice ticket={ticket.number} outage={outage.data.outage} />;
  if (ticket.status === 'resolved' || ticket.status === 'closed') return null;
  return (
    <KnownOutageNotice
      facts={ticket}
      onLink={(incident) => link.mutate(incident)}
      linking={link.isPending ? (link.variables?.number ?? null) : null}
      error={link.error}
    />
  );
}

/** The known outage the ticket is part of, and the answer with its message in one click. */
function TicketOutageNotice({ ticket, outage: o }: { ticket: string; outage: Outage }) {
  const may = useAbilities();
  const queryClient = useQueryClient();
  const incident = useQuery({ ...incidentQuery(o.number), enabled: may.readIncidents });
  const reply = incident.data?.publicReply.trim() ?? '';
  const answer = useMutation({
    mutationFn: () => linkIncidentChild(o.number, { ticket, reply: true }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ticketKeys.detail(ticket) });
      void queryClient.invalidateQueries({ queryKey: incidentKeys.all });
    },
  });
  return (
    <Alert
      color={o.open ? 'orange' : 'green'}
      variant="light"
      role="note"
      title={`${o.open ? 'Known outage' : 'Part of an outage, now resolved'}: ${o.number} — ${KIND_WORDS[o.kind]}: ${o.title}`}
      data-testid="ticket-outage"
    >
      <Stack gap={6}>
        <Text size="sm">{o.publicSummary}</Text>
        {o.open ? <LatestUpdate number={o.number} /> : <Text size="sm">Resolved {shortTime(o.resolvedAt)}.</Text>}
        {may.readIncidents && (
          <Text size="sm">
            <Link to="/console/incidents/$number" params={{ number: o.number }}>
              Open {o.number}
            </Link>
          </Text>
        )}
        {o.open && may.manageIncidents && reply && !answer.isSuccess && (
          <Button
            size="sm"
            variant="default"
            w="fit-content"
            styles={WRAPPING}
            loading={answer.isPending}
            onClick={() => answer.mutate()}
          >
            Answer with the known-outage message
          </Button>
        )}
        {answer.isSuccess && (
          <Text size="sm" c="green.9" role="status">
            The known-outage message was sent to the requester.
          </Text>
        )}
        <ActionError error={answer.error} title="The message was not sent" />
      </Stack>
    </Alert>
  );
}
