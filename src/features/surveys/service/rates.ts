// Who was asked and who answered, per group (role, role group, unit, facility, channel), so non-response bias is
// visible: each group's share of those asked beside its share of those who answered. Also the managers' list of
// answers. Dates are whole UTC days, "to" included.
import { type SQL, sql } from 'drizzle-orm';
import type { AppContext } from '../../../platform/context.ts';
import { type Queryable, rowsOf } from '../../../platform/db/connect.ts';
import { Invalid } from '../../../platform/errors.ts';
import { responseRate } from '../rules.ts';
import type { RatesQuery, RatesView } from '../schemas.ts';
import { responseViewOf } from './read.ts';

const DAY_MS = 86_400_000;
const MAX_RANGE_DAYS = 5 * 366;

export function rangeOf(q: { from?: string; to?: string }, field = 'query') {
  const to = q.to ? Date.parse(`${q.to}T00:00:00Z`) + DAY_MS : Date.now();
  const from = q.from ? Date.parse(`${q.from}T00:00:00Z`) : to - 30 * DAY_MS;
  if (from >= to) {
    throw new Invalid('The range is reversed: "from" must be on or before "to".', [
      { field: `${field}.from`, message: 'must be on or before "to"' },
    ]);
  }
  if (to - from > MAX_RANGE_DAYS * DAY_MS) {
    throw new Invalid('Ask for at most 5 years at a time.', [
      { field: `${field}.to`, message: 'at most 5 years after "from"' },
    ]);
  }
  return { from: new Date(from), to: new Date(to) };
}

const GROUP_BY: Record<RatesQuery['by'], SQL> = {
  role: sql`coalesce(i.clinical_role, 'unknown')`,
  role_group: sql`CASE WHEN i.clinical_role IN ('attending','resident') THEN 'physicians'
    WHEN i.clinical_role = 'app' THEN 'advanced_practice' WHEN i.clinical_role = 'rn' THEN 'nurses' ELSE 'others' END`,
  unit: sql`coalesce(f.name || ' — ' || u.name, 'No unit')`,
  facility: sql`coalesce(f.name, 'No facility')`,
  channel: sql`i.channel`,
};

/** Counts for any caller (the reports feature uses this too): invitations that became answerable in the range. */
export async function responseRates(db: Queryable, q: RatesQuery): Promise<RatesView> {
  const { from, to } = rangeOf(q);
  const until = new Date(Math.min(to.getTime(), Date.now()));
  const res = await db.execute(sql`SELECT ${GROUP_BY[q.by]} AS grp, count(*)::int AS asked,
      count(i.responded_at)::int AS answered
    FROM survey_invitations i
    LEFT JOIN units u ON u.id = i.unit_id
    LEFT JOIN facilities f ON f.id = i.facility_id
    WHERE i.available_at >= ${from.toISOString()}::timestamptz AND i.available_at < ${until.toISOString()}::timestamptz
      AND (${q.kind ?? null}::text IS NULL OR i.kind = ${q.kind ?? null})
    GROUP BY 1 ORDER BY 1`);
  const rows = rowsOf<{ grp: string; asked: number; answered: number }>(res);
  const asked = rows.reduce((s, r) => s + r.asked, 0);
  const answered = rows.reduce((s, r) => s + r.answered, 0);
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    by: q.by,
    total: responseRate(asked, answered),
    groups: rows.map((r) => ({
      group: r.grp,
      ...responseRate(r.asked, r.answered),
      askedShare: asked ? r.asked / asked : null,
      answeredShare: answered ? r.answered / answered : null,
    })),
  };
}

export async function listResponses(
  ctx: AppContext,
  q: { from?: string; to?: string; kind?: 'ticket' | 'pulse'; maxScore?: number; limit: number },
) {
  const { from, to } = rangeOf(q);
  const res = await ctx.database.db.execute(sql`SELECT r.*, t.number AS ticket_number, f.number AS followup_number
    FROM survey_responses r
    LEFT JOIN tickets t ON t.id = r.ticket_id
    LEFT JOIN survey_recoveries rc ON rc.response_id = r.id
    LEFT JOIN tickets f ON f.id = rc.followup_ticket_id
    WHERE r.responded_at >= ${from.toISOString()}::timestamptz AND r.responded_at < ${to.toISOString()}::timestamptz
      AND (${q.kind ?? null}::text IS NULL OR r.kind = ${q.kind ?? null})
      AND (${q.maxScore ?? null}::int IS NULL OR r.score <= ${q.maxScore ?? null}::int)
    ORDER BY r.responded_at DESC LIMIT ${q.limit}`);
  return { responses: rowsOf<Record<string, unknown>>(res).map((r) => responseViewOf(r, true)) };
}
