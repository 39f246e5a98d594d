// SLA announcements in the corner of every page: which ticket, which clock, at risk or breached, with a link.
// A polite live region, so screen readers hear them without losing their place.
import { Alert, Stack, Text } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { dismissSlaAlert, useSlaAlerts } from '../app/slaAlerts.ts';

export function SlaAlerts() {
  const alerts = useSlaAlerts();
  return (
    <div aria-live="polite" style={{ position: 'fixed', right: 16, bottom: 16, zIndex: 300, width: 340 }}>
      <Stack gap="xs">
        {alerts.map((a) => (
          <Alert
            key={a.id}
            color={a.kind === 'breached' ? 'red.9' : '#9c3d00'}
            variant="filled"
            withCloseButton
            closeButtonLabel="Dismiss"
            onClose={() => dismissSlaAlert(a.id)}
            title={a.kind === 'breached' ? 'SLA breached' : 'SLA at risk'}
            data-sla-alert={a.kind}
          >
            <Text size="sm" c="white">
              <Link
                to="/console/tickets/$number"
                params={{ number: a.number }}
                style={{ color: 'white', fontWeight: 700 }}
              >
                {a.number}
              </Link>{' '}
              {a.priority ? `(P${a.priority}) ` : ''}
              {a.clock === 'response' ? 'first response' : 'resolution'}{' '}
              {a.kind === 'breached' ? 'target has passed.' : 'is running out.'}
            </Text>
          </Alert>
        ))}
      </Stack>
    </div>
  );
}
