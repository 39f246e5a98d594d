// The one place survey responses are read for reports. Coded against the surveys feature's contract
// (survey_responses: score 1–5, solved_first_contact, clinical_role, facility_id, provider_ids, responded_at);
// until that table exists this answers "no responses", so CSAT shows n = 0 instead of failing.
import { type SQL, sql } from 'drizzle-orm';
import { type Queryable, rowsOf } from '../../platform/db/connect.ts';
import type { SurveyResponse } from './rules/csat.ts';

export type CsatFilter = { from: Date; to: Date; facilityId?: string; providerId?: string };

async function surveysExist(db: Queryable): Promise<boolean> {
  const row = rowsOf<{ t: string | null }>(await db.execute(sql`SELECT to_regclass('survey_responses')::text AS t`))[0];
  return Boolean(row?.t);
}

/** Responses in the range, with the provider (or the key) they are grouped by. */
export async function csatResponses(
  db: Queryable,
  f: CsatFilter,
): Promise<(SurveyResponse & { facilityId: string | null; month: string })[]> {
  if (!(await surveysExist(db))) return [];
  const where: SQL[] = [
    sql`r.responded_at >= ${f.from.toISOString()}::timestamptz`,
    sql`r.responded_at < ${f.to.toISOString()}::timestamptz`,
    sql`r.score IS NOT NULL`,
  ];
  if (f.facilityId) where.push(sql`r.facility_id = ${f.facilityId}::uuid`);
  if (f.providerId) where.push(sql`${f.providerId}::uuid = ANY(r.provider_ids)`);
  const rows = rowsOf<{
    score: number;
    solved_first_contact: boolean | null;
    clinical_role: string | null;
    provider_ids: string[] | string;
    facility_id: string | null;
    month: string;
  }>(
    await db.execute(sql`
      SELECT r.score, r.solved_first_contact, r.clinical_role, r.provider_ids, r.facility_id,
             to_char(date_trunc('month', r.responded_at), 'YYYY-MM-DD') AS month
      FROM survey_responses r WHERE ${sql.join(where, sql` AND `)}`),
  );
  return rows.map((r) => ({
    score: Number(r.score),
    solvedFirstContact: r.solved_first_contact,
    clinicalRole: r.clinical_role,
    providerIds: Array.isArray(r.provider_ids)
      ? r.provider_ids
      : r.provider_ids.replace(/[{}]/g, '').split(',').filter(Boolean),
    facilityId: r.facility_id,
    month: r.month,
  }));
}
