// Satisfaction from survey responses (DOMAIN.md): the share of answers scoring 4–5, with the mean and n beside it,
// and the customer-verified FCR (the requester's own "solved on first contact?") shown beside the derived one. Pure.
import { DEFAULT_MIN_N, type Rate, rate } from './stats.ts';

export type SurveyResponse = {
  score: number;
  solvedFirstContact: boolean | null;
  clinicalRole: string | null;
  providerIds: string[];
};

export type CsatFigures = { satisfied: Rate; mean: number | null; n: number; customerVerifiedFcr: Rate };

export function csatOf(responses: readonly SurveyResponse[], minN = DEFAULT_MIN_N): CsatFigures {
  const n = responses.length;
  const satisfied = responses.filter((r) => r.score >= 4).length;
  const answeredFcr = responses.filter((r) => r.solvedFirstContact !== null);
  const mean = n ? Math.round((100 * responses.reduce((s, r) => s + r.score, 0)) / n) / 100 : null;
  return {
    satisfied: rate(satisfied, n, minN),
    mean,
    n,
    customerVerifiedFcr: rate(answeredFcr.filter((r) => r.solvedFirstContact).length, answeredFcr.length, minN),
  };
}

/** Physicians and advanced practice vs nurses: the comparison the scorecard shows. */
export const PHYSICIAN_ROLES = ['attending', 'resident', 'app'];
export const NURSE_ROLES = ['rn'];
