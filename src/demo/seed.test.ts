// The demo hospital in a real database: it loads only into an empty database, the same inputs give the same rows,
// the directory is wired as the desk expects, and the demo accounts sign in.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../test/app.ts';
import { openTestDatabase } from '../../test/db.ts';
import { SYSTEM_META } from '../platform/actor.ts';
import type { Database } from '../platform/db/connect.ts';
import { DEMO_ACCOUNTS } from './accounts.ts';
import { HISTORY_TABLES } from './load.ts';
import { seedDemo } from './seed.ts';

const NOW = new Date('2026-03-02T15:30:00Z');
const TICKETS = 800;

/** A digest of every seeded table (password hashes are salted, so left out; the audit trail has real times). */
async function digest(db: Database): Promise<Record<string, string>> {
  const tables: Record<string, string> = {
    facilities: 'facilities t',
    units: 'units t',
    locations: 'locations t',
    assets: 'assets t',
    providers: 'providers t',
    services: 'services t',
    groups: 'groups t',
    coverage: 'coverage t',
    users: '(select id, username, display_name, email, role, created_at from users) t',
    people: 'people t',
    group_members: 'group_members t',
    unit_leaders: 'unit_leaders t',
    skills: 'skills t',
    tickets: 'tickets t',
    ticket_comments: 'ticket_comments t',
    ticket_handoffs: 'ticket_handoffs t',
    ticket_activity: 'ticket_activity t',
    contacts:
      '(select id, line, person_id, offered_at, answered_at, ended_at, wrap_done_at, agent_id, outcome from contacts) t',
    contact_tickets: 'contact_tickets t',
    survey_pulses: 'survey_pulses t',
    survey_invitations: 'survey_invitations t',
    survey_responses: 'survey_responses t',
    verifications: 'verifications t',
    verification_attempts: 'verification_attempts t',
    incidents: 'incidents t',
    incident_tickets: 'incident_tickets t',
    incident_timeline: 'incident_timeline t',
    incident_updates: 'incident_updates t',
    incident_recovery_items: 'incident_recovery_items t',
    incident_reviews: 'incident_reviews t',
    incident_review_actions: 'incident_review_actions t',
  };
  const out: Record<string, string> = {};
  for (const [name, from] of Object.entries(tables)) {
    const [row] = await db.query<{ n: number; md5: string }>(
      `select count(*)::int n, md5(coalesce(string_agg(x, '|' order by x), '')) md5 from (select t::text x from ${from}) s`,
    );
    out[name] = `${row!.n}:${row!.md5}`;
  }
  return out;
}

const count = async (db: Database, sql: string, params: unknown[] = []) =>
  Number((await db.query<{ n: string }>(sql, params))[0]!.n);

let db: Database;
beforeAll(async () => {
  db = await openTestDatabase();
  expect(await seedDemo(db, SYSTEM_META, { tickets: TICKETS, now: NOW })).toBe(true);
});
afterAll(async () => db?.close());

describe('the demo seed', () => {
  it('loads the same rows twice from the same inputs', async () => {
    const other = await openTestDatabase();
    try {
      expect(await seedDemo(other, SYSTEM_META, { tickets: TICKETS, now: NOW })).toBe(true);
      expect(await digest(other)).toEqual(await digest(db));
    } finally {
      await other.close();
    }
    // A whole second seed: ~10 s on a quiet machine, several times that on a busy one.
  }, 120_000);

  it('does nothing on a database that already has accounts', async () => {
    const before = await digest(db);
    expect(await seedDemo(db, SYSTEM_META, { tickets: 50 })).toBe(false);
    expect(await digest(db)).toEqual(before);
    expect(await count(db, `select count(*) n from audit_log where action = 'demo.seed'`)).toBe(1);
  });

  it('writes one audit entry with the counts, not one per row', async () => {
    const [entry] = await db.query<{ summary: Record<string, number> }>(
      `select summary from audit_log where action = 'demo.seed'`,
    );
    expect(entry!.summary).toMatchObject({ tickets: TICKETS, facilities: 3, users: 36 });
    expect(await count(db, 'select count(*) n from audit_log')).toBe(1);
  });

  it('meets every foreign key of the history loaded without row-by-row checks, and has every index back', async () => {
    // Each key is dropped and added again, which checks every row, in a transaction that is then rolled back.
    const keys = await db.query<{ tbl: string; name: string; definition: string }>(
      `select conrelid::regclass::text tbl, conname name, pg_get_constraintdef(oid) definition from pg_constraint
        where contype = 'f' and conrelid = any($1::text[]::regclass[]) order by 1, 2`,
      [HISTORY_TABLES],
    );
    expect(keys.length).toBeGreaterThan(20);
    const checked = new Error('every key checked');
    await expect(
      db.db.transaction(async (tx) => {
        for (const k of keys) {
          await tx.execute(sql.raw(`alter table ${k.tbl} drop constraint ${k.name}`));
          await tx.execute(sql.raw(`alter table ${k.tbl} add constraint ${k.name} ${k.definition}`));
        }
        throw checked;
      }),
    ).rejects.toBe(checked);

    const indexes = (d: Database) =>
      d.query<{ def: string }>('select indexdef def from pg_indexes where tablename = any($1::text[]) order by 1', [
        HISTORY_TABLES,
      ]);
    const migrated = await openTestDatabase('empty');
    try {
      expect(await indexes(db)).toEqual(await indexes(migrated));
    } finally {
      await migrated.close();
    }
  });

  it('checked the caller before every password reset and unlock it resolved, as the desk must', async () => {
    const credential = `select count(*) n from tickets where resolution_code in ('password_reset', 'account_unlocked')`;
    expect(await count(db, credential)).toBeGreaterThan(0);
    const unchecked = `${credential} and not exists (select 1 from verifications v where v.ticket_id = tickets.id
      and v.state = 'verified' and v.changed_at is not null and v.changed_at <= tickets.resolved_at
      and v.request = case resolution_code when 'password_reset' then 'password_reset' else 'account_unlock' end)`;
    expect(await count(db, unchecked)).toBe(0);
    // Prescribers' resets needed two checks, and the checks are the ones the policy allows.
    expect(
      await count(db, `select count(*) n from verifications where risk_level = 'high' and required = 2`),
    ).toBeGreaterThan(0);
    const short = `select count(*) n from verifications v where v.required >
      (select count(distinct a.method) from verification_attempts a where a.verification_id = v.id
       and a.outcome = 'passed' and a.method = any(v.methods))`;
    expect(await count(db, short)).toBe(0);
  });

  it('builds St. Mary’s Health: 3 facilities, ~40 units with rooms and assets, a catalogue with coverage', async () => {
    expect(await count(db, 'select count(*) n from facilities')).toBe(3);
    expect(await count(db, 'select count(distinct time_zone) n from facilities')).toBe(2);
    const units = await count(db, 'select count(*) n from units');
    expect(units).toBeGreaterThanOrEqual(38);
    expect(units).toBeLessThanOrEqual(45);
    const inpatientWithoutRooms = `select count(*) n from units u where u.kind in ('inpatient','icu')
      and not exists (select 1 from locations l where l.unit_id = u.id and l.kind = 'room')
      or u.kind in ('inpatient','icu') and not exists (select 1 from locations l where l.unit_id = u.id and l.kind = 'nurse_station')`;
    expect(await count(db, inpatientWithoutRooms)).toBe(0);
    expect(await count(db, 'select count(*) n from assets')).toBeGreaterThan(1000);
    expect(await count(db, `select count(distinct device_type) n from assets`)).toBeGreaterThanOrEqual(9);
    // Every module's parent is an application; nothing else has a parent.
    const badParents = `select count(*) n from services s left join services p on p.id = s.parent_id
      where (s.kind = 'module') <> (p.kind is not distinct from 'application')`;
    expect(await count(db, badParents)).toBe(0);
    expect(await count(db, `select count(*) n from services where kind = 'module'`)).toBeGreaterThanOrEqual(13);
    const uncovered = `select count(*) n from services s
      where not exists (select 1 from coverage c where c.service_id = s.id and c.tier = 'tier1')`;
    expect(await count(db, uncovered)).toBe(0);
    const wrongTier = `select count(*) n from coverage c join groups g on g.id = c.group_id where g.tier <> c.tier`;
    expect(await count(db, wrongTier)).toBe(0);
    expect(await db.query(`select kind from providers order by kind`)).toEqual([
      { kind: 'ehr_vendor' },
      { kind: 'in_house' },
      { kind: 'outsourcer' },
    ]);
    expect(
      await count(
        db,
        `select count(*) n from groups g where not exists (select 1 from group_members m where m.group_id = g.id)`,
      ),
    ).toBe(0);
  });

  it('gives every unit with people a leader of that unit, and the demo nurse leads hers (told of its outages)', async () => {
    const unled = `select count(*) n from units u
      where exists (select 1 from people p where p.unit_id = u.id and p.user_id is null)
        and not exists (select 1 from unit_leaders l where l.unit_id = u.id)`;
    expect(await count(db, unled)).toBe(0);
    const elsewhere = `select count(*) n from unit_leaders l join people p on p.id = l.person_id
      where p.unit_id is distinct from l.unit_id`;
    expect(await count(db, elsewhere)).toBe(0);
    const nurseLeads = `select count(*) n from unit_leaders l join people p on p.id = l.person_id
      join users u on u.id = p.user_id where u.username = 'nurse'`;
    expect(await count(db, nurseLeads)).toBe(1);
  });

  it('has ~2,000 requesters with a clinical mix, normalised phones and the provider and sensitive flags', async () => {
    const roles = await db.query<{ clinical_role: string; n: number }>(
      `select clinical_role, count(*)::int n from people where clinical_role <> 'it' group by 1 order by 2 desc`,
    );
    const total = roles.reduce((s, r) => s + r.n, 0);
    expect(total).toBeGreaterThanOrEqual(2000);
    expect(total).toBeLessThan(2100);
    expect(roles[0]!.clinical_role).toBe('rn');
    expect(roles.map((r) => r.clinical_role)).toEqual(
      expect.arrayContaining(['attending', 'resident', 'app', 'pharmacist', 'tech', 'unit_clerk', 'registration']),
    );
    const wrongProvider = `select count(*) n from people where clinical_role <> 'it'
      and provider <> (clinical_role in ('attending','resident','app'))`;
    expect(await count(db, wrongProvider)).toBe(0);
    expect(
      await count(db, `select count(*) n from people where clinical_role = 'revenue_cycle' and not sensitive`),
    ).toBe(0);
    expect(await count(db, `select count(*) n from people, unnest(phones) p where p !~ '^1[0-9]{3}555[0-9]{4}$'`)).toBe(
      0,
    );
    expect(await count(db, `select count(*) n from people where cardinality(phones) not between 1 and 2`)).toBe(0);
    expect(await count(db, `select count(*) n from people where manager_id is not null`)).toBeGreaterThan(1000);
    expect(await count(db, `select count(*) n from people where provider and specialty is null`)).toBe(0);
  });

  it('wires the demo accounts: agent Tier 1-Plus, analyst Tier 2, engineer Tier 3, vendor, nurse and doctor', async () => {
    const tiers = async (username: string) =>
      (
        await db.query<{ tier: string }>(
          `select distinct g.tier from users u join group_members m on m.user_id = u.id join groups g on g.id = m.group_id
           where u.username = $1`,
          [username],
        )
      ).map((r) => r.tier);
    expect(await tiers('agent')).toEqual(['tier1']);
    expect(await tiers('analyst')).toEqual(['tier2']);
    expect(await tiers('engineer')).toEqual(['tier3']);
    expect(await tiers('vendor')).toEqual(['vendor']);
    const person = async (username: string) =>
      (
        await db.query<Record<string, unknown>>(
          `select p.clinical_role, p.provider, p.super_user, p.specialty, un.kind unit_kind, un.name unit, pr.kind org
           from people p join users u on u.id = p.user_id left join units un on un.id = p.unit_id
           left join providers pr on pr.id = p.provider_org_id where u.username = $1`,
          [username],
        )
      )[0];
    expect(await person('vendor')).toMatchObject({ org: 'ehr_vendor' });
    expect(await person('nurse')).toMatchObject({ clinical_role: 'rn', super_user: true, unit_kind: 'inpatient' });
    expect((await person('nurse'))!.unit).toMatch(/Medical-Surgical/);
    expect(await person('doctor')).toMatchObject({ clinical_role: 'attending', provider: true, unit_kind: 'ed' });
    const withPassword = await db.query<{ username: string }>(
      `select username from users where password_hash is not null order by username`,
    );
    expect(withPassword.map((u) => u.username)).toEqual(DEMO_ACCOUNTS.map((a) => a.username).sort());
    const staffRoles = `select count(*) n from users where role in ('agent','analyst','engineer','manager')`;
    expect(await count(db, staffRoles)).toBeGreaterThanOrEqual(28);
    expect(
      await count(
        db,
        'select count(*) n from users u where not exists (select 1 from people p where p.user_id = u.id)',
      ),
    ).toBe(0);
  });
});

describe('the demo accounts', () => {
  it('sign in, and the vendor sees only tickets escalated to the EHR vendor', async () => {
    // Its own demo at this file's fixed time: which tickets reach the vendor depends on the calendar the history is
    // drawn on, and the run's small demo template, drawn at today's date, may hold none.
    const t = await createTestApp({ seedDemo: false });
    try {
      expect(await seedDemo(t.ctx.database, SYSTEM_META, { tickets: TICKETS, now: NOW })).toBe(true);
      for (const a of DEMO_ACCOUNTS) await t.signIn(a.username);
      const vendor = await t.signIn('vendor');
      const list = await vendor.get('/api/v1/tickets?limit=200');
      expect(list.statusCode).toBe(200);
      const seen = (list.json() as { items: { number: string }[] }).items.map((i) => Number(i.number.slice(4)));
      // Exactly the tickets escalated to the vendor's own provider: some (the demo has them), and no others.
      const escalated = await t.ctx.database.query<{ number: string }>(
        `select t.number::text from tickets t join people p on p.provider_org_id = any(t.provider_ids)
         join users u on u.id = p.user_id where u.username = 'vendor'`,
      );
      expect(escalated.length).toBeGreaterThan(0);
      expect(escalated.length).toBeLessThanOrEqual(200);
      expect(seen.sort((a, b) => a - b)).toEqual(escalated.map((r) => Number(r.number)).sort((a, b) => a - b));
      const agent = await t.signIn('agent');
      expect((await agent.get('/api/v1/tickets?limit=5')).json().total).toBeGreaterThan(0);
    } finally {
      await t.close();
    }
  }, 120_000);
});
