// Who is signed in, in which role, and the way out.
import { Alert, Avatar, Button, Group, Text } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import type { UserView } from '../../../src/platform/auth/schemas.ts';
import { signOut } from '../api/auth.ts';
import { ROLE_LABELS } from './areas.ts';
import { MyNotificationsButton } from './MyNotifications.tsx';
import { useSessionCache } from './session.ts';

export function SignedInUser({ user }: { user: UserView }) {
  const navigate = useNavigate();
  const sessionCache = useSessionCache();
  const signOutMutation = useMutation({
    mutationFn: signOut,
    onSuccess: async (logoutUrl) => {
      sessionCache.signedOut();
      // Signed in through the hospital: end that sign-in too (the provider sends the browser back to /signin).
      if (logoutUrl) window.location.assign(logoutUrl);
      else await navigate({ to: '/signin' });
    },
  });

  return (
    <Group gap="md" wrap="nowrap">
      {signOutMutation.isError && (
        <Alert color="red" variant="light" py={4} role="alert" title={null}>
          Sign-out did not complete: {signOutMutation.error.message}
        </Alert>
      )}
      <Group gap="sm" wrap="nowrap" visibleFrom="xs">
        <Avatar color="desk" radius="xl" name={user.displayName} aria-hidden="true" />
        <div>
          <Text size="sm" fw={600} lh={1.2}>
            {user.displayName}
          </Text>
          <Text size="xs" c="dimmed" lh={1.2}>
            {ROLE_LABELS[user.role]}
          </Text>
        </div>
      </Group>
      <MyNotificationsButton />
      <Button component={Link} to="/account" variant="subtle" visibleFrom="sm">
        My sign-in
      </Button>
      <Button variant="default" onClick={() => signOutMutation.mutate()} loading={signOutMutation.isPending}>
        Sign out
      </Button>
    </Group>
  );
}
