// An area that is not built yet: its heading and an honest note about what will appear, never sample data.
import { Container, EmptyState, Paper, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';

type Props = { title: string; summary: string; comingTitle: string; comingDescription: string };

export function AreaPlaceholder({ title, summary, comingTitle, comingDescription }: Props) {
  useDocumentTitle(`${title} — Clinidesk`);
  return (
    <Container size="lg" px={0}>
      <Stack gap="lg">
        <div>
          <Title order={1} size="h2">
            {title}
          </Title>
          <Text c="dimmed">{summary}</Text>
        </div>
        <Paper withBorder radius="md" p="xl">
          <EmptyState icon={<ClipboardIcon />} withIndicatorBackground py="xl">
            <EmptyState.Title order={2}>{comingTitle}</EmptyState.Title>
            <EmptyState.Description maw={560}>{comingDescription}</EmptyState.Description>
          </EmptyState>
        </Paper>
      </Stack>
    </Container>
  );
}

function ClipboardIcon() {
  return (
    <svg
      width="28"
      height="28"
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.6"
      aria-hidden="true"
    >
      <rect x="5" y="4" width="14" height="17" rx="2" />
      <path d="M9 4.5V3.5a1 1 0 0 1 1-1h4a1 1 0 0 1 1 1v1" />
      <path d="M9 11h6M9 15h4" strokeLinecap="round" />
    </svg>
  );
}
