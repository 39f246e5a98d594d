// The error boundary's face: a calm message and a way to try again, with details for the service desk.
import { Button, Center, Code, EmptyState, Group, Text } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import type { ErrorComponentProps } from '@tanstack/react-router';
import { useRouter } from '@tanstack/react-router';
import { ApiProblem } from '../api/client.ts';

export function RouteErrorPage({ error, reset }: ErrorComponentProps) {
  useDocumentTitle('Something went wrong — Clinidesk');
  const router = useRouter();
  const detail = error instanceof ApiProblem ? (error.detail ?? error.title) : undefined;

  function tryAgain() {
    reset();
    void router.invalidate();
  }

  return (
    <Center component="main" id="main" tabIndex={-1} mih="100vh" p="md" bg="gray.0">
      <EmptyState maw={560}>
        <EmptyState.Title order={1}>Something went wrong</EmptyState.Title>
        <EmptyState.Description>
          {detail ?? 'This page could not be shown. Your work on other pages is not affected.'} If it keeps happening,
          tell the Clinidesk administrator what you were doing and the time it happened.
        </EmptyState.Description>
        <EmptyState.Actions>
          <Group>
            <Button onClick={tryAgain}>Try again</Button>
            <Button variant="default" component="a" href="/">
              Go to your start page
            </Button>
          </Group>
        </EmptyState.Actions>
        {!(error instanceof ApiProblem) && (
          <Text size="xs" c="dimmed" mt="md">
            Technical detail: <Code>{error instanceof Error ? error.message : String(error)}</Code>
          </Text>
        )}
      </EmptyState>
    </Center>
  );
}
