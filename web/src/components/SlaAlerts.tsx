// SLA announcements in the corner of every page: which ticket, which clock, at risk or breached, with a link.
// A polite live region, so screen readers hear them without losing their place.
//
// They must never stand between an agent and the work: only the newest shows in full, and only for a while; the rest
// fold into one "N SLA alerts" button that opens the list. They sit under dialogs and drawers (the one the agent is
// working in covers them), only the alerts themselves take clicks, and a spacer as tall as them ends the page, so
// whatever they cover at the bottom can be scrolled clear of them.
import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { useElementSize } from '@mantine/hooks';
import { Link } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { dismissAllSlaAlerts, dismissSlaAlert, type SlaAlert, useSlaAlerts } from '../app/slaAlerts.ts';

/** How long a new alert shows in full before it folds into the count. */
const SHOWN_IN_FULL_MS = 15_000;
/** Above the page's own header and menus (Mantine's "app" layer, 100), under dialogs and drawers (200). */
const LAYER = 150;

export function SlaAlerts() {
  const alerts = useSlaAlerts();
  const [expanded, setExpanded] = useState(false);
  const [freshId, setFreshId] = useState<number | null>(null);
  const newestId = alerts[0]?.id ?? null;
  useEffect(() => {
    setFreshId(newestId);
    if (newestId === null) {
      setExpanded(false);
      return;
    }
    const timer = setTimeout(() => setFreshId(null), SHOWN_IN_FULL_MS);
    return () => clearTimeout(timer);
  }, [newestId]);
  const { ref, height } = useElementSize();

  const shown = expanded ? alerts : alerts.filter((a) => a.id === freshId);
  const folded = alerts.length - shown.length;
  return (
    <>
      <div aria-hidden="true" style={{ height: height > 0 ? height + 32 : 0 }} />
      <div
        aria-live="polite"
        style={{
          position: 'fixed',
          right: 16,
          bottom: 16,
          zIndex: LAYER,
          width: 'min(340px, calc(100vw - 32px))',
          pointerEvents: 'none',
        }}
      >
        <Stack gap="xs" ref={ref} mah="60vh" style={{ overflowY: expanded ? 'auto' : undefined }}>
          {expanded && (
            <Group justify="flex-end" gap="xs" style={{ pointerEvents: 'auto' }}>
              <Button size="compact-sm" variant="default" onClick={() => setExpanded(false)}>
                Fold
              </Button>
              <Button size="compact-sm" variant="default" onClick={dismissAllSlaAlerts}>
                Dismiss all
              </Button>
            </Group>
          )}
          {shown.map((a) => (
            <SlaAlertCard key={a.id} alert={a} />
          ))}
          {!expanded && folded > 0 && (
            <Group justify="flex-end">
              <Button
                size="compact-sm"
                color="red.9"
                style={{ pointerEvents: 'auto' }}
                onClick={() => setExpanded(true)}
                data-testid="sla-alerts-folded"
              >
                {folded} {shown.length > 0 ? 'more ' : ''}SLA {folded === 1 ? 'alert' : 'alerts'}
              </Button>
            </Group>
          )}
        </Stack>
      </div>
    </>
  );
}

function SlaAlertCard({ alert: a }: { alert: SlaAlert }) {
  return (
    <Alert
      color={a.kind === 'breached' ? 'red.9' : '#9c3d00'}
      variant="filled"
      withCloseButton
      closeButtonLabel="Dismiss"
      onClose={() => dismissSlaAlert(a.id)}
      title={a.kind === 'breached' ? 'SLA breached' : 'SLA at risk'}
      data-sla-alert={a.kind}
      style={{ pointerEvents: 'auto' }}
    >
      <Text size="sm" c="white">
        <Link to="/console/tickets/$number" params={{ number: a.number }} style={{ color: 'white', fontWeight: 700 }}>
          {a.number}
        </Link>{' '}
        {a.priority ? `(P${a.priority}) ` : ''}
        {a.clock === 'response' ? 'first response' : 'resolution'}{' '}
        {a.kind === 'breached' ? 'target has passed.' : 'is running out.'}
      </Text>
    </Alert>
  );
}
