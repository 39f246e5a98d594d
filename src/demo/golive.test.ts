// The demo's go-live command center: the community hospital's go-live has its event, zones with leaders, a roster
// without overlapping shifts, and its go-live tickets tied to it, so the board, the roll-ups and the huddle report
// answer for a newcomer. Seeds its own demo hospital of 1,500 tickets (as the e2e desks have; the unit tests' template
// is too small to hold go-live tickets). PGlite; PostgreSQL with TEST_DATABASE_URL.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTestApp, type TestApp } from '../../test/app.ts';
import { SYSTEM_META } from '../platform/actor.ts';
import { rowsOf } from '../platform/db/connect.ts';
import { seedDemo } from './seed.ts';

let t: TestApp;
let manager: Client;
const one = async <T>(q: ReturnType<typeof sql>) => rowsOf<T>(await t.ctx.database.db.execute(q))[0]!;

beforeAll(async () => {
  t = await createTestApp({ seedDemo: false });
  expect(await seedDemo(t.ctx.database, SYSTEM_META, { tickets: 1500 })).toBe(true);
  manager = await t.signIn('manager');
}, 300_000);
afterAll(() => t.close());

describe('the demo go-live', () => {
  it('has one event at the community hospital with four zones, each unit in one, and leaders', async () => {
    const events = (await manager.get('/api/v1/golive/events')).json();
    expect(events).toHaveLength(1);
    const e = (await manager.get(`/api/v1/golive/events/${events[0].id}`)).json();
    expect(e.facilities.map((f: { name: string }) => f.name)).toEqual(["St. Mary's Lakeshore Hospital"]);
    expect(e.zones).toHaveLength(4);
    expect(e.zones.filter((z: { leader: unknown }) => z.leader !== null).length).toBeGreaterThanOrEqual(2);
    const units = await one<{ all: number; zoned: number }>(sql`SELECT
        (SELECT count(*) FROM units u JOIN facilities f ON f.id = u.facility_id WHERE f.code = 'SMLH')::int AS all,
        (SELECT count(*) FROM golive_zone_units)::int AS zoned`);
    expect(units.zoned).toBe(units.all);
  });

  it('has a roster with nobody on two overlapping shifts, everyone checked in and out', async () => {
    const r = await one<{ shifts: number; overlaps: number; open: number; consultants: number }>(sql`SELECT
        (SELECT count(*) FROM golive_shifts)::int AS shifts,
        (SELECT count(*) FROM golive_shifts a JOIN golive_shifts b ON a.person_id = b.person_id AND a.id < b.id
          AND a.starts_at < b.ends_at AND b.starts_at < a.ends_at)::int AS overlaps,
        (SELECT count(*) FROM golive_shifts WHERE checked_in_at IS NULL OR checked_out_at IS NULL)::int AS open,
        (SELECT count(*) FROM golive_shifts s JOIN providers p ON p.id = s.provider_id
          WHERE p.kind = 'outsourcer')::int AS consultants`);
    expect(r.shifts).toBeGreaterThan(100);
    expect(r.overlaps).toBe(0);
    expect(r.open).toBe(0);
    expect(r.consultants).toBeGreaterThan(0);
  });

  it('ties every go-live ticket of the surge to the event, and the roll-up and huddle count them', async () => {
    const [e] = (await manager.get('/api/v1/golive/events')).json();
    const r = await one<{ tickets: number; issues: number; zoned: number; on_spot: number }>(sql`SELECT
        (SELECT count(*) FROM tickets t JOIN facilities f ON f.id = t.facility_id
          WHERE t.channel = 'go_live' AND f.code = 'SMLH' AND t.created_at >= ${e.startsAt}::timestamptz
            AND t.created_at < ${e.endsAt}::timestamptz)::int AS tickets,
        (SELECT count(*) FROM golive_issues)::int AS issues,
        (SELECT count(*) FROM golive_issues WHERE zone_id IS NOT NULL)::int AS zoned,
        (SELECT count(*) FROM golive_issues WHERE resolved_on_spot)::int AS on_spot`);
    expect(r.issues).toBeGreaterThan(0);
    expect(r.issues).toBe(r.tickets);
    expect(r.zoned).toBe(r.issues);
    expect(r.on_spot).toBeGreaterThan(0);
    const rollup = (await manager.get(`/api/v1/golive/events/${e.id}/rollup?hours=1440`)).json();
    const logged = rollup.trend.reduce((s: number, d: { logged: number }) => s + d.logged, 0);
    expect(logged).toBe(r.issues);
    expect(rollup.hours.reduce((s: number, h: { total: number }) => s + h.total, 0)).toBe(r.issues);
    // The huddle on the morning after the first issue: it holds that issue, and the day's shifts were on the floor.
    const first = await one<{ at: string }>(
      sql`SELECT (min(created_at) + interval '6 hours')::text AS at FROM golive_issues`,
    );
    const huddle = await manager.get(
      `/api/v1/golive/events/${e.id}/huddle?at=${encodeURIComponent(new Date(first.at).toISOString())}`,
    );
    expect(huddle.statusCode, huddle.body).toBe(200);
    expect(huddle.json().totals.logged).toBeGreaterThan(0);
    expect(huddle.json().onFloor).toBeGreaterThan(0);
    const known = (await manager.get(`/api/v1/golive/events/${e.id}/known-issues`)).json();
    expect(known.length).toBeGreaterThanOrEqual(1);
    expect(known[0].article).not.toBeNull();
  });
});
