// People through the HTTP API: finding a caller by name or phone, the signed-in person, and keeping entries right.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTestApp, type TestApp } from '../../../test/app.ts';
import { personOfUser } from './service.ts';

let t: TestApp;
let admin: Client;
let agent: Client;
let north: { id: string; unitId: string; otherUnitId: string };
let south: { id: string; unitId: string };
beforeAll(async () => {
  t = await createTestApp();
  admin = await t.signIn('admin');
  agent = await t.signIn('agent');
  const facility = async (code: string) =>
    (await admin.post('/api/v1/facilities', { code, name: `Facility ${code}`, timeZone: 'America/Chicago' })).json();
  const unit = async (facilityId: string, code: string) =>
    (await admin.post('/api/v1/units', { facilityId, code, name: `Unit ${code}`, kind: 'inpatient' })).json();
  const n = await facility('PPL-N');
  const s = await facility('PPL-S');
  north = { id: n.id, unitId: (await unit(n.id, '4W')).id, otherUnitId: (await unit(n.id, '5E')).id };
  south = { id: s.id, unitId: (await unit(s.id, 'ICU')).id };
});
afterAll(() => t.close());

const patch = (c: Client, url: string, payload: object) => c.request({ method: 'PATCH', url, payload });

async function person(body: Record<string, unknown>) {
  const res = await admin.post('/api/v1/people', { clinicalRole: 'rn', ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

async function account(username: string, role = 'requester') {
  const res = await admin.post('/api/v1/users', {
    username,
    displayName: username,
    role,
    password: 'long-enough-pass',
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string };
}

describe('adding people', () => {
  it('stores phones as digits with the country code, once each, and takes the facility from the unit', async () => {
    const rosa = await person({
      employeeId: 'PPL-100',
      displayName: 'Rosa Delgado',
      unitId: north.unitId,
      phones: ['(312) 555-0142', '312.555.0142', '+1 312 555 0199', '4521'],
    });
    expect(rosa).toMatchObject({
      phones: ['13125550142', '13125550199', '4521'],
      facilityId: north.id,
      facility: 'Facility PPL-N',
      unit: 'Unit 4W',
      provider: false,
      active: true,
    });
  });

  it('refuses bad input with 400s naming each field', async () => {
    const res = await admin.post('/api/v1/people', {
      displayName: 'x'.repeat(10_000),
      clinicalRole: 'wizard',
      phones: ['312-555-0100', 'call me'],
      email: 'nope',
    });
    expect(res.statusCode).toBe(400);
    expect(
      res
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['body.clinicalRole', 'body.displayName', 'body.email', 'body.phones.1']);
    const phone = res.json().errors.find((e: { field: string }) => e.field === 'body.phones.1');
    expect(phone.message).toMatch(/^Phones: "call me" is not a phone number/);
  });

  it('refuses a facility that is not the unit’s, unknown units, managers and accounts', async () => {
    const cases: [Record<string, unknown>, string, string][] = [
      [{ facilityId: south.id, unitId: north.unitId }, 'facilityId', 'is not the facility of the unit'],
      [{ unitId: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b' }, 'unitId', 'is not a unit'],
      [{ managerId: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b' }, 'managerId', 'is not a person in the directory'],
      [{ userId: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b' }, 'userId', 'is not an account'],
    ];
    for (const [body, field, message] of cases) {
      const res = await admin.post('/api/v1/people', { displayName: 'X', clinicalRole: 'rn', ...body });
      expect(res.statusCode, field).toBe(400);
      expect(res.json().errors).toEqual([{ field, message }]);
    }
  });

  it('refuses a second person with the same employee ID or account (409 naming the field)', async () => {
    const user = await account('ppl.dup');
    await person({ employeeId: 'PPL-DUP', displayName: 'First', userId: user.id });
    const sameEmployee = await admin.post('/api/v1/people', {
      employeeId: 'PPL-DUP',
      displayName: 'B',
      clinicalRole: 'rn',
    });
    expect(sameEmployee.statusCode).toBe(409);
    expect(sameEmployee.json().errors).toEqual([{ field: 'employeeId', message: 'is taken by another person' }]);
    const sameAccount = await admin.post('/api/v1/people', { displayName: 'C', clinicalRole: 'rn', userId: user.id });
    expect(sameAccount.statusCode).toBe(409);
    expect(sameAccount.json().errors).toEqual([{ field: 'userId', message: 'is linked to another person' }]);
  });

  it('is for administrators only; vendors and requesters cannot even read people', async () => {
    expect((await agent.post('/api/v1/people', { displayName: 'X', clinicalRole: 'rn' })).statusCode).toBe(403);
    for (const who of ['vendor', 'nurse']) {
      const c = await t.signIn(who);
      expect((await c.get('/api/v1/people?q=rosa')).statusCode, who).toBe(403);
      expect((await c.post('/api/v1/people', { displayName: 'X', clinicalRole: 'rn' })).statusCode, who).toBe(403);
    }
  });
});

describe('finding a caller', () => {
  let osei: { id: string };
  beforeAll(async () => {
    osei = await person({
      employeeId: 'PPL-200',
      displayName: 'Dr. Samuel Osei',
      clinicalRole: 'attending',
      provider: true,
      unitId: south.unitId,
      phones: ['773-555-0187'],
    });
    await person({ employeeId: 'PPL-201', displayName: '김민준', unitId: south.unitId });
    await person({ employeeId: 'PPL-202', displayName: 'Zoë Ångström 👩🏽‍⚕️', unitId: north.otherUnitId });
  });

  const search = async (query: string) => {
    const res = await agent.get(`/api/v1/people?${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { items: { displayName: string }[]; total: number };
  };
  /** Searches within this file's facilities, whatever else the database holds (the demo hospital). */
  const names = async (query: string) => {
    const inNorth = await search(`${query}&facilityId=${north.id}`);
    const inSouth = await search(`${query}&facilityId=${south.id}`);
    return [...inNorth.items, ...inSouth.items].map((p) => p.displayName);
  };

  it('by part of the name in any case, or a similar spelling', async () => {
    expect(await names('q=osei')).toEqual(['Dr. Samuel Osei']);
    expect(await names('q=SAMUEL')).toEqual(['Dr. Samuel Osei']);
    expect(await names('q=Delgato')).toContain('Rosa Delgado');
  });

  it('by the phone number in any format, or its last four digits', async () => {
    expect(await names(`q=${encodeURIComponent('(773) 555-0187')}`)).toEqual(['Dr. Samuel Osei']);
    expect(await names(`q=${encodeURIComponent('+17735550187')}`)).toEqual(['Dr. Samuel Osei']);
    expect(await names('q=0187')).toEqual(['Dr. Samuel Osei']);
    expect(await names('q=4521')).toEqual(['Rosa Delgado']);
  });

  it('by employee ID, and in any script', async () => {
    expect(await names('q=PPL-200')).toEqual(['Dr. Samuel Osei']);
    expect(await names(`q=${encodeURIComponent('김민준')}`)).toEqual(['김민준']);
    expect(await names(`q=${encodeURIComponent('ångström')}`)).toEqual(['Zoë Ångström 👩🏽‍⚕️']);
  });

  it('filtered by unit, facility and the provider flag, a page at a time', async () => {
    expect(await names(`unitId=${south.unitId}&provider=true`)).toEqual(['Dr. Samuel Osei']);
    expect(await names(`unitId=${south.unitId}&provider=false`)).toEqual(['김민준']);
    const inSouth = await search(`facilityId=${south.id}&limit=1`);
    expect(inSouth.total).toBe(2);
    expect(inSouth.items).toHaveLength(1);
    expect((await agent.get('/api/v1/people?provider=maybe')).statusCode).toBe(400);
    expect((await agent.get('/api/v1/people?limit=100000')).statusCode).toBe(400);
  });

  it('treats LIKE wildcards as plain text', async () => {
    expect(await names('q=%25')).toEqual([]);
    expect(await names('q=_')).toEqual([]);
  });

  it('one at a time by id; an unknown id is a 404', async () => {
    expect((await agent.get(`/api/v1/people/${osei.id}`)).json()).toMatchObject({ displayName: 'Dr. Samuel Osei' });
    expect((await agent.get('/api/v1/people/0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b')).statusCode).toBe(404);
    expect((await agent.get('/api/v1/people/42')).statusCode).toBe(400);
  });
});

describe('my directory entry', () => {
  it('is 404 with a helpful message until the account is linked, then fills the portal', async () => {
    const user = await account('ppl.me');
    const me = await t.signIn('ppl.me', 'long-enough-pass');
    const missing = await me.get('/api/v1/people/me');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().detail).toMatch(/"ppl\.me" is not linked to a person in the directory/);
    const linked = await person({ displayName: 'Me Myself', unitId: south.unitId, userId: user.id });
    const found = await me.get('/api/v1/people/me');
    expect(found.json()).toMatchObject({ id: linked.id, unitId: south.unitId, facilityId: south.id, unit: 'Unit ICU' });
    expect(await personOfUser(t.ctx.database.db, user.id)).toMatchObject({ id: linked.id, unitId: south.unitId });
    expect(await personOfUser(t.ctx.database.db, '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b')).toBeNull();
  });
});

describe('keeping entries current', () => {
  it('moves a person with their facility, replaces phones, and audits what changed', async () => {
    const p = await person({ displayName: 'Ben Ito', unitId: north.unitId, phones: ['312-555-0111'] });
    const moved = await patch(admin, `/api/v1/people/${p.id}`, { unitId: south.unitId, phones: ['+44 20 7946 0000'] });
    expect(moved.json()).toMatchObject({ unitId: south.unitId, facilityId: south.id, phones: ['442079460000'] });
    const cleared = await patch(admin, `/api/v1/people/${p.id}`, { unitId: null });
    expect(cleared.json()).toMatchObject({ unitId: null, facilityId: south.id });
    const audit = await t.ctx.database.query<{ summary: { changed: string[] } }>(
      "SELECT summary FROM audit_log WHERE action = 'person.update' AND target_id = $1 ORDER BY id",
      [p.id],
    );
    expect(audit.map((a) => a.summary.changed)).toEqual([['unitId', 'phones'], ['unitId']]);
    const self = await patch(admin, `/api/v1/people/${p.id}`, { managerId: p.id });
    expect(self.json().errors).toEqual([{ field: 'managerId', message: 'cannot be the person themselves' }]);
    expect(
      (await patch(admin, '/api/v1/people/0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b', { active: false })).statusCode,
    ).toBe(404);
  });
});
