// SQL for pulse surveys: who could be asked, the providers that served them, the run and its invitations.
import { sql } from 'drizzle-orm';
import { type Queryable, rowsOf } from '../../platform/db/connect.ts';
import type { NewInvitationRow } from './store.ts';
import { surveyInvitations, surveyPulses } from './tables.ts';

export type PulseCandidate = {
  personId: string;
  clinicalRole: string | null;
  facilityId: string | null;
  unitId: string | null;
  userId: string | null;
  displayName: string;
};

/** Clinicians who could be asked: active, not vendor staff, not IT, with no survey still waiting for them. */
export async function pulseCandidates(
  tx: Queryable,
  facilityId: string | undefined,
  now: Date,
): Promise<PulseCandidate[]> {
  const res = await tx.execute(sql`SELECT p.id, p.clinical_role, p.facility_id, p.unit_id, p.user_id, p.display_name
      FROM people p
     WHERE p.active AND p.provider_org_id IS NULL AND p.clinical_role <> 'it'
       AND (${facilityId ?? null}::uuid IS NULL OR p.facility_id = ${facilityId ?? null}::uuid)
       AND NOT EXISTS (SELECT 1 FROM survey_invitations i WHERE i.person_id = p.id AND i.responded_at IS NULL
                         AND i.expires_at > ${now.toISOString()}::timestamptz)`);
  return rowsOf<Record<string, string | null>>(res).map((r) => ({
    personId: r.id!,
    clinicalRole: r.clinical_role ?? null,
    facilityId: r.facility_id ?? null,
    unitId: r.unit_id ?? null,
    userId: r.user_id ?? null,
    displayName: r.display_name ?? '',
  }));
}

/** The providers that held each person's tickets opened in the period. */
export async function providersServing(tx: Queryable, personIds: string[], from: Date, to: Date) {
  if (!personIds.length) return new Map<string, string[]>();
  const res = await tx.execute(sql`SELECT t.requester_id, array_agg(DISTINCT p)::text[] AS providers
      FROM tickets t CROSS JOIN LATERAL unnest(t.provider_ids) AS p
     WHERE t.requester_id = ANY(${`{${personIds.join(',')}}`}::uuid[])
       AND t.created_at >= ${from.toISOString()}::timestamptz AND t.created_at < ${to.toISOString()}::timestamptz
     GROUP BY t.requester_id`);
  return new Map(rowsOf<{ requester_id: string; providers: string[] }>(res).map((r) => [r.requester_id, r.providers]));
}

export async function insertPulse(tx: Queryable, row: typeof surveyPulses.$inferInsert): Promise<void> {
  await tx.insert(surveyPulses).values(row);
}

/** A pulse's invitations, in batches of 500 (one statement per batch keeps the parameter count bounded). */
export async function insertPulseInvitations(tx: Queryable, rows: NewInvitationRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) await tx.insert(surveyInvitations).values(rows.slice(i, i + 500));
}

/** The latest 100 pulse runs, each with how many answered. */
export async function latestPulses(db: Queryable) {
  const res = await db.execute(sql`SELECT p.*,
      (SELECT count(*) FROM survey_invitations i WHERE i.pulse_id = p.id AND i.responded_at IS NOT NULL) AS answered
    FROM survey_pulses p ORDER BY p.created_at DESC LIMIT 100`);
  return rowsOf<Record<string, unknown>>(res);
}
