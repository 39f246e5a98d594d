// The person's own saved views under the built-in queues: each link applies its filters, each × deletes it (confirmed).
import { Box, Button, CloseButton, Group, Modal, NavLink, Skeleton, Stack, Text, VisuallyHidden } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useRef, useState } from 'react';
import { deleteSavedView, type SavedView, savedViewsQuery, ticketKeys } from '../../../api/tickets.ts';
import { ActionError, problemText } from '../../../components/QueryStates.tsx';
import { type ConsoleSearch, fromSavedFilter, showsSavedFilter } from './consoleSearch.ts';
import { EXACT, NAV_STYLES } from './navLinks.ts';

const HEADING_ID = 'saved-views-heading';

/** The saved view the console shows right now, if any: it, not its built-in queue, is then the current page. */
export function useCurrentSavedView(search: ConsoleSearch): SavedView | undefined {
  const views = useQuery(savedViewsQuery);
  return views.data?.find((view) => showsSavedFilter(search, view.filter));
}

export function SavedViewList({ search }: { search: ConsoleSearch }) {
  const views = useQuery(savedViewsQuery);
  const current = useCurrentSavedView(search);
  const headingRef = useRef<HTMLParagraphElement>(null);
  const [target, setTarget] = useState<SavedView>();
  const [confirming, setConfirming] = useState(false);
  const [announcement, setAnnouncement] = useState('');
  // After the dialog: back to the view's delete button, or (once it is gone) to the list's heading.
  const focusAfterClose = useRef<string>(undefined);

  const ask = (view: SavedView) => {
    focusAfterClose.current = view.id;
    setTarget(view);
    setConfirming(true);
  };
  const restoreFocus = () => {
    const button = document.querySelector<HTMLElement>(`[data-delete-view="${focusAfterClose.current}"]`);
    (button ?? headingRef.current)?.focus();
  };

  return (
    <Stack component="nav" aria-labelledby={HEADING_ID} gap={4} mt="md">
      <Text
        id={HEADING_ID}
        ref={headingRef}
        tabIndex={-1}
        size="xs"
        fw={600}
        c="dimmed"
        tt="uppercase"
        px="sm"
        pb={4}
        style={{ outlineOffset: 2 }}
      >
        My views
      </Text>
      {views.isPending && <Skeleton h={36} radius="sm" />}
      {views.isError && (
        <Text size="sm" c="red.9" px="sm" role="alert">
          Saved views unavailable: {problemText(views.error)}
        </Text>
      )}
      {views.data?.length === 0 && (
        <Text size="xs" c="dimmed" px="sm">
          None yet. Filter the queue, then choose “Save view”.
        </Text>
      )}
      {views.data && views.data.length > 0 && (
        <Box component="ul" m={0} p={0} style={{ listStyle: 'none' }}>
          {views.data.map((view) => (
            <Group component="li" key={view.id} gap={2} wrap="nowrap">
              <NavLink
                renderRoot={(props) => (
                  <Link {...props} to="/console" search={fromSavedFilter(view.filter)} activeOptions={EXACT} />
                )}
                label={view.name}
                active={current?.id === view.id}
                aria-current={current?.id === view.id ? 'page' : undefined}
                variant="light"
                styles={NAV_STYLES}
                style={{ flex: 1, minWidth: 0 }}
              />
              <CloseButton
                size="md"
                aria-label={`Delete saved view “${view.name}”`}
                title="Delete"
                data-delete-view={view.id}
                onClick={() => ask(view)}
              />
            </Group>
          ))}
        </Box>
      )}
      <VisuallyHidden role="status" aria-live="polite">
        {announcement}
      </VisuallyHidden>
      <Modal
        closeButtonProps={{ 'aria-label': 'Close' }}
        opened={confirming}
        onClose={() => setConfirming(false)}
        onExitTransitionEnd={restoreFocus}
        returnFocus={false}
        title={`Delete saved view “${target?.name ?? ''}”?`}
      >
        {target && (
          <DeleteConfirm
            key={target.id}
            view={target}
            onCancel={() => setConfirming(false)}
            onDeleted={() => {
              focusAfterClose.current = undefined;
              setAnnouncement(`Deleted saved view “${target.name}”.`);
              setConfirming(false);
            }}
          />
        )}
      </Modal>
    </Stack>
  );
}

type ConfirmProps = { view: SavedView; onCancel: () => void; onDeleted: () => void };

function DeleteConfirm({ view, onCancel, onDeleted }: ConfirmProps) {
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: () => deleteSavedView(view.id),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ticketKeys.savedViews() });
      onDeleted();
    },
  });
  return (
    <Stack gap="md">
      <Text size="sm">It leaves your list of views. No tickets change.</Text>
      <ActionError error={remove.error} title="View not deleted" />
      <Group justify="flex-end">
        <Button variant="default" onClick={onCancel} data-autofocus>
          Cancel
        </Button>
        <Button color="red.9" onClick={() => remove.mutate()} loading={remove.isPending}>
          Delete
        </Button>
      </Group>
    </Stack>
  );
}
