-- A ticket report by facility and month over a year: every metric in one pass (GROUPING SETS for the total).
-- Generated from the code by `npm run sql:snapshots` (test/sql-snapshots.ts); do not edit: change the query,
-- run the script and review this file with the code.

-- ticketCounts (reports/report-store.ts), statement 1 of 5
begin;

-- ticketCounts (reports/report-store.ts), statement 2 of 5
SET LOCAL work_mem = '64MB';

-- ticketCounts (reports/report-store.ts), statement 3 of 5
SET LOCAL jit = off;

-- ticketCounts (reports/report-store.ts), statement 4 of 5
SELECT CASE WHEN grouping(f.gkey) = 1 THEN '*total*' ELSE f.gkey END AS key,
        count(*) FILTER (WHERE true) AS "tickets_n", count(*) FILTER (WHERE true AND true) AS "tickets_k",
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
        avg(f.resolve_wall_ms) FILTER (WHERE f.resolved_at IS NOT NULL) AS wall_mean,
        percentile_disc(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY f.resolve_wall_ms) FILTER (WHERE f.resolved_at IS NOT NULL) AS wall_pct,
        count(*) FILTER (WHERE f.resolved_at IS NOT NULL AND f.resolve_calendar_ms IS NOT NULL) AS cal_n,
        avg(f.resolve_calendar_ms) FILTER (WHERE f.resolved_at IS NOT NULL) AS cal_mean,
        percentile_disc(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY f.resolve_calendar_ms) FILTER (WHERE f.resolved_at IS NOT NULL AND f.resolve_calendar_ms IS NOT NULL) AS cal_pct,
        coalesce(sum(extract(epoch FROM coalesce(f.resolved_at, $1::timestamptz) - f.created_at) * 1000)
          FILTER (WHERE f.patient_care_affected), 0) AS care_ms
      FROM (SELECT f.*, coalesce(f.facility_id::text, '') AS gkey FROM report_ticket_facts f WHERE f.ticket_id NOT IN (SELECT sr.followup_ticket_id FROM survey_recoveries sr WHERE sr.followup_ticket_id IS NOT NULL) AND f.created_at >= $2::timestamptz AND f.created_at < $3::timestamptz) f
      GROUP BY GROUPING SETS ((f.gkey), ())
      ORDER BY 1;

-- ticketCounts (reports/report-store.ts), statement 5 of 5
commit;
