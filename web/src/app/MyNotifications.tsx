// "My notifications": which notices a person gets, by email, by pager (desk staff, urgent ones) or not at all.
// Opened from the signed-in user's corner; the server keeps the choices and respects them for every notice.
import { Alert, Button, Modal, NavLink, Select, Stack, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { myNotificationsQuery, notificationKeys, saveMyNotifications } from '../api/notifications.ts';
import { ActionError, LoadError, Loading } from '../components/QueryStates.tsx';

const CHANNEL_LABELS: Record<string, string> = { email: 'By email', pager: 'By pager', none: 'Not at all' };

/**
 * The way in: a button in the top bar from the `xs` breakpoint up, and, on a phone (where the top bar has room for
 * the sign-out button only), an entry in the navigation menu (`inMenu`).
 */
export function MyNotificationsButton({ inMenu = false }: { inMenu?: boolean }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      {inMenu ? (
        <NavLink
          component="button"
          label="My notifications"
          description="Which updates reach you, and how"
          onClick={() => setOpen(true)}
          variant="light"
          hiddenFrom="xs"
        />
      ) : (
        <Button variant="subtle" onClick={() => setOpen(true)} visibleFrom="xs">
          My notifications
        </Button>
      )}
      <Modal opened={open} onClose={() => setOpen(false)} title="My notifications">
        {open && <MyNotifications />}
      </Modal>
    </>
  );
}

function MyNotifications() {
  const queryClient = useQueryClient();
  const prefs = useQuery(myNotificationsQuery);
  const save = useMutation({
    mutationFn: saveMyNotifications,
    onSuccess: (view) => queryClient.setQueryData(notificationKeys.mine, view),
  });
  if (prefs.isError) return <LoadError what="your notification choices" error={prefs.error} />;
  if (!prefs.data) return <Loading label="Loading…" />;
  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        Mail says what happened and links to the ticket; it never carries patient details.
      </Text>
      {prefs.data.preferences.map((p) => (
        <Select
          key={p.kind}
          label={p.label}
          data={p.channels.map((c) => ({ value: c, label: CHANNEL_LABELS[c] ?? c }))}
          value={p.channel}
          allowDeselect={false}
          onChange={(channel) =>
            channel && save.mutate({ preferences: [{ kind: p.kind, channel: channel as typeof p.channel }] })
          }
        />
      ))}
      <ActionError error={save.error} title="Your choice was not saved" />
      {save.isSuccess && (
        <Alert color="green" variant="light" role="status">
          Saved.
        </Alert>
      )}
    </Stack>
  );
}
