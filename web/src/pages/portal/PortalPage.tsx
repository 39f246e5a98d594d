// The clinicians' portal: ask IT for help in a few clinical questions, and follow your requests.
import { Container, Stack, Tabs, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { getRouteApi } from '@tanstack/react-router';
import { PortalSelfHelp } from '../knowledge/PortalSelfHelp.tsx';
import { SurveyPrompt } from '../surveys/PortalSurveys.tsx';
import { CallTheDesk } from './CallTheDesk.tsx';
import { ConfirmRequests } from './ConfirmRequests.tsx';
import { GetHelpForm } from './GetHelpForm.tsx';
import { GoLiveShift } from './GoLiveShift.tsx';
import { MyTickets } from './MyTickets.tsx';

const route = getRouteApi('/signed-in/portal');

export function PortalPage() {
  useDocumentTitle('Get help — Clinidesk');
  const { tab = 'help' } = route.useSearch();
  const navigate = route.useNavigate();
  return (
    <Container size="md" px={0}>
      <Stack gap="lg">
        <div>
          <Title order={1} size="h2">
            Get help
          </Title>
          <CallTheDesk />
        </div>
        <GoLiveShift />
        <ConfirmRequests />
        <SurveyPrompt />
        <Tabs value={tab} onChange={(next) => void navigate({ search: { tab: next === 'mine' ? 'mine' : undefined } })}>
          <Tabs.List>
            <Tabs.Tab value="help">Ask for help</Tabs.Tab>
            <Tabs.Tab value="mine">My tickets</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="help" pt="md">
            <PortalSelfHelp />
            <GetHelpForm />
          </Tabs.Panel>
          <Tabs.Panel value="mine" pt="md">
            <MyTickets />
          </Tabs.Panel>
        </Tabs>
      </Stack>
    </Container>
  );
}
