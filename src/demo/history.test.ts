// The seeded ticket history read back from the database: priorities recomputed from the stored facts, resolutions,
// numbers rising with time, statuses that replay from the activity rows, tier history, first-contact resolution
// derived with the desk's own rule, and the phone calls behind the tickets.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../test/db.ts';
import type { DeviceType, Tier } from '../domain/vocabulary.ts';
import { judgeTickets } from '../features/reports/facts-store.ts';
import { FIRST_CONTACT_SQL } from '../features/tickets/fcr-store.ts';
import { firstContact } from '../features/tickets/rules/fcr.ts';
import { computePriority, DEFAULT_MATRIX, impactOf, urgencyOf } from '../features/tickets/rules/priority.ts';
import { type Channel, LIVE_CHANNELS, type Scope, type Status } from '../features/tickets/rules/vocabulary.ts';
import { SYSTEM_META } from '../platform/actor.ts';
import { type Database, rowsOf } from '../platform/db/connect.ts';
import { seedDemo } from './seed.ts';

const NOW = new Date('2026-06-15T12:00:00Z');
const TICKETS = 3000;

type Row = {
  id: string;
  number: string;
  channel: Channel;
  status: Status;
  scope: Scope;
  patient_care_affected: boolean;
  patient_safety: boolean;
  workaround_available: boolean | null;
  device_type: DeviceType | null;
  clinical: boolean;
  critical: boolean;
  impact: number;
  urgency: number;
  priority: number;
  priority_reason: string;
  created_at: Date;
  updated_at: Date;
  opened_by_user_id: string | null;
  resolved_by_id: string | null;
};
let db: Database;
let tickets: Row[];

beforeAll(async () => {
  db = await openTestDatabase();
  await seedDemo(db, SYSTEM_META, { tickets: TICKETS, now: NOW });
  tickets = await db.query<Row>(
    `select t.*, u.clinical, coalesce(m.clinical_critical, s.clinical_critical) critical
     from tickets t join units u on u.id = t.unit_id join services s on s.id = t.service_id
     left join services m on m.id = t.module_id order by t.created_at, t.number`,
  );
  // 3,000 tickets with their calls, surveys and SLA clocks: under a minute alone, longer on a busy machine.
}, 180_000);
afterAll(async () => db?.close());

const count = async (sql: string) => Number((await db.query<{ n: string }>(sql))[0]!.n);

describe('the seeded ticket history', () => {
  it('has the requested tickets, numbered from the sequence in time order, within the 12 months', () => {
    expect(tickets).toHaveLength(TICKETS);
    const numbers = tickets.map((t) => Number(t.number));
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    expect(numbers[0]).toBe(1000);
    for (const t of tickets) {
      const created = t.created_at.getTime();
      expect(created).toBeLessThan(NOW.getTime());
      expect(created).toBeGreaterThanOrEqual(NOW.getTime() - 365 * 86_400_000);
      expect(t.updated_at.getTime()).toBeGreaterThanOrEqual(created);
    }
  });

  it('stores priorities equal to computePriority of the stored facts with the default matrix', () => {
    for (const t of tickets) {
      const impact = impactOf({ scope: t.scope, serviceClinicalCritical: t.critical });
      const urgency = urgencyOf({
        patientCareAffected: t.patient_care_affected,
        patientSafety: t.patient_safety,
        workaroundAvailable: t.workaround_available,
      });
      const p = computePriority(
        { impact, urgency, patientSafety: t.patient_safety, deviceType: t.device_type, clinicalArea: t.clinical },
        DEFAULT_MATRIX,
      );
      expect([t.impact, t.urgency, t.priority, t.priority_reason]).toEqual([impact, urgency, p.priority, p.reason]);
    }
  });

  it('gives every resolved ticket a resolution code, note, resolver and time; open ones none', async () => {
    expect(
      await count(`select count(*) n from tickets where status in ('resolved','closed')
        and (resolution_code is null or resolution_note is null or resolved_by_id is null or resolved_at is null)`),
    ).toBe(0);
    expect(
      await count(
        `select count(*) n from tickets where status not in ('resolved','closed') and resolved_at is not null`,
      ),
    ).toBe(0);
    expect(await count(`select count(*) n from tickets where (status = 'closed') <> (closed_at is not null)`)).toBe(0);
    const open = await count(`select count(*) n from tickets where status not in ('resolved','closed')`);
    expect(open).toBeGreaterThan(0);
    const statuses = await db.query<{ status: Status }>(`select distinct status from tickets where created_at > $1`, [
      new Date(NOW.getTime() - 30 * 86_400_000),
    ]);
    expect(statuses.map((s) => s.status)).toEqual(expect.arrayContaining(['closed', 'resolved', 'in_progress']));
  });

  it('replays each ticket’s status from its activity rows', async () => {
    const rows = await db.query<{ ticket_id: string; kind: string; data: { to?: Status } }>(
      `select ticket_id, kind, data from ticket_activity order by ticket_id, id`,
    );
    const replayed = new Map<string, Status>();
    for (const r of rows) {
      const now = replayed.get(r.ticket_id);
      if (r.kind === 'opened') expect(now).toBeUndefined();
      const next: Record<string, Status | undefined> = {
        opened: 'new',
        status: r.data.to,
        resolved: 'resolved',
        reopened: 'in_progress',
        closed: 'closed',
      };
      replayed.set(r.ticket_id, next[r.kind] ?? now!);
    }
    for (const t of tickets) expect(replayed.get(t.id)).toBe(t.status);
  });

  it('records escalations in the tier history, with vendor case numbers and every provider that held it', async () => {
    expect(
      await count(`select count(*) n from ticket_handoffs where to_tier = 'vendor' and vendor_reference is null`),
    ).toBe(0);
    expect(await count(`select count(*) n from ticket_handoffs where to_tier = 'vendor'`)).toBeGreaterThan(0);
    expect(
      await count(`select count(*) n from ticket_handoffs where kind = 'escalate' and to_tier = 'tier2'`),
    ).toBeGreaterThan(0);
    expect(
      await count(`select count(*) n from ticket_handoffs where kind = 'escalate' and to_tier = 'tier3'`),
    ).toBeGreaterThan(0);
    expect(
      await count(`select count(*) n from ticket_handoffs h join tickets t on t.id = h.ticket_id
        where not h.to_provider_id = any(t.provider_ids)`),
    ).toBe(0);
    expect(
      await count(
        `select count(*) n from tickets where provider_id is not null and not provider_id = any(provider_ids)`,
      ),
    ).toBe(0);
    expect(await count(`select count(*) n from ticket_comments where visibility = 'internal'`)).toBeGreaterThan(0);
    expect(await count(`select count(*) n from ticket_comments where visibility = 'public'`)).toBeGreaterThan(0);
  });

  it('resolves 70–85% of live contacts on first contact by the agent who took them (fcr.ts)', async () => {
    const live = tickets.filter((t) => LIVE_CHANNELS.includes(t.channel));
    const sample = live.filter((_, i) => i % 3 === 0);
    const ids = sample.map((t) => t.id);
    const handoffs = await db.query<{ ticket_id: string; kind: never; to_tier: Tier; to_user_id: string | null }>(
      `select ticket_id, kind, to_tier, to_user_id from ticket_handoffs where ticket_id = any($1::uuid[]) order by at`,
      [ids],
    );
    const activity = await db.query<{ ticket_id: string; kind: string; at: Date }>(
      `select ticket_id, kind, at from ticket_activity where ticket_id = any($1::uuid[]) order by id`,
      [ids],
    );
    const fcr = sample.filter((t) => {
      const mine = activity.filter((a) => a.ticket_id === t.id);
      return firstContact({
        channel: t.channel,
        openedById: t.opened_by_user_id,
        createdAt: t.created_at,
        resolvedById: t.resolved_by_id,
        firstResolvedAt: mine.find((a) => a.kind === 'resolved')?.at ?? null,
        handoffs: handoffs
          .filter((h) => h.ticket_id === t.id)
          .map((h) => ({ kind: h.kind, toTier: h.to_tier, toUserId: h.to_user_id })),
        callbackRequested: mine.some((a) => a.kind === 'callback_requested'),
        reopenedAt: mine.filter((a) => a.kind === 'reopened').map((a) => a.at),
        firstContactResolvable: true,
      }).fcr;
    });
    expect(sample.length).toBeGreaterThan(500);
    expect(fcr.length / sample.length).toBeGreaterThan(0.7);
    expect(fcr.length / sample.length).toBeLessThan(0.85);
  });
});

describe('the seeded phone calls', () => {
  it('give every phone ticket the call that opened it, answered by the agent who opened it; no other ticket one', async () => {
    const r = (
      await db.query<{ phone: number; opened: number; wrong: number; elsewhere: number; calls: number }>(`select
        (select count(*)::int from tickets where channel = 'phone') phone,
        (select count(*)::int from contact_tickets where relation = 'opened') opened,
        (select count(*)::int from tickets t where t.channel = 'phone' and (select count(*) from contact_tickets ct
          join contacts c on c.id = ct.contact_id where ct.ticket_id = t.id and ct.relation = 'opened'
          and c.agent_id = t.opened_by_user_id and c.person_id = t.requester_id
          and c.answered_at < t.created_at and c.ended_at > t.created_at) <> 1) wrong,
        (select count(*)::int from contact_tickets ct join tickets t on t.id = ct.ticket_id
          where ct.relation = 'opened' and t.channel <> 'phone') elsewhere,
        (select count(*)::int from contacts) calls`)
    )[0]!;
    expect(r.opened).toBe(r.phone);
    expect(r.wrong).toBe(0);
    expect(r.elsewhere).toBe(0);
    expect(r.calls / TICKETS).toBeGreaterThan(1.8);
    expect(r.calls / TICKETS).toBeLessThan(2.2);
  });

  it('are answered by Tier 1-Plus agents on file, with times in order and never after the seed time', async () => {
    const r = (
      await db.query<Record<string, number>>(
        `select
        count(*) filter (where c.answered_at is not null and not exists (select 1 from group_members m
          join groups g on g.id = m.group_id where m.user_id = c.agent_id and g.tier = 'tier1'))::int strangers,
        count(*) filter (where not (c.offered_at = c.queued_at and c.queued_at < c.ended_at
          and coalesce(c.wrap_done_at, c.ended_at) >= c.ended_at and coalesce(c.wrap_done_at, c.ended_at) <= $1
          and (c.answered_at is null or c.answered_at between c.queued_at and c.ended_at)))::int disordered,
        count(*) filter (where (c.answered_at is null) <> (c.outcome = 'abandoned') or c.state <> 'done'
          or (c.agent_id is null) <> (c.answered_at is null))::int inconsistent
      from contacts c`,
        [NOW],
      )
    )[0]!;
    expect(r).toEqual({ strangers: 0, disordered: 0, inconsistent: 0 });
  });

  it('leave every first-contact verdict as the 30-minute window judges it (knowledge and survey figures)', async () => {
    const ids = tickets.map((t) => t.id);
    const judged = new Map<string, boolean>();
    for (let i = 0; i < ids.length; i += 500) {
      for (const f of await judgeTickets(db.db, ids.slice(i, i + 500))) judged.set(f.ticketId, f.fcr);
    }
    const window = rowsOf<{ id: string; fcr: boolean }>(
      await db.db.execute(sql`SELECT t.id, ${FIRST_CONTACT_SQL} AS fcr FROM tickets t
        CROSS JOIN LATERAL (SELECT coalesce(min(ra.at), t.resolved_at) AS at FROM ticket_activity ra
          WHERE ra.ticket_id = t.id AND ra.kind = 'resolved') fr`),
    );
    expect(window).toHaveLength(TICKETS);
    const differ = window.filter((w) => judged.get(w.id) !== w.fcr).map((w) => w.id);
    expect(differ).toEqual([]);
    expect(window.filter((w) => w.fcr).length).toBeGreaterThan(TICKETS / 3);
  });
});
