// The go-live scorecard by event (docs/reports.md): for one go-live, per provider (the at-the-elbow firms, the
// in-house desk, the EHR vendor) the issues logged through it, resolved on the spot, first-contact resolution
// (credited to the provider that took the contact: the ATE's on the spot), escalated, time to resolve,
// patient-care-affected issues and CSAT; then satisfaction at the go-live's facilities month by month for the 12
// months after it started. Reports' readers only (reports:read-all): vendors never see another provider's figures.
import type { z } from 'zod';
import type { Queryable } from '../../platform/db/connect.ts';
import { NotFound } from '../../platform/errors.ts';
import {
  type GoLiveEventRow,
  goLiveAnswerTallies,
  goLiveEventById,
  goLiveEventList,
  goLiveIssueFacts,
  satisfactionSinceGoLive,
} from './golive-scorecard-store.ts';
import { factsAsOf } from './refresh.ts';
import { reportRead } from './report-store.ts';
import { csatOfTally } from './rules/csat.ts';
import { goLiveScorecard } from './rules/golive-scorecard.ts';
import type { GoLiveEventItem, GoLiveScorecardView, goLiveEventQuery } from './schemas.ts';
import { providerList } from './scorecard-store.ts';

const itemOf = (e: GoLiveEventRow): GoLiveEventItem => ({
  id: e.id,
  name: e.name,
  startsAt: e.startsAt.toISOString(),
  endsAt: e.endsAt.toISOString(),
  timeZone: e.timeZone,
  facilities: e.facilities,
});

/** The go-live events, the newest first. */
export async function goLiveEvents(db: Queryable): Promise<GoLiveEventItem[]> {
  return (await goLiveEventList(db)).map(itemOf);
}

export async function goLiveEventScorecard(
  db: Queryable,
  q: z.infer<typeof goLiveEventQuery>,
): Promise<GoLiveScorecardView> {
  const event = await goLiveEventById(db, q.eventId);
  if (!event) throw new NotFound('There is no such go-live.');
  const { issues, tallies, months, providers, asOf } = await reportRead(db, async (tx) => ({
    issues: await goLiveIssueFacts(tx, event.id),
    tallies: await goLiveAnswerTallies(tx, event.id),
    months: await satisfactionSinceGoLive(tx, event),
    providers: await providerList(tx),
    asOf: await factsAsOf(tx),
  }));
  const card = goLiveScorecard(issues, providers, tallies, q.minN);
  return {
    event: itemOf(event),
    factsAsOf: asOf,
    ...card,
    satisfaction: months.map((m) => ({
      month: m.month,
      from: m.from.toISOString(),
      to: m.to.toISOString(),
      csat: csatOfTally(m.tally, q.minN),
    })),
  };
}
