// The service catalogue, providers, support groups, skills and coverage through the HTTP API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTestApp, type TestApp } from '../../../test/app.ts';
import { buildHospital, type Hospital } from '../../../test/factories.ts';
import { findCoverage } from './service.ts';

let t: TestApp;
let admin: Client;
let agent: Client;
let h: Hospital;
beforeAll(async () => {
  t = await createTestApp();
  admin = await t.signIn('admin');
  agent = await t.signIn('agent');
  h = await buildHospital(t.ctx);
});
afterAll(() => t.close());

const patch = (c: Client, url: string, payload: object) => c.request({ method: 'PATCH', url, payload });
const put = (c: Client, url: string, payload: object) => c.request({ method: 'PUT', url, payload });
const UNKNOWN = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';

async function created(res: { statusCode: number; body: string; json(): unknown }) {
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string } & Record<string, unknown>;
}

describe('the service catalogue', () => {
  it('holds applications with their modules; a module needs an application for parent', async () => {
    const app = await created(
      await admin.post('/api/v1/services', { kind: 'application', name: `Meditech Expanse ${h.tag}` }),
    );
    const mod = await created(
      await admin.post('/api/v1/services', {
        kind: 'module',
        name: 'Pharmacy',
        parentId: app.id,
        clinicalCritical: true,
      }),
    );
    expect(mod).toMatchObject({ kind: 'module', parentId: app.id, clinicalCritical: true });
    const modules = await agent.get(`/api/v1/services?parentId=${app.id}`);
    expect(modules.json()).toMatchObject({ total: 1, items: [{ name: 'Pharmacy' }] });

    const cases: [Record<string, unknown>, string][] = [
      [{ kind: 'module', name: 'Orphan' }, 'is required for a module: its application'],
      [{ kind: 'module', name: 'Tray', parentId: h.printers.id }, 'has kind device, not application'],
      [{ kind: 'device', name: `Scanners ${h.tag}`, parentId: app.id }, 'only modules have a parent application'],
      [{ kind: 'module', name: 'Ghost', parentId: UNKNOWN }, 'is not a service'],
    ];
    for (const [body, message] of cases) {
      const res = await admin.post('/api/v1/services', body);
      expect(res.statusCode, message).toBe(400);
      expect(res.json().errors).toEqual([{ field: 'parentId', message }]);
    }
  });

  it('keeps names unique among top-level services and within an application', async () => {
    const dup = await admin.post('/api/v1/services', { kind: 'device', name: h.printers.name });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().errors[0].field).toBe('name');
    // The same module name under another application is fine.
    const other = await created(
      await admin.post('/api/v1/services', { kind: 'application', name: `Other EHR ${h.tag}` }),
    );
    await created(await admin.post('/api/v1/services', { kind: 'module', name: 'BCMA', parentId: other.id }));
  });

  it('renames and flags services, filters by kind, and refuses unknown kinds', async () => {
    const infra = await created(
      await admin.post('/api/v1/services', { kind: 'infrastructure', name: `Wi-Fi ${h.tag}` }),
    );
    const res = await patch(admin, `/api/v1/services/${infra.id}`, {
      name: `Clinical Wi-Fi ${h.tag}`,
      clinicalCritical: true,
    });
    expect(res.json()).toMatchObject({
      name: `Clinical Wi-Fi ${h.tag}`,
      clinicalCritical: true,
      kind: 'infrastructure',
    });
    expect((await patch(admin, `/api/v1/services/${infra.id}`, { kind: 'device' })).statusCode).toBe(400);
    const list = await agent.get(`/api/v1/services?kind=infrastructure&q=${h.tag}`);
    expect(list.json().items.map((s: { id: string }) => s.id)).toContain(infra.id);
    expect((await agent.get('/api/v1/services?kind=toaster')).statusCode).toBe(400);
  });
});

describe('providers and groups', () => {
  it('adds providers by kind; names are unique', async () => {
    const p = await created(
      await admin.post('/api/v1/providers', { name: `Acme Outsourcing 🛠️ ${h.tag}`, kind: 'outsourcer' }),
    );
    expect(p.name).toBe(`Acme Outsourcing 🛠️ ${h.tag}`);
    expect((await admin.post('/api/v1/providers', { name: p.name, kind: 'in_house' })).statusCode).toBe(409);
    expect((await admin.post('/api/v1/providers', { name: 'X', kind: 'freelancer' })).statusCode).toBe(400);
    expect((await patch(admin, `/api/v1/providers/${p.id}`, { kind: 'other_vendor' })).json().kind).toBe(
      'other_vendor',
    );
    expect((await agent.get('/api/v1/providers?kind=other_vendor')).json().items).toContainEqual(
      expect.objectContaining({ id: p.id }),
    );
  });

  it('builds a group of a tier with staff members; requesters and misplaced vendor accounts are refused', async () => {
    const g = await created(
      await admin.post('/api/v1/groups', {
        name: `Night Tier 1 ${h.tag}`,
        tier: 'tier1',
        providerId: h.desk.id,
        memberIds: [h.users.agent.id, h.users.agent2.id, h.users.agent.id],
      }),
    );
    expect(g).toMatchObject({ tier: 'tier1', providerId: h.desk.id, description: null });
    expect(g.memberIds).toHaveLength(2);

    const requester = await admin.post('/api/v1/groups', {
      name: 'Bad group',
      tier: 'tier1',
      providerId: h.desk.id,
      memberIds: [h.users.nurse.id],
    });
    expect(requester.statusCode).toBe(400);
    expect(requester.json().errors[0]).toMatchObject({ field: 'memberIds' });
    expect(requester.json().errors[0].message).toMatch(/requester account/);
    const vendor = await patch(admin, `/api/v1/groups/${g.id}`, { memberIds: [h.users.vendor.id] });
    expect(vendor.statusCode).toBe(400);
    const ghost = await patch(admin, `/api/v1/groups/${g.id}`, { memberIds: [UNKNOWN] });
    expect(ghost.json().errors[0].message).toMatch(/not an account/);

    const changed = await patch(admin, `/api/v1/groups/${g.id}`, {
      memberIds: [h.users.analyst.id],
      description: 'Nights',
    });
    expect(changed.json()).toMatchObject({ memberIds: [h.users.analyst.id], description: 'Nights' });
    const listed = await agent.get(`/api/v1/groups?tier=tier1&providerId=${h.desk.id}`);
    expect(listed.json().items).toContainEqual(expect.objectContaining({ id: g.id, memberIds: [h.users.analyst.id] }));
  });

  it('refuses an unknown tier or provider, and a duplicate name', async () => {
    const tier = await admin.post('/api/v1/groups', { name: 'G1', tier: 'tier4', providerId: h.desk.id });
    expect(tier.json().errors.map((e: { field: string }) => e.field)).toEqual(['body.tier']);
    const provider = await admin.post('/api/v1/groups', { name: 'G2', tier: 'tier2', providerId: UNKNOWN });
    expect(provider.json().errors).toEqual([{ field: 'providerId', message: 'is not a support provider' }]);
    const dup = await admin.post('/api/v1/groups', { name: h.tier2.name, tier: 'tier2', providerId: h.desk.id });
    expect(dup.statusCode).toBe(409);
  });
});

describe('skills', () => {
  it('sets what a staff member knows: services and credentials; lists who knows what', async () => {
    const skills = [`service:${h.bcma.id}`, 'credential:RN', 'credential:RN'];
    const res = await put(admin, `/api/v1/skills/${h.users.agent.id}`, { skills });
    expect(res.json()).toEqual([
      { userId: h.users.agent.id, skill: 'credential:RN' },
      { userId: h.users.agent.id, skill: `service:${h.bcma.id}` },
    ]);
    const knowers = await agent.get(`/api/v1/skills?skill=${encodeURIComponent(`service:${h.bcma.id}`)}`);
    expect(knowers.json()).toMatchObject({ total: 1, items: [{ userId: h.users.agent.id }] });
  });

  it('refuses malformed skills, unknown services and unknown accounts', async () => {
    const bad = await put(admin, `/api/v1/skills/${h.users.agent.id}`, { skills: ['Epic'] });
    expect(bad.json().errors[0]).toMatchObject({ field: 'body.skills.0' });
    const ghost = await put(admin, `/api/v1/skills/${h.users.agent.id}`, { skills: [`service:${UNKNOWN}`] });
    expect(ghost.statusCode).toBe(400);
    expect((await put(admin, `/api/v1/skills/${UNKNOWN}`, { skills: [] })).statusCode).toBe(404);
    expect((await put(agent, `/api/v1/skills/${h.users.agent.id}`, { skills: [] })).statusCode).toBe(403);
  });
});

describe('coverage', () => {
  it('covers a module through its application until it has coverage of its own', async () => {
    expect(await findCoverage(t.ctx.database.db, h.bcma.id, 'tier2')).toEqual({
      groupId: h.tier2.id,
      providerId: h.desk.id,
    });
    const bcmaTeam = await created(
      await admin.post('/api/v1/groups', {
        name: `BCMA analysts ${h.tag}`,
        tier: 'tier2',
        providerId: h.outsourcer.id,
      }),
    );
    const set = await put(admin, '/api/v1/coverage', { serviceId: h.bcma.id, tier: 'tier2', groupId: bcmaTeam.id });
    expect(set.json()).toEqual({
      serviceId: h.bcma.id,
      tier: 'tier2',
      groupId: bcmaTeam.id,
      providerId: h.outsourcer.id,
    });
    expect(await findCoverage(t.ctx.database.db, h.bcma.id, 'tier2')).toEqual({
      groupId: bcmaTeam.id,
      providerId: h.outsourcer.id,
    });
    expect(await findCoverage(t.ctx.database.db, h.cpoe.id, 'tier2')).toMatchObject({ groupId: h.tier2.id });
    expect(await findCoverage(t.ctx.database.db, h.printers.id, 'vendor')).toBeNull();
    expect(await findCoverage(t.ctx.database.db, UNKNOWN, 'tier1')).toBeNull();

    const listed = await agent.get(`/api/v1/coverage?serviceId=${h.bcma.id}`);
    expect(listed.json()).toMatchObject({ total: 1, items: [{ groupId: bcmaTeam.id }] });

    const tierChange = await patch(admin, `/api/v1/groups/${bcmaTeam.id}`, { tier: 'tier3' });
    expect(tierChange.statusCode).toBe(409);
    expect(tierChange.json().errors[0].field).toBe('tier');

    const removed = await admin.delete(`/api/v1/coverage/${h.bcma.id}/tier2`);
    expect(removed.statusCode).toBe(204);
    expect(await findCoverage(t.ctx.database.db, h.bcma.id, 'tier2')).toMatchObject({ groupId: h.tier2.id });
    expect((await admin.delete(`/api/v1/coverage/${h.bcma.id}/tier2`)).statusCode).toBe(404);
    expect((await admin.delete(`/api/v1/coverage/${h.bcma.id}/tier9`)).statusCode).toBe(400);
  });

  it('lets a group cover services only at its own tier, and refuses unknown services', async () => {
    const wrongTier = await put(admin, '/api/v1/coverage', { serviceId: h.ehr.id, tier: 'tier3', groupId: h.tier1.id });
    expect(wrongTier.statusCode).toBe(400);
    expect(wrongTier.json().errors).toEqual([
      { field: 'groupId', message: 'is a tier1 group, so it cannot cover tier3' },
    ]);
    const ghost = await put(admin, '/api/v1/coverage', { serviceId: UNKNOWN, tier: 'tier1', groupId: h.tier1.id });
    expect(ghost.json().errors).toEqual([{ field: 'serviceId', message: 'is not a service' }]);
  });

  it('is read by desk staff only and changed by administrators only', async () => {
    const vendor = await t.signIn('vendor');
    expect((await vendor.get('/api/v1/coverage')).statusCode).toBe(403);
    expect((await vendor.get('/api/v1/groups')).statusCode).toBe(403);
    const body = { serviceId: h.ehr.id, tier: 'tier1', groupId: h.tier1.id };
    expect((await put(agent, '/api/v1/coverage', body)).statusCode).toBe(403);
  });
});
