// The demo hospital's go-live command center (features/golive, docs/golive.md): the EHR go-live at the community
// hospital that the history already holds (calendar.ts GO_LIVE) gets its event, four zones of units with a leader
// each, a roster of 12-hour day and night shifts (the desk's staff and the outsourcer's consultants at the elbow,
// the unit super-users on days), its go-live tickets tied to the event and zone with a go-live category, and two
// known issues with their tip sheet. Set-based SQL, a handful of statements whatever the history's size.
// Ids are derived from names (md5, as version-8 UUIDs), so a seed run gives the same ids every time.
import { type SQL, sql } from 'drizzle-orm';
import { type Queryable, rowsOf } from '../platform/db/connect.ts';
import { DAY_MS, GO_LIVE, goLiveStart, HOME_TIME_ZONE } from './calendar.ts';

/** A UUID from a name (version 8: custom, as the RFC allows): md5's hex with the version and variant digits set. */
const uuidFrom = (name: SQL) => sql`overlay(overlay(md5(${name}) placing '8' from 13) placing '8' from 17)::uuid`;
const id = (name: string) => uuidFrom(sql`${`golive:${name}`}`);

/** Zones by unit kind: the names the command center used. */
const ZONES = [
  { key: 'z1', name: 'Zone 1 — Emergency & ICU', kinds: ['ed', 'icu'] },
  { key: 'z2', name: 'Zone 2 — Inpatient floors', kinds: ['inpatient'] },
  { key: 'z3', name: 'Zone 3 — Surgery & ancillary', kinds: ['or', 'pharmacy', 'lab', 'imaging'] },
  { key: 'z4', name: 'Zone 4 — Clinics, access & business', kinds: [] as string[] },
] as const;

/** Seeds the go-live's event, zones, roster, issues and known issues; returns how many issues it tied to the event. */
export async function seedGoLive(tx: Queryable, now: number): Promise<number> {
  const startsAt = new Date(goLiveStart(now));
  const endsAt = new Date(startsAt.getTime() + 2 * GO_LIVE.length * DAY_MS);
  const facility = rowsOf<{ id: string }>(
    await tx.execute(sql`SELECT id::text FROM facilities WHERE code = ${GO_LIVE.facility}`),
  )[0];
  if (!facility) return 0;
  const event = id('event');
  await tx.execute(sql`INSERT INTO golive_events (id, name, facility_ids, time_zone, starts_at, ends_at,
      round_the_clock_days, scaled_open_hour, scaled_close_hour)
    SELECT ${event}, 'Lakeshore EHR go-live', ARRAY[${facility.id}::uuid], ${HOME_TIME_ZONE},
      ${startsAt.toISOString()}::timestamptz, ${endsAt.toISOString()}::timestamptz, ${GO_LIVE.length}, 7, 23`);
  for (const z of ZONES) {
    await tx.execute(sql`INSERT INTO golive_zones (id, event_id, name) VALUES (${id(z.key)}, ${event}, ${z.name})`);
  }
  // Every unit of the facility in the zone of its kind (the last zone takes the rest).
  const zoneOfKind = sql.join(
    ZONES.flatMap((z) => z.kinds.map((k) => sql`WHEN ${k} THEN ${id(z.key)}`)),
    sql` `,
  );
  await tx.execute(sql`INSERT INTO golive_zone_units (event_id, unit_id, zone_id)
    SELECT ${event}, u.id, CASE u.kind ${zoneOfKind} ELSE ${id('z4')} END
    FROM units u WHERE u.facility_id = ${facility.id}::uuid`);
  // The zone leader: the first super-user of the zone's units, by name.
  await tx.execute(sql`UPDATE golive_zones z SET leader_person_id = (
      SELECT p.id FROM people p JOIN golive_zone_units zu ON zu.unit_id = p.unit_id
      WHERE zu.zone_id = z.id AND p.super_user AND p.active ORDER BY p.display_name LIMIT 1)
    WHERE z.event_id = ${event}`);
  // The roster for the surge weeks: desk staff and consultants in 12-hour shifts at the elbow (days 07–19 or nights
  // 19–07 local, a zone each in turn), super-users on day shifts in their own zone; everybody checked in a few
  // minutes after the start and out at the end. One shift per person per day: never an overlap.
  const days = GO_LIVE.length;
  await tx.execute(sql`WITH support AS (
        SELECT p.id, p.provider_org_id, row_number() OVER (ORDER BY p.display_name) AS n
        FROM people p JOIN users us ON us.id = p.user_id
        WHERE us.role IN ('agent', 'engineer', 'analyst') AND p.active),
      zones AS (SELECT id, row_number() OVER (ORDER BY name) - 1 AS i FROM golive_zones WHERE event_id = ${event}),
      starts AS (
        SELECT s.id AS person_id, s.provider_org_id, d,
          (SELECT id FROM zones WHERE i = (s.n + d) % 4) AS zone_id,
          ((${startsAt.toISOString()}::timestamptz AT TIME ZONE ${HOME_TIME_ZONE}) + make_interval(days => d)
            + make_interval(hours => CASE WHEN s.n % 2 = 0 THEN 7 ELSE 19 END)) AT TIME ZONE ${HOME_TIME_ZONE} AS at,
          s.n
        FROM support s CROSS JOIN generate_series(0, ${days - 1}) d)
    INSERT INTO golive_shifts (id, event_id, zone_id, person_id, provider_id, role, starts_at, ends_at,
        checked_in_at, checked_out_at)
    SELECT ${uuidFrom(sql`'golive:shift:' || person_id || ':' || d`)}, ${event}, zone_id, person_id, provider_org_id,
      'at_the_elbow', at, at + interval '12 hours', at + make_interval(mins => ((n * 7 + d) % 11)::int),
      at + interval '12 hours'
    FROM starts WHERE at < ${new Date(now).toISOString()}::timestamptz - interval '12 hours'`);
  await tx.execute(sql`WITH su AS (
        SELECT p.id, zu.zone_id FROM people p JOIN golive_zone_units zu ON zu.unit_id = p.unit_id
        WHERE zu.event_id = ${event} AND p.super_user AND p.active),
      starts AS (
        SELECT su.id AS person_id, su.zone_id, d,
          ((${startsAt.toISOString()}::timestamptz AT TIME ZONE ${HOME_TIME_ZONE}) + make_interval(days => d)
            + interval '7 hours') AT TIME ZONE ${HOME_TIME_ZONE} AS at
        FROM su CROSS JOIN generate_series(0, ${days - 1}) d)
    INSERT INTO golive_shifts (id, event_id, zone_id, person_id, provider_id, role, starts_at, ends_at,
        checked_in_at, checked_out_at)
    SELECT ${uuidFrom(sql`'golive:su:' || person_id || ':' || d`)}, ${event}, zone_id, person_id, NULL, 'super_user',
      at, at + interval '12 hours', at, at + interval '12 hours'
    FROM starts WHERE at < ${new Date(now).toISOString()}::timestamptz - interval '12 hours'`);
  // The go-live tickets of the history: tied to the event and the zone of their unit. Category: how-to tickets are
  // training, device tickets hardware, the rest build, technical or workflow in turn. Resolved on the spot: resolved
  // by whoever opened it within half an hour, never escalated (the FCR rule's contact window).
  const issues = rowsOf<{ n: number }>(
    await tx.execute(sql`WITH tied AS (
        INSERT INTO golive_issues (ticket_id, event_id, zone_id, category, logged_by_person_id, resolved_on_spot,
            created_at)
        SELECT t.id, ${event}, zu.zone_id,
          CASE WHEN t.type = 'how_to' THEN 'how_to' WHEN t.device_type IS NOT NULL THEN 'hardware'
               ELSE (ARRAY['build', 'technical', 'workflow'])[1 + t.number % 3] END,
          (SELECT p.id FROM people p WHERE p.user_id = t.opened_by_user_id LIMIT 1),
          t.resolved_by_id IS NOT NULL AND t.resolved_by_id = t.opened_by_user_id
            AND t.resolved_at <= t.created_at + interval '30 minutes'
            AND NOT EXISTS (SELECT 1 FROM ticket_handoffs h WHERE h.ticket_id = t.id AND h.kind = 'escalate'),
          t.created_at
        FROM tickets t LEFT JOIN golive_zone_units zu ON zu.event_id = ${event} AND zu.unit_id = t.unit_id
        WHERE t.channel = 'go_live' AND t.facility_id = ${facility.id}::uuid
          AND t.created_at >= ${startsAt.toISOString()}::timestamptz AND t.created_at < ${endsAt.toISOString()}::timestamptz
        RETURNING 1)
      SELECT count(*)::int AS n FROM tied`),
  )[0]!.n;
  // Up to two known issues from the first days, each about the earliest issue of a zone (one not answered on the spot
  // when there is one), with a tip sheet, retired three days later when the fix went in.
  await tx.execute(sql`WITH firsts AS (
        SELECT DISTINCT ON (g.zone_id) g.ticket_id, g.created_at, z.name AS zone, left(t.summary, 150) AS summary
        FROM golive_issues g JOIN golive_zones z ON z.id = g.zone_id JOIN tickets t ON t.id = g.ticket_id
        WHERE g.event_id = ${event} ORDER BY g.zone_id, g.resolved_on_spot, g.created_at LIMIT 2),
      tip AS (SELECT id FROM kb_articles WHERE status = 'published' AND audience = 'portal'
        ORDER BY (type = 'how_to') DESC, number LIMIT 1)
    INSERT INTO golive_known_issues (id, event_id, title, workaround, ticket_id, article_id, published_at, retired_at)
    SELECT ${uuidFrom(sql`'golive:known:' || f.ticket_id`)}, ${event},
      f.zone || ': ' || f.summary,
      'Until the fix goes in: use the tip sheet, and tell the command center your unit and screen when it happens.',
      f.ticket_id, (SELECT id FROM tip), f.created_at + interval '2 hours', f.created_at + interval '3 days'
    FROM firsts f`);
  return issues;
}
