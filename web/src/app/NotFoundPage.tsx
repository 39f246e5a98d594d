// 404: an address that leads nowhere in Clinidesk.
import { Button, Center, EmptyState } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { Link } from '@tanstack/react-router';

export function NotFoundPage() {
  useDocumentTitle('Page not found — Clinidesk');
  return (
    <Center component="main" id="main" tabIndex={-1} mih="100vh" p="md" bg="gray.0">
      <EmptyState maw={520}>
        <EmptyState.Title order={1}>Page not found</EmptyState.Title>
        <EmptyState.Description>
          There is no page at this address. It may have been mistyped, or the link you followed is out of date.
        </EmptyState.Description>
        <EmptyState.Actions>
          <Button component={Link} to="/">
            Go to your start page
          </Button>
        </EmptyState.Actions>
      </EmptyState>
    </Center>
  );
}
