// The go-live scorecard (docs/reports.md, "Go-live scorecard"): for one go-live event, per support provider (the
// at-the-elbow firms, the in-house desk, the EHR vendor), what happened to the issues logged through it. Pure: the
// store reads one row per issue (its report facts and whether it was resolved on the spot) and the CSAT tallies of
// the answers about those issues; this turns them into figures with the same honesty rules as every scorecard
// (numerator, n and interval on each rate; "too few to compare" below the minimum n).
import { addTallies, type CsatFigures, type CsatTally, csatOfTally, EMPTY_TALLY } from './csat.ts';
import { type Distribution, durationFigures, type Rate, rate } from './stats.ts';

/** One go-live issue as the scorecard reads it. */
export type GoLiveIssueFacts = {
  ticketId: string;
  /** The provider that took the first contact (the first holder): for an issue resolved on the spot, the ATE's. */
  firstProviderId: string | null;
  /** Every provider that held the issue (the ATE firm, the application team's, the vendor it was escalated to). */
  providerIds: readonly string[];
  resolvedOnSpot: boolean;
  /** In the FCR denominator (a go-live issue always is: FIRST_CONTACT_CHANNELS) and its FCR verdict. */
  liveContact: boolean;
  fcr: boolean;
  escalated: boolean;
  /** Open → current resolution, wall clock; null while open. */
  resolveWallMs: number | null;
  patientCareAffected: boolean;
};

/** The CSAT tally of the answers about go-live issues that name one provider ('' = every answer, once). */
export type GoLiveProviderTally = { providerId: string; tally: CsatTally };

export type GoLiveFigures = {
  /** Issues whose first contact the provider took (at the elbow, or at the command center's first desk). */
  issuesTaken: number;
  /** Issues the provider held at any point (a vendor holds only what was escalated to it). */
  issuesHeld: number;
  /** Of the issues it took: resolved on the spot by the ATE person. */
  resolvedOnSpot: Rate;
  /** Of the issues it took: resolved on the first contact by the FCR rule (not reopened within 7 days, no hand-off). */
  fcr: Rate;
  /** Of the issues it took: sent on to another tier or a vendor. */
  escalated: Rate;
  /** Time to resolve the issues it held (resolved ones), in minutes: median and p90 as every report reads them. */
  timeToResolve: Distribution;
  /** Issues it held with patient care affected. */
  patientCareAffected: number;
  csat: CsatFigures;
};

function figuresOf(
  taken: readonly GoLiveIssueFacts[],
  held: readonly GoLiveIssueFacts[],
  tally: CsatTally,
  minN: number,
): GoLiveFigures {
  const count = (xs: readonly GoLiveIssueFacts[], hit: (x: GoLiveIssueFacts) => boolean) =>
    xs.reduce((n, x) => n + (hit(x) ? 1 : 0), 0);
  const live = taken.filter((x) => x.liveContact);
  return {
    issuesTaken: taken.length,
    issuesHeld: held.length,
    resolvedOnSpot: rate(
      count(taken, (x) => x.resolvedOnSpot),
      taken.length,
      minN,
    ),
    fcr: rate(
      count(live, (x) => x.fcr),
      live.length,
      minN,
    ),
    escalated: rate(
      count(taken, (x) => x.escalated),
      taken.length,
      minN,
    ),
    timeToResolve: durationFigures(
      held.flatMap((x) => (x.resolveWallMs === null ? [] : [x.resolveWallMs])),
      minN,
    ),
    patientCareAffected: count(held, (x) => x.patientCareAffected),
    csat: csatOfTally(tally, minN),
  };
}

export type GoLiveProviderRow = { id: string; name: string; kind: string };

/**
 * Per provider that took or held any of the issues (in `providers` order), and for the whole go-live (each issue
 * once). Issues no provider held (none recorded) count in the whole go-live only.
 */
export function goLiveScorecard(
  issues: readonly GoLiveIssueFacts[],
  providers: readonly GoLiveProviderRow[],
  tallies: readonly GoLiveProviderTally[],
  minN: number,
): { total: GoLiveFigures; providers: (GoLiveProviderRow & { figures: GoLiveFigures })[] } {
  const tallyOf = (id: string) =>
    tallies.filter((t) => t.providerId === id).reduce((s, t) => addTallies(s, t.tally), EMPTY_TALLY);
  const rows = providers.flatMap((p) => {
    const taken = issues.filter((x) => x.firstProviderId === p.id);
    const held = issues.filter((x) => x.providerIds.includes(p.id) || x.firstProviderId === p.id);
    if (!held.length) return [];
    return [{ ...p, figures: figuresOf(taken, held, tallyOf(p.id), minN) }];
  });
  return { total: figuresOf(issues, issues, tallyOf(''), minN), providers: rows };
}
