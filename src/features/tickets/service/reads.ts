// What other features read of tickets, in one published module: they call these instead of reaching into the
// tickets' store or tables (docs/architecture.md). SLA: a ticket's rows, the facts its policy choice needs, who
// watches its clocks, its status and hand-off history, tickets not yet on a clock. Knowledge and the phone
// channel: a ticket by its number; first-contact resolutions among the tickets an article was used on.
export { countResolvedOnFirstContact } from '../fcr-store.ts';
export {
  historyOf,
  providerRepliesMany,
  type SlaTicket,
  slaTicketsByIds,
  type TicketFactsRow,
  ticketFacts,
  ticketFactsMany,
  ticketsByIds,
  ticketsWithoutSla,
  watchersOf,
} from '../reads-store.ts';
export { findTicketByNumber, type TicketRow } from '../store.ts';
