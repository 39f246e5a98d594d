// "Save view": keeps the console's current queue, search and filters under a name, listed under the built-in queues.
import { Button, Group, Modal, Stack, TextInput, VisuallyHidden } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useRef, useState } from 'react';
import { saveView, ticketKeys } from '../../../api/tickets.ts';
import { ActionError, fieldErrorsOf, problemText } from '../../../components/QueryStates.tsx';
import { type ConsoleSearch, toSavedFilter } from './consoleSearch.ts';

export function SaveViewButton({ search }: { search: ConsoleSearch }) {
  const [opened, dialog] = useDisclosure(false);
  const [announcement, setAnnouncement] = useState('');
  return (
    <>
      <Button variant="default" onClick={dialog.open} aria-haspopup="dialog">
        Save view
      </Button>
      <VisuallyHidden role="status" aria-live="polite">
        {announcement}
      </VisuallyHidden>
      <Modal closeButtonProps={{ 'aria-label': 'Close' }} opened={opened} onClose={dialog.close} title="Save view">
        <SaveViewForm
          search={search}
          onCancel={dialog.close}
          onSaved={(name) => {
            setAnnouncement(`Saved view “${name}”, listed under the queues.`);
            dialog.close();
          }}
        />
      </Modal>
    </>
  );
}

type FormProps = { search: ConsoleSearch; onCancel: () => void; onSaved: (name: string) => void };

function SaveViewForm({ search, onCancel, onSaved }: FormProps) {
  const queryClient = useQueryClient();
  const nameRef = useRef<HTMLInputElement>(null);
  const [name, setName] = useState('');
  const [missing, setMissing] = useState<string>();
  const save = useMutation({
    mutationFn: saveView,
    onSuccess: async (view) => {
      await queryClient.invalidateQueries({ queryKey: ticketKeys.savedViews() });
      onSaved(view.name);
    },
    onError: () => nameRef.current?.focus(),
  });
  // A taken name is about the name field; the server's own words go next to it. Anything else shows below.
  const nameProblem = fieldErrorsOf(save.error).name ? problemText(save.error) : undefined;

  function submit(event: FormEvent) {
    event.preventDefault();
    const trimmed = name.trim();
    if (!trimmed) {
      setMissing('Give the view a name');
      nameRef.current?.focus();
      return;
    }
    setMissing(undefined);
    save.mutate({ name: trimmed, filter: toSavedFilter(search) });
  }

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <TextInput
          ref={nameRef}
          label="Name"
          description="Saves this queue with its search, filters and sort."
          placeholder="My BCMA work"
          value={name}
          onChange={(event) => {
            setName(event.currentTarget.value);
            setMissing(undefined);
            if (save.error) save.reset();
          }}
          error={missing ?? nameProblem}
          errorProps={{ role: 'alert' }}
          maxLength={80}
          required
          data-autofocus
        />
        {!nameProblem && <ActionError error={save.error} title="View not saved" />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" loading={save.isPending}>
            Save
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
