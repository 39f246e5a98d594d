// SQL for response rates and the managers' list of answers.
import { type SQL, sql } from 'drizzle-orm';
import { type Queryable, rowsOf } from '../../platform/db/connect.ts';
import type { RatesQuery } from './schemas.ts';

/** Role groups are not here: the service folds the roles with rules.ts's roleGroupOf, the pulse's own grouping. */
export type CountDimension = Exclude<RatesQuery['by'], 'role_group'>;

const GROUP_BY: Record<CountDimension, SQL> = {
  role: sql`coalesce(i.clinical_role, 'unknown')`,
  unit: sql`coalesce(f.name || ' — ' || u.name, 'No unit')`,
  facility: sql`coalesce(f.name, 'No facility')`,
  channel: sql`i.channel`,
};

export type InvitationCount = { grp: string; asked: number; answered: number };

/** Invitations that became answerable in [from, until), and how many were answered, per group. */
export async function invitationCounts(
  db: Queryable,
  q: { by: CountDimension; kind?: 'ticket' | 'pulse'; from: Date; until: Date },
): Promise<InvitationCount[]> {
  const res = await db.execute(sql`SELECT ${GROUP_BY[q.by]} AS grp, count(*)::int AS asked,
      count(i.responded_at)::int AS answered
    FROM survey_invitations i
    LEFT JOIN units u ON u.id = i.unit_id
    LEFT JOIN facilities f ON f.id = i.facility_id
    WHERE i.available_at >= ${q.from.toISOString()}::timestamptz AND i.available_at < ${q.until.toISOString()}::timestamptz
      AND (${q.kind ?? null}::text IS NULL OR i.kind = ${q.kind ?? null})
    GROUP BY 1 ORDER BY 1`);
  return rowsOf<InvitationCount>(res);
}

/** Answers in [from, to), newest first, with their ticket's and follow-up's numbers. */
export async function responsesIn(
  db: Queryable,
  q: { from: Date; to: Date; kind?: 'ticket' | 'pulse'; maxScore?: number; limit: number },
) {
  const res = await db.execute(sql`SELECT r.*, t.number AS ticket_number, f.number AS followup_number
    FROM survey_responses r
    LEFT JOIN tickets t ON t.id = r.ticket_id
    LEFT JOIN survey_recoveries rc ON rc.response_id = r.id
    LEFT JOIN tickets f ON f.id = rc.followup_ticket_id
    WHERE r.responded_at >= ${q.from.toISOString()}::timestamptz AND r.responded_at < ${q.to.toISOString()}::timestamptz
      AND (${q.kind ?? null}::text IS NULL OR r.kind = ${q.kind ?? null})
      AND (${q.maxScore ?? null}::int IS NULL OR r.score <= ${q.maxScore ?? null}::int)
    ORDER BY r.responded_at DESC LIMIT ${q.limit}`);
  return rowsOf<Record<string, unknown>>(res);
}
