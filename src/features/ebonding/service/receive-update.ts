// A provider's ticketing system updates the vendor case of a ticket its provider holds (e-bonding, issue 16).
// One transaction per update: find the case, decide (mapped state, stale or not, still held), record the event id
// once (the unique key: a duplicate sent to two instances at once is applied once), then move the case and post the
// comment through the tickets feature's own use cases (the vendor's screen does the same: same rules, audit, events,
// SLA). Every accepted or refused update is in the audit trail; answers carry states and numbers, never text.
import type { ActorMeta } from '../../../platform/actor.ts';
import { recordAudit, recordAuditNow } from '../../../platform/audit/service.ts';
import type { AppContext } from '../../../platform/context.ts';
import type { Queryable } from '../../../platform/db/connect.ts';
import { AppError, Conflict, Forbidden, Invalid, NotFound } from '../../../platform/errors.ts';
import { newId } from '../../../platform/ids.ts';
import type { Viewer } from '../../tickets/rules/visibility.ts';
import { formatTicketNumber, parseTicketNumber } from '../../tickets/rules/vocabulary.ts';
import { commentOn } from '../../tickets/service/comment-on-ticket.ts';
import { loadVisibleTicket } from '../../tickets/service/read-ticket.ts';
import {
  lockVisibleTicketById,
  moveVendorCase,
  recordVendorCaseReference,
  type TicketRow,
  ticketOfVendorReference,
} from '../../tickets/service/vendor-case.ts';
import { loadViewer } from '../../tickets/service/viewer.ts';
import { freshness } from '../rules/freshness.ts';
import { type EbondState, lookupState } from '../rules/state-map.ts';
import type { UpdateAnswer, UpdateBody } from '../schemas.ts';
import * as store from '../store.ts';

/** What the audit trail keeps of an update: ids, states and whether text came, never the text. */
function updateSummary(input: Partial<UpdateBody>) {
  return {
    eventId: input.eventId ?? null,
    occurredAt: input.occurredAt ?? null,
    ticket: input.ticket ?? null,
    caseReference: input.caseReference ?? null,
    state: input.state ?? null,
    comment: input.comment !== undefined,
  };
}

export async function receiveUpdate(ctx: AppContext, meta: ActorMeta, input: UpdateBody): Promise<UpdateAnswer> {
  const viewer = await loadViewer(ctx.database.db, meta.actor);
  try {
    return await ctx.database.db.transaction((tx) => receiveIn(tx, meta, viewer, input));
  } catch (err) {
    await refused(ctx, meta, viewer, updateSummary(input), err);
    throw err;
  }
}

/** Text from a request that failed validation may hold anything: kept short, without NUL, well-formed (the trail
 *  is JSON in the database). */
const trailText = (s: string, max: number) => s.replaceAll('\u0000', '').slice(0, max).toWellFormed();

/** What the audit trail keeps of a body that failed validation: its short string fields only. */
export function rawSummary(body: unknown): Record<string, unknown> {
  const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const short = (v: unknown) => (typeof v === 'string' ? trailText(v, 200) : undefined);
  return updateSummary({
    eventId: short(b.eventId),
    occurredAt: short(b.occurredAt),
    ticket: short(b.ticket),
    caseReference: short(b.caseReference),
    state: short(b.state),
    ...(b.comment !== undefined ? { comment: '' } : {}),
  });
}

/** A refused update is audited too, outside the transaction that was rolled back. */
export async function refused(
  ctx: AppContext,
  meta: ActorMeta,
  viewer: Viewer | null,
  summary: Record<string, unknown>,
  err: unknown,
) {
  const code = err && typeof err === 'object' ? (err as { statusCode?: unknown }).statusCode : undefined;
  const status = err instanceof AppError ? err.status : typeof code === 'number' ? code : 500;
  await recordAuditNow(ctx.database, meta, {
    action: 'ebonding.refused',
    outcome: status === 401 || status === 403 ? 'denied' : 'failure',
    targetType: 'provider',
    targetId: viewer?.providerOrgId ?? undefined,
    summary: { status, reason: trailText(err instanceof Error ? err.message : String(err), 500), ...summary },
  });
}

async function connectionFor(tx: Queryable, meta: ActorMeta, viewer: Viewer) {
  if (meta.actor.role !== 'vendor' || !viewer.providerOrgId)
    throw new Forbidden("Case updates come from a support provider's e-bonding account (or its engineers' tokens).");
  const c = await store.findConnection(tx, viewer.providerOrgId);
  if (!c) throw new Forbidden('E-bonding is not set up for your company: ask the hospital’s administrators.');
  if (!c.enabled) throw new Forbidden('E-bonding is switched off for your company: ask the hospital’s administrators.');
  return c;
}

/** The case the update names, locked: by ticket number, else by the case number recorded on the provider's
 *  hand-off or learned from an earlier update. 404 for a ticket the provider never held, like every vendor read. */
async function findCase(
  tx: Queryable,
  meta: ActorMeta,
  viewer: Viewer,
  providerId: string,
  input: UpdateBody,
): Promise<TicketRow> {
  if (input.ticket) return (await loadVisibleTicket(tx, meta.actor, parseTicketNumber(input.ticket)!, true)).ticket;
  const reference = input.caseReference!;
  const id =
    (await ticketOfVendorReference(tx, providerId, reference)) ??
    (await store.ticketIdOfLearnedReference(tx, providerId, reference));
  if (!id) throw new NotFound(`No ticket your company holds or held has the case reference "${reference}".`);
  return lockVisibleTicketById(tx, viewer, id);
}

/** The state the update asks for, refused when the mapping does not know its name or a release lacks its version. */
function mappedState(map: store.ConnectionRow['stateMap'], input: UpdateBody) {
  if (input.state === undefined) return null;
  const found = lookupState(map, input.state);
  if (!found.ok) {
    const message = `"${input.state}" is not a state this connection maps. Mapped: ${found.known.map((n) => `"${n}"`).join(', ')}.`;
    throw new Invalid(message, [{ field: 'body.state', message: `is not mapped (mapped: ${found.known.join(', ')})` }]);
  }
  if (found.state === 'fix_released' && !input.fixVersion)
    throw new Invalid(`"${found.name}" means the fix was released: say in which version (fixVersion).`, [
      { field: 'body.fixVersion', message: 'is required when the state maps to fix_released' },
    ]);
  return found;
}

async function duplicateAnswer(
  tx: Queryable,
  meta: ActorMeta,
  viewer: Viewer,
  row: store.UpdateRow,
  input: UpdateBody,
) {
  const t = await lockVisibleTicketById(tx, viewer, row.ticketId);
  await recordAudit(tx, meta, {
    action: 'ebonding.update',
    targetType: 'ticket',
    targetId: row.ticketId,
    summary: { ...updateSummary(input), outcome: 'duplicate', firstOutcome: row.outcome, providerId: row.providerId },
  });
  return {
    outcome: 'duplicate' as const,
    firstOutcome: row.outcome,
    ticket: formatTicketNumber(t.number),
    vendorState: t.vendorState,
    eventId: input.eventId,
  };
}

/** Whether the case already is where the update says (the vendor's system repeats its state on every change). */
function alreadyThere(t: TicketRow, state: EbondState, version: string | undefined) {
  if (state === 'returned') return false;
  if (state === 'fix_released') return t.vendorState === 'fix_released' && t.vendorFixVersion === version;
  return t.vendorState === state;
}

async function receiveIn(tx: Queryable, meta: ActorMeta, viewer: Viewer, input: UpdateBody): Promise<UpdateAnswer> {
  const connection = await connectionFor(tx, meta, viewer);
  const providerId = connection.providerId;
  const seen = await store.findUpdate(tx, providerId, input.eventId);
  if (seen) return duplicateAnswer(tx, meta, viewer, seen, input);

  const t = await findCase(tx, meta, viewer, providerId, input);
  const mapped = mappedState(connection.stateMap, input);
  const occurredAt = new Date(input.occurredAt);
  const outcome = mapped
    ? freshness(await store.lastAppliedMark(tx, providerId, t.id), { occurredAt, eventId: input.eventId })
    : 'applied';
  const moves = outcome === 'applied' && mapped !== null;
  if (moves && t.providerId !== providerId)
    throw new Conflict(
      `Your company no longer holds ${formatTicketNumber(t.number)}: its case state cannot change (a comment alone is still accepted).`,
    );

  const recorded = await store.insertUpdate(tx, {
    id: newId(),
    providerId,
    eventId: input.eventId,
    ticketId: t.id,
    occurredAt,
    outcome,
    vendorState: mapped?.state ?? null,
    caseReference: input.caseReference ?? null,
    actorId: meta.actor.userId,
  });
  if (!recorded) {
    // Another instance committed this event id while this one waited for the ticket: answer as a duplicate.
    const first = await store.findUpdate(tx, providerId, input.eventId);
    return duplicateAnswer(tx, meta, viewer, first!, input);
  }

  // The desk sees the vendor's case number in the tier history once the provider's system names it.
  if (input.caseReference) await recordVendorCaseReference(tx, t.id, providerId, input.caseReference);

  let updated = t;
  let moved: { from: string | null; to: string } | null = null;
  let phiSuspected = false;
  if (moves && !alreadyThere(t, mapped.state, input.fixVersion)) {
    const result = await moveVendorCase(tx, meta, t, viewer, {
      state: mapped.state,
      ...(mapped.state === 'fix_released' ? { version: input.fixVersion } : {}),
      ...(mapped.state === 'returned'
        ? { reason: `Returned to the desk in the provider's system (state "${mapped.name}").` }
        : {}),
      ...(input.comment ? { message: input.comment } : {}),
    });
    updated = result.ticket;
    moved = { from: t.vendorState, to: mapped.state };
    phiSuspected = result.phiWarnings.length > 0;
  } else if (input.comment) {
    const result = await commentOn(tx, meta, t, viewer, { visibility: 'vendor', body: input.comment });
    phiSuspected = result.phiWarnings.length > 0;
  }

  await recordAudit(tx, meta, {
    action: 'ebonding.update',
    targetType: 'ticket',
    targetId: t.id,
    summary: {
      ...updateSummary(input),
      providerId,
      number: t.number,
      outcome,
      mappedState: mapped?.state ?? null,
      moved,
      ...(input.comment ? { phiSuspected } : {}),
    },
  });
  return {
    outcome,
    ticket: formatTicketNumber(updated.number),
    vendorState: updated.vendorState,
    eventId: input.eventId,
  };
}
