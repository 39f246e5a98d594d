// The downtime procedures of an incident, as their own section of its page: the published "downtime procedure"
// articles for its applications and facilities (knowledge/service/downtime.ts), the same list its banner carries,
// each opened in place. The banners list them while the incident is open or its planned start is near.
import { Anchor, List, Modal, Paper, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { bannersQuery } from '../../api/incidentComms.ts';
import type { IncidentView } from '../../api/incidents.ts';
import { LoadError, Loading } from '../../components/QueryStates.tsx';
import { ArticleReader } from '../knowledge/ArticleReader.tsx';

export function DowntimeProceduresSection({ incident }: { incident: IncidentView }) {
  const banners = useQuery(bannersQuery);
  const [article, setArticle] = useState<string | null>(null);
  const banner = banners.data?.banners.find((b) => b.number === incident.number);
  const articles = banner?.downtimeArticles ?? [];
  return (
    <Paper withBorder radius="md" p="sm" component="section" aria-labelledby="incident-procedures">
      <Title order={2} size="h4" id="incident-procedures">
        Downtime procedures
      </Title>
      {banners.isPending ? (
        <Loading label="Loading the downtime procedures…" />
      ) : banners.isError ? (
        <LoadError what="the downtime procedures" error={banners.error} retry={() => void banners.refetch()} />
      ) : !banner ? (
        <Text size="sm" mt="xs" c="dimmed">
          {incident.state === 'resolved' || incident.state === 'closed'
            ? 'This incident is over: its downtime procedures are no longer listed.'
            : 'Listed from 72 hours before the planned start.'}
        </Text>
      ) : articles.length === 0 ? (
        <Text size="sm" mt="xs">
          No published downtime procedure covers what this incident affects. Ask the knowledge owners to publish one
          (article type “downtime procedure”) for these applications.
        </Text>
      ) : (
        <>
          <Text size="sm" mt="xs">
            What the units follow until it is fixed (also shown in the banner):
          </Text>
          <List size="sm" mt={4}>
            {articles.map((a) => (
              <List.Item key={a.number}>
                <Anchor component="button" type="button" size="sm" ta="left" onClick={() => setArticle(a.number)}>
                  {a.title}
                </Anchor>{' '}
                <Text span size="xs" c="dimmed">
                  ({a.number})
                </Text>
              </List.Item>
            ))}
          </List>
        </>
      )}
      <Modal
        opened={article !== null}
        onClose={() => setArticle(null)}
        title="Downtime procedure"
        size="lg"
        closeButtonProps={{ 'aria-label': 'Close the downtime procedure' }}
      >
        {article && <ArticleReader number={article} onBack={() => setArticle(null)} staff />}
      </Modal>
    </Paper>
  );
}
