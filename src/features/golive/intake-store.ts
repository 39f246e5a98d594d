// SQL for the intake of a person on a go-live shift (a unit super-user): only their own current shifts and the zone
// of their own unit; nothing of the roster's other people, the board or other zones (docs/golive.md).
import { sql } from 'drizzle-orm';
import { type Queryable, rowsOf } from '../../platform/db/connect.ts';

/** The person's shifts that cover `at` (the check-in window before the start included), with their go-live. */
export async function shiftsCovering(db: Queryable, personId: string, at: Date, earlyMs: number) {
  return rowsOf<{
    event_id: string;
    event: string;
    time_zone: string;
    zone: string | null;
    starts_at: string | Date;
    ends_at: string | Date;
  }>(
    await db.execute(sql`SELECT e.id::text AS event_id, e.name AS event, e.time_zone, z.name AS zone,
        s.starts_at, s.ends_at
      FROM golive_shifts s JOIN golive_events e ON e.id = s.event_id LEFT JOIN golive_zones z ON z.id = s.zone_id
      WHERE s.person_id = ${personId}
        AND s.starts_at - make_interval(secs => ${earlyMs / 1000}) <= ${at.toISOString()}::timestamptz
        AND s.ends_at > ${at.toISOString()}::timestamptz AND e.ends_at > ${at.toISOString()}::timestamptz
      ORDER BY s.starts_at`),
  );
}

/** One unit with the zone of the event it is in; nothing when the unit is in none of the event's zones. */
export async function unitInEvent(db: Queryable, eventId: string, unitId: string) {
  return rowsOf<{ id: string; name: string; zone: string }>(
    await db.execute(sql`SELECT u.id::text, u.name, z.name AS zone FROM golive_zone_units zu
      JOIN units u ON u.id = zu.unit_id JOIN golive_zones z ON z.id = zu.zone_id
      WHERE zu.event_id = ${eventId} AND zu.unit_id = ${unitId}`),
  );
}
