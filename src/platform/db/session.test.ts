// A PostgreSQL server's own `timezone` (a Debian server takes the machine's zone) must not change what Clinidesk
// computes: every connection works in UTC, as the embedded PGlite does, and a hospital's days come from the
// facility's zone (AT TIME ZONE), never from the session's.
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { onPostgres, openTestDatabase } from '../../../test/db.ts';
import { openDatabase } from './connect.ts';

const MIDNIGHT_PASSED_IN_INDIA = `SELECT current_setting('TimeZone') AS zone,
  to_char(timestamptz '2026-12-01 20:00:00Z', 'YYYY-MM-DD HH24:MI') AS shown,
  date_trunc('day', timestamptz '2026-12-01 20:00:00Z')::date::text AS day`;

describe('the database session', () => {
  it('works in UTC (embedded or server): a timestamp is shown and cut into days the same way', async () => {
    const db = await openTestDatabase();
    try {
      const [row] = await db.query<{ zone: string; shown: string; day: string }>(MIDNIGHT_PASSED_IN_INDIA);
      expect(['UTC', 'Etc/GMT0', 'Etc/UTC']).toContain(row!.zone);
      expect(row).toMatchObject({ shown: '2026-12-01 20:00', day: '2026-12-01' });
    } finally {
      await db.close();
    }
  });

  it.runIf(onPostgres)('works in UTC on a server whose own time zone is elsewhere (Asia/Kolkata)', async () => {
    const db = await openTestDatabase();
    const url = db.url!;
    const name = new URL(url).pathname.slice(1);
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      await admin.query(`ALTER DATABASE ${pg.escapeIdentifier(name)} SET timezone = 'Asia/Kolkata'`);
      // Without the session setting, a plain connection now lands on the next day.
      const plain = new pg.Client({ connectionString: url });
      await plain.connect();
      const [raw] = (await plain.query(MIDNIGHT_PASSED_IN_INDIA)).rows as { zone: string; day: string }[];
      await plain.end();
      expect(raw).toMatchObject({ zone: 'Asia/Kolkata', day: '2026-12-02' });

      const app = await openDatabase({ databaseUrl: url, poolSize: 1 });
      try {
        const [row] = await app.query<{ zone: string; shown: string; day: string }>(MIDNIGHT_PASSED_IN_INDIA);
        expect(row).toEqual({ zone: 'UTC', shown: '2026-12-01 20:00', day: '2026-12-01' });
      } finally {
        await app.close();
      }
    } finally {
      await admin.end();
      await db.close();
    }
  });
});
