// The desk's phone numbers: kept by an administrator as a run-time setting (validated, audited), seeded for the demo
// hospital, and shown to each requester as the number for their facility, plus the provider line to providers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTestApp, type TestApp } from '../../../test/app.ts';

let t: TestApp;
let admin: Client;
let facilities: { id: string; code: string; name: string }[];
beforeAll(async () => {
  t = await createTestApp();
  admin = await t.signIn('admin');
  facilities = (await admin.get('/api/v1/directory/catalogue')).json().facilities;
});
afterAll(() => t.close());

const put = (c: Client, payload: object) => c.request({ method: 'PUT', url: '/api/v1/settings/desk-phones', payload });
const byCode = (code: string) => facilities.find((f) => f.code === code)!;

describe("the desk's phone numbers", () => {
  it('are seeded for the demo hospital: one per facility, a provider line and a main line', async () => {
    const res = await admin.get('/api/v1/settings/desk-phones');
    expect(res.statusCode).toBe(200);
    const view = res.json();
    expect(view.providerLine).toMatch(/^1\d{10}$/);
    expect(view.main).toMatch(/^1\d{10}$/);
    expect(view.facilities.map((f: { facilityId: string }) => f.facilityId).sort()).toEqual(
      facilities.map((f) => f.id).sort(),
    );
  });

  it('show a nurse her facility’s number and no provider line; a physician also sees the provider line', async () => {
    const nurse = (await (await t.signIn('nurse')).get('/api/v1/desk-phones/mine')).json();
    expect(nurse.desk.label).toBe(`Service desk for ${byCode('SMMC').name}`);
    expect(nurse.desk.phone).toMatch(/^1312/);
    expect(nurse.providerLine).toBeNull();
    const doctor = (await (await t.signIn('doctor')).get('/api/v1/desk-phones/mine')).json();
    expect(doctor.providerLine).toMatch(/^1\d{10}$/);
    expect((await t.anonymous.get('/api/v1/desk-phones/mine')).statusCode).toBe(401);
  });

  it('are changed by an administrator in any common format, stored as digits and audited', async () => {
    const smmc = byCode('SMMC');
    const res = await put(admin, {
      main: '(312) 555-0142',
      providerLine: '+1 312 555 0143',
      facilities: [{ facilityId: smmc.id, phone: '312.555.0144' }],
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      main: '13125550142',
      providerLine: '13125550143',
      facilities: [{ facilityId: smmc.id, facility: smmc.name, phone: '13125550144' }],
    });
    const nurse = (await (await t.signIn('nurse')).get('/api/v1/desk-phones/mine')).json();
    expect(nurse.desk.phone).toBe('13125550144');
    const audit = await t.ctx.database.query<{ summary: { after: { main: string } } }>(
      "SELECT summary FROM audit_log WHERE action = 'setting.set' AND target_id = 'desk_phones' ORDER BY id DESC LIMIT 1",
    );
    expect(audit[0]!.summary.after.main).toBe('13125550142');
  });

  it('fall back to the main line for a facility without its own number', async () => {
    await put(admin, { main: '312 555 0150', providerLine: null, facilities: [] });
    const doctor = (await (await t.signIn('doctor')).get('/api/v1/desk-phones/mine')).json();
    expect(doctor).toEqual({ desk: { label: 'Service desk', phone: '13125550150' }, providerLine: null });
  });

  it('refuse what is not a phone number, an unknown facility and a facility listed twice, in plain words', async () => {
    const bad = await put(admin, { main: 'call Bob', providerLine: null, facilities: [] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0]).toMatchObject({ field: 'body.main' });
    expect(bad.json().errors[0].message).toMatch(/^Main: "call Bob" is not a phone number/);
    const smmc = byCode('SMMC');
    const ghost = await put(admin, {
      main: null,
      providerLine: null,
      facilities: [
        { facilityId: smmc.id, phone: '3125550100' },
        { facilityId: smmc.id, phone: '3125550101' },
        { facilityId: '01a21211-0000-7000-8000-000000000000', phone: '3125550102' },
      ],
    });
    expect(ghost.statusCode).toBe(400);
    expect(ghost.json().errors).toEqual([
      { field: 'facilities.1.facilityId', message: `lists ${smmc.name} a second time` },
      { field: 'facilities.2.facilityId', message: 'is not a facility' },
    ]);
  });

  it('may be changed by administrators only', async () => {
    for (const who of ['agent', 'manager', 'nurse']) {
      const c = await t.signIn(who);
      expect((await put(c, { main: null, providerLine: null, facilities: [] })).statusCode, who).toBe(403);
    }
  });
});
