// Administration of the desk's directory and settings, one tab per subject; each tab is shown to those whose
// permission its routes require (a manager sees Surveys only).
import { Stack, Tabs, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { getRouteApi } from '@tanstack/react-router';
import type { ComponentType } from 'react';
import { adminTabsFor } from '../../app/areas.ts';
import { useSession } from '../../app/session.ts';
import { CoverageTab } from './CoverageTab.tsx';
import { DeskPhonesTab } from './DeskPhonesTab.tsx';
import { DirectoryTab } from './DirectoryTab.tsx';
import { EbondingTab } from './EbondingTab.tsx';
import { EmailTab } from './EmailTab.tsx';
import { ImportTab } from './ImportTab.tsx';
import { IntegrationsTab } from './IntegrationsTab.tsx';
import { NotificationsTab } from './NotificationsTab.tsx';
import { PeopleTab } from './PeopleTab.tsx';
import { PlacesTab } from './PlacesTab.tsx';
import { PriorityMatrixTab } from './PriorityMatrixTab.tsx';
import { ServicesTab } from './ServicesTab.tsx';
import { SignOnTab } from './SignOnTab.tsx';
import { SurveysTab } from './SurveysTab.tsx';
import { SlaTab } from './sla/SlaTab.tsx';
import { WebhooksTab } from './WebhooksTab.tsx';

const route = getRouteApi('/signed-in/admin');

const PANELS: Record<string, ComponentType> = {
  places: PlacesTab,
  people: PeopleTab,
  services: ServicesTab,
  coverage: CoverageTab,
  priority: PriorityMatrixTab,
  sla: SlaTab,
  phones: DeskPhonesTab,
  surveys: SurveysTab,
  notifications: NotificationsTab,
  import: ImportTab,
  integrations: IntegrationsTab,
  ebonding: EbondingTab,
  signon: SignOnTab,
  ldap: DirectoryTab,
  email: EmailTab,
  webhooks: WebhooksTab,
};

export function AdminPage() {
  useDocumentTitle('Admin — Clinidesk');
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const session = useSession();
  const permissions = session?.permissions ?? [];
  const tabs = session ? adminTabsFor(session.user.role) : [];
  const tab = tabs.find((t) => t.value === search.tab)?.value ?? tabs[0]?.value ?? null;
  return (
    <Stack gap="lg">
      <div>
        <Title order={1} size="h2">
          Admin
        </Title>
        <Text c="dimmed">
          {permissions.includes('directory:manage')
            ? 'The hospital directory, support coverage and the settings that decide priority.'
            : 'Satisfaction surveys: who is asked, pulse surveys and their links, and who answers.'}
        </Text>
      </div>
      <Tabs value={tab} onChange={(next) => void navigate({ search: { tab: next ?? undefined } })} keepMounted={false}>
        <Tabs.List>
          {tabs.map((t) => (
            <Tabs.Tab key={t.value} value={t.value}>
              {t.label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {tabs.map(({ value }) => {
          const Panel = PANELS[value]!;
          return (
            <Tabs.Panel key={value} value={value} pt="md">
              <Panel />
            </Tabs.Panel>
          );
        })}
      </Tabs>
    </Stack>
  );
}
