// Route × role: every operation in the OpenAPI document states who may call it (`x-access`, from the route's
// `config.access`); this calls every operation as every kind of caller and checks the real answer matches:
// 401 for nobody signed in, 403 where the role is not permitted, neither where it is. A new route without
// declared access cannot start (and would have no `x-access`), so it fails here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTestApp, type TestApp } from '../../../test/app.ts';
import { integrationToken } from '../../../test/factories.ts';
import { people } from '../../features/directory/tables.ts';
import { SYSTEM_META } from '../actor.ts';
import { can, PERMISSIONS, type Permission, type Role } from '../auth/roles.ts';
import { createUser } from '../auth/service.ts';
import { newId } from '../ids.ts';

type Caller = { name: string; role: Role | null; client: () => Client };
type Operation = { method: string; path: string; access: string };

let t: TestApp;
let operations: Operation[];
const callers: Caller[] = [];

beforeAll(async () => {
  t = await createTestApp();
  const password = 'a-long-test-passphrase';
  const account = (username: string, role: Role) =>
    createUser(t.ctx, SYSTEM_META, { username, displayName: username, role, password });
  // A unit super-user is a requester whose person record carries the flag (they may open tickets for the unit).
  const superUser = await account('unit-super-user', 'requester');
  const [unit] = await t.ctx.database.query<{ id: string; facility_id: string }>(
    'SELECT id, facility_id FROM units WHERE clinical ORDER BY code LIMIT 1',
  );
  await t.ctx.database.db.insert(people).values({
    id: newId(),
    facilityId: unit!.facility_id,
    unitId: unit!.id,
    displayName: 'Ada Cole, RN',
    clinicalRole: 'rn',
    userId: superUser.id,
    superUser: true,
  });
  const token = await integrationToken(t.ctx, 'phone-system');
  // One sign-in per caller, reused for every route (signing out goes last: see the order below).
  const session = async (username: string, password?: string) => {
    const client = await t.signIn(username, password);
    return { client: () => client };
  };
  const add = (name: string, role: Role | null, client: () => Client) => callers.push({ name, role, client });
  add('anonymous', null, () => t.anonymous);
  add('requester', 'requester', (await session('nurse')).client);
  add('unit super-user', 'requester', (await session('unit-super-user', password)).client);
  for (const role of ['agent', 'analyst', 'engineer', 'manager', 'vendor', 'admin'] as const) {
    add(role, role, (await session(role)).client);
  }
  add('integration (API token)', 'integration', () => t.withToken(token));

  const spec = (await t.anonymous.get('/api/openapi.json')).json() as {
    paths: Record<string, Record<string, { 'x-access'?: string }>>;
  };
  operations = Object.entries(spec.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([m, op]) => ({ method: m.toUpperCase(), path, access: op['x-access'] ?? '' })),
  );
  // Signing out ends the session the other probes reuse, so it goes last.
  operations.sort((a, b) => Number(isSignOut(a)) - Number(isSignOut(b)));
});
afterAll(() => t.close());

const isSignOut = (o: Operation) => o.method === 'POST' && o.path === '/api/v1/auth/logout';

type Expected = 'sign in first (401)' | 'not permitted (403)' | 'permitted';

function expected(access: string, role: Role | null): Expected {
  if (access === 'public') return 'permitted';
  if (role === null) return 'sign in first (401)';
  // 'signed-in' is any person's account: an integration's token gets only what its permissions name.
  const needed = access === 'signed-in' ? 'session:self' : (access as Permission);
  return can(role, needed) ? 'permitted' : 'not permitted (403)';
}

/**
 * The smallest request that gets past access: path parameters that name nothing, an unknown query parameter and
 * an unknown body field. A permitted caller then mostly gets 400 (which proves access passed) and nothing changes.
 */
async function probe(client: Client, o: Operation) {
  const url = `${o.path.replace(/\{\w+\}/g, 'matrix-probe')}?matrixProbe=1`;
  const withBody = o.method === 'POST' || o.method === 'PUT' || o.method === 'PATCH';
  const abort = new AbortController();
  const res = await client.request({
    method: o.method as 'GET',
    url,
    ...(withBody ? { payload: { matrixProbe: true } } : {}),
    payloadAsStream: true, // an event stream never ends: read its headers, then hang up
    signal: abort.signal,
  });
  const contentType = String(res.headers['content-type'] ?? '');
  if (contentType.startsWith('text/event-stream')) abort.abort();
  else for await (const _ of res.stream()) void _;
  return { status: res.statusCode, contentType };
}

function outcome(status: number): Expected {
  if (status === 401) return 'sign in first (401)';
  if (status === 403) return 'not permitted (403)';
  return 'permitted';
}

describe('route × role access matrix, from the OpenAPI document', () => {
  it('has an access statement for every operation, naming a known permission', () => {
    expect(operations.filter((o) => o.path.startsWith('/api/v1/')).length).toBeGreaterThan(50);
    const known = new Set<string>(['public', 'signed-in', ...PERMISSIONS]);
    const unknown = operations.filter((o) => !known.has(o.access)).map((o) => `${o.method} ${o.path}`);
    expect(unknown).toEqual([]);
  });

  it.each([
    'anonymous',
    'requester',
    'unit super-user',
    'agent',
    'analyst',
    'engineer',
    'manager',
    'vendor',
    'integration (API token)',
    'admin',
  ])(
    'answers %s as each route documents',
    async (name) => {
      const caller = callers.find((c) => c.name === name)!;
      const wrong: string[] = [];
      for (const o of operations) {
        const want = expected(o.access, caller.role);
        const { status, contentType } = await probe(caller.client(), o);
        const got = outcome(status);
        const problem = status < 400 || contentType === 'application/problem+json';
        if (got !== want || status >= 500 || !problem) {
          wrong.push(`${o.method} ${o.path} (${o.access}): expected ${want}, got ${status} ${contentType}`);
        }
      }
      expect(wrong).toEqual([]);
    },
    90_000,
  );
});
