// The one place survey responses are read for reports (the surveys feature's survey_responses: score 1–5,
// solved_first_contact = customer-verified FCR, clinical_role, facility_id, provider_ids, responded_at — each
// response keeps the requester's role, facility and the providers that served them as they were when asked).
// CSAT is cut by when the answer came (responded_at), not when the ticket was opened.
import { type SQL, sql } from 'drizzle-orm';
import { type Queryable, rowsOf } from '../../platform/db/connect.ts';
import { filterSql } from './report-store.ts';
import type { SurveyResponse } from './rules/csat.ts';
import type { ReportFilter } from './schemas.ts';

export type CsatFilter = { from: Date; to: Date; facilityId?: string; providerId?: string };
type ResponseRow = {
  score: number;
  solved_first_contact: boolean | null;
  clinical_role: string | null;
  provider_ids: string[] | string;
  facility_id: string | null;
  month: string;
};

const answeredIn = (f: { from: Date; to: Date }) => [
  sql`r.responded_at >= ${f.from.toISOString()}::timestamptz`,
  sql`r.responded_at < ${f.to.toISOString()}::timestamptz`,
];

function responsesOf(rows: ResponseRow[]) {
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

const COLUMNS = sql`r.score, r.solved_first_contact, r.clinical_role, r.provider_ids, r.facility_id,
  to_char(date_trunc('month', r.responded_at), 'YYYY-MM-DD') AS month`;

/**
 * Scorecards: every answer in the range (ticket surveys and pulse surveys alike), attributed to the providers the
 * response names.
 */
export async function csatResponses(
  db: Queryable,
  f: CsatFilter,
): Promise<(SurveyResponse & { facilityId: string | null; month: string })[]> {
  const where: SQL[] = answeredIn(f);
  if (f.facilityId) where.push(sql`r.facility_id = ${f.facilityId}::uuid`);
  if (f.providerId) where.push(sql`${f.providerId}::uuid = ANY(r.provider_ids)`);
  return responsesOf(
    rowsOf<ResponseRow>(
      await db.execute(sql`SELECT ${COLUMNS} FROM survey_responses r WHERE ${sql.join(where, sql` AND `)}`),
    ),
  );
}

/**
 * The ticket report: answers in the range about tickets the report's other filters keep (facility, role, channel,
 * agent, provider…), so an agent's own report shows only their tickets' answers and follow-ups are left out.
 */
export async function ticketCsatResponses(db: Queryable, q: ReportFilter) {
  return responsesOf(
    rowsOf<ResponseRow>(
      await db.execute(sql`
        SELECT ${COLUMNS} FROM survey_responses r JOIN report_ticket_facts f ON f.ticket_id = r.ticket_id
        WHERE r.kind = 'ticket' AND ${sql.join(answeredIn(q), sql` AND `)} AND ${filterSql(q, { opened: false })}`),
    ),
  );
}
