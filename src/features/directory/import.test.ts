// CSV imports through the HTTP API: every row checked first, all or nothing, upserts by natural key.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTestApp, type TestApp } from '../../../test/app.ts';
import { buildHospital, type Hospital } from '../../../test/factories.ts';

let t: TestApp;
let admin: Client;
let h: Hospital;
beforeAll(async () => {
  t = await createTestApp();
  admin = await t.signIn('admin');
  h = await buildHospital(t.ctx);
});
afterAll(() => t.close());

type Report = {
  ok: boolean;
  dryRun: boolean;
  rows: number;
  created: number;
  updated: number;
  errors: { line: number; field: string; message: string }[];
};

async function importCsv(kind: string, lines: string[], dryRun = false, who: Client = admin): Promise<Report> {
  const res = await who.post(`/api/v1/imports/${kind}`, { csv: `${lines.join('\r\n')}\r\n`, dryRun });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

const facilityRow = (code: string) =>
  t.ctx.database.query<{ name: string; time_zone: string }>('SELECT name, time_zone FROM facilities WHERE code = $1', [
    code,
  ]);

describe('importing facilities', () => {
  it('creates, then updates by code, and audits the import', async () => {
    const first = await importCsv('facilities', [
      'code,name,time_zone',
      'IMP-A,Hôpital Saint-Éloi,america/new_york',
      'IMP-B,東京総合病院 🏥,Asia/Tokyo',
    ]);
    expect(first).toEqual({ ok: true, dryRun: false, kind: 'facilities', rows: 2, created: 2, updated: 0, errors: [] });
    expect(await facilityRow('IMP-A')).toEqual([{ name: 'Hôpital Saint-Éloi', time_zone: 'America/New_York' }]);
    expect(await facilityRow('IMP-B')).toEqual([{ name: '東京総合病院 🏥', time_zone: 'Asia/Tokyo' }]);

    const second = await importCsv('facilities', [
      'Code,Name,Time Zone',
      'IMP-A,Saint-Éloi North,America/Chicago',
      'IMP-B,東京総合病院 🏥,Asia/Tokyo',
      'IMP-C,Lakeside,UTC',
    ]);
    expect(second).toMatchObject({ ok: true, created: 1, updated: 2 });
    expect(await facilityRow('IMP-A')).toEqual([{ name: 'Saint-Éloi North', time_zone: 'America/Chicago' }]);
    const audit = await t.ctx.database.query<{ summary: Record<string, unknown> }>(
      "SELECT summary FROM audit_log WHERE action = 'directory.import' ORDER BY id",
    );
    expect(audit.map((a) => a.summary)).toEqual([
      { kind: 'facilities', rows: 2, created: 2, updated: 0 },
      { kind: 'facilities', rows: 3, created: 1, updated: 2 },
    ]);
  });

  it('on a dry run counts what would change and writes nothing', async () => {
    const report = await importCsv('facilities', ['code,name,time_zone', 'IMP-DRY,Dry Run General,UTC'], true);
    expect(report).toMatchObject({ ok: true, dryRun: true, created: 1, updated: 0 });
    expect(await facilityRow('IMP-DRY')).toEqual([]);
  });

  it('reports every bad row by line and imports nothing, not even the good rows', async () => {
    const report = await importCsv('facilities', [
      'code,name,time_zone',
      'IMP-OK,Fine Hospital,UTC',
      'IMP-TZ,Bad Zone,Mars/Olympus',
      '"IMP-ML","Two',
      'lines",UTC',
      'IMP-OK,Same code again,UTC',
      'IMP-ENC,Caf\uFFFD General,UTC',
      `IMP-LONG,${'x'.repeat(10_000)},UTC`,
      ',No code,UTC',
    ]);
    expect(report.ok).toBe(false);
    expect(report.errors.map((e) => `${e.line} ${e.field}`)).toEqual([
      '3 time_zone',
      '6 code',
      '7 name',
      '8 name',
      '9 code',
    ]);
    expect(report.errors[0]!.message).toContain('"Mars/Olympus" is not an IANA time zone');
    expect(report.errors[1]!.message).toBe('repeats line 2');
    expect(report.errors[2]!.message).toMatch(/not UTF-8/);
    expect(await facilityRow('IMP-OK')).toEqual([]);
    expect(await facilityRow('IMP-ML')).toEqual([]);
  });

  it('refuses NUL characters and a broken file with the line', async () => {
    const nul = await importCsv('facilities', ['code,name,time_zone', 'IMP-NUL,A\u0000B,UTC']);
    expect(nul.errors).toEqual([{ line: 2, field: 'name', message: expect.stringMatching(/not UTF-8/) }]);
    const broken = await importCsv('facilities', ['code,name,time_zone', 'IMP-Q,"unclosed,UTC']);
    expect(broken.errors).toEqual([{ line: 2, field: '(file)', message: expect.stringMatching(/not valid CSV/) }]);
    const header = await importCsv('facilities', ['code,title']);
    expect(header.errors.map((e) => e.field)).toEqual(['title', 'name', 'time_zone']);
  });

  it('accepts files larger than the usual request limit (a dry run of 20,000 rows)', async () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => `BULK-${i},Bulk Facility Number ${i} of Many,UTC`);
    const report = await importCsv('facilities', ['code,name,time_zone', ...rows], true);
    expect(report).toMatchObject({ ok: true, rows: 20_000, created: 20_000 });
  });
});

describe('importing units, people and services', () => {
  it('adds units to known facilities and refuses unknown facility codes', async () => {
    const bad = await importCsv('units', [
      'facility_code,code,name,kind',
      `${h.facility.code},IMP-1,One,icu`,
      'NOPE,2,Two,ed',
    ]);
    expect(bad.errors).toEqual([{ line: 3, field: 'facility_code', message: expect.stringMatching(/"NOPE"/) }]);
    const ok = await importCsv('units', [
      'facility_code,code,name,kind,clinical',
      `${h.facility.code},IMP-1,ICU One,icu,yes`,
      `${h.facility.code},${h.ward.code},4 West (renamed),inpatient,`,
    ]);
    expect(ok).toMatchObject({ ok: true, created: 1, updated: 1 });
    const names = await t.ctx.database.query<{ name: string }>('SELECT name FROM units WHERE id = $1', [h.ward.id]);
    expect(names).toEqual([{ name: '4 West (renamed)' }]);
  });

  it('adds people with their unit, manager (even later in the file) and account', async () => {
    const report = await importCsv('people', [
      'employee_id,display_name,clinical_role,facility_code,unit_code,phones,manager_employee_id,username,provider',
      `IMP-E1,Ann Lee,rn,${h.facility.code},${h.ward.code},(312) 555-0100; 4521,IMP-E2,${h.users.agent2.username},no`,
      `IMP-E2,Dr. Grace Kim,attending,${h.facility.code},${h.ward.code},,,,yes`,
    ]);
    expect(report, JSON.stringify(report.errors)).toMatchObject({ ok: true, created: 2 });
    const [ann] = await t.ctx.database.query<{
      phones: string[];
      manager_id: string;
      user_id: string;
      unit_id: string;
    }>("SELECT phones, manager_id, user_id, unit_id FROM people WHERE employee_id = 'IMP-E1'");
    const [grace] = await t.ctx.database.query<{ id: string; provider: boolean }>(
      "SELECT id, provider FROM people WHERE employee_id = 'IMP-E2'",
    );
    expect(ann).toEqual({
      phones: ['13125550100', '4521'],
      manager_id: grace!.id,
      user_id: h.users.agent2.id,
      unit_id: h.ward.id,
    });
    expect(grace!.provider).toBe(true);

    // Columns left out keep their values; an account linked to someone else is refused.
    const again = await importCsv('people', ['employee_id,display_name,clinical_role', 'IMP-E1,Ann Lee-Park,rn']);
    expect(again).toMatchObject({ ok: true, created: 0, updated: 1 });
    const [kept] = await t.ctx.database.query<{ display_name: string; phones: string[] }>(
      "SELECT display_name, phones FROM people WHERE employee_id = 'IMP-E1'",
    );
    expect(kept).toEqual({ display_name: 'Ann Lee-Park', phones: ['13125550100', '4521'] });
    const taken = await importCsv('people', [
      'employee_id,display_name,clinical_role,username',
      `IMP-E3,Someone,rn,${h.users.agent2.username}`,
    ]);
    expect(taken.errors).toEqual([{ line: 2, field: 'username', message: 'is already linked to employee IMP-E1' }]);
  });

  it('adds applications with their modules from one file', async () => {
    const report = await importCsv('services', [
      'kind,name,parent,clinical_critical',
      `module,PowerChart,Cerner ${h.tag},yes`,
      `application,Cerner ${h.tag},,yes`,
      `module,Radiant,${h.ehr.name},no`,
      `device,Label printers ${h.tag},,`,
    ]);
    expect(report, JSON.stringify(report.errors)).toMatchObject({ ok: true, created: 4 });
    const modules = await t.ctx.database.query<{ name: string; parent: string }>(
      `SELECT s.name, p.name AS parent FROM services s JOIN services p ON p.id = s.parent_id
       WHERE s.name IN ('PowerChart', 'Radiant') ORDER BY s.name`,
    );
    expect(modules).toEqual([
      { name: 'PowerChart', parent: `Cerner ${h.tag}` },
      { name: 'Radiant', parent: h.ehr.name },
    ]);
  });
});

describe('who may import, and what', () => {
  it('is for administrators only; unknown kinds and extra fields are 400s', async () => {
    for (const who of ['agent', 'nurse', 'vendor']) {
      const c = await t.signIn(who);
      const res = await c.post('/api/v1/imports/facilities', { csv: 'code,name,time_zone\n', dryRun: true });
      expect(res.statusCode, who).toBe(403);
    }
    expect((await admin.post('/api/v1/imports/tickets', { csv: 'a\n', dryRun: true })).statusCode).toBe(400);
    expect((await admin.post('/api/v1/imports/units', { csv: 'a\n', dryRun: true, force: true })).statusCode).toBe(400);
    expect((await admin.post('/api/v1/imports/units', { dryRun: true })).statusCode).toBe(400);
  });
});
