// "Save view": keeps the console's current queue, search and filters under a name, listed under the built-in queues.
// What it sends and refuses is in saveViewForm.ts, checked by the server's own schema.
import { Button, Group, Modal, Stack, TextInput, VisuallyHidden } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDisclosure } from '@mantine/hooks';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { saveView, ticketKeys } from '../../../api/tickets.ts';
import { ActionError } from '../../../components/QueryStates.tsx';
import type { ConsoleSearch } from './consoleSearch.ts';
import { saveViewProblems, saveViewRequest, saveViewServerErrors } from './saveViewForm.ts';

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
  const form = useForm({
    initialValues: { name: '' },
    validate: (values) => saveViewProblems(values, search),
    // Typing again clears the server's refusal too.
    onValuesChange: () => save.error && save.reset(),
  });
  const save = useMutation({
    mutationFn: saveView,
    onSuccess: async (view) => {
      await queryClient.invalidateQueries({ queryKey: ticketKeys.savedViews() });
      onSaved(view.name);
    },
    onError: (error) => {
      form.setErrors(saveViewServerErrors(error));
      nameRef.current?.focus();
    },
  });
  // A taken name is about the name field; the server's own words go next to it. Anything else shows below.
  const aboutTheName = Boolean(saveViewServerErrors(save.error).name);
  const submit = form.onSubmit(
    (values) => save.mutate(saveViewRequest(values, search)),
    () => nameRef.current?.focus(),
  );

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <TextInput
          ref={nameRef}
          label="Name"
          description="Saves this queue with its search, filters and sort."
          placeholder="My BCMA work"
          {...form.getInputProps('name')}
          errorProps={{ role: 'alert' }}
          maxLength={80}
          required
          data-autofocus
        />
        {!aboutTheName && <ActionError error={save.error} title="View not saved" />}
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
