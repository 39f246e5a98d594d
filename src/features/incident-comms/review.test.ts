// The post-incident review through the API on a real database: refused (409) while the incident is going on; one per
// incident; its impact computed from the linked tickets, their calls, the affected unit and its clinicians with the
// stated overhead; the version check; PHI refused in every free text with the kinds found (nothing stored); actions
// with owner, due date and done; the timeline and the audit trail; requesters and vendors kept out.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTestApp, type TestApp } from '../../../test/app.ts';
import { buildHospital, type Hospital, signInAs } from '../../../test/factories.ts';
import { listAudit } from '../../platform/audit/service.ts';
import { newId } from '../../platform/ids.ts';
import { people } from '../directory/tables.ts';
import type { IncidentView } from '../incidents/schemas.ts';
import { contacts, contactTickets } from '../routing/tables.ts';
import type { IncidentReviewView } from './schemas.ts';

let t: TestApp;
let h: Hospital;
let agent: Client;
let nurse: Client;
let vendor: Client;
let inc: IncidentView;
let url: string;

const patch = (client: Client, path: string, payload: object) =>
  client.request({ method: 'PATCH', url: path, payload });

async function ticket(body: Record<string, unknown>) {
  const res = await agent.post('/api/v1/tickets', { requesterId: h.nurse.id, serviceId: h.ehr.id, ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; number: string };
}

beforeAll(async () => {
  t = await createTestApp();
  h = await buildHospital(t.ctx);
  [agent, nurse, vendor] = await signInAs(t, h, 'agent', 'nurse', 'vendor');
  // A unit clerk on the ward: not a clinician, so not in the clinician time lost.
  await t.ctx.database.db
    .insert(people)
    .values({ id: newId(), displayName: 'Kim Ade', clinicalRole: 'unit_clerk', unitId: h.ward.id, phones: [] });
  const res = await agent.post('/api/v1/incidents', {
    kind: 'ehr_downtime',
    title: 'EHR unavailable on 4 West',
    publicSummary: 'The EHR is unavailable. Use downtime procedures and paper forms.',
    severity: 'sev1',
    serviceIds: [h.ehr.id],
    facilityIds: [h.facility.id],
    unitIds: [h.ward.id],
    confirmOverlap: true,
  });
  expect(res.statusCode, res.body).toBe(201);
  inc = res.json();
  url = `/api/v1/incidents/${inc.number}/review`;
}, 120_000);
afterAll(() => t.close());

describe('the post-incident review', () => {
  it('is refused while the incident is going on, with a message saying why', async () => {
    const res = await agent.post(url, {});
    expect(res.statusCode).toBe(409);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().detail).toBe(`${inc.number} is still going on: write its review once it is resolved.`);
    const read = (await agent.get(url)).json() as IncidentReviewView;
    expect(read).toMatchObject({ canStart: false, review: null });
  });

  it('computes the impact from the linked tickets, their calls, the unit and its clinicians, with the formula', async () => {
    const care = await ticket({
      summary: 'EHR will not open on 4 West',
      facilityId: h.facility.id,
      unitId: h.ward.id,
      patientCareAffected: true,
    });
    await ticket({ summary: 'EHR frozen at the nurses’ station', facilityId: h.facility.id, unitId: h.ward.id });
    const children = (await agent.get(`/api/v1/incidents/${inc.number}/children`)).json();
    expect(children.items.filter((c: { status: string }) => c.status === 'linked')).toHaveLength(2);
    // Two calls about the first ticket (one opened it, one asked for news).
    for (const relation of ['opened', 'linked'] as const) {
      const contactId = newId();
      await t.ctx.database.db.insert(contacts).values({
        id: contactId,
        channel: 'phone',
        line: 'clinical',
        state: 'done',
        offeredAt: new Date(),
        queuedAt: new Date(),
      });
      await t.ctx.database.db.insert(contactTickets).values({ contactId, ticketId: care.id, relation });
    }
    const current = (await agent.get(`/api/v1/incidents/${inc.number}`)).json() as IncidentView;
    const resolved = await patch(agent, `/api/v1/incidents/${inc.number}`, {
      version: current.version,
      state: 'resolved',
      resolution: { note: 'The EHR is back. Enter what you charted on paper.', children: 'none' },
    });
    expect(resolved.statusCode, resolved.body).toBe(200);
    // Three hours of downtime: started three hours before it was resolved.
    await t.ctx.database.db.execute(
      sql`UPDATE incidents SET started_at = resolved_at - interval '3 hours' WHERE id = ${inc.id}`,
    );

    const read = (await agent.get(url)).json() as IncidentReviewView;
    expect(read.canStart).toBe(true);
    expect(read.review).toBeNull();
    expect(read.impact).toEqual({
      durationMinutes: 180,
      childTickets: 2,
      patientCareAffected: 1,
      calls: 2,
      units: 1,
      unitNames: ['4 West Med-Surg'],
      // Three nurses and the attending on the ward; the unit clerk is not counted.
      cliniciansOnAffectedUnits: 4,
      overhead: 0.25,
      clinicianHoursLost: 3,
      formula: '4 clinicians on affected units × 3.0 h × 0.25 overhead = 3 clinician-hours',
    });
    expect(read.timeline.map((e) => e.kind)).toContain('declared');
    expect(read.incident).toMatchObject({ number: inc.number, state: 'resolved', facilities: [h.facility.name] });
  });

  it('starts once (a second start is a 409), on the timeline and in the audit trail', async () => {
    const res = await agent.post(url, {
      timelineSummary: 'Interface engine stalled at 02:10; EHR unreachable until 05:10.',
      causeDimension: 'hardware_software',
      causeText: 'A storage controller failed over too slowly.',
      contributingFactors: [{ dimension: 'measurement_monitoring', text: 'No alert on the failover time.' }],
    });
    expect(res.statusCode, res.body).toBe(201);
    const review = (res.json() as IncidentReviewView).review!;
    expect(review).toMatchObject({
      causeDimension: 'hardware_software',
      causeLabel: 'Hardware and software',
      contributingFactors: [
        {
          dimension: 'measurement_monitoring',
          label: 'Measurement and monitoring',
          text: 'No alert on the failover time.',
        },
      ],
      overhead: 0.25,
      completedAt: null,
      createdBy: { id: h.users.agent.id },
      version: 1,
      actions: [],
    });
    const again = await agent.post(url, {});
    expect(again.statusCode).toBe(409);
    expect(again.json().detail).toBe(`${inc.number} already has a review: open it and change it there.`);
    const read = (await agent.get(url)).json() as IncidentReviewView;
    expect(read.canStart).toBe(false);
    expect(read.timeline.map((e) => e.body)).toContain('Post-incident review started');
    const audit = await listAudit(t.ctx.database, { action: 'incident_review.create', limit: 50 });
    expect(audit.filter((a) => a.targetId === inc.id)).toHaveLength(1);
  });

  it('changes with the version read: a stale one is a 409 that writes nothing; the overhead changes the estimate', async () => {
    const before = (await agent.get(url)).json() as IncidentReviewView;
    const v = before.review!.version;
    const stale = await patch(agent, url, { version: v + 5, causeText: 'Something else' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().detail).toMatch(/Someone else changed the review/);
    expect(((await agent.get(url)).json() as IncidentReviewView).review!.causeText).toBe(before.review!.causeText);

    const changed = await patch(agent, url, {
      version: v,
      overhead: 0.5,
      overheadBasis: 'Night shift: paper MAR and phoned results took half of each nurse’s time.',
    });
    expect(changed.statusCode, changed.body).toBe(200);
    const after = changed.json() as IncidentReviewView;
    expect(after.review!.version).toBe(v + 1);
    expect(after.impact.clinicianHoursLost).toBe(6);
    expect(after.impact.formula).toBe('4 clinicians on affected units × 3.0 h × 0.5 overhead = 6 clinician-hours');

    const completed = await patch(agent, url, { version: v + 1, completed: true });
    expect(completed.statusCode, completed.body).toBe(200);
    expect(completed.json().review).toMatchObject({ completedBy: { id: h.users.agent.id }, version: v + 2 });
    const page = (await agent.get(`/api/v1/incidents/${inc.number}`)).json() as IncidentView;
    expect(page.timeline.map((e) => e.body)).toContain('Post-incident review completed');
    const audit = await listAudit(t.ctx.database, { action: 'incident_review.update', limit: 50 });
    expect(audit.filter((a) => a.targetId === inc.id)).toHaveLength(2);
  });

  it('refuses patient information in any free text with the kinds found, and stores nothing', async () => {
    const before = (await agent.get(url)).json() as IncidentReviewView;
    const version = before.review!.version;
    const cause = await patch(agent, url, { version, causeText: 'Wristband for MRN 00912345 would not scan' });
    expect(cause.statusCode).toBe(400);
    expect(cause.headers['content-type']).toContain('application/problem+json');
    expect(cause.json().detail).toMatch(/^The review looks like it contains a medical record number\./);
    expect(cause.json().errors).toEqual([{ field: 'causeText', message: 'Looks like a medical record number.' }]);
    const factor = await patch(agent, url, {
      version,
      contributingFactors: [
        { dimension: null, text: 'Staffing was short' },
        { dimension: 'people', text: 'Patient: Zebulon Quartermaine was given the wrong dose' },
      ],
    });
    expect(factor.statusCode).toBe(400);
    expect(factor.json().detail).toContain("a patient's name");
    expect(factor.json().errors[0].field).toBe('contributingFactors.1.text');
    const action = await agent.post(`${url}/actions`, { title: 'Call back DOB 02/29/1944' });
    expect(action.statusCode).toBe(400);
    expect(action.json().detail).toContain('a date of birth');
    const after = (await agent.get(url)).json() as IncidentReviewView;
    expect(after.review).toEqual(before.review);
  });

  it('tracks actions with an owner and a due date to done; a past due date shows as overdue', async () => {
    const added = await agent.post(`${url}/actions`, {
      title: 'Alert on storage failover longer than 30 seconds',
      ownerId: h.users.analyst.id,
      dueOn: '2020-01-15',
    });
    expect(added.statusCode, added.body).toBe(201);
    await agent.post(`${url}/actions`, { title: 'Rehearse the downtime drill on nights', dueOn: '2999-01-01' });
    const list = (await agent.get(url)).json() as IncidentReviewView;
    const [first, second] = list.review!.actions;
    expect(first).toMatchObject({
      owner: { id: h.users.analyst.id },
      dueOn: '2020-01-15',
      overdue: true,
      doneAt: null,
    });
    expect(second).toMatchObject({ owner: null, overdue: false });
    expect(list.review!.actionProgress).toEqual({ total: 2, done: 0, open: 2, overdue: 1 });

    const done = await patch(agent, `${url}/actions/${first!.id}`, { done: true });
    expect(done.statusCode, done.body).toBe(200);
    const now = done.json() as IncidentReviewView;
    expect(now.review!.actions[0]).toMatchObject({ doneBy: { id: h.users.agent.id }, overdue: false });
    expect(now.review!.actionProgress).toEqual({ total: 2, done: 1, open: 1, overdue: 0 });

    expect((await patch(agent, `${url}/actions/${second!.id}`, { ownerId: h.users.vendor.id })).statusCode).toBe(400);
    expect((await patch(agent, `${url}/actions/${newId()}`, { done: true })).statusCode).toBe(404);
    expect((await patch(agent, `${url}/actions/${second!.id}`, { dueOn: '15/01/2020' })).statusCode).toBe(400);
    const audit = await listAudit(t.ctx.database, { action: 'incident_review.action', limit: 50 });
    expect(audit.filter((a) => a.targetId === inc.id)).toHaveLength(3);
  });

  it('answers bad input with problem+json, and keeps requesters and vendors out', async () => {
    const { version } = ((await agent.get(url)).json() as IncidentReviewView).review!;
    const cases: [object, string][] = [
      [{ version, overhead: 2 }, 'overhead'],
      [{ version, causeDimension: 'bad luck' }, 'causeDimension'],
      [{ version, surprise: true }, ''],
      [{ causeText: 'no version' }, 'version'],
    ];
    for (const [body, field] of cases) {
      const res = await patch(agent, url, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      if (field) expect(JSON.stringify(res.json().errors)).toContain(field);
    }
    expect((await agent.get('/api/v1/incidents/INC-999999/review')).statusCode).toBe(404);
    for (const client of [nurse, vendor]) {
      expect((await client.get(url)).statusCode).toBe(403);
      expect((await client.post(url, {})).statusCode).toBe(403);
      expect((await patch(client, url, { version, causeText: 'x' })).statusCode).toBe(403);
      expect((await client.post(`${url}/actions`, { title: 'x' })).statusCode).toBe(403);
    }
  });

  it('is refused again (409) if the incident is reopened', async () => {
    const current = (await agent.get(`/api/v1/incidents/${inc.number}`)).json() as IncidentView;
    const reopened = await patch(agent, `/api/v1/incidents/${inc.number}`, {
      version: current.version,
      state: 'declared',
    });
    expect(reopened.statusCode, reopened.body).toBe(200);
    const { version } = ((await agent.get(url)).json() as IncidentReviewView).review!;
    const res = await patch(agent, url, { version, causeText: 'More detail' });
    expect(res.statusCode).toBe(409);
    expect(res.json().detail).toMatch(/still going on/);
  });
});
