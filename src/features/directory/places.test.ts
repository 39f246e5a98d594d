// Facilities, units, locations and assets through the HTTP API: validation, conflicts, permissions, audit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTestApp, type TestApp } from '../../../test/app.ts';

let t: TestApp;
let admin: Client;
let agent: Client;
beforeAll(async () => {
  t = await createTestApp();
  admin = await t.signIn('admin');
  agent = await t.signIn('agent');
});
afterAll(() => t.close());

const patch = (c: Client, url: string, payload: object) => c.request({ method: 'PATCH', url, payload });
let n = 0;
const code = (prefix: string) => `${prefix}-T${++n}`;

function expectProblem(res: { statusCode: number; headers: Record<string, unknown>; json(): unknown }, status: number) {
  expect(res.statusCode).toBe(status);
  expect(res.headers['content-type']).toBe('application/problem+json');
  return res.json() as { detail: string; errors?: { field: string; message: string }[] };
}

async function facility(body: Record<string, unknown> = {}) {
  const res = await admin.post('/api/v1/facilities', {
    code: code('F'),
    name: 'Riverside General',
    timeZone: 'America/Chicago',
    ...body,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; code: string; name: string; timeZone: string };
}

describe('facilities', () => {
  it('are created by an administrator with a canonical IANA time zone, audited and announced', async () => {
    const f = await facility({ timeZone: 'america/new_york' });
    expect(f.timeZone).toBe('America/New_York');
    const audit = await t.ctx.database.query<{ action: string }>(
      "SELECT action FROM audit_log WHERE target_type = 'facility' AND target_id = $1",
      [f.id],
    );
    expect(audit.map((a) => a.action)).toEqual(['facility.create']);
    const events = await t.ctx.database.query<{ type: string }>('SELECT type FROM outbox WHERE subject_id = $1', [
      f.id,
    ]);
    expect(events.map((e) => e.type)).toEqual(['facility.created']);
  });

  it('refuse an unknown time zone with a 400 naming it', async () => {
    const body = expectProblem(
      await admin.post('/api/v1/facilities', { code: code('F'), name: 'X', timeZone: 'Mars/Olympus' }),
      400,
    );
    expect(body.errors).toEqual([{ field: 'body.timeZone', message: expect.stringContaining('"Mars/Olympus"') }]);
    expect(body.detail).toContain('Mars/Olympus');
  });

  it('refuse a duplicate code with a 409 naming the field', async () => {
    const f = await facility();
    const body = expectProblem(
      await admin.post('/api/v1/facilities', { code: f.code, name: 'Again', timeZone: 'UTC' }),
      409,
    );
    expect(body.errors).toEqual([{ field: 'code', message: 'is taken by another facility' }]);
  });

  it('keep emoji and non-Latin names intact, and refuse 10,000-character names', async () => {
    for (const name of ['Hôpital Saint-Éloi', 'Больница №1', '東京総合病院', 'مستشفى الأمل', 'Kids 🧸 Hospital']) {
      expect((await facility({ name })).name).toBe(name);
    }
    const body = expectProblem(
      await admin.post('/api/v1/facilities', { code: code('F'), name: 'x'.repeat(10_000), timeZone: 'UTC' }),
      400,
    );
    expect(body.errors).toEqual([{ field: 'body.name', message: 'Name is too long (at most 200 characters)' }]);
  });

  it('change by PATCH; an unknown id is a 404 and a malformed one a 400', async () => {
    const f = await facility();
    const res = await patch(admin, `/api/v1/facilities/${f.id}`, { name: 'Riverside North', timeZone: 'US/Pacific' });
    expect(res.json()).toMatchObject({ id: f.id, name: 'Riverside North', timeZone: 'America/Los_Angeles' });
    expectProblem(await patch(admin, '/api/v1/facilities/0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b', { name: 'X' }), 404);
    expectProblem(await patch(admin, '/api/v1/facilities/not-a-uuid', { name: 'X' }), 400);
    expectProblem(await patch(admin, `/api/v1/facilities/${f.id}`, { colour: 'teal' }), 400);
  });

  it('are listed for desk staff, searchable by name or code, but only administrators change them', async () => {
    const f = await facility({ name: 'Lakeside Children’s' });
    const list = await agent.get(`/api/v1/facilities?q=${encodeURIComponent('lakeside')}`);
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((x: { id: string }) => x.id)).toContain(f.id);
    expect(list.json().total).toBeGreaterThanOrEqual(1);
    expectProblem(await agent.post('/api/v1/facilities', { code: code('F'), name: 'X', timeZone: 'UTC' }), 403);
  });

  it('cannot be created or read by a requester', async () => {
    const nurse = await t.signIn('nurse');
    expectProblem(await nurse.post('/api/v1/facilities', { code: code('F'), name: 'X', timeZone: 'UTC' }), 403);
    expectProblem(await nurse.get('/api/v1/facilities'), 403);
    expectProblem(await t.anonymous.get('/api/v1/facilities'), 401);
  });
});

describe('units and locations', () => {
  it('belong to a facility; codes are unique within it, not across facilities', async () => {
    const a = await facility();
    const b = await facility();
    const unit = { code: '4W', name: '4 West Med-Surg', kind: 'inpatient' };
    const first = await admin.post('/api/v1/units', { ...unit, facilityId: a.id });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ ...unit, facilityId: a.id, clinical: true });
    expect((await admin.post('/api/v1/units', { ...unit, facilityId: b.id })).statusCode).toBe(201);
    const again = expectProblem(await admin.post('/api/v1/units', { ...unit, facilityId: a.id }), 409);
    expect(again.errors).toEqual([{ field: 'code', message: 'is taken by another unit of this facility' }]);
    const list = await agent.get(`/api/v1/units?facilityId=${a.id}`);
    expect(list.json()).toMatchObject({ total: 1, items: [{ code: '4W' }] });
  });

  it('refuse an unknown facility, an unknown kind and bad filters with 400s naming the field', async () => {
    const f = await facility();
    const missing = expectProblem(
      await admin.post('/api/v1/units', {
        facilityId: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
        code: 'X',
        name: 'X',
        kind: 'icu',
      }),
      400,
    );
    expect(missing.errors).toEqual([{ field: 'facilityId', message: 'is not a facility' }]);
    const kind = expectProblem(
      await admin.post('/api/v1/units', { facilityId: f.id, code: 'X', name: 'X', kind: 'spa' }),
      400,
    );
    expect(kind.errors!.map((e) => e.field)).toEqual(['body.kind']);
    expectProblem(await agent.get('/api/v1/units?facilityId=nope'), 400);
    expectProblem(await agent.get('/api/v1/units?kind=spa'), 400);
  });

  it('hold rooms and beds; an asset in a room is in its unit', async () => {
    const f = await facility();
    const unit = (await admin.post('/api/v1/units', { facilityId: f.id, code: 'ED', name: 'ED', kind: 'ed' })).json();
    const room = await admin.post('/api/v1/locations', { unitId: unit.id, name: 'Bay 3' });
    expect(room.json()).toMatchObject({ unitId: unit.id, name: 'Bay 3', kind: 'room' });
    expectProblem(await admin.post('/api/v1/locations', { unitId: unit.id, name: 'Bay 3' }), 409);
    const renamed = await patch(admin, `/api/v1/locations/${room.json().id}`, { name: 'Bay 3A', kind: 'bay' });
    expect(renamed.json()).toMatchObject({ name: 'Bay 3A', kind: 'bay' });

    const wow = await admin.post('/api/v1/assets', {
      tag: code('WOW'),
      deviceType: 'workstation_on_wheels',
      locationId: room.json().id,
    });
    expect(wow.statusCode).toBe(201);
    expect(wow.json()).toMatchObject({ unitId: unit.id, locationId: room.json().id, description: null });
    const other = (await admin.post('/api/v1/units', { facilityId: f.id, code: 'OR', name: 'OR', kind: 'or' })).json();
    const mismatch = expectProblem(
      await admin.post('/api/v1/assets', {
        tag: code('WOW'),
        deviceType: 'printer',
        unitId: other.id,
        locationId: room.json().id,
      }),
      400,
    );
    expect(mismatch.errors).toEqual([{ field: 'locationId', message: 'is not in the unit' }]);
    const moved = await patch(admin, `/api/v1/assets/${wow.json().id}`, { unitId: other.id, locationId: null });
    expect(moved.json()).toMatchObject({ unitId: other.id, locationId: null });
    expectProblem(await admin.post('/api/v1/assets', { tag: wow.json().tag, deviceType: 'printer' }), 409);
    expectProblem(await admin.post('/api/v1/assets', { tag: code('X'), deviceType: 'toaster' }), 400);
    const listed = await agent.get(`/api/v1/assets?unitId=${other.id}&deviceType=workstation_on_wheels`);
    expect(listed.json().items.map((a: { tag: string }) => a.tag)).toEqual([wow.json().tag]);
  });

  it('writes nothing when a change is refused', async () => {
    const count = async () =>
      Number((await t.ctx.database.query<{ n: string }>('SELECT count(*)::text n FROM facilities'))[0]!.n);
    const before = await count();
    await admin.post('/api/v1/facilities', { code: 'bad code', name: 'X', timeZone: 'UTC' });
    await admin.post('/api/v1/facilities', { code: code('F'), name: 'a\u0000b', timeZone: 'UTC' });
    expect(await count()).toBe(before);
  });
});
