// The banner of each open incident (and planned downtime about to start), on every signed-in screen: title, what
// it affects, the latest public update, the downtime procedures to follow. Requesters and vendors get the public
// parts only (the server decides); desk staff also get the internal note and the link to the incident.
import { Alert, Anchor, Group, List, Modal, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { BannerView } from '../../../src/features/incident-comms/schemas.ts';
import { bannersQuery } from '../api/incidentComms.ts';
import { ArticleReader } from '../pages/knowledge/ArticleReader.tsx';
import { affects, timing } from '../pages/status/statusWords.ts';

function Banner({ banner, staff, onOpen }: { banner: BannerView; staff: boolean; onOpen: (n: string) => void }) {
  const planned = banner.state === 'scheduled';
  return (
    <Alert
      color={planned ? 'blue' : 'red'}
      variant="light"
      title={`${banner.kindLabel}: ${banner.title}`}
      role={planned ? 'status' : 'alert'}
      data-testid="incident-banner"
    >
      <Stack gap={4}>
        <Text size="sm">
          {affects(banner)}. {timing(banner)}
        </Text>
        {banner.latestUpdate && (
          <Text size="sm">
            <b>Latest update:</b> {banner.latestUpdate.text}
          </Text>
        )}
        {staff && banner.internalNote && (
          <Text size="sm" c="dimmed">
            <b>Internal note:</b> {banner.internalNote}
          </Text>
        )}
        {banner.downtimeArticles.length > 0 && (
          <div>
            <Text size="sm" fw={600}>
              Downtime procedures
            </Text>
            <List size="sm">
              {banner.downtimeArticles.map((a) => (
                <List.Item key={a.number}>
                  <Anchor component="button" type="button" size="sm" ta="left" onClick={() => onOpen(a.number)}>
                    {a.title}
                  </Anchor>
                </List.Item>
              ))}
            </List>
          </div>
        )}
        <Group gap="sm">
          <Anchor href="/status" size="sm">
            System status page
          </Anchor>
          {staff && banner.incidentId && (
            <Anchor href={`/console/incidents/${banner.number}`} size="sm">
              Open {banner.number}
            </Anchor>
          )}
        </Group>
      </Stack>
    </Alert>
  );
}

export function IncidentBanners({ staff }: { staff: boolean }) {
  const banners = useQuery(bannersQuery);
  const [article, setArticle] = useState<string | null>(null);
  const list = banners.data?.banners ?? [];
  if (list.length === 0) return null;
  return (
    <Stack gap="xs" mb="md" component="section" aria-label="Outages and planned downtime">
      {list.map((b) => (
        <Banner key={b.number} banner={b} staff={staff} onOpen={setArticle} />
      ))}
      <Modal
        opened={article !== null}
        onClose={() => setArticle(null)}
        title="Downtime procedure"
        size="lg"
        closeButtonProps={{ 'aria-label': 'Close the downtime procedure' }}
      >
        {article && <ArticleReader number={article} onBack={() => setArticle(null)} staff={staff} />}
      </Modal>
    </Stack>
  );
}
