// The demo's past EHR downtime, read through the API as the desk reads it: a resolved sev1 incident over the EHR whose
// linked children are the history's EHR tickets of its window at its facility, timed public updates, a recovery
// checklist partly done and a completed review with its impact and actions. The unit tests' demo template (200
// tickets); PGlite, and PostgreSQL with TEST_DATABASE_URL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTestApp, type TestApp } from '../../test/app.ts';
import type { IncidentReviewView } from '../features/incident-comms/schemas.ts';
import type { IncidentView } from '../features/incidents/schemas.ts';

let t: TestApp;
let manager: Client;
let incident: IncidentView;

beforeAll(async () => {
  t = await createTestApp();
  manager = await t.signIn('manager');
  const list = (await manager.get('/api/v1/incidents?state=all')).json() as { items: IncidentView[] };
  expect(list.items).toHaveLength(1);
  incident = (await manager.get(`/api/v1/incidents/${list.items[0]!.number}`)).json();
}, 120_000);
afterAll(() => t.close());

describe('the demo EHR downtime', () => {
  it('is a resolved, unplanned sev1 EHR downtime at one facility with its leads named', () => {
    expect(incident).toMatchObject({
      number: 'INC-000001',
      kind: 'ehr_downtime',
      planned: false,
      severity: 'sev1',
      state: 'resolved',
      services: [{ name: 'EHR' }],
      commander: { displayName: 'Dana Whitfield' },
      clinicalLead: { displayName: 'Kavya Banerjee' },
      itLead: { displayName: 'Marcus Feld' },
      commsLead: { displayName: 'Priya Natarajan' },
    });
    expect(incident.facilities).toHaveLength(1);
    const hours = (Date.parse(incident.resolvedAt!) - Date.parse(incident.startedAt!)) / 3_600_000;
    expect(hours).toBeCloseTo(5 + 20 / 60, 5);
    expect(incident.timeline.map((e) => e.kind)).toEqual(expect.arrayContaining(['declared', 'decision', 'state']));
    const times = incident.timeline.map((e) => e.at);
    expect(times).toEqual([...times].sort());
  });

  it('links exactly the history’s EHR tickets opened at its facility during the downtime', async () => {
    const children = (await manager.get(`/api/v1/incidents/${incident.number}/children?limit=500`)).json();
    const linked = children.items.filter((c: { status: string }) => c.status === 'linked');
    const expected = await t.ctx.database.query<{ number: string }>(
      `SELECT t.number::text FROM tickets t JOIN services s ON s.id = t.service_id
        WHERE s.name = 'EHR' AND s.kind = 'application' AND t.channel <> 'go_live' AND t.facility_id = $1
          AND t.created_at BETWEEN $2 AND $3`,
      [incident.facilities[0]!.id, incident.startedAt, incident.resolvedAt],
    );
    expect(expected.length).toBeGreaterThan(0);
    expect(linked).toHaveLength(expected.length);
    expect(incident.children.linked).toBe(expected.length);
  });

  it('posted hourly public updates, each promising the next, the last promising none', async () => {
    const { updates } = (await manager.get(`/api/v1/incidents/${incident.number}/updates`)).json();
    expect(updates.length).toBeGreaterThanOrEqual(3);
    const oldestFirst = [...updates].reverse();
    for (const [i, u] of oldestFirst.entries()) {
      const next = oldestFirst[i + 1];
      if (next) expect(Date.parse(u.nextUpdateAt)).toBeGreaterThanOrEqual(Date.parse(next.postedAt));
      else expect(u.nextUpdateAt).toBeNull();
    }
  });

  it('has a recovery checklist partly done', async () => {
    const { items, progress } = (await manager.get(`/api/v1/incidents/${incident.number}/recovery`)).json();
    expect(items.length).toBeGreaterThanOrEqual(4);
    expect(progress.done).toBeGreaterThan(0);
    expect(progress.done).toBeLessThan(progress.total);
  });

  it('has a completed review with its cause, impact computed from the data, and actions (one late)', async () => {
    const r = (await manager.get(`/api/v1/incidents/${incident.number}/review`)).json() as IncidentReviewView;
    expect(r.review).toMatchObject({
      causeDimension: 'hardware_software',
      completedBy: { displayName: 'Dana Whitfield' },
      overhead: 0.25,
      actionProgress: { total: 4, done: 2, open: 2, overdue: 1 },
    });
    expect(r.review!.contributingFactors).toHaveLength(3);
    expect(r.impact.childTickets).toBe(incident.children.linked);
    expect(r.impact.durationMinutes).toBe(320);
    expect(r.impact.units).toBeGreaterThan(0);
    expect(r.impact.cliniciansOnAffectedUnits).toBeGreaterThan(0);
    expect(r.impact.clinicianHoursLost).toBeGreaterThan(0);
    expect(r.timeline.map((e) => e.body)).toContain('Post-incident review completed');
  });
});
