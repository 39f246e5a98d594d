// Shows an area only to roles that work in it; anyone else gets a plain explanation and a way back.
import { Button, Container, EmptyState } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { type AreaPath, canUseArea, homePathFor } from './areas.ts';
import { useSession } from './session.ts';

export function AreaGate({ path, children }: { path: AreaPath; children: ReactNode }) {
  const session = useSession();
  if (!session) return null;
  if (canUseArea(session.user.role, path)) return children;
  return (
    <Container size="sm" py="xl">
      <EmptyState>
        <EmptyState.Title order={1}>This area is not part of your role</EmptyState.Title>
        <EmptyState.Description>
          Your account does not include this part of Clinidesk. If you need it for your work, ask a Clinidesk
          administrator.
        </EmptyState.Description>
        <EmptyState.Actions>
          <Button component={Link} to={homePathFor(session.user.role)}>
            Go to your start page
          </Button>
        </EmptyState.Actions>
      </EmptyState>
    </Container>
  );
}
