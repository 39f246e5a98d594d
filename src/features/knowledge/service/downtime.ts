// The downtime procedures for an incident (features/incident-comms shows them on banners and the incident page):
// published "downtime procedure" articles matching its applications/modules and facilities, as the reader may see
// them (requesters: portal articles of their facility only).
import type { Actor } from '../../../platform/actor.ts';
import type { Queryable } from '../../../platform/db/connect.ts';
import { type DowntimeScope, downtimeArticles } from '../downtime-store.ts';
import { formatArticleNumber } from '../rules/vocabulary.ts';
import { readerOf } from './read.ts';

export const DOWNTIME_ARTICLES_MAX = 5;

export async function downtimeProceduresFor(
  db: Queryable,
  actor: Actor,
  scopes: DowntimeScope[],
): Promise<{ number: string; title: string }[][]> {
  if (scopes.length === 0) return [];
  const reader = await readerOf(db, actor);
  const found = await downtimeArticles(db, reader, scopes, DOWNTIME_ARTICLES_MAX);
  return found.map((rows) => rows.map((r) => ({ number: formatArticleNumber(Number(r.number)), title: r.title })));
}
