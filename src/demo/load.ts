// Streams the ticket history into the database: day by day in time order (so ticket numbers rise with time),
// a few thousand tickets per batch with their comments, hand-offs, activity and phone calls (calls.ts: the routing
// feature's contacts and their links to the tickets), in transactions of about 100,000
// tickets. Memory stays bounded by one day and one batch, whatever the total.
import { maskedTicketText } from '../features/tickets/rules/search-text.ts';
import type { Queryable } from '../platform/db/connect.ts';
import type { Rng } from '../platform/seeded-random.ts';
import type { Day } from './calendar.ts';
import type { Generated, TicketFactory } from './tickets.ts';
import { Batch, type Columns, cols } from './writer.ts';

export const TICKETS_PER_TRANSACTION = 100_000;
const TICKETS_PER_BATCH = 2_000;

const TICKET_COLUMNS = cols(`
  id:uuid type:text channel:text status:text summary:text description:text requester_id:uuid opened_by_user_id:uuid
  facility_id:uuid unit_id:uuid location_id:uuid asset_id:uuid asset_tag:text device_type:text service_id:uuid
  module_id:uuid error_text:text patient_care_affected:boolean scope:text workaround_available:boolean
  patient_safety:boolean safety_report_ref:text impact:smallint urgency:smallint priority:smallint priority_reason:text
  tier:text provider_id:uuid group_id:uuid assignee_id:uuid provider_ids:uuid[] resolution_code:text
  resolution_note:text resolved_by_id:uuid resolved_at:timestamptz closed_at:timestamptz reopen_count:integer
  first_response_at:timestamptz created_at:timestamptz updated_at:timestamptz version:integer
  masked_summary:text masked_error_text:text masked_description:text phi_scanned:boolean
`);
const COMMENT_COLUMNS = cols('id:uuid ticket_id:uuid author_id:uuid visibility:text body:text created_at:timestamptz');
const HANDOFF_COLUMNS = cols(`
  id:uuid ticket_id:uuid at:timestamptz kind:text from_tier:text to_tier:text from_provider_id:uuid to_provider_id:uuid
  from_group_id:uuid to_group_id:uuid from_user_id:uuid to_user_id:uuid reason:text vendor_reference:text actor_id:uuid
`);
const ACTIVITY_COLUMNS = cols('ticket_id:uuid at:timestamptz actor_id:uuid kind:text data:jsonb');
const CONTACT_COLUMNS = cols(`
  id:uuid channel:text line:text dialled_line:text caller_number:text person_id:uuid patient_care_affected:boolean
  state:text offered_at:timestamptz queued_at:timestamptz answered_at:timestamptz ended_at:timestamptz
  wrap_done_at:timestamptz agent_id:uuid outcome:text transfers:integer created_at:timestamptz
`);
const CONTACT_TICKET_COLUMNS = cols(
  'contact_id:uuid ticket_id:uuid relation:text linked_by:uuid created_at:timestamptz',
);

/** The tables a history load writes. */
export const HISTORY_TABLES = [
  'tickets',
  'ticket_comments',
  'ticket_handoffs',
  'ticket_activity',
  'contacts',
  'contact_tickets',
] as const;

/** A batch into one of HISTORY_TABLES: a table the loader wrote and the list did not name would not compile (the
 *  seed's bulk load needs every one of them: bulk-load-store.ts). */
const historyBatch = (table: (typeof HISTORY_TABLES)[number], columns: Columns) => new Batch(table, columns);

export type HistoryCounts = {
  tickets: number;
  comments: number;
  handoffs: number;
  activity: number;
  calls: number;
  callLinks: number;
  open: number;
};

/** A history to write in chunks: call `chunk(q)` in a transaction until `finished`; `counts` says what it wrote. */
export interface HistorySource {
  readonly total: number;
  readonly finished: boolean;
  readonly counts: HistoryCounts;
  chunk(q: Queryable): Promise<void>;
  /** Lets go of what it holds, whether or not it was written to the end. */
  close?(): Promise<void>;
}

/** Where a loader's batches go each time they fill: through a connection (chunk), or elsewhere (history-thread.ts). */
export type HistorySink = (batches: readonly Batch[]) => Promise<void>;

/** Generates the history and writes it in chunks, in the caller's thread. */
export class HistoryLoader implements HistorySource {
  private readonly tickets = historyBatch('tickets', TICKET_COLUMNS);
  private readonly comments = historyBatch('ticket_comments', COMMENT_COLUMNS);
  private readonly handoffs = historyBatch('ticket_handoffs', HANDOFF_COLUMNS);
  private readonly activity = historyBatch('ticket_activity', ACTIVITY_COLUMNS);
  private readonly calls = historyBatch('contacts', CONTACT_COLUMNS);
  private readonly callLinks = historyBatch('contact_tickets', CONTACT_TICKET_COLUMNS);
  private open = 0;
  private done = 0;
  private reported = 0;
  private dayIndex = 0;
  readonly total: number;

  constructor(
    private readonly days: Day[],
    private readonly rng: Rng,
    private readonly makeTicket: TicketFactory,
    private readonly onProgress?: (done: number, total: number) => void,
  ) {
    this.total = days.reduce((s, d) => s + d.cells.reduce((t, c) => t + c.count, 0), 0);
  }

  get finished(): boolean {
    return this.dayIndex >= this.days.length;
  }

  get counts(): HistoryCounts {
    return {
      tickets: this.tickets.written,
      comments: this.comments.written,
      handoffs: this.handoffs.written,
      activity: this.activity.written,
      calls: this.calls.written,
      callLinks: this.callLinks.written,
      open: this.open,
    };
  }

  /** Generates and writes whole days until about TICKETS_PER_TRANSACTION tickets more are written. */
  chunk(q: Queryable): Promise<void> {
    return this.generate(async (batches) => {
      for (const batch of batches) await batch.flush(q);
    });
  }

  /** Generates whole days until about TICKETS_PER_TRANSACTION tickets more are done, handing the batches to `sink`
   *  each time they fill (tickets first, then the rows that refer to them) and once at the end. */
  async generate(sink: HistorySink): Promise<void> {
    const limit = this.done + TICKETS_PER_TRANSACTION;
    while (!this.finished && this.done < limit) {
      const day = this.days[this.dayIndex]!;
      const rng = this.rng.fork(this.dayIndex++);
      const generated: Generated[] = [];
      for (const cell of day.cells) {
        for (let i = 0; i < cell.count; i++) {
          generated.push(this.makeTicket(rng, cell.pickTime(rng), cell.facility, day.goLiveDay));
        }
      }
      generated.sort((a, b) => a.ticket.createdAt - b.ticket.createdAt);
      for (const g of generated) {
        this.add(g);
        if (this.tickets.size >= TICKETS_PER_BATCH) await sink(this.batches);
      }
      this.done += generated.length;
      if (this.onProgress && this.done - this.reported >= 100_000) {
        this.reported = this.done - (this.done % 100_000);
        this.onProgress(this.done, this.total);
      }
    }
    await sink(this.batches);
  }

  private add(g: Generated): void {
    const t = g.ticket;
    const s = g.state;
    const masked = maskedTicketText(t);
    if (s.status !== 'resolved' && s.status !== 'closed') this.open++;
    this.tickets.push([
      t.id,
      t.type,
      t.channel,
      s.status,
      t.summary,
      t.description,
      t.requesterId,
      s.openedBy,
      t.facilityId,
      t.unitId,
      t.locationId,
      t.assetId,
      t.assetTag,
      t.deviceType,
      t.serviceId,
      t.moduleId,
      t.errorText,
      t.patientCareAffected,
      t.scope,
      t.workaroundAvailable,
      t.patientSafety,
      t.safetyReportRef,
      t.impact,
      t.urgency,
      t.priority,
      t.priorityReason,
      s.tier,
      s.providerId,
      s.groupId,
      s.assigneeId,
      s.providerIds,
      s.code,
      s.note,
      s.resolvedBy,
      s.resolvedAt,
      s.closedAt,
      s.reopenCount,
      s.firstResponseAt,
      t.createdAt,
      s.updatedAt,
      s.version,
      // In TICKET_COLUMNS' order, named: an object's key order is no column list.
      masked.maskedSummary,
      masked.maskedErrorText,
      masked.maskedDescription,
      masked.phiScanned,
    ]);
    for (const c of g.comments) this.comments.push([c.id, c.ticketId, c.authorId, c.visibility, c.body, c.at]);
    for (const h of g.handoffs) {
      this.handoffs.push([
        h.id,
        h.ticketId,
        h.at,
        h.kind,
        h.from?.tier ?? null,
        h.to.tier,
        h.from?.providerId ?? null,
        h.to.providerId,
        h.from?.groupId ?? null,
        h.to.groupId,
        h.from?.userId ?? null,
        h.to.userId,
        h.reason,
        h.vendorReference,
        h.actorId,
      ]);
    }
    for (const a of g.activity) this.activity.push([a.ticketId, a.at, a.actorId, a.kind, a.data]);
    for (const c of g.calls.calls) {
      this.calls.push([
        c.id,
        'phone',
        c.line,
        c.dialledLine,
        c.callerNumber,
        c.personId,
        c.patientCareAffected,
        'done',
        c.queuedAt,
        c.queuedAt,
        c.answeredAt,
        c.endedAt,
        c.wrapDoneAt,
        c.agentId,
        c.outcome,
        c.transfers,
        c.queuedAt,
      ]);
    }
    for (const l of g.calls.links) this.callLinks.push([l.contactId, l.ticketId, l.relation, l.linkedBy, l.at]);
  }

  /** Every batch, in the order they are written: a row after the rows it refers to. */
  private get batches(): readonly Batch[] {
    return [this.tickets, this.comments, this.handoffs, this.activity, this.calls, this.callLinks];
  }
}
