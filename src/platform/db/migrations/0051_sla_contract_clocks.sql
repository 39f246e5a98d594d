-- Two clocks while a provider holds a ticket (issue 16, docs/decisions.md): each ticket's SLA row keeps, beside the
-- hospital's clock, one contract clock per period a provider with a contract held the ticket (its targets, calendar,
-- elapsed time, due and breach instants, and what has been announced). Existing rows start with none; the next
-- recompute of a ticket (any change, the sweep, or a policy edit's recompute request) fills them in.
ALTER TABLE "ticket_sla" ADD COLUMN "contract_clocks" jsonb DEFAULT '[]'::jsonb NOT NULL;
