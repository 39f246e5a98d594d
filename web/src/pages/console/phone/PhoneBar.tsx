// The phone bar in the console header: my presence (available, wrap-up, away, offline), a heartbeat while the console
// is open, and the screen pop — when a call is offered to me or I answer one, its caller card opens at once.
import { Badge, Group, SegmentedControl, Text, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { can } from '../../../../../src/platform/auth/roles.ts';
import { presenceQuery, routingKeys, type SettableState, sendHeartbeat, setPresence } from '../../../api/routing.ts';
import { useSession } from '../../../app/session.ts';
import { CallPop } from './CallPop.tsx';

// While available, beat every 5 s: the answer carries the contact offered to me, so the card still opens when live
// events are delayed (a proxy buffering the stream, a long transaction on the database server).
const HEARTBEAT_MS = 20_000;
const HEARTBEAT_AVAILABLE_MS = 5_000;
const STATE_LABELS: Record<string, string> = {
  available: 'Available',
  on_contact: 'On a call',
  wrap_up: 'Wrap-up',
  away: 'Away',
  offline: 'Offline',
};
const SETTABLE: SettableState[] = ['available', 'wrap_up', 'away', 'offline'];

export function PhoneBar() {
  const session = useSession();
  const allowed = session ? can(session.user.role, 'contacts:handle') : false;
  return allowed ? <PhoneBarInner /> : null;
}

function PhoneBarInner() {
  const queryClient = useQueryClient();
  const presence = useQuery(presenceQuery);
  const [popped, setPopped] = useState<string | null>(null);
  const change = useMutation({
    mutationFn: (v: { state: SettableState; extension?: string | null }) => setPresence(v.state, v.extension),
    onSuccess: (p) => {
      queryClient.setQueryData(routingKeys.presence, p);
      if (p.currentContactId) setPopped(p.currentContactId);
    },
  });
  const state = presence.data?.state ?? 'offline';
  const held = presence.data?.currentContactId ?? null;
  const [dismissed, setDismissed] = useState<string | null>(null);

  // Also open the card from presence (a reload mid-call, or a missed live event), unless closed for that contact.
  useEffect(() => {
    if (held && state === 'on_contact' && held !== dismissed) setPopped(held);
  }, [held, state, dismissed]);

  // Heartbeat while not offline: the server sets a vanished console offline after 90 s.
  useEffect(() => {
    if (state === 'offline') return;
    const timer = setInterval(
      () => {
        void sendHeartbeat()
          .then((p) => queryClient.setQueryData(routingKeys.presence, p))
          .catch(() => undefined);
      },
      state === 'available' ? HEARTBEAT_AVAILABLE_MS : HEARTBEAT_MS,
    );
    return () => clearInterval(timer);
  }, [state, queryClient]);

  // The screen pop: contact events addressed to me only.
  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    const source = new EventSource('/api/v1/events', { withCredentials: true });
    const onPop = (event: MessageEvent<string>) => {
      try {
        const data = JSON.parse(event.data) as { payload?: { contactId?: string } };
        if (data.payload?.contactId) setPopped(data.payload.contactId);
      } catch {
        /* not ours */
      }
      void queryClient.invalidateQueries({ queryKey: routingKeys.presence });
    };
    source.addEventListener('contact.offered', onPop);
    source.addEventListener('contact.answered', onPop);
    return () => source.close();
  }, [queryClient]);

  const value = state === 'on_contact' ? 'on_contact' : state;
  return (
    <Group gap="xs" data-testid="phone-bar" aria-busy={presence.isPending}>
      <Text size="sm" fw={600} id="presence-label">
        Phone
      </Text>
      {state === 'on_contact' ? (
        <Badge color="blue.9" size="lg" data-testid="presence-state">
          {STATE_LABELS.on_contact}
        </Badge>
      ) : (
        <SegmentedControl
          aria-labelledby="presence-label"
          size="xs"
          value={value}
          onChange={(v) => change.mutate({ state: v as SettableState })}
          data={SETTABLE.map((s) => ({ value: s, label: STATE_LABELS[s]! }))}
          data-testid="presence-state"
        />
      )}
      <TextInput
        key={presence.data?.extension ?? ''}
        size="xs"
        w={84}
        aria-label="My desk phone extension"
        placeholder="Ext."
        defaultValue={presence.data?.extension ?? ''}
        disabled={state === 'on_contact'}
        onKeyDown={(e) => {
          if (e.key === 'Enter') e.currentTarget.blur();
        }}
        onBlur={(e) => {
          const extension = e.currentTarget.value.trim() || null;
          if (extension !== (presence.data?.extension ?? null) && state !== 'on_contact') {
            change.mutate({ state, extension });
          }
        }}
      />
      {change.isError && (
        <Text size="xs" c="red.9" role="alert">
          {change.error.message}
        </Text>
      )}
      {popped && (
        <CallPop
          contactId={popped}
          onClose={() => {
            setDismissed(popped);
            setPopped(null);
          }}
        />
      )}
    </Group>
  );
}
