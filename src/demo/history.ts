// One ticket's history as it happens: each step appends its activity row (and comment or hand-off row) and moves
// the ticket's current state. Steps after the seed time are dropped, so recent tickets stay open where they are.
// Status changes go through the ticket state machine (lifecycle.ts): the seed can only write reachable histories.
import type { Tier } from '../domain/vocabulary.ts';
import { allowedNext } from '../features/tickets/rules/lifecycle.ts';
import type { ResolutionCode, Status } from '../features/tickets/rules/vocabulary.ts';

export type Holder = {
  tier: Tier;
  groupId: string;
  groupName: string;
  providerId: string;
  userId: string | null;
  userName: string | null;
};
export type CommentRow = {
  id: string;
  ticketId: string;
  authorId: string | null;
  visibility: 'public' | 'internal';
  body: string;
  at: number;
};
export type HandoffRow = {
  id: string;
  ticketId: string;
  at: number;
  kind: 'assign' | 'escalate' | 'transfer' | 'return';
  from: Holder | null;
  to: Holder;
  reason: string | null;
  vendorReference: string | null;
  actorId: string | null;
};
export type ActivityRow = { ticketId: string; at: number; actorId: string | null; kind: string; data: string };

/** The ticket's columns that follow from its history, as of the seed time. */
export type TicketState = {
  status: Status;
  openedBy: string | null;
  tier: Tier;
  providerId: string | null;
  groupId: string | null;
  assigneeId: string | null;
  providerIds: string[];
  code: ResolutionCode | null;
  note: string | null;
  resolvedBy: string | null;
  resolvedAt: number | null;
  closedAt: number | null;
  reopenCount: number;
  firstResponseAt: number | null;
  updatedAt: number;
  version: number;
};

export class Timeline {
  status: Status = 'new';
  openedBy: string | null = null;
  holder: Holder | null = null;
  providerIds: string[] = [];
  resolution: { code: ResolutionCode; note: string; byId: string | null; at: number } | null = null;
  closedAt: number | null = null;
  firstResponseAt: number | null = null;
  reopenCount = 0;
  updatedAt: number;
  version = 1;
  readonly comments: CommentRow[] = [];
  readonly handoffs: HandoffRow[] = [];
  readonly activity: ActivityRow[] = [];
  private stopped = false;

  constructor(
    readonly ticketId: string,
    readonly createdAt: number,
    private readonly now: number,
    private readonly newId: (at: number) => string,
  ) {
    this.updatedAt = createdAt;
  }

  /** False once the history has reached the seed time: later steps did not happen yet. */
  get live(): boolean {
    return !this.stopped;
  }

  private step(at: number, actorId: string | null, kind: string, data: Record<string, unknown>): boolean {
    if (this.stopped || at > this.now) {
      this.stopped = true;
      return false;
    }
    this.activity.push({ ticketId: this.ticketId, at, actorId, kind, data: JSON.stringify(data) });
    if (kind !== 'opened') this.version++;
    this.updatedAt = at;
    return true;
  }

  open(at: number, actorId: string | null, data: Record<string, unknown>): void {
    if (this.step(at, actorId, 'opened', data)) this.openedBy = actorId;
  }

  state(): TicketState {
    const r = this.resolution;
    return {
      status: this.status,
      openedBy: this.openedBy,
      tier: this.holder?.tier ?? 'tier1',
      providerId: this.holder?.providerId ?? null,
      groupId: this.holder?.groupId ?? null,
      assigneeId: this.holder?.userId ?? null,
      providerIds: this.providerIds,
      code: r?.code ?? null,
      note: r?.note ?? null,
      resolvedBy: r?.byId ?? null,
      resolvedAt: r?.at ?? null,
      closedAt: this.closedAt,
      reopenCount: this.reopenCount,
      firstResponseAt: this.firstResponseAt,
      updatedAt: this.updatedAt,
      version: this.version,
    };
  }

  /** The ticket lands in a group's queue without anyone taking it (a portal or email ticket when it opens). */
  queue(to: Holder): void {
    this.holder = to;
    if (!this.providerIds.includes(to.providerId)) this.providerIds.push(to.providerId);
  }

  /** Someone takes the ticket, or it moves to another tier; either way a tier-history row and an activity row. */
  assign(
    at: number,
    actorId: string | null,
    to: Holder,
    handoff: { kind: HandoffRow['kind']; reason?: string; vendorReference?: string },
  ): void {
    const moved = handoff.kind === 'escalate' || handoff.kind === 'return';
    const data = moved
      ? { kind: handoff.kind, from: this.holder?.tier ?? 'tier1', to: to.tier, group: to.groupName }
      : { to: to.userName, group: to.groupId === this.holder?.groupId ? null : to.groupName };
    if (!this.step(at, actorId, moved ? 'escalated' : 'assigned', data)) return;
    this.handoffs.push({
      id: this.newId(at),
      ticketId: this.ticketId,
      at,
      kind: handoff.kind,
      from: this.holder,
      to,
      reason: handoff.reason ?? null,
      vendorReference: handoff.vendorReference ?? null,
      actorId,
    });
    this.queue(to);
  }

  /** The requester asked to be called back: the contact could not finish it. */
  callbackRequested(at: number, actorId: string | null): void {
    this.step(at, actorId, 'callback_requested', {});
  }

  setStatus(at: number, actorId: string | null, to: Status): void {
    if (this.status === to || this.stopped) return;
    if (!allowedNext(this.status).includes(to)) throw new Error(`demo history: ${this.status} → ${to}`);
    if (this.step(at, actorId, 'status', { from: this.status, to })) this.status = to;
  }

  comment(at: number, authorId: string | null, visibility: 'public' | 'internal', body: string): void {
    const id = this.newId(at);
    if (!this.step(at, authorId, 'commented', { commentId: id, visibility })) return;
    this.comments.push({ id, ticketId: this.ticketId, authorId, visibility, body, at });
    if (visibility === 'public' && authorId && authorId === this.holder?.userId) this.responded(at);
  }

  responded(at: number): void {
    if (this.firstResponseAt === null && at <= this.now && !this.stopped) this.firstResponseAt = at;
  }

  resolve(at: number, actorId: string | null, code: ResolutionCode, note: string): void {
    if (this.stopped || this.status === 'resolved') return;
    if (!allowedNext(this.status).includes('resolved')) throw new Error(`demo history: ${this.status} → resolved`);
    if (!this.step(at, actorId, 'resolved', { code })) return;
    this.status = 'resolved';
    this.resolution = { code, note, byId: actorId, at };
  }

  reopen(at: number, actorId: string | null, reason: string): void {
    const previousResolution = this.resolution?.code ?? null;
    if (this.status !== 'resolved' || !this.step(at, actorId, 'reopened', { previousResolution, reason })) return;
    this.status = 'in_progress';
    this.resolution = null;
    this.reopenCount++;
  }

  close(at: number): void {
    if (this.status !== 'resolved' || !this.step(at, null, 'closed', {})) return;
    this.status = 'closed';
    this.closedAt = at;
  }
}
