// Reports: ticket figures by any dimension, the phone figures, provider scorecards, the go-live scorecard and identity checks. The tab and the filters are
// in the address (reportsSearch.ts): a manager can bookmark or send "the scorecard for last quarter".
import { Stack, Tabs, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useSession } from '../../app/session.ts';
import { GoLiveScorecard } from './GoLiveScorecard.tsx';
import { IdentityChecks } from './IdentityChecks.tsx';
import { PhoneReport } from './PhoneReport.tsx';
import { tabOf } from './reportsSearch.ts';
import { Scorecards } from './Scorecards.tsx';
import { TicketReport } from './TicketReport.tsx';
import { useReportsSearch } from './useReportsSearch.ts';

export function ReportsPage() {
  useDocumentTitle('Reports — Clinidesk');
  const session = useSession();
  const seesAll = session?.permissions.includes('reports:read-all') ?? false;
  const [search, update] = useReportsSearch();
  const tab = tabOf(search, seesAll);
  return (
    <Stack gap="md">
      <Title order={1} className="no-print">
        Reports
      </Title>
      <Tabs value={tab} onChange={(next) => update({ tab: (next ?? 'tickets') as typeof tab })} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="tickets">Tickets</Tabs.Tab>
          <Tabs.Tab value="phone">Phone</Tabs.Tab>
          {seesAll && <Tabs.Tab value="scorecards">Provider scorecards</Tabs.Tab>}
          {seesAll && <Tabs.Tab value="golive">Go-live</Tabs.Tab>}
          {seesAll && <Tabs.Tab value="identity">Identity checks</Tabs.Tab>}
        </Tabs.List>
        <Tabs.Panel value="tickets" pt="md">
          <TicketReport search={search} update={update} />
        </Tabs.Panel>
        <Tabs.Panel value="phone" pt="md">
          <PhoneReport search={search} update={update} />
        </Tabs.Panel>
        {seesAll && (
          <Tabs.Panel value="scorecards" pt="md">
            <Scorecards search={search} update={update} />
          </Tabs.Panel>
        )}
        {seesAll && (
          <Tabs.Panel value="golive" pt="md">
            <GoLiveScorecard search={search} update={update} />
          </Tabs.Panel>
        )}
        {seesAll && (
          <Tabs.Panel value="identity" pt="md">
            <IdentityChecks search={search} update={update} />
          </Tabs.Panel>
        )}
      </Tabs>
    </Stack>
  );
}
