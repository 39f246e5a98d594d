// Administration of the desk's directory and settings, one tab per subject.
import { Stack, Tabs, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { getRouteApi } from '@tanstack/react-router';
import type { ComponentType } from 'react';
import { CoverageTab } from './CoverageTab.tsx';
import { DeskPhonesTab } from './DeskPhonesTab.tsx';
import { ImportTab } from './ImportTab.tsx';
import { IntegrationsTab } from './IntegrationsTab.tsx';
import { PeopleTab } from './PeopleTab.tsx';
import { PlacesTab } from './PlacesTab.tsx';
import { PriorityMatrixTab } from './PriorityMatrixTab.tsx';
import { ServicesTab } from './ServicesTab.tsx';
import { SlaTab } from './SlaTab.tsx';
import { SurveysTab } from './SurveysTab.tsx';

const route = getRouteApi('/signed-in/admin');

const TABS: { value: string; label: string; Panel: ComponentType }[] = [
  { value: 'places', label: 'Facilities & units', Panel: PlacesTab },
  { value: 'people', label: 'People', Panel: PeopleTab },
  { value: 'services', label: 'Services', Panel: ServicesTab },
  { value: 'coverage', label: 'Providers & coverage', Panel: CoverageTab },
  { value: 'priority', label: 'Priority matrix', Panel: PriorityMatrixTab },
  { value: 'sla', label: 'SLA policies & calendars', Panel: SlaTab },
  { value: 'phones', label: 'Desk phones', Panel: DeskPhonesTab },
  { value: 'surveys', label: 'Surveys', Panel: SurveysTab },
  { value: 'import', label: 'CSV import', Panel: ImportTab },
  { value: 'integrations', label: 'Integrations', Panel: IntegrationsTab },
];

export function AdminPage() {
  useDocumentTitle('Admin — Clinidesk');
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const tab = TABS.some((t) => t.value === search.tab) ? search.tab! : 'places';
  return (
    <Stack gap="lg">
      <div>
        <Title order={1} size="h2">
          Admin
        </Title>
        <Text c="dimmed">The hospital directory, support coverage and the settings that decide priority.</Text>
      </div>
      <Tabs value={tab} onChange={(next) => void navigate({ search: { tab: next ?? undefined } })} keepMounted={false}>
        <Tabs.List>
          {TABS.map((t) => (
            <Tabs.Tab key={t.value} value={t.value}>
              {t.label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {TABS.map(({ value, Panel }) => (
          <Tabs.Panel key={value} value={value} pt="md">
            <Panel />
          </Tabs.Panel>
        ))}
      </Tabs>
    </Stack>
  );
}
