// The owners' lists: articles in review or due for review, searches that found nothing good (gaps), and portal
// deflection.
import type { Queryable } from '../../../platform/db/connect.ts';
import * as store from '../store.ts';
import * as usage from '../usage-store.ts';
import { iso, summaryOf } from './read.ts';

export async function reviewQueueOf(db: Queryable, ownerUserId: string | null, withinDays = 14) {
  const dueBy = new Date(Date.now() + withinDays * 86_400_000).toISOString().slice(0, 10);
  const lists = await store.reviewLists(db, dueBy, ownerUserId);
  return { inReview: lists.inReview.map(summaryOf), reviewDue: lists.reviewDue.map(summaryOf) };
}

export async function gapsOf(db: Queryable, days: number) {
  return (await usage.gaps(db, days)).map((g) => ({
    query: g.query,
    searches: g.searches,
    fromPortal: g.from_portal,
    lastAt: iso(g.last_at)!,
    bestScore: g.best_score,
  }));
}

export async function deflectionOf(db: Queryable, days: number, windowMinutes: number) {
  const f = await usage.deflectionFigures(db, days, windowMinutes);
  const deflected = f.searches - f.followed;
  return {
    days,
    windowMinutes,
    portalSearches: f.searches,
    followedByTicket: f.followed,
    deflected,
    rate: f.searches ? deflected / f.searches : null,
  };
}
