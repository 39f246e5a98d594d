// "Resolved on this call": the resolution code and what fixed it, for first-contact resolution.
import { Paper, Select, Stack, Switch, Text, Textarea } from '@mantine/core';
import { credentialResolutionRefusal } from '../../../../../src/features/tickets/rules/credential-resolution.ts';
import type { ResolutionCode } from '../../../../../src/features/tickets/rules/vocabulary.ts';
import { optionsOf, RESOLUTION_LABELS } from '../../../components/ticketWords.ts';

export type ResolveValue = { code: ResolutionCode | null; note: string };

type Props = {
  enabled: boolean;
  onEnabledChange: (enabled: boolean) => void;
  value: ResolveValue;
  onChange: (value: ResolveValue) => void;
  error?: string;
  /** A problem with the note itself (too long), from a form that checks it. */
  noteError?: string;
  /** In the resolve dialog the switch is implied. */
  hideSwitch?: boolean;
};

export function ResolveFields({ enabled, onEnabledChange, value, onChange, error, noteError, hideSwitch }: Props) {
  // On a new ticket there is no identity check yet: say so before the agent submits (the server refuses it too).
  const needsCheck = !hideSwitch && value.code ? credentialResolutionRefusal(value.code, [], true) : null;
  return (
    <Paper
      withBorder={!hideSwitch}
      radius="md"
      p={hideSwitch ? 0 : 'md'}
      bg={enabled && !hideSwitch ? 'green.0' : undefined}
    >
      <Stack gap="sm">
        {!hideSwitch && (
          <Switch
            label="Resolved on this call"
            description="First-contact resolution: you fixed it while they were on the line"
            checked={enabled}
            onChange={(event) => onEnabledChange(event.currentTarget.checked)}
          />
        )}
        {enabled && (
          <>
            <Select
              label="Resolution code"
              data={optionsOf(RESOLUTION_LABELS)}
              value={value.code}
              onChange={(code) => onChange({ ...value, code: code as ResolutionCode | null })}
              error={error && !value.code ? error : undefined}
              searchable
              required
            />
            {needsCheck && (
              <Text size="sm" c="orange.9" role="status" data-testid="resolve-needs-check">
                {needsCheck}
              </Text>
            )}
            <Textarea
              label="Resolution note"
              description="What fixed it; the requester sees this"
              value={value.note}
              onChange={(event) => onChange({ ...value, note: event.currentTarget.value })}
              error={noteError ?? (error && value.code && !value.note.trim() ? error : undefined)}
              autosize
              minRows={2}
              required
            />
          </>
        )}
      </Stack>
    </Paper>
  );
}
