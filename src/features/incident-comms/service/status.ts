// The public status page and each viewer's banners. The status page reads only the desk's own database: no EHR,
// no single sign-on, no session. Banners add the matching downtime procedures the viewer may read.
import type { Actor } from '../../../platform/actor.ts';
import { isStaff } from '../../../platform/auth/roles.ts';
import type { AppContext } from '../../../platform/context.ts';
import { TooManyRequests } from '../../../platform/errors.ts';
import { downtimeProceduresFor } from '../../knowledge/service/downtime.ts';
import {
  type BannerAudience,
  bannersFor,
  incidentNumber,
  RECENTLY_RESOLVED_DAYS,
  statusPage,
} from '../rules/status-page.ts';
import { statusThrottle, THROTTLE_KEEP_MS, windowOf } from '../rules/status-throttle.ts';
import type { BannerView, StatusPageView } from '../schemas.ts';
import * as store from '../store.ts';

const DAY = 86_400_000;

export async function statusPageOf(ctx: AppContext, now = new Date()): Promise<StatusPageView> {
  const rows = await store.incidentsForStatus(ctx.database.db, new Date(now.getTime() - RECENTLY_RESOLVED_DAYS * DAY));
  return statusPage(
    rows.map((r) => ({ ...r, downtimeArticles: [] })),
    now,
  );
}

const audienceOf = (actor: Actor): BannerAudience =>
  isStaff(actor.role) ? 'staff' : actor.role === 'vendor' ? 'vendor' : 'requester';

export async function bannersOf(ctx: AppContext, actor: Actor, now = new Date()): Promise<{ banners: BannerView[] }> {
  const db = ctx.database.db;
  const rows = await store.incidentsForStatus(db, now);
  const audience = audienceOf(actor);
  const shown = new Set(
    bannersFor(
      rows.map((r) => ({ ...r, downtimeArticles: [] })),
      audience,
      now,
    ).map((b) => b.number),
  );
  const scoped = rows.filter((r) => shown.has(incidentNumber(r.number)));
  const articles = await downtimeProceduresFor(
    db,
    actor,
    scoped.map((r) => r.scope),
  );
  const byNumber = new Map(scoped.map((r, n) => [r.number, articles[n] ?? []]));
  return {
    banners: bannersFor(
      scoped.map((r) => ({ ...r, downtimeArticles: byNumber.get(r.number) ?? [] })),
      audience,
      now,
    ),
  };
}

/**
 * Refuses with a 429 when the client's count for this minute (kept in the database: every instance counts in the same
 * row) passes the limit. A client this instance already saw refused is refused again without asking the database
 * until its minute is over: a loop costs nothing once it is over the limit, and the database stays the only judge.
 */
export async function throttleStatus(ctx: AppContext, ip: string | null, now = Date.now()): Promise<void> {
  const key = ip ?? 'unknown';
  const refusedUntil = refusedByInstance.get(ctx) ?? new Map<string, number>();
  refusedByInstance.set(ctx, refusedUntil);
  const known = refusedUntil.get(key);
  if (known !== undefined && known > now) throw tooMany(known, now);
  const hits = await store.countStatusRequest(ctx.database.db, key, new Date(windowOf(now)));
  const decision = statusThrottle(hits, now);
  if (decision.allowed) return;
  if (refusedUntil.size >= 10_000) refusedUntil.clear();
  refusedUntil.set(key, decision.until);
  throw tooMany(decision.until, now);
}

/** Per app instance (its context), as it would be in separate processes: what the database already refused. */
const refusedByInstance = new WeakMap<AppContext, Map<string, number>>();

function tooMany(until: number, now: number) {
  return new TooManyRequests(
    'Too many requests for the status page from your address. Wait a minute and try again.',
    Math.max(1, Math.ceil((until - now) / 1000)),
  );
}

/** The throttle's job: forget the minutes that can no longer count. */
export async function sweepStatusThrottle(ctx: AppContext, now = Date.now()): Promise<void> {
  await store.sweepStatusWindows(ctx.database.db, new Date(windowOf(now) - THROTTLE_KEEP_MS));
}
