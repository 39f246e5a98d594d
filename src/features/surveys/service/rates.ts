// Who was asked and who answered, per group (role, role group, unit, facility, channel), so non-response bias is
// visible: each group's share of those asked beside its share of those who answered. Also the managers' list of
// answers. Dates are whole UTC days, "to" included.
import type { AppContext } from '../../../platform/context.ts';
import type { Queryable } from '../../../platform/db/connect.ts';
import { Invalid } from '../../../platform/errors.ts';
import { type InvitationCount, invitationCounts, responsesIn } from '../rates-store.ts';
import { responseRate, roleGroupOf } from '../rules.ts';
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

/** Invitations that became answerable in the range, asked and answered per group. */
export async function responseRates(db: Queryable, q: RatesQuery): Promise<RatesView> {
  const { from, to } = rangeOf(q);
  const until = new Date(Math.min(to.getTime(), Date.now()));
  const rows =
    q.by === 'role_group'
      ? foldIntoRoleGroups(await invitationCounts(db, { by: 'role', kind: q.kind, from, until }))
      : await invitationCounts(db, { by: q.by, kind: q.kind, from, until });
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

/** Per-role counts summed per role group ("unknown", a missing role, falls in "others"), ordered by name. */
function foldIntoRoleGroups(byRole: InvitationCount[]): InvitationCount[] {
  const groups = new Map<string, InvitationCount>();
  for (const r of byRole) {
    const grp = roleGroupOf(r.grp);
    const g = groups.get(grp) ?? { grp, asked: 0, answered: 0 };
    g.asked += r.asked;
    g.answered += r.answered;
    groups.set(grp, g);
  }
  return [...groups.values()].sort((a, b) => (a.grp < b.grp ? -1 : 1));
}

export async function listResponses(
  ctx: AppContext,
  q: { from?: string; to?: string; kind?: 'ticket' | 'pulse'; maxScore?: number; limit: number },
) {
  const { from, to } = rangeOf(q);
  const rows = await responsesIn(ctx.database.db, { ...q, from, to });
  return { responses: rows.map((r) => responseViewOf(r, true)) };
}
