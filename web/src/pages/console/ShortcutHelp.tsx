// The console's keyboard shortcuts, listed once: shown by "?" and used by the queue and the ticket page.
import { Group, Kbd, Modal, Table, Text } from '@mantine/core';
import type { Abilities } from '../../app/abilities.ts';
import { useAbilities } from '../../app/useAbilities.ts';

/** Each shortcut, and what the viewer must be able to do for it to be listed (and to work). */
export const SHORTCUTS: { keys: string[]; action: string; needs?: keyof Abilities }[] = [
  { keys: ['/'], action: 'Search tickets' },
  { keys: ['j'], action: 'Next ticket in the queue' },
  { keys: ['k'], action: 'Previous ticket in the queue' },
  { keys: ['Enter'], action: 'Open the selected ticket' },
  { keys: ['n'], action: 'New ticket (taking a call)', needs: 'openTicketsForOthers' },
  { keys: ['a'], action: 'Assign the ticket to me', needs: 'assignToSelf' },
  { keys: ['r'], action: 'Resolve the ticket', needs: 'workTickets' },
  { keys: ['e'], action: 'Escalate the ticket', needs: 'workTickets' },
  { keys: ['c'], action: 'Comment: reply or internal note' },
  { keys: ['?'], action: 'Show these shortcuts' },
];

export function ShortcutHelp({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const may = useAbilities();
  const listed = SHORTCUTS.filter((shortcut) => !shortcut.needs || may[shortcut.needs]);
  return (
    <Modal
      closeButtonProps={{ 'aria-label': 'Close' }}
      opened={opened}
      onClose={onClose}
      title="Keyboard shortcuts"
      size="md"
    >
      <Text size="sm" c="dimmed" mb="sm">
        Shortcuts work when you are not typing in a field. Press Escape to leave a field.
      </Text>
      <Table verticalSpacing={6}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Key</Table.Th>
            <Table.Th scope="col">Does</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {listed.map((shortcut) => (
            <Table.Tr key={shortcut.action}>
              <Table.Td>
                <Group gap={4}>
                  {shortcut.keys.map((key) => (
                    <Kbd key={key}>{key}</Kbd>
                  ))}
                </Group>
              </Table.Td>
              <Table.Td>{shortcut.action}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Modal>
  );
}
