// Knowledge owners' desk: articles waiting for review, reviews falling due, searches that found nothing (gaps),
// and how many portal searches ended without a ticket (deflection).
import { Paper, SimpleGrid, Stack, Switch, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { deflectionQuery, gapsQuery, reviewQueueQuery } from '../../api/knowledge.ts';
import { Empty, LoadError, Loading } from '../../components/QueryStates.tsx';
import { ArticleList } from './ArticleList.tsx';

export function ReviewPanel({ onOpen }: { onOpen: (number: string) => void }) {
  const [mine, setMine] = useState(false);
  const review = useQuery(reviewQueueQuery(mine));
  const gaps = useQuery(gapsQuery);
  const deflection = useQuery(deflectionQuery);
  if (review.isPending) return <Loading label="Loading the review queue" />;
  if (review.isError) return <LoadError what="the review queue" error={review.error} />;
  return (
    <Stack gap="lg">
      {deflection.data ? (
        <SimpleGrid cols={{ base: 2, sm: 4 }}>
          {(
            [
              ['Portal searches (30 days)', deflection.data.portalSearches],
              ['Followed by a ticket', deflection.data.followedByTicket],
              ['Ended without a ticket', deflection.data.deflected],
              ['Deflection rate', deflection.data.rate === null ? '—' : `${Math.round(deflection.data.rate * 100)}%`],
            ] as const
          ).map(([label, value]) => (
            <Paper key={label} withBorder p="sm" radius="sm">
              <Text size="xs" c="dimmed">
                {label}
              </Text>
              <Text fw={700} size="lg">
                {value}
              </Text>
            </Paper>
          ))}
        </SimpleGrid>
      ) : null}
      <Switch
        label="Only articles owned by my groups"
        checked={mine}
        onChange={(e) => setMine(e.currentTarget.checked)}
      />
      <section>
        <Title order={3} size="h4" mb="xs">
          Waiting for review ({review.data.inReview.length})
        </Title>
        {review.data.inReview.length ? (
          <ArticleList items={review.data.inReview} onOpen={onOpen} showStatus />
        ) : (
          <Empty title="Nothing waiting for review" />
        )}
      </section>
      <section>
        <Title order={3} size="h4" mb="xs">
          Review due within 14 days ({review.data.reviewDue.length})
        </Title>
        {review.data.reviewDue.length ? (
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Article</Table.Th>
                <Table.Th>Review by</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {review.data.reviewDue.map((a) => (
                <Table.Tr key={a.id} onClick={() => onOpen(a.number)} style={{ cursor: 'pointer' }}>
                  <Table.Td>
                    {a.number} — {a.title}
                  </Table.Td>
                  <Table.Td>{a.reviewDue}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        ) : (
          <Empty title="No reviews due" />
        )}
      </section>
      <section>
        <Title order={3} size="h4" mb="xs">
          Gaps: searches with no good answer (30 days)
        </Title>
        {gaps.data?.length ? (
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Search</Table.Th>
                <Table.Th>Times</Table.Th>
                <Table.Th>From the portal</Table.Th>
                <Table.Th>Last</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {gaps.data.map((g) => (
                <Table.Tr key={g.query}>
                  <Table.Td>{g.query}</Table.Td>
                  <Table.Td>{g.searches}</Table.Td>
                  <Table.Td>{g.fromPortal}</Table.Td>
                  <Table.Td>{new Date(g.lastAt).toLocaleString()}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        ) : (
          <Empty title="No gaps found" />
        )}
      </section>
    </Stack>
  );
}
