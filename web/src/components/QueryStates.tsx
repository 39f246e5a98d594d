// Loading, error and empty states every data view shares, so waiting and failing look the same everywhere.
import { Alert, Button, Center, EmptyState, Loader, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { ApiProblem } from '../api/client.ts';

export function Loading({ label }: { label: string }) {
  return (
    <Center py="xl" role="status" aria-live="polite">
      <Stack align="center" gap="xs">
        <Loader size="sm" aria-hidden="true" />
        <Text size="sm" c="dimmed">
          {label}
        </Text>
      </Stack>
    </Center>
  );
}

export function problemText(error: unknown): string {
  if (error instanceof ApiProblem) return error.detail ?? error.title;
  return error instanceof Error ? error.message : String(error);
}

export function LoadError({ what, error, retry }: { what: string; error: unknown; retry?: () => void }) {
  return (
    <Alert color="red" variant="light" role="alert" title={`Could not load ${what}`}>
      <Stack gap="xs" align="flex-start">
        <Text size="sm">{problemText(error)}</Text>
        {retry && (
          <Button size="xs" variant="default" onClick={retry}>
            Try again
          </Button>
        )}
      </Stack>
    </Alert>
  );
}

export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <EmptyState py="xl">
      <EmptyState.Title order={3}>{title}</EmptyState.Title>
      {children && <EmptyState.Description>{children}</EmptyState.Description>}
    </EmptyState>
  );
}

/** An action's failure, shown where the person acted. */
export function ActionError({ error, title = 'That did not work' }: { error: unknown; title?: string }) {
  if (!error) return null;
  return (
    <Alert color="red" variant="light" role="alert" title={title}>
      {problemText(error)}
    </Alert>
  );
}
