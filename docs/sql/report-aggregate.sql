-- A ticket report by facility over a year: whole months from the monthly rollup, or for one unit from the dimensions'
-- monthly rollup, or by week from the daily rollup, or from the per-ticket facts when a filter neither rollup keeps is
-- set.
-- Generated from the code by `npm run sql:snapshots` (test/sql-snapshots.ts); do not edit: change the query,
-- run the script and review this file with the code.

-- ticketCounts, whole months (reports/ticket-counts-store.ts), statement 1 of 8
begin;

-- ticketCounts, whole months (reports/ticket-counts-store.ts), statement 2 of 8
SET LOCAL work_mem = '64MB';

-- ticketCounts, whole months (reports/ticket-counts-store.ts), statement 3 of 8
SET LOCAL jit = off;

-- ticketCounts, whole months (reports/ticket-counts-store.ts), statement 4 of 8
SELECT rollup_time_zone AS tz
FROM report_refresh
WHERE id = 1;

-- ticketCounts, whole months (reports/ticket-counts-store.ts), statement 5 of 8
SELECT m::date AS month, m AT TIME ZONE $1 AS starts
      FROM generate_series(date_trunc('month', $2::timestamptz AT TIME ZONE $3),
        date_trunc('month', $4::timestamptz AT TIME ZONE $5) + interval '1 month',
        interval '1 month') AS m;

-- ticketCounts, whole months (reports/ticket-counts-store.ts), statement 6 of 8
SELECT coalesce(c.facility_id::text, '') AS key, sum("tickets_n") AS "tickets_n", sum("tickets_k") AS "tickets_k", sum("fcrGross_n") AS "fcrGross_n", sum("fcrGross_k") AS "fcrGross_k", sum("fcrNet_n") AS "fcrNet_n", sum("fcrNet_k") AS "fcrNet_k", sum("firstTouch_n") AS "firstTouch_n", sum("firstTouch_k") AS "firstTouch_k", sum("reopenRate_n") AS "reopenRate_n", sum("reopenRate_k") AS "reopenRate_k", sum("escalationTier2_n") AS "escalationTier2_n", sum("escalationTier2_k") AS "escalationTier2_k", sum("escalationTier3_n") AS "escalationTier3_n", sum("escalationTier3_k") AS "escalationTier3_k", sum("escalationVendor_n") AS "escalationVendor_n", sum("escalationVendor_k") AS "escalationVendor_k", sum("responseAttainment_n") AS "responseAttainment_n", sum("responseAttainment_k") AS "responseAttainment_k", sum("resolutionAttainment_n") AS "resolutionAttainment_n", sum("resolutionAttainment_k") AS "resolutionAttainment_k", sum("patientCareAffected_n") AS "patientCareAffected_n", sum("patientCareAffected_k") AS "patientCareAffected_k", sum("open_n") AS "open_n", sum("open_k") AS "open_k",
        sum(c.wall_sum) AS wall_sum, sum(c.cal_n) AS cal_n, sum(c.cal_sum) AS cal_sum,
        sum(c.care_done_ms) + sum(c.care_open_n) * $1::bigint - sum(c.care_open_created_ms) AS care_ms
      FROM report_month_cells c WHERE c.month >= $2::date AND c.month < $3::date
      GROUP BY 1;

-- ticketCounts, whole months (reports/ticket-counts-store.ts), statement 7 of 8
(
    WITH u AS NOT MATERIALIZED (WITH g AS ((SELECT s.scope AS key, s.measure, s.bucket, s.n, s.max FROM report_month_scope_times s
    WHERE s.scope <> $1 AND s.month >= $2::date AND s.month < $3::date)) SELECT * FROM g UNION ALL SELECT '*total*' AS key, x.measure, x.bucket, x.n, x.max FROM ((SELECT '*total*' AS key, s.measure, s.bucket, s.n, s.max FROM report_month_scope_times s
    WHERE s.scope = $4 AND s.month >= $5::date AND s.month < $6::date)) AS x),
    runs AS (SELECT key, measure, bucket >> 4 AS run, sum(n) AS n FROM u GROUP BY 1, 2, 3),
    counted AS (SELECT key, measure, run, n, sum(n) OVER (PARTITION BY key, measure ORDER BY run) AS cum,
        sum(n) OVER (PARTITION BY key, measure) AS total FROM runs),
    wanted AS (SELECT c.key, c.measure, c.run, c.total, ps.p, r.rank - (c.cum - c.n) AS within
      FROM counted c CROSS JOIN (VALUES (50), (90)) AS ps(p)
      CROSS JOIN LATERAL (SELECT greatest(1, ceil((ps.p::float8 / 100) * c.total::float8)) AS rank) AS r
      WHERE c.cum >= r.rank AND c.cum - c.n < r.rank),
    inside AS (SELECT u.key, u.measure, u.bucket, sum(u.n) AS n, max(u.max) AS max
      FROM u JOIN (SELECT DISTINCT key, measure, run FROM wanted) AS w
        ON w.key = u.key AND w.measure = u.measure AND w.run = u.bucket >> 4
      GROUP BY 1, 2, 3),
    ordered AS (SELECT key, measure, bucket >> 4 AS run, max,
        sum(n) OVER (PARTITION BY key, measure, bucket >> 4 ORDER BY bucket) AS cum FROM inside)
    SELECT w.key, w.measure, max(w.total) AS n, min(o.max) FILTER (WHERE w.p = 50) AS median,
      min(o.max) FILTER (WHERE w.p = 90) AS p90
    FROM wanted w JOIN ordered o ON o.key = w.key AND o.measure = w.measure AND o.run = w.run AND o.cum >= w.within
    GROUP BY 1, 2);

-- ticketCounts, whole months (reports/ticket-counts-store.ts), statement 8 of 8
commit;

-- ticketCounts, one unit, whole months (reports/ticket-counts-store.ts), statement 1 of 8
begin;

-- ticketCounts, one unit, whole months (reports/ticket-counts-store.ts), statement 2 of 8
SET LOCAL work_mem = '64MB';

-- ticketCounts, one unit, whole months (reports/ticket-counts-store.ts), statement 3 of 8
SET LOCAL jit = off;

-- ticketCounts, one unit, whole months (reports/ticket-counts-store.ts), statement 4 of 8
SELECT rollup_time_zone AS tz
FROM report_refresh
WHERE id = 1;

-- ticketCounts, one unit, whole months (reports/ticket-counts-store.ts), statement 5 of 8
SELECT m::date AS month, m AT TIME ZONE $1 AS starts
      FROM generate_series(date_trunc('month', $2::timestamptz AT TIME ZONE $3),
        date_trunc('month', $4::timestamptz AT TIME ZONE $5) + interval '1 month',
        interval '1 month') AS m;

-- ticketCounts, one unit, whole months (reports/ticket-counts-store.ts), statement 6 of 8
SELECT coalesce(c.facility_id::text, '') AS key, sum("tickets_n") AS "tickets_n", sum("tickets_k") AS "tickets_k", sum("fcrGross_n") AS "fcrGross_n", sum("fcrGross_k") AS "fcrGross_k", sum("fcrNet_n") AS "fcrNet_n", sum("fcrNet_k") AS "fcrNet_k", sum("firstTouch_n") AS "firstTouch_n", sum("firstTouch_k") AS "firstTouch_k", sum("reopenRate_n") AS "reopenRate_n", sum("reopenRate_k") AS "reopenRate_k", sum("escalationTier2_n") AS "escalationTier2_n", sum("escalationTier2_k") AS "escalationTier2_k", sum("escalationTier3_n") AS "escalationTier3_n", sum("escalationTier3_k") AS "escalationTier3_k", sum("escalationVendor_n") AS "escalationVendor_n", sum("escalationVendor_k") AS "escalationVendor_k", sum("responseAttainment_n") AS "responseAttainment_n", sum("responseAttainment_k") AS "responseAttainment_k", sum("resolutionAttainment_n") AS "resolutionAttainment_n", sum("resolutionAttainment_k") AS "resolutionAttainment_k", sum("patientCareAffected_n") AS "patientCareAffected_n", sum("patientCareAffected_k") AS "patientCareAffected_k", sum("open_n") AS "open_n", sum("open_k") AS "open_k",
        sum(c.wall_sum) AS wall_sum, sum(c.cal_n) AS cal_n, sum(c.cal_sum) AS cal_sum,
        sum(c.care_done_ms) + sum(c.care_open_n) * $1::bigint - sum(c.care_open_created_ms) AS care_ms
      FROM report_month_dim_cells c WHERE c.dimension = $2 AND c.month >= $3::date AND c.month < $4::date AND c.key = $5::uuid::text
      GROUP BY 1;

-- ticketCounts, one unit, whole months (reports/ticket-counts-store.ts), statement 7 of 8
SELECT coalesce(c.facility_id::text, '') AS key,
  c.measure,
  c.buckets
FROM report_month_dim_packs c
WHERE c.dimension = $1 AND c.month >= $2::date AND c.month < $3::date AND c.key = $4::uuid::text;

-- ticketCounts, one unit, whole months (reports/ticket-counts-store.ts), statement 8 of 8
commit;

-- ticketCounts, by week, whole days (reports/ticket-counts-store.ts), statement 1 of 9
begin;

-- ticketCounts, by week, whole days (reports/ticket-counts-store.ts), statement 2 of 9
SET LOCAL work_mem = '64MB';

-- ticketCounts, by week, whole days (reports/ticket-counts-store.ts), statement 3 of 9
SET LOCAL jit = off;

-- ticketCounts, by week, whole days (reports/ticket-counts-store.ts), statement 4 of 9
SELECT rollup_time_zone AS tz
FROM report_refresh
WHERE id = 1;

-- ticketCounts, by week, whole days (reports/ticket-counts-store.ts), statement 5 of 9
SELECT d0::date AS first, d0 AT TIME ZONE $1 AS first_starts, d1::date AS end,
        d1 AT TIME ZONE $2 AS end_starts, (d1 + interval '1 day')::date AS next,
        (d1 + interval '1 day') AT TIME ZONE $3 AS next_starts
      FROM (SELECT
        date_trunc('day', ($4::timestamptz - interval '1 microsecond') AT TIME ZONE $5)
          + interval '1 day' AS d0,
        date_trunc('day', $6::timestamptz AT TIME ZONE $7) AS d1) AS x;

-- ticketCounts, by week, whole days (reports/ticket-counts-store.ts), statement 6 of 9
SELECT to_char(date_trunc('week', c.day::timestamp), 'YYYY-MM-DD') AS key, sum("tickets_n") AS "tickets_n", sum("tickets_k") AS "tickets_k", sum("fcrGross_n") AS "fcrGross_n", sum("fcrGross_k") AS "fcrGross_k", sum("fcrNet_n") AS "fcrNet_n", sum("fcrNet_k") AS "fcrNet_k", sum("firstTouch_n") AS "firstTouch_n", sum("firstTouch_k") AS "firstTouch_k", sum("reopenRate_n") AS "reopenRate_n", sum("reopenRate_k") AS "reopenRate_k", sum("escalationTier2_n") AS "escalationTier2_n", sum("escalationTier2_k") AS "escalationTier2_k", sum("escalationTier3_n") AS "escalationTier3_n", sum("escalationTier3_k") AS "escalationTier3_k", sum("escalationVendor_n") AS "escalationVendor_n", sum("escalationVendor_k") AS "escalationVendor_k", sum("responseAttainment_n") AS "responseAttainment_n", sum("responseAttainment_k") AS "responseAttainment_k", sum("resolutionAttainment_n") AS "resolutionAttainment_n", sum("resolutionAttainment_k") AS "resolutionAttainment_k", sum("patientCareAffected_n") AS "patientCareAffected_n", sum("patientCareAffected_k") AS "patientCareAffected_k", sum("open_n") AS "open_n", sum("open_k") AS "open_k",
        sum(c.wall_sum) AS wall_sum, sum(c.cal_n) AS cal_n, sum(c.cal_sum) AS cal_sum,
        sum(c.care_done_ms) + sum(c.care_open_n) * $1::bigint - sum(c.care_open_created_ms) AS care_ms
      FROM report_day_cells c WHERE c.day >= $2::date AND c.day < $3::date
      GROUP BY 1;

-- ticketCounts, by week, whole days (reports/ticket-counts-store.ts), statement 7 of 9
SELECT m::date AS month, m AT TIME ZONE $1 AS starts
      FROM generate_series(date_trunc('month', $2::timestamptz AT TIME ZONE $3),
        date_trunc('month', $4::timestamptz AT TIME ZONE $5) + interval '1 month',
        interval '1 month') AS m;

-- ticketCounts, by week, whole days (reports/ticket-counts-store.ts), statement 8 of 9
(SELECT to_char(p.start, 'YYYY-MM-DD') AS key, p.measure, p.n, p.median, p.p90 FROM report_period_times p
    WHERE p.period = $1 AND p.scope = $2 AND p.start >= $3::date AND p.start + 7 <= $4::date) UNION ALL (
    WITH u AS NOT MATERIALIZED (WITH g AS ((SELECT to_char(date_trunc('week', c.day::timestamp), 'YYYY-MM-DD') AS key, c.measure, c.bucket, sum(c.n) AS n, max(c.max) AS max
          FROM report_day_times c WHERE ((c.day >= $5::date AND c.day < $6::date)
        OR (c.day >= $7::date AND c.day < $8::date)) GROUP BY 1, 2, 3)) SELECT * FROM g UNION ALL SELECT '*total*' AS key, x.measure, x.bucket, x.n, x.max FROM ((SELECT '*total*' AS key, c.measure, c.bucket, c.n, c.max FROM report_day_times c
        WHERE c.day >= $9::date AND c.day < $10::date)) AS x),
    runs AS (SELECT key, measure, bucket >> 4 AS run, sum(n) AS n FROM u GROUP BY 1, 2, 3),
    counted AS (SELECT key, measure, run, n, sum(n) OVER (PARTITION BY key, measure ORDER BY run) AS cum,
        sum(n) OVER (PARTITION BY key, measure) AS total FROM runs),
    wanted AS (SELECT c.key, c.measure, c.run, c.total, ps.p, r.rank - (c.cum - c.n) AS within
      FROM counted c CROSS JOIN (VALUES (50), (90)) AS ps(p)
      CROSS JOIN LATERAL (SELECT greatest(1, ceil((ps.p::float8 / 100) * c.total::float8)) AS rank) AS r
      WHERE c.cum >= r.rank AND c.cum - c.n < r.rank),
    inside AS (SELECT u.key, u.measure, u.bucket, sum(u.n) AS n, max(u.max) AS max
      FROM u JOIN (SELECT DISTINCT key, measure, run FROM wanted) AS w
        ON w.key = u.key AND w.measure = u.measure AND w.run = u.bucket >> 4
      GROUP BY 1, 2, 3),
    ordered AS (SELECT key, measure, bucket >> 4 AS run, max,
        sum(n) OVER (PARTITION BY key, measure, bucket >> 4 ORDER BY bucket) AS cum FROM inside)
    SELECT w.key, w.measure, max(w.total) AS n, min(o.max) FILTER (WHERE w.p = 50) AS median,
      min(o.max) FILTER (WHERE w.p = 90) AS p90
    FROM wanted w JOIN ordered o ON o.key = w.key AND o.measure = w.measure AND o.run = w.run AND o.cum >= w.within
    GROUP BY 1, 2);

-- ticketCounts, by week, whole days (reports/ticket-counts-store.ts), statement 9 of 9
commit;

-- ticketCounts, one unit and one channel (reports/ticket-counts-store.ts), statement 1 of 7
begin;

-- ticketCounts, one unit and one channel (reports/ticket-counts-store.ts), statement 2 of 7
SET LOCAL work_mem = '64MB';

-- ticketCounts, one unit and one channel (reports/ticket-counts-store.ts), statement 3 of 7
SET LOCAL jit = off;

-- ticketCounts, one unit and one channel (reports/ticket-counts-store.ts), statement 4 of 7
SELECT rollup_time_zone AS tz
FROM report_refresh
WHERE id = 1;

-- ticketCounts, one unit and one channel (reports/ticket-counts-store.ts), statement 5 of 7
SELECT coalesce(f.facility_id::text, '') AS key, count(*) FILTER (WHERE true) AS "tickets_n", count(*) FILTER (WHERE true AND true) AS "tickets_k",
count(*) FILTER (WHERE f.live_contact) AS "fcrGross_n", count(*) FILTER (WHERE f.live_contact AND f.fcr) AS "fcrGross_k",
count(*) FILTER (WHERE f.live_contact AND f.net_eligible) AS "fcrNet_n", count(*) FILTER (WHERE f.live_contact AND f.net_eligible AND f.fcr) AS "fcrNet_k",
count(*) FILTER (WHERE f.first_touch IS NOT NULL) AS "firstTouch_n", count(*) FILTER (WHERE f.first_touch IS NOT NULL AND f.first_touch) AS "firstTouch_k",
count(*) FILTER (WHERE f.resolved_at IS NOT NULL) AS "reopenRate_n", count(*) FILTER (WHERE f.resolved_at IS NOT NULL AND f.reopened_7d) AS "reopenRate_k",
count(*) FILTER (WHERE true) AS "escalationTier2_n", count(*) FILTER (WHERE true AND 'tier2' = ANY(f.tiers_reached)) AS "escalationTier2_k",
count(*) FILTER (WHERE true) AS "escalationTier3_n", count(*) FILTER (WHERE true AND 'tier3' = ANY(f.tiers_reached)) AS "escalationTier3_k",
count(*) FILTER (WHERE true) AS "escalationVendor_n", count(*) FILTER (WHERE true AND 'vendor' = ANY(f.tiers_reached)) AS "escalationVendor_k",
count(*) FILTER (WHERE f.response_met IS NOT NULL) AS "responseAttainment_n", count(*) FILTER (WHERE f.response_met IS NOT NULL AND f.response_met) AS "responseAttainment_k",
count(*) FILTER (WHERE f.resolution_met IS NOT NULL) AS "resolutionAttainment_n", count(*) FILTER (WHERE f.resolution_met IS NOT NULL AND f.resolution_met) AS "resolutionAttainment_k",
count(*) FILTER (WHERE f.patient_care_affected) AS "patientCareAffected_n", count(*) FILTER (WHERE f.patient_care_affected AND true) AS "patientCareAffected_k",
count(*) FILTER (WHERE f.resolved_at IS NULL) AS "open_n", count(*) FILTER (WHERE f.resolved_at IS NULL AND true) AS "open_k",
        coalesce(sum(f.resolve_wall_ms) FILTER (WHERE f.resolved_at IS NOT NULL), 0) AS wall_sum,
        count(*) FILTER (WHERE f.resolved_at IS NOT NULL AND f.resolve_calendar_ms IS NOT NULL) AS cal_n,
        coalesce(sum(f.resolve_calendar_ms) FILTER (WHERE f.resolved_at IS NOT NULL AND f.resolve_calendar_ms IS NOT NULL), 0) AS cal_sum,
        coalesce(sum(extract(epoch FROM coalesce(f.resolved_at, $1::timestamptz) - f.created_at) * 1000)
          FILTER (WHERE f.patient_care_affected), 0) AS care_ms
      FROM report_ticket_facts f WHERE f.ticket_id NOT IN (SELECT sr.followup_ticket_id FROM survey_recoveries sr WHERE sr.followup_ticket_id IS NOT NULL) AND f.created_at >= $2::timestamptz AND f.created_at < $3::timestamptz AND f.unit_id = $4::uuid AND f.channel = $5
      GROUP BY 1;

-- ticketCounts, one unit and one channel (reports/ticket-counts-store.ts), statement 6 of 7
(
    WITH u AS NOT MATERIALIZED (WITH g AS ((
      SELECT coalesce(f.facility_id::text, '') AS key, m.measure, report_time_bucket(m.ms) AS bucket, count(*) AS n, max(m.ms) AS max
      FROM report_ticket_facts f
      CROSS JOIN LATERAL (VALUES ('wall', f.resolve_wall_ms),
        ('cal', CASE WHEN f.resolve_calendar_ms IS NOT NULL THEN f.resolve_calendar_ms END)) AS m(measure, ms)
      WHERE f.ticket_id NOT IN (SELECT sr.followup_ticket_id FROM survey_recoveries sr WHERE sr.followup_ticket_id IS NOT NULL) AND f.created_at >= $1::timestamptz AND f.created_at < $2::timestamptz AND f.unit_id = $3::uuid AND f.channel = $4 AND f.resolved_at IS NOT NULL AND m.ms IS NOT NULL
      GROUP BY 1, 2, 3)) SELECT * FROM g UNION ALL SELECT '*total*' AS key, x.measure, x.bucket, x.n, x.max FROM (SELECT * FROM g) AS x),
    runs AS (SELECT key, measure, bucket >> 4 AS run, sum(n) AS n FROM u GROUP BY 1, 2, 3),
    counted AS (SELECT key, measure, run, n, sum(n) OVER (PARTITION BY key, measure ORDER BY run) AS cum,
        sum(n) OVER (PARTITION BY key, measure) AS total FROM runs),
    wanted AS (SELECT c.key, c.measure, c.run, c.total, ps.p, r.rank - (c.cum - c.n) AS within
      FROM counted c CROSS JOIN (VALUES (50), (90)) AS ps(p)
      CROSS JOIN LATERAL (SELECT greatest(1, ceil((ps.p::float8 / 100) * c.total::float8)) AS rank) AS r
      WHERE c.cum >= r.rank AND c.cum - c.n < r.rank),
    inside AS (SELECT u.key, u.measure, u.bucket, sum(u.n) AS n, max(u.max) AS max
      FROM u JOIN (SELECT DISTINCT key, measure, run FROM wanted) AS w
        ON w.key = u.key AND w.measure = u.measure AND w.run = u.bucket >> 4
      GROUP BY 1, 2, 3),
    ordered AS (SELECT key, measure, bucket >> 4 AS run, max,
        sum(n) OVER (PARTITION BY key, measure, bucket >> 4 ORDER BY bucket) AS cum FROM inside)
    SELECT w.key, w.measure, max(w.total) AS n, min(o.max) FILTER (WHERE w.p = 50) AS median,
      min(o.max) FILTER (WHERE w.p = 90) AS p90
    FROM wanted w JOIN ordered o ON o.key = w.key AND o.measure = w.measure AND o.run = w.run AND o.cum >= w.within
    GROUP BY 1, 2);

-- ticketCounts, one unit and one channel (reports/ticket-counts-store.ts), statement 7 of 7
commit;
