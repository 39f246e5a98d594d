// Reports: ticket figures by any dimension, the phone figures, and provider scorecards.
import { Stack, Tabs, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useState } from 'react';
import { useSession } from '../../app/session.ts';
import { PhoneReport } from './PhoneReport.tsx';
import { Scorecards } from './Scorecards.tsx';
import { TicketReport } from './TicketReport.tsx';

export function ReportsPage() {
  useDocumentTitle('Reports — Clinidesk');
  const [tab, setTab] = useState<string | null>('tickets');
  const session = useSession();
  const seesAll = ['manager', 'analyst', 'admin'].includes(session?.user.role ?? '');
  return (
    <Stack gap="md">
      <Title order={1} className="no-print">
        Reports
      </Title>
      <Tabs value={tab} onChange={setTab} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="tickets">Tickets</Tabs.Tab>
          <Tabs.Tab value="phone">Phone</Tabs.Tab>
          {seesAll && <Tabs.Tab value="scorecards">Provider scorecards</Tabs.Tab>}
        </Tabs.List>
        <Tabs.Panel value="tickets" pt="md">
          <TicketReport />
        </Tabs.Panel>
        <Tabs.Panel value="phone" pt="md">
          <PhoneReport />
        </Tabs.Panel>
        {seesAll && (
          <Tabs.Panel value="scorecards" pt="md">
            <Scorecards />
          </Tabs.Panel>
        )}
      </Tabs>
    </Stack>
  );
}
