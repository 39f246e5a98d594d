// SQL for pulse surveys: who could be asked, the providers that served them, the run and its invitations.
import { eq, sql } from 'drizzle-orm';
import type { ClinicalRole } from '../../domain/vocabulary.ts';
import { type Queryable, rowsOf } from '../../platform/db/connect.ts';
import type { NewInvitationRow } from './store.ts';
import { surveyInvitations, surveyPulses } from './tables.ts';

export type PulseCandidate = {
  personId: string;
  clinicalRole: ClinicalRole | null;
  facilityId: string | null;
  unitId: string | null;
  userId: string | null;
};

/** Clinicians who could be asked: active, not vendor staff, not IT, with no survey still waiting for them. */
export async function pulseCandidates(
  tx: Queryable,
  facilityId: string | undefined,
  now: Date,
): Promise<PulseCandidate[]> {
  const res = await tx.execute(sql`SELECT p.id, p.clinical_role, p.facility_id, p.unit_id, p.user_id
      FROM people p
     WHERE p.active AND p.provider_org_id IS NULL AND p.clinical_role <> 'it'
       AND (${facilityId ?? null}::uuid IS NULL OR p.facility_id = ${facilityId ?? null}::uuid)
       AND NOT EXISTS (SELECT 1 FROM survey_invitations i WHERE i.person_id = p.id AND i.responded_at IS NULL
                         AND i.expires_at > ${now.toISOString()}::timestamptz)`);
  return rowsOf<Record<string, string | null> & { clinical_role: ClinicalRole | null }>(res).map((r) => ({
    personId: r.id!,
    clinicalRole: r.clinical_role ?? null,
    facilityId: r.facility_id ?? null,
    unitId: r.unit_id ?? null,
    userId: r.user_id ?? null,
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

/** The latest 100 pulse runs, each with how many answered and how many were asked by link. */
export async function latestPulses(db: Queryable) {
  // One pass over the pulses' invitations (there is no index on pulse_id: a subquery per pulse would scan each time).
  const res = await db.execute(sql`WITH latest AS (SELECT * FROM survey_pulses ORDER BY created_at DESC LIMIT 100),
    counts AS (SELECT i.pulse_id, count(*) FILTER (WHERE i.responded_at IS NOT NULL) AS answered,
                      count(*) FILTER (WHERE i.channel = 'link') AS without_account
                 FROM survey_invitations i WHERE i.pulse_id IN (SELECT id FROM latest) GROUP BY i.pulse_id)
    SELECT l.*, coalesce(c.answered, 0) AS answered, coalesce(c.without_account, 0) AS without_account
      FROM latest l LEFT JOIN counts c ON c.pulse_id = l.id ORDER BY l.created_at DESC`);
  return rowsOf<Record<string, unknown>>(res);
}

export async function findPulse(db: Queryable, id: string) {
  return (await db.select().from(surveyPulses).where(eq(surveyPulses.id, id)))[0];
}

export type PulseRecipientRow = {
  invitationId: string;
  displayName: string;
  clinicalRole: string | null;
  unit: string | null;
  facility: string | null;
  availableAt: Date;
  expiresAt: Date;
  respondedAt: Date | null;
  linkIssued: boolean;
};

/**
 * The pulse's recipients the run found without a portal account (their invitations go by link), by name. Locked
 * (`forUpdate`) when links are being issued, so two managers at once cannot both hand out links for one person.
 */
export async function pulseLinkRecipients(
  db: Queryable,
  pulseId: string,
  opts: { invitationIds?: string[]; forUpdate?: boolean } = {},
): Promise<PulseRecipientRow[]> {
  const only = opts.invitationIds ? `{${opts.invitationIds.join(',')}}` : null;
  const res = await db.execute(sql`SELECT i.id, p.display_name, i.clinical_role, u.name AS unit, f.name AS facility,
      i.available_at, i.expires_at, i.responded_at, i.token_hash IS NOT NULL AS link_issued
    FROM survey_invitations i
    JOIN people p ON p.id = i.person_id
    LEFT JOIN units u ON u.id = i.unit_id
    LEFT JOIN facilities f ON f.id = i.facility_id
    WHERE i.pulse_id = ${pulseId}::uuid AND i.kind = 'pulse' AND i.channel = 'link'
      AND (${only}::uuid[] IS NULL OR i.id = ANY(${only}::uuid[]))
    ORDER BY p.display_name, i.id
    ${opts.forUpdate ? sql`FOR UPDATE OF i` : sql``}`);
  return rowsOf<Record<string, unknown>>(res).map((r) => ({
    invitationId: r.id as string,
    displayName: r.display_name as string,
    clinicalRole: (r.clinical_role as string | null) ?? null,
    unit: (r.unit as string | null) ?? null,
    facility: (r.facility as string | null) ?? null,
    availableAt: new Date(r.available_at as string),
    expiresAt: new Date(r.expires_at as string),
    respondedAt: r.responded_at ? new Date(r.responded_at as string) : null,
    linkIssued: Boolean(r.link_issued),
  }));
}

/** New link hashes for unanswered invitations, in one statement per 500 (an earlier link stops working). */
export async function setTokenHashes(tx: Queryable, rows: { invitationId: string; tokenHash: string }[]) {
  for (let i = 0; i < rows.length; i += 500) {
    const batch = rows.slice(i, i + 500);
    await tx.execute(sql`UPDATE survey_invitations AS i SET token_hash = v.hash
      FROM unnest(${`{${batch.map((r) => r.invitationId).join(',')}}`}::uuid[],
                  ${`{${batch.map((r) => r.tokenHash).join(',')}}`}::text[]) AS v(id, hash)
      WHERE i.id = v.id AND i.responded_at IS NULL`);
  }
}
