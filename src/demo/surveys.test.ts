// The demo hospital's survey history (the test template's small demo): asked as the policies say, answered at
// believable rates (physicians least), scores that follow what happened to the ticket, quarterly pulses.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../test/db.ts';
import type { Database } from '../platform/db/connect.ts';

let db: Database;
beforeAll(async () => {
  db = await openTestDatabase('demo');
});
afterAll(() => db?.close());

const one = async <T>(sql: string) => (await db.query<T>(sql))[0]!;

describe('demo surveys', () => {
  it('asks after resolved tickets only, never about cancelled or duplicate ones, once per ticket', async () => {
    const r = await one<{ asked: number; bad: number; unresolved: number }>(`SELECT count(*)::int AS asked,
        count(*) FILTER (WHERE t.resolution_code IN ('cancelled','duplicate'))::int AS bad,
        count(*) FILTER (WHERE t.status NOT IN ('resolved','closed'))::int AS unresolved
      FROM survey_invitations i JOIN tickets t ON t.id = i.ticket_id WHERE i.kind = 'ticket'`);
    expect(r.asked).toBeGreaterThan(50);
    expect(r.bad).toBe(0);
    expect(r.unresolved).toBe(0);
  });

  it('asks nobody twice within the policy’s 14 days', async () => {
    const r = await one<{ n: number }>(`SELECT count(*)::int AS n FROM survey_invitations a JOIN survey_invitations b
      ON a.person_id = b.person_id AND a.id < b.id AND a.kind = 'ticket' AND b.kind = 'ticket'
      WHERE abs(extract(epoch FROM b.available_at - a.available_at)) < 14 * 86400`);
    expect(r.n).toBe(0);
  });

  it('keeps answers consistent with their invitations: once, in the answer window, never in the future', async () => {
    const r = await one<{ mismatched: number; outside: number }>(`SELECT
        count(*) FILTER (WHERE i.responded_at IS DISTINCT FROM r.responded_at OR i.person_id <> r.person_id)::int AS mismatched,
        count(*) FILTER (WHERE r.responded_at < i.available_at OR r.responded_at >= i.expires_at OR r.responded_at > now())::int AS outside
      FROM survey_responses r JOIN survey_invitations i ON i.id = r.invitation_id`);
    expect(r).toEqual({ mismatched: 0, outside: 0 });
    const orphans = await one<{ n: number }>(`SELECT count(*)::int AS n FROM survey_invitations i
      WHERE i.responded_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM survey_responses r WHERE r.invitation_id = i.id)`);
    expect(orphans.n).toBe(0);
  });

  it('has 15–30% answering, physicians less often than nurses (pulses give the larger sample)', async () => {
    const rates = await db.query<{
      grp: string;
      rate: number;
    }>(`SELECT CASE WHEN clinical_role IN ('attending','resident')
        THEN 'physicians' WHEN clinical_role = 'rn' THEN 'nurses' ELSE 'others' END AS grp,
        avg((responded_at IS NOT NULL)::int)::float AS rate
      FROM survey_invitations WHERE expires_at < now() GROUP BY 1`);
    const of = (g: string) => rates.find((r) => r.grp === g)!.rate;
    expect(of('physicians')).toBeLessThan(of('nurses'));
    const all = await one<{ rate: number }>(
      `SELECT avg((responded_at IS NOT NULL)::int)::float AS rate FROM survey_invitations WHERE expires_at < now()`,
    );
    expect(all.rate).toBeGreaterThan(0.15);
    expect(all.rate).toBeLessThan(0.3);
  });

  it('runs quarterly pulses attributed to the providers that served the clinicians', async () => {
    const r = await one<{ pulses: number; invited: number; attributed: number }>(`SELECT
        (SELECT count(*)::int FROM survey_pulses) AS pulses,
        (SELECT count(*)::int FROM survey_invitations WHERE kind = 'pulse') AS invited,
        (SELECT count(*)::int FROM survey_invitations WHERE kind = 'pulse' AND cardinality(provider_ids) > 0) AS attributed`);
    expect(r.pulses).toBe(4);
    expect(r.invited).toBeGreaterThan(500);
    expect(r.attributed).toBeGreaterThan(0);
  });
});
