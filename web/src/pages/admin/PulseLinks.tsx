// A pulse's recipients without a portal account, and their single-use links to send by SMS, chat or on paper.
// Links are shown once (the desk keeps only a hash of each): this screen keeps the answer while it is open, offers it
// as a CSV built from that same answer, and can only replace a lost link, never show it again.
import { Alert, Anchor, Badge, Button, CopyButton, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { pulseLinksCsv } from '../../../../src/features/surveys/rules.ts';
import type { PulseLinksInput, PulseLinksResult } from '../../../../src/features/surveys/schemas.ts';
import { issuePulseLinks, pulseRecipientsQuery, surveyKeys } from '../../api/surveys.ts';
import { plural } from '../../components/plural.ts';
import { ActionError, LoadError, Loading } from '../../components/QueryStates.tsx';
import { CLINICAL_ROLE_LABELS } from '../../components/ticketWords.ts';

const roleText = (role: string | null) => (role ? (CLINICAL_ROLE_LABELS[role] ?? role) : '—');
const place = (r: { unit: string | null; facility: string | null }) =>
  [r.unit, r.facility].filter(Boolean).join(', ') || '—';
const STATE_WORDS = { open: 'Not yet', not_yet: 'Not yet', expired: 'Expired', answered: 'Answered' } as const;

function download(result: PulseLinksResult) {
  const blob = new Blob([pulseLinksCsv(result, window.location.origin)], { type: 'text/csv;charset=utf-8' });
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = `pulse-links-${result.name.replace(/[^\w-]+/g, '-').toLowerCase()}.csv`;
  a.click();
  URL.revokeObjectURL(a.href);
}

/** The links just issued: copy one by one or download them all, before leaving the screen. */
function IssuedLinks({ result, onDone }: { result: PulseLinksResult; onDone: () => void }) {
  const origin = window.location.origin;
  return (
    <Alert
      color="green"
      variant="light"
      role="status"
      title={`${plural(result.links.length, 'new link')}: send them now`}
    >
      <Stack gap="sm">
        <Text size="sm">
          These links are shown only this once; the desk keeps no copy it could show again. Copy them or download the
          list, and send each person their own link. Each works once, until{' '}
          {new Date(result.expiresAt).toLocaleDateString()}. If one is lost, give that person a new link: the old one
          then stops working.
        </Text>
        {result.links.length > 0 && (
          <Table fz="sm" withTableBorder data-testid="issued-links">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Name</Table.Th>
                <Table.Th scope="col">Unit</Table.Th>
                <Table.Th scope="col">Link</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {result.links.map((l) => (
                <Table.Tr key={l.invitationId}>
                  <Table.Th scope="row">{l.displayName}</Table.Th>
                  <Table.Td>{place(l)}</Table.Td>
                  <Table.Td>
                    <CopyButton value={`${origin}${l.url}`}>
                      {({ copied, copy }) => (
                        <Button
                          size="compact-xs"
                          variant="default"
                          onClick={copy}
                          aria-label={`Copy ${l.displayName}'s link`}
                        >
                          {copied ? 'Copied' : 'Copy link'}
                        </Button>
                      )}
                    </CopyButton>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {(result.skipped.answered > 0 || result.skipped.expired > 0 || result.skipped.alreadyIssued > 0) && (
          <Text size="sm" c="dimmed">
            No new link for {plural(result.skipped.alreadyIssued, 'person', 'people')} who already have one,{' '}
            {result.skipped.answered} who answered and {result.skipped.expired} whose survey has expired.
          </Text>
        )}
        <Group gap="xs">
          {result.links.length > 0 && (
            <Button size="xs" onClick={() => download(result)}>
              Download the links (CSV)
            </Button>
          )}
          <Button size="xs" variant="subtle" onClick={onDone}>
            Done, hide them
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}

export function PulseLinks({ pulseId }: { pulseId: string }) {
  const queryClient = useQueryClient();
  const recipients = useQuery(pulseRecipientsQuery(pulseId));
  const [issued, setIssued] = useState<PulseLinksResult | null>(null);
  const [confirmReplace, setConfirmReplace] = useState(false);
  const issue = useMutation({
    mutationFn: (body: Partial<PulseLinksInput>) => issuePulseLinks(pulseId, body),
    onSuccess: (result) => {
      setIssued(result);
      setConfirmReplace(false);
      void queryClient.invalidateQueries({ queryKey: surveyKeys.recipients(pulseId) });
    },
  });
  if (recipients.isPending) return <Loading label="Loading who needs a link…" />;
  if (recipients.isError)
    return <LoadError what="the recipients" error={recipients.error} retry={() => void recipients.refetch()} />;
  const list = recipients.data.recipients;
  const waiting = list.filter((r) => r.state === 'open' || r.state === 'not_yet');
  const notGiven = waiting.filter((r) => !r.linkIssued).length;
  const given = waiting.length - notGiven;
  return (
    <Paper withBorder p="md" role="region" aria-label={`Links for ${recipients.data.name}`}>
      <Stack gap="sm">
        <Title order={3} size="h5">
          {recipients.data.name}: people without a portal account
        </Title>
        {list.length === 0 ? (
          <Text size="sm">Everyone this pulse asked has a portal account: they answer there.</Text>
        ) : (
          <>
            <Text size="sm" c="dimmed">
              They answer through a single-use link that you send them. Links are shown once, when you get them.
            </Text>
            {issued ? (
              <IssuedLinks result={issued} onDone={() => setIssued(null)} />
            ) : (
              <Group gap="xs">
                <Button
                  size="xs"
                  disabled={notGiven === 0}
                  loading={issue.isPending && !confirmReplace}
                  onClick={() => issue.mutate({})}
                >
                  {notGiven === 0
                    ? 'Everyone waiting has a link'
                    : `Get links for ${plural(notGiven, 'person', 'people')}`}
                </Button>
                {given > 0 &&
                  (confirmReplace ? (
                    <Group gap="xs">
                      <Text size="sm">Replace {plural(given, 'link')} already given? Those links stop working.</Text>
                      <Button
                        size="xs"
                        color="red"
                        loading={issue.isPending}
                        onClick={() => issue.mutate({ replaceIssued: true })}
                      >
                        Yes, give new links
                      </Button>
                      <Button size="xs" variant="default" onClick={() => setConfirmReplace(false)}>
                        Keep them
                      </Button>
                    </Group>
                  ) : (
                    <Button size="xs" variant="default" onClick={() => setConfirmReplace(true)}>
                      New links for everyone still to answer…
                    </Button>
                  ))}
              </Group>
            )}
            <ActionError error={issue.error} title="No links were given" />
            {/* While new links are on screen they are the list to work from; this one comes back with "Done". */}
            {!issued && (
              <Table fz="sm" withTableBorder striped data-testid="pulse-recipients">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">Name</Table.Th>
                    <Table.Th scope="col">Role</Table.Th>
                    <Table.Th scope="col">Unit</Table.Th>
                    <Table.Th scope="col">Answered</Table.Th>
                    <Table.Th scope="col">Link</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {list.map((r) => (
                    <Table.Tr key={r.invitationId}>
                      <Table.Th scope="row">{r.displayName}</Table.Th>
                      <Table.Td>{roleText(r.clinicalRole)}</Table.Td>
                      <Table.Td>{place(r)}</Table.Td>
                      <Table.Td>{STATE_WORDS[r.state]}</Table.Td>
                      <Table.Td>
                        {r.state === 'answered' || r.state === 'expired' ? (
                          '—'
                        ) : r.linkIssued ? (
                          <Group gap={6} wrap="nowrap">
                            <Badge variant="light" color="gray">
                              Given
                            </Badge>
                            <Anchor
                              component="button"
                              size="sm"
                              onClick={() => issue.mutate({ invitationIds: [r.invitationId], replaceIssued: true })}
                              aria-label={`New link for ${r.displayName} (the old one stops working)`}
                            >
                              New link
                            </Anchor>
                          </Group>
                        ) : (
                          <Badge variant="light" color="orange">
                            Not given yet
                          </Badge>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </>
        )}
      </Stack>
    </Paper>
  );
}
