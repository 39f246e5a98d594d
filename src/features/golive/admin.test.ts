// Editing a go-live from its screen, and the intake for super-users, through the API on a real database (PGlite;
// PostgreSQL with TEST_DATABASE_URL): edits carry the version read (a stale one is a 409 that writes nothing),
// facilities and dates cannot strand a zone's units or the roster's shifts, a zone is removed only while it holds
// nothing, and a super-user on shift gets their go-live and their own unit only — never other units or the roster.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTestApp, type TestApp } from '../../../test/app.ts';
import { buildHospital, type Hospital, TEST_PASSWORD } from '../../../test/factories.ts';
import { HOUR_MS } from './rules.ts';

let t: TestApp;
let h: Hospital;
let manager: Client;
let agent: Client;
let superUser: Client;
let nurse: Client;
let vendor: Client;
let eventId: string;
let zoneA: { id: string; version: number };
let zoneB: { id: string; version: number };
const now = Date.now();
const iso = (ms: number) => new Date(ms).toISOString();

beforeAll(async () => {
  t = await createTestApp();
  h = await buildHospital(t.ctx);
  [manager, agent, superUser, nurse, vendor] = await Promise.all([
    t.signIn('manager'),
    t.signIn(h.users.agent.username, TEST_PASSWORD),
    t.signIn(h.users.superUser.username, TEST_PASSWORD),
    t.signIn(h.users.nurse.username, TEST_PASSWORD),
    t.signIn(h.users.vendor.username, TEST_PASSWORD),
  ]);
  const e = await manager.post('/api/v1/golive/events', {
    name: `Lakeview go-live ${h.tag}`,
    facilityIds: [h.facility.id],
    startsAt: iso(now - 24 * HOUR_MS),
    endsAt: iso(now + 10 * 24 * HOUR_MS),
  });
  expect(e.statusCode, e.body).toBe(201);
  eventId = e.json().id;
}, 120_000);
afterAll(() => t.close());

function expectProblem(res: { statusCode: number; body: string }, status: number, detail: RegExp) {
  expect(res.statusCode, res.body).toBe(status);
  const problem = JSON.parse(res.body) as { detail?: string; title: string };
  expect(problem.detail ?? problem.title).toMatch(detail);
}

const patch = (c: Client, url: string, body: object) => c.request({ method: 'PATCH', url, payload: body });
const event = () => `/api/v1/golive/events/${eventId}`;

describe('editing a go-live with the version read', () => {
  it('saves an edit based on the current version and refuses one based on an older version (two tabs)', async () => {
    const before = (await manager.get(event())).json();
    expect(before.version).toBe(1);
    const first = await patch(manager, event(), { version: 1, name: `Lakeview EHR go-live ${h.tag}` });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ version: 2, name: `Lakeview EHR go-live ${h.tag}` });
    const second = await patch(manager, event(), { version: 1, roundTheClockDays: 7 });
    expectProblem(second, 409, /Someone else changed the go-live .* now at version 2.*Reload/);
    expect((await manager.get(event())).json()).toMatchObject({ roundTheClockDays: 14, version: 2 });
  });

  it('changes the time zone and hours; refuses an unknown time zone and hours that close before they open', async () => {
    const res = await patch(manager, event(), { timeZone: 'America/New_York', scaledOpenHour: 6, scaledCloseHour: 22 });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ timeZone: 'America/New_York', scaledOpenHour: 6, scaledCloseHour: 22 });
    expect((await patch(manager, event(), { timeZone: 'Mars/Olympus' })).statusCode).toBe(400);
    expectProblem(await patch(manager, event(), { scaledOpenHour: 22, scaledCloseHour: 6 }), 400, /close after/);
    expect((await patch(agent, event(), { name: 'Nope' })).statusCode).toBe(403);
  });
});

describe('zones on the edit screen', () => {
  it('adds zones, refuses a unit already in another zone, and refuses a stale zone edit', async () => {
    const a = await manager.post(`${event()}/zones`, { name: 'Zone A', unitIds: [h.ward.id] });
    expect(a.statusCode, a.body).toBe(201);
    zoneA = a.json();
    const b = await manager.post(`${event()}/zones`, { name: 'Zone B', unitIds: [h.billing.id] });
    expect(b.statusCode, b.body).toBe(201);
    zoneB = b.json();
    expectProblem(
      await patch(manager, `${event()}/zones/${zoneB.id}`, { unitIds: [h.billing.id, h.ward.id] }),
      409,
      /4 West Med-Surg is already in zone Zone A/,
    );
    const renamed = await patch(manager, `${event()}/zones/${zoneA.id}`, {
      version: zoneA.version,
      name: 'Zone A — Med-Surg',
      leaderPersonId: h.clerk.id,
    });
    expect(renamed.statusCode, renamed.body).toBe(200);
    // A rename alone keeps the zone's units.
    expect(renamed.json()).toMatchObject({
      version: zoneA.version + 1,
      leader: { id: h.clerk.id },
      units: [{ id: h.ward.id, name: '4 West Med-Surg' }],
    });
    expectProblem(
      await patch(manager, `${event()}/zones/${zoneA.id}`, { version: zoneA.version, name: 'Old tab' }),
      409,
      /Someone else changed the zone Zone A — Med-Surg/,
    );
    zoneA = renamed.json();
  });

  it('will not take a facility off the go-live while a zone holds one of its units', async () => {
    const other = await manager.post('/api/v1/golive/events', {
      name: `Elsewhere ${h.tag}`,
      facilityIds: [h.facility.id],
      startsAt: iso(now + 30 * 24 * HOUR_MS),
      endsAt: iso(now + 31 * 24 * HOUR_MS),
    });
    const [otherFacility] = await t.ctx.database.query<{ id: string }>(
      'SELECT id::text FROM facilities WHERE id <> $1 LIMIT 1',
      [h.facility.id],
    );
    expectProblem(
      await patch(manager, event(), { facilityIds: [otherFacility!.id] }),
      409,
      /\(zone Zone (A — Med-Surg|B)\) is in a facility you took off this go-live: take it out of the zone first/,
    );
    const both = await patch(manager, `/api/v1/golive/events/${other.json().id}`, {
      facilityIds: [h.facility.id, otherFacility!.id],
    });
    expect(both.statusCode, both.body).toBe(200);
    expect(both.json().facilities).toHaveLength(2);
  });

  it('removes an empty zone, but not one with shifts on the roster; dates cannot leave a shift outside', async () => {
    const shift = await manager.post(`${event()}/shifts`, {
      personId: h.superUser.id,
      zoneId: zoneA.id,
      role: 'super_user',
      startsAt: iso(now - HOUR_MS),
      endsAt: iso(now + 7 * HOUR_MS),
    });
    expect(shift.statusCode, shift.body).toBe(201);
    expectProblem(await manager.delete(`${event()}/zones/${zoneA.id}`), 409, /cannot be removed: it has 1 shift/);
    expectProblem(await patch(manager, event(), { startsAt: iso(now) }), 409, /One shift on the roster would fall/);
    const c = await manager.post(`${event()}/zones`, { name: 'Zone C' });
    expectProblem(await manager.delete(`${event()}/zones/${c.json().id}?version=7`), 409, /Someone else changed/);
    const gone = await manager.delete(`${event()}/zones/${c.json().id}?version=1`);
    expect(gone.statusCode, gone.body).toBe(204);
    expect((await manager.get(event())).json().zones.map((z: { name: string }) => z.name)).toEqual([
      'Zone A — Med-Surg',
      'Zone B',
    ]);
    expect((await agent.delete(`${event()}/zones/${zoneB.id}`)).statusCode).toBe(403);
  });
});

describe('the intake for a super-user on shift', () => {
  it('gives the super-user their go-live and their own unit only: no other unit, no roster people', async () => {
    // Someone else on the roster now, in the other zone: the super-user must not learn of them.
    const colleague = await manager.post(`${event()}/shifts`, {
      personId: h.doctor.id,
      zoneId: zoneB.id,
      startsAt: iso(now - HOUR_MS),
      endsAt: iso(now + 5 * HOUR_MS),
    });
    expect(colleague.statusCode, colleague.body).toBe(201);
    const res = await superUser.get('/api/v1/golive/my-intake');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      superUser: true,
      goLives: [
        {
          id: eventId,
          name: `Lakeview EHR go-live ${h.tag}`,
          timeZone: 'America/New_York',
          shift: { zone: 'Zone A — Med-Surg', startsAt: expect.any(String), endsAt: expect.any(String) },
          units: [{ id: h.ward.id, name: '4 West Med-Surg', zone: 'Zone A — Med-Surg' }],
        },
      ],
    });
    expect(res.body).not.toContain(h.billing.id);
    expect(res.body).not.toContain(h.doctor.displayName);
    expect(res.body).not.toContain('Zone B');
    // The staff-only reads stay closed to them.
    expect((await superUser.get(event())).statusCode).toBe(403);
    expect((await superUser.get(`${event()}/roster`)).statusCode).toBe(403);
    expect((await superUser.get(`${event()}/board`)).statusCode).toBe(403);
  });

  it('lets the super-user log on their own unit with what the intake gave, and the issue reaches the board', async () => {
    const mine = (await superUser.get('/api/v1/golive/my-intake')).json();
    const res = await superUser.post(`/api/v1/golive/events/${mine.goLives[0].id}/issues`, {
      unitId: mine.goLives[0].units[0].id,
      category: 'workflow',
      summary: 'Discharge checklist missing a step',
    });
    expect(res.statusCode, res.body).toBe(201);
    const board = (await agent.get(`${event()}/board`)).json();
    expect(board.open.map((i: { number: string }) => i.number)).toContain(res.json().number);
  });

  it('gives a person with no shift now nothing, and a vendor no access', async () => {
    expect((await nurse.get('/api/v1/golive/my-intake')).json()).toEqual({ superUser: false, goLives: [] });
    expect((await agent.get('/api/v1/golive/my-intake')).json()).toEqual({ superUser: false, goLives: [] });
    expect((await vendor.get('/api/v1/golive/my-intake')).statusCode).toBe(403);
  });
});
