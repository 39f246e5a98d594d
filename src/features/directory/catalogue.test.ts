// The pickers' catalogue (filtered by role), the priority matrix setting, and the directory's OpenAPI document.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTestApp, type TestApp } from '../../../test/app.ts';
import { buildHospital, type Hospital } from '../../../test/factories.ts';
import { DEFAULT_MATRIX } from '../tickets/rules/priority.ts';
import { getPriorityMatrix } from './service.ts';

let t: TestApp;
let admin: Client;
let h: Hospital;
beforeAll(async () => {
  t = await createTestApp();
  admin = await t.signIn('admin');
  h = await buildHospital(t.ctx);
});
afterAll(() => t.close());

const put = (c: Client, url: string, payload: object) => c.request({ method: 'PUT', url, payload });

describe('the catalogue', () => {
  it('gives desk staff facilities with units, applications with modules, devices, providers and groups', async () => {
    const agent = await t.signIn('agent');
    const res = await agent.get('/api/v1/directory/catalogue');
    expect(res.statusCode).toBe(200);
    const c = res.json();
    const facility = c.facilities.find((f: { id: string }) => f.id === h.facility.id);
    expect(facility).toMatchObject({ code: h.facility.code, timeZone: 'America/Chicago' });
    expect(facility.units.map((u: { id: string }) => u.id).sort()).toEqual([h.ward.id, h.billing.id].sort());
    expect(facility.units).toContainEqual(expect.objectContaining({ id: h.billing.id, clinical: false }));
    const ehr = c.applications.find((a: { id: string }) => a.id === h.ehr.id);
    expect(ehr.modules.map((m: { name: string }) => m.name).sort()).toEqual(['BCMA', 'CPOE']);
    expect(c.devices).toContainEqual({ id: h.printers.id, name: h.printers.name, clinicalCritical: false });
    expect(c.applications.some((a: { id: string }) => a.id === h.bcma.id)).toBe(false);
    expect(c.providers).toContainEqual({ id: h.vendor.id, name: h.vendor.name, kind: 'ehr_vendor' });
    expect(c.groups).toContainEqual({ id: h.tier2.id, name: h.tier2.name, tier: 'tier2', providerId: h.desk.id });
  });

  it('gives requesters and vendors places and services, but no groups or providers', async () => {
    for (const who of ['nurse', 'vendor']) {
      const c = (await (await t.signIn(who)).get('/api/v1/directory/catalogue')).json();
      expect(
        c.facilities.some((f: { id: string }) => f.id === h.facility.id),
        who,
      ).toBe(true);
      expect(
        c.applications.some((a: { id: string }) => a.id === h.ehr.id),
        who,
      ).toBe(true);
      expect(c.providers, who).toEqual([]);
      expect(c.groups, who).toEqual([]);
    }
    expect((await t.anonymous.get('/api/v1/directory/catalogue')).statusCode).toBe(401);
  });
});

describe('the priority matrix setting', () => {
  const firmer = { ...DEFAULT_MATRIX, '2,2': 1 as const };

  it('is the default until an administrator saves one', async () => {
    const nurse = await t.signIn('nurse');
    const res = await nurse.get('/api/v1/settings/priority-matrix');
    expect(res.json()).toEqual({ matrix: DEFAULT_MATRIX, isDefault: true, updatedAt: null });
    expect(await getPriorityMatrix(t.ctx.database.db)).toEqual(DEFAULT_MATRIX);
  });

  it('refuses a matrix that ranks a worse case above a better one, naming each problem', async () => {
    const res = await put(admin, '/api/v1/settings/priority-matrix', {
      matrix: { ...DEFAULT_MATRIX, '3,3': 1, '1,1': 4 },
    });
    expect(res.statusCode).toBe(400);
    const messages = res.json().errors.map((e: { field: string; message: string }) => {
      expect(e.field).toBe('matrix');
      return e.message;
    });
    expect(messages).toContain('impact 2 must not outrank impact 1 (urgency 1)');
    expect(messages).toContain('urgency 3 must not outrank urgency 2 (impact 3)');
    expect(messages.length).toBeGreaterThan(2);
  });

  it('refuses missing cells, unknown cells and priorities outside 1–4', async () => {
    const { '3,3': _, ...missing } = DEFAULT_MATRIX;
    for (const matrix of [missing, { ...DEFAULT_MATRIX, '3,3': 5 }, { ...DEFAULT_MATRIX, '4,4': 4 }]) {
      expect((await put(admin, '/api/v1/settings/priority-matrix', { matrix })).statusCode).toBe(400);
    }
  });

  it('is saved by administrators only, audited, and then used by tickets', async () => {
    for (const who of ['agent', 'manager', 'nurse']) {
      const c = await t.signIn(who);
      expect((await put(c, '/api/v1/settings/priority-matrix', { matrix: firmer })).statusCode, who).toBe(403);
    }
    const saved = await put(admin, '/api/v1/settings/priority-matrix', { matrix: firmer });
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({ matrix: firmer, isDefault: false });
    expect((await (await t.signIn('agent')).get('/api/v1/settings/priority-matrix')).json().matrix).toEqual(firmer);
    expect(await getPriorityMatrix(t.ctx.database.db)).toEqual(firmer);
    const audit = await t.ctx.database.query<{ summary: { before: unknown; after: unknown } }>(
      "SELECT summary FROM audit_log WHERE action = 'setting.set' AND target_id = 'priority_matrix'",
    );
    expect(audit).toEqual([{ summary: { before: DEFAULT_MATRIX, after: firmer } }]);
  });

  it('falls back to the default when what is stored is not a valid matrix', async () => {
    await t.ctx.database.query(`UPDATE settings SET value = '{"1,1": 9}'::jsonb WHERE key = 'priority_matrix'`);
    expect(await getPriorityMatrix(t.ctx.database.db)).toEqual(DEFAULT_MATRIX);
    expect((await admin.get('/api/v1/settings/priority-matrix')).json().isDefault).toBe(true);
  });
});

describe('the API description', () => {
  it('documents every directory route with its problem responses', async () => {
    const spec = (await t.anonymous.get('/api/openapi.json')).json();
    const op = (path: string, method: string) => spec.paths[path]?.[method];
    for (const [path, methods] of Object.entries({
      '/api/v1/facilities': ['get', 'post'],
      '/api/v1/facilities/{id}': ['patch'],
      '/api/v1/units': ['get', 'post'],
      '/api/v1/locations': ['get', 'post'],
      '/api/v1/assets': ['get', 'post'],
      '/api/v1/providers': ['get', 'post'],
      '/api/v1/services': ['get', 'post'],
      '/api/v1/groups': ['get', 'post'],
      '/api/v1/groups/{id}': ['patch'],
      '/api/v1/skills': ['get'],
      '/api/v1/skills/{userId}': ['put'],
      '/api/v1/coverage': ['get', 'put'],
      '/api/v1/coverage/{serviceId}/{tier}': ['delete'],
      '/api/v1/people': ['get', 'post'],
      '/api/v1/people/me': ['get'],
      '/api/v1/people/{id}': ['get', 'patch'],
      '/api/v1/directory/catalogue': ['get'],
      '/api/v1/settings/priority-matrix': ['get', 'put'],
      '/api/v1/imports/{kind}': ['post'],
    })) {
      for (const method of methods) expect(op(path, method), `${method} ${path}`).toBeDefined();
    }
    expect(Object.keys(op('/api/v1/facilities', 'post').responses)).toEqual(['201', '400', '401', '403', '409']);
    expect(op('/api/v1/imports/{kind}', 'post').parameters[0].schema.enum).toEqual([
      'facilities',
      'units',
      'people',
      'services',
    ]);
  });
});
