import { describe, expect, it } from 'vitest';
import type { PublicIncidentView } from '../../../../src/features/incident-comms/schemas.ts';
import { affects, timing } from './statusWords.ts';

const incident = (i: Partial<PublicIncidentView> = {}): PublicIncidentView => ({
  number: 'INC-000012',
  kind: 'ehr_downtime',
  kindLabel: 'EHR downtime',
  planned: false,
  title: 'EHR unavailable',
  summary: null,
  severity: 'sev1',
  state: 'declared',
  startedAt: '2026-12-02T02:00:00Z',
  scheduledStart: null,
  scheduledEnd: null,
  resolvedAt: null,
  applications: ['EHR'],
  facilities: ['Main Campus'],
  latestUpdate: null,
  nextUpdateAt: '2026-12-02T03:30:00Z',
  ...i,
});

describe('status words', () => {
  it('says what is affected and where, or every facility when none is named', () => {
    expect(affects(incident())).toBe('Affects EHR at Main Campus');
    expect(affects(incident({ applications: [], facilities: [] }))).toBe('Affects several systems at every facility');
  });

  it('tells when the next update comes, and when it is late', () => {
    expect(timing(incident(), Date.parse('2026-12-02T03:00:00Z'))).toMatch(/^Started .*\. Next update by /);
    expect(timing(incident(), Date.parse('2026-12-02T04:00:00Z'))).toMatch(/Next update was due/);
  });

  it('announces a planned downtime by its start', () => {
    const planned = incident({ state: 'scheduled', startedAt: null, scheduledStart: '2026-12-05T06:00:00Z' });
    expect(timing(planned)).toMatch(/^Planned downtime starts at Dec 5, 2026/);
  });
});
