-- The wallboard: who waits per line, agents per state, and each line's counts for today, yesterday, the week.
-- Generated from the code by `npm run sql:snapshots` (test/sql-snapshots.ts); do not edit: change the query,
-- run the script and review this file with the code.

-- waitingPerLine (routing/wallboard-store.ts)
select "line",
  count(*),
  min("queued_at")
from "contacts"
where "contacts"."state" = 'waiting'
group by "contacts"."line";

-- agentsPerState (routing/wallboard-store.ts)
select "state",
  count(*)
from "agent_presence"
group by "agent_presence"."state";

-- lineCountsPerPeriod (routing/wallboard-store.ts)
(SELECT $1::text AS period, c.line, count(*) AS offered,
        count(*) FILTER (WHERE c.answered_at IS NOT NULL) AS answered,
        count(*) FILTER (WHERE c.answered_at IS NULL AND c.outcome = 'abandoned'
          AND extract(epoch FROM coalesce(c.ended_at, c.queued_at) - c.queued_at) * 1000 > $2) AS abandoned,
        count(*) FILTER (WHERE c.answered_at IS NOT NULL AND extract(epoch FROM c.answered_at - c.queued_at) * 1000 <= (CASE c.line WHEN 'provider' THEN $3::int WHEN 'clinical' THEN $4::int ELSE $5::int END)) AS within,
        avg(extract(epoch FROM c.answered_at - c.queued_at) * 1000) FILTER (WHERE c.answered_at IS NOT NULL) AS mean_ms,
        percentile_disc(0.8) WITHIN GROUP (ORDER BY extract(epoch FROM c.answered_at - c.queued_at) * 1000) FILTER (WHERE c.answered_at IS NOT NULL) AS p80_ms
      FROM contacts c WHERE c.offered_at >= $6::timestamptz
        AND c.offered_at < $7::timestamptz
      GROUP BY c.line) UNION ALL (SELECT $8::text AS period, c.line, count(*) AS offered,
        count(*) FILTER (WHERE c.answered_at IS NOT NULL) AS answered,
        count(*) FILTER (WHERE c.answered_at IS NULL AND c.outcome = 'abandoned'
          AND extract(epoch FROM coalesce(c.ended_at, c.queued_at) - c.queued_at) * 1000 > $9) AS abandoned,
        count(*) FILTER (WHERE c.answered_at IS NOT NULL AND extract(epoch FROM c.answered_at - c.queued_at) * 1000 <= (CASE c.line WHEN 'provider' THEN $10::int WHEN 'clinical' THEN $11::int ELSE $12::int END)) AS within,
        avg(extract(epoch FROM c.answered_at - c.queued_at) * 1000) FILTER (WHERE c.answered_at IS NOT NULL) AS mean_ms,
        percentile_disc(0.8) WITHIN GROUP (ORDER BY extract(epoch FROM c.answered_at - c.queued_at) * 1000) FILTER (WHERE c.answered_at IS NOT NULL) AS p80_ms
      FROM contacts c WHERE c.offered_at >= $13::timestamptz
        
      GROUP BY c.line);
