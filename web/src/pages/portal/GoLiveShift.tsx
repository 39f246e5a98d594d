// The portal's way into the go-live intake for a unit super-user: during one of their go-live shifts a clear
// "Log a go-live issue" button; a super-user with no shift now reads that plainly. Others see nothing.
import { Button, Paper, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { myIntakeQuery } from '../../api/golive.ts';
import { useAbilities } from '../../app/useAbilities.ts';

export function GoLiveShift() {
  const may = useAbilities();
  const mine = useQuery({ ...myIntakeQuery, enabled: may.askForHelp });
  const data = mine.data;
  if (!data || (data.goLives.length === 0 && !data.superUser)) return null;
  if (data.goLives.length === 0)
    return (
      <Text size="sm" c="dimmed" role="status">
        Go-live: you have no go-live shift now. Logging go-live issues opens here during your shifts.
      </Text>
    );
  const names = data.goLives.map((g) => g.name).join(', ');
  return (
    <Paper withBorder radius="md" p="md" bg="blue.0" component="section" aria-labelledby="golive-shift-title">
      <Stack gap="xs">
        <Text fw={700} id="golive-shift-title">
          You are on a go-live shift: {names}
        </Text>
        <Text size="sm">Log an issue you see on your unit; it goes straight to the command center’s board.</Text>
        <Button
          size="lg"
          component={Link}
          to={may.logGoLiveIssues ? '/console/golive/intake' : '/portal/golive'}
          fullWidth
        >
          Log a go-live issue
        </Button>
      </Stack>
    </Paper>
  );
}
