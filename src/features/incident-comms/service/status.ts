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
 * The public status endpoint's limit per address: generous for a page that refreshes itself every minute (many
 * people share one hospital address behind NAT), tight enough that a loop cannot hammer the database.
 */
export const STATUS_LIMIT = { perMinute: 600 } as const;
const windows = new Map<string, { start: number; count: number }>();

export function throttleStatus(ip: string | null, now = Date.now()): void {
  const key = ip ?? 'unknown';
  const minute = Math.floor(now / 60_000) * 60_000;
  const w = windows.get(key);
  if (!w || w.start !== minute) {
    if (windows.size > 10_000) windows.clear();
    windows.set(key, { start: minute, count: 1 });
    return;
  }
  w.count += 1;
  if (w.count > STATUS_LIMIT.perMinute) {
    throw new TooManyRequests(
      'Too many requests for the status page from your address. Wait a minute and try again.',
      Math.ceil((minute + 60_000 - now) / 1000),
    );
  }
}
