// The CSAT tally over survey answers `r`: how many, how many scored 4–5, the score sum, and the answers to "was it
// solved on your first contact?" (rules/csat.ts turns a tally into figures). Shared by the raw reads and the rollup.
import { sql } from 'drizzle-orm';
import { type CsatTally, NURSE_ROLES, PHYSICIAN_ROLES } from './rules/csat.ts';

export const TALLY = sql`count(*) AS n, count(*) FILTER (WHERE r.score >= 4) AS satisfied, coalesce(sum(r.score), 0) AS score_sum,
  count(*) FILTER (WHERE r.solved_first_contact IS NOT NULL) AS fcr_answered,
  count(*) FILTER (WHERE r.solved_first_contact) AS fcr_yes`;

export type TallyRow = Record<'n' | 'satisfied' | 'score_sum' | 'fcr_answered' | 'fcr_yes', string | number>;
export const tally = (r: TallyRow): CsatTally => ({
  n: Number(r.n),
  satisfied: Number(r.satisfied),
  scoreSum: Number(r.score_sum),
  fcrAnswered: Number(r.fcr_answered),
  fcrYes: Number(r.fcr_yes),
});

/** The role group of the requester who answered `r`: 'physician', 'nurse' or '' (the scorecards' CSAT split). */
export const ROLE_GROUP =
  sql.raw(`(CASE WHEN r.clinical_role IN (${PHYSICIAN_ROLES.map((x) => `'${x}'`).join(', ')}) THEN 'physician'
  WHEN r.clinical_role IN (${NURSE_ROLES.map((x) => `'${x}'`).join(', ')}) THEN 'nurse' ELSE '' END)`);

/** Every answer `r` once for each provider `p.provider_id` it names (the scorecards count an answer per provider). */
export const ANSWERS_BY_PROVIDER = sql.raw(
  'survey_responses r CROSS JOIN LATERAL (SELECT DISTINCT unnest(r.provider_ids)) AS p(provider_id)',
);
