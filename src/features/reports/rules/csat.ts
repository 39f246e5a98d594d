// Satisfaction from survey responses (DOMAIN.md): the share of answers scoring 4–5, with the mean and n beside it,
// and the customer-verified FCR (the requester's own "solved on first contact?") shown beside the derived one. Pure.
// The figures come from five sums (`CsatTally`), so SQL can add up 300,000 answers and hand over one row per group.
import { DEFAULT_MIN_N, type Rate, rate } from './stats.ts';

export type SurveyResponse = {
  score: number;
  solvedFirstContact: boolean | null;
  clinicalRole: string | null;
  providerIds: string[];
};

export type CsatFigures = { satisfied: Rate; mean: number | null; n: number; customerVerifiedFcr: Rate };

/** What the figures need: answers, answers scoring 4–5, the sum of scores, FCR answered and FCR yes. */
export type CsatTally = { n: number; satisfied: number; scoreSum: number; fcrAnswered: number; fcrYes: number };

export const EMPTY_TALLY: CsatTally = { n: 0, satisfied: 0, scoreSum: 0, fcrAnswered: 0, fcrYes: 0 };

export function tallyOf(responses: readonly SurveyResponse[]): CsatTally {
  const t = { ...EMPTY_TALLY };
  for (const r of responses) {
    t.n++;
    if (r.score >= 4) t.satisfied++;
    t.scoreSum += r.score;
    if (r.solvedFirstContact !== null) {
      t.fcrAnswered++;
      if (r.solvedFirstContact) t.fcrYes++;
    }
  }
  return t;
}

export function addTallies(a: CsatTally, b: CsatTally): CsatTally {
  return {
    n: a.n + b.n,
    satisfied: a.satisfied + b.satisfied,
    scoreSum: a.scoreSum + b.scoreSum,
    fcrAnswered: a.fcrAnswered + b.fcrAnswered,
    fcrYes: a.fcrYes + b.fcrYes,
  };
}

export function csatOfTally(t: CsatTally, minN = DEFAULT_MIN_N): CsatFigures {
  return {
    satisfied: rate(t.satisfied, t.n, minN),
    mean: t.n ? Math.round((100 * t.scoreSum) / t.n) / 100 : null,
    n: t.n,
    customerVerifiedFcr: rate(t.fcrYes, t.fcrAnswered, minN),
  };
}

export function csatOf(responses: readonly SurveyResponse[], minN = DEFAULT_MIN_N): CsatFigures {
  return csatOfTally(tallyOf(responses), minN);
}

/** Physicians and advanced practice vs nurses: the comparison the scorecard shows. */
export const PHYSICIAN_ROLES = ['attending', 'resident', 'app'];
export const NURSE_ROLES = ['rn'];
