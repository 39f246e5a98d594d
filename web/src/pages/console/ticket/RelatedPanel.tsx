// Linked tickets and attached files.
import { Anchor, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import type { TicketDetail } from '../../../../../src/features/tickets/schemas.ts';
import { attachmentHref } from '../../../api/tickets.ts';
import { StatusBadge } from '../../../components/TicketBadges.tsx';
import { LINK_LABELS } from '../../../components/ticketWords.ts';

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function RelatedPanel({ ticket, canDownload }: { ticket: TicketDetail; canDownload: boolean }) {
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="related">
      <Stack gap="sm">
        <Title order={2} size="h5" id="related">
          Links and files
        </Title>
        {ticket.links.length === 0 && ticket.attachments.length === 0 && (
          <Text size="sm" c="dimmed">
            No linked tickets or files.
          </Text>
        )}
        {ticket.links.map((link) => (
          <Group key={`${link.direction}-${link.kind}-${link.number}`} gap="xs" wrap="nowrap">
            <Text size="sm" c="dimmed">
              {link.direction === 'outgoing' ? LINK_LABELS[link.kind] : `${LINK_LABELS[link.kind]} (from)`}
            </Text>
            <Anchor
              renderRoot={(props) => <Link {...props} to="/console/tickets/$number" params={{ number: link.number }} />}
              size="sm"
              fw={600}
            >
              {link.number}
            </Anchor>
            <Text size="sm" lineClamp={1} style={{ flex: 1 }}>
              {link.summary}
            </Text>
            <StatusBadge status={link.status} size="xs" />
          </Group>
        ))}
        {ticket.attachments.map((file) => (
          <Group key={file.id} gap="xs">
            {canDownload ? (
              <Anchor href={attachmentHref(ticket.number, file.id)} size="sm" download={file.filename}>
                {file.filename}
              </Anchor>
            ) : (
              <Text size="sm">{file.filename}</Text>
            )}
            <Text size="xs" c="dimmed">
              {size(file.size)}
              {file.mayContainPhi ? ' · may contain patient information' : ''}
            </Text>
          </Group>
        ))}
      </Stack>
    </Paper>
  );
}
