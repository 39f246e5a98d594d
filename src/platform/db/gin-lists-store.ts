// GIN indexes gather new entries in a pending list that every search through the index reads in full, until the list
// is merged into the index (by a VACUUM, or by the insert that takes it past its limit). The indexes that new tickets
// reach keep their lists short (migration 0057: 256 kB instead of PostgreSQL's 4 MB), so a search after a busy hour
// stays fast. A bulk load (the demo's year of history) would then merge every few dozen rows: it lets the lists grow
// for the load and merges them once at the end.
import type { Database } from './connect.ts';

/** The indexes migration 0057 keeps short, and their limit there (kB). */
export const SHORT_LIST_INDEXES = [
  'tickets_search_idx',
  'tickets_search_masked_idx',
  'tickets_text_trgm_idx',
  'tickets_masked_text_trgm_idx',
  'tickets_provider_ids_idx',
  'report_ticket_facts_providers_idx',
  'survey_responses_provider_ids_idx',
] as const;
export const SHORT_LIST_KB = 256;
/** During a bulk load. */
const BULK_LIST_KB = 65_536;

async function setListLimit(database: Database, kb: number) {
  for (const index of SHORT_LIST_INDEXES)
    await database.query(`ALTER INDEX "${index}" SET (gin_pending_list_limit = ${Math.trunc(kb)})`);
}

/**
 * Runs a bulk load with long pending lists, then sets the short limit back and merges what the lists hold, whether
 * the load succeeded or not. Not for a database in service: the ALTERs wait for every transaction on those tables.
 */
export async function withLongGinLists<T>(database: Database, load: () => Promise<T>): Promise<T> {
  await setListLimit(database, BULK_LIST_KB);
  try {
    return await load();
  } finally {
    await setListLimit(database, SHORT_LIST_KB);
    await database.query('SELECT gin_clean_pending_list(i::regclass) FROM unnest($1::text[]) AS i', [
      SHORT_LIST_INDEXES,
    ]);
  }
}
