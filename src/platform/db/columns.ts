// Column types every feature's tables use: UTC instants read as Dates, full-text vectors, bytes, transaction ids.
import { customType, timestamp } from 'drizzle-orm/pg-core';

export const tstz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
export const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });
export const bytea = customType<{ data: Buffer }>({ dataType: () => 'bytea' });
/** A transaction id (pg_current_xact_id()), for reading the outbox in commit-safe order. */
export const xid8 = customType<{ data: string }>({ dataType: () => 'xid8' });
