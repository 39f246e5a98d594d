-- The SLA sweep: claim the rows whose next look is due (other instances' rows skipped), write them back.
-- Generated from the code by `npm run sql:snapshots` (test/sql-snapshots.ts); do not edit: change the query,
-- run the script and review this file with the code.

-- claimDue (sla/store.ts)
select "ticket_id",
  "policy_id",
  "policy_name",
  "calendar_id",
  "time_zone",
  "priority",
  "timeline",
  "response_target_ms",
  "resolution_target_ms",
  "response_state",
  "resolution_state",
  "response_elapsed_ms",
  "resolution_elapsed_ms",
  "response_due_at",
  "resolution_due_at",
  "response_breached_at",
  "resolution_breached_at",
  "at_risk",
  "breached",
  "response_at_risk_notified",
  "response_breach_notified",
  "resolution_at_risk_notified",
  "resolution_breach_notified",
  "elapsed_by_holder",
  "contract_clocks",
  "next_check_at",
  "computed_at"
from "ticket_sla"
where "ticket_sla"."next_check_at" IS NOT NULL AND "ticket_sla"."next_check_at" <= $1::timestamptz
order by "ticket_sla"."next_check_at" asc
limit $2
for update skip locked;

-- upsertTicketSla (sla/store.ts)
insert into "ticket_sla" ("ticket_id", "policy_id", "policy_name", "calendar_id", "time_zone", "priority", "timeline", "response_target_ms", "resolution_target_ms", "response_state", "resolution_state", "response_elapsed_ms", "resolution_elapsed_ms", "response_due_at", "resolution_due_at", "response_breached_at", "resolution_breached_at", "at_risk", "breached", "response_at_risk_notified", "response_breach_notified", "resolution_at_risk_notified", "resolution_breach_notified", "elapsed_by_holder", "contract_clocks", "next_check_at", "computed_at")
values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, default, $25, $26)
on conflict ("ticket_id") do update set "policy_id" = $27,
  "policy_name" = $28,
  "calendar_id" = $29,
  "time_zone" = $30,
  "priority" = $31,
  "timeline" = $32,
  "response_target_ms" = $33,
  "resolution_target_ms" = $34,
  "response_state" = $35,
  "resolution_state" = $36,
  "response_elapsed_ms" = $37,
  "resolution_elapsed_ms" = $38,
  "response_due_at" = $39,
  "resolution_due_at" = $40,
  "response_breached_at" = $41,
  "resolution_breached_at" = $42,
  "at_risk" = $43,
  "breached" = $44,
  "response_at_risk_notified" = $45,
  "response_breach_notified" = $46,
  "resolution_at_risk_notified" = $47,
  "resolution_breach_notified" = $48,
  "elapsed_by_holder" = $49,
  "next_check_at" = $50,
  "computed_at" = $51;
