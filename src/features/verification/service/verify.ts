// The desk's use cases for a credential request, one transaction each with its audit entry and event: start a
// verification on a ticket, record an attempt, let the supervisor on record confirm from the portal, and make the
// change — refused, and audited as refused, until the policy is met.
import type { ActorMeta, RequestMeta } from '../../../platform/actor.ts';
import type { AuditOutcome } from '../../../platform/audit/actions.ts';
import { recordAudit } from '../../../platform/audit/service.ts';
import type { Role } from '../../../platform/auth/roles.ts';
import type { AppContext } from '../../../platform/context.ts';
import type { Queryable } from '../../../platform/db/connect.ts';
import { type AppError, Conflict, Forbidden, Invalid, NotFound } from '../../../platform/errors.ts';
import { appendEvent } from '../../../platform/events/outbox.ts';
import { newId } from '../../../platform/ids.ts';
import { personOfUser } from '../../directory/service.ts';
import { callerNumberOfTicket } from '../../routing/service/reads.ts';
import { formatTicketNumber } from '../../tickets/rules/vocabulary.ts';
import { loadVisibleTicket } from '../../tickets/service/read-ticket.ts';
import {
  type AttemptFacts,
  attemptRefusal,
  changeRefusal,
  type Refusal,
  requirementFor,
  stateOf,
} from '../rules/decide.ts';
import { assessRisk, signalsOf } from '../rules/risk.ts';
import type { Outcome } from '../rules/vocabulary.ts';
import type { RecordAttemptInput, StartVerificationInput, VerificationView } from '../schemas.ts';
import * as store from '../store.ts';
import { alertIfRepeated } from './alerts.ts';
import { loadPolicy } from './policy.ts';
import { viewOf } from './read.ts';
import { loadSubject, loadSupervisor } from './subject.ts';

/** Desk staff follow verifications live; vendor engineers and requesters never receive them. */
const DESK: Role[] = ['agent', 'analyst', 'engineer', 'manager', 'admin'];

async function announce(tx: Queryable, meta: RequestMeta, v: store.VerificationRow, state: string, number: number) {
  await appendEvent(tx, {
    type: 'verification.updated',
    subjectType: 'ticket',
    subjectId: v.ticketId,
    actorId: meta.actor?.userId ?? null,
    payload: { verificationId: v.id, number: formatTicketNumber(number), request: v.request, state },
    audience: { roles: DESK },
  });
}

/** Starts the check for a credential request on a ticket (or returns the one already open for that request). */
export async function startVerification(
  ctx: AppContext,
  meta: ActorMeta,
  number: number,
  input: StartVerificationInput,
): Promise<VerificationView> {
  return ctx.database.db.transaction(async (tx) => {
    const { ticket } = await loadVisibleTicket(tx, meta.actor, number, true);
    const open = (await store.verificationsOfTicket(tx, ticket.id)).find(
      (v) => v.request === input.request && !v.changedAt && v.state !== 'failed',
    );
    if (open) return viewOf(tx, open, ticket.number);
    const subject = await loadSubject(tx, ticket.requesterId);
    if (!subject.active) {
      throw new Conflict(
        `${subject.displayName} is no longer active in the directory: no credential change can be made.`,
      );
    }
    const policy = await loadPolicy(tx);
    const now = new Date();
    const recentResets = await store.changesSince(
      tx,
      subject.personId,
      new Date(now.getTime() - policy.recentResets.windowDays * 86_400_000),
    );
    const signals = signalsOf(
      {
        callerNumber: await callerNumberOfTicket(tx, ticket.id),
        phonesOnFile: subject.phones,
        newDevice: input.newDevice,
        request: input.request,
        recentResets,
      },
      policy,
    );
    const risk = assessRisk(policy, subject, input.request, signals);
    const requirement = requirementFor(policy, {
      subject,
      request: input.request,
      risk,
      urgentCare: ticket.patientCareAffected,
    });
    const state = stateOf(requirement, [], policy.maxFailures);
    const row: store.VerificationRow = {
      id: newId(),
      ticketId: ticket.id,
      subjectPersonId: subject.personId,
      request: input.request,
      riskLevel: risk.level,
      riskReasons: risk.reasons,
      signals,
      methods: requirement.methods,
      required: requirement.required,
      fastPath: requirement.fastPath,
      maxFailures: policy.maxFailures,
      validForMinutes: policy.validForMinutes,
      state,
      verifiedAt: state === 'verified' ? now : null,
      changedAt: null,
      changedBy: null,
      startedBy: meta.actor.userId,
      createdAt: now,
    };
    await store.insertVerification(tx, row);
    await recordAudit(tx, meta, {
      action: 'verification.start',
      targetType: 'ticket',
      targetId: ticket.id,
      summary: {
        verificationId: row.id,
        number: formatTicketNumber(ticket.number),
        request: row.request,
        subjectPersonId: subject.personId,
        risk: risk.level,
        reasons: risk.reasons,
        signals,
        required: requirement.required,
        methods: requirement.methods,
        fastPath: requirement.fastPath,
      },
    });
    await announce(tx, meta, row, state, ticket.number);
    return viewOf(tx, row, ticket.number);
  });
}

function errorOf(r: Refusal): AppError {
  if (r.kind === 'state') return new Conflict(r.message);
  if (r.kind === 'self') return new Forbidden(r.message);
  return new Invalid(r.message, r.field ? [{ field: r.field, message: r.message }] : undefined);
}

/** What an attempt must name for its method: the number called, who confirmed, which photo ID was seen. */
function missingDetail(input: RecordAttemptInput): Invalid | null {
  const need = (field: string, message: string) => new Invalid(message, [{ field, message }]);
  if (input.method === 'callback_on_file' && !input.phone) {
    return need('phone', 'Choose the number on file that you called back.');
  }
  if (input.method === 'supervisor_confirmation' && !input.confirmedById) {
    return need('confirmedById', 'Choose the supervisor on record who confirmed.');
  }
  if (input.method === 'video_photo_id' && input.outcome === 'passed' && !input.idKind) {
    return need('idKind', 'Say which photo ID you saw on the video call.');
  }
  return null;
}

type Recorded = { view: VerificationView } | { refused: AppError };

/**
 * Records one attempt. A refused attempt (a number not on file, someone confirming their own request…) changes
 * nothing but is in the audit trail, committed before the refusal is answered.
 */
export async function recordAttempt(
  ctx: AppContext,
  meta: ActorMeta,
  id: string,
  input: RecordAttemptInput,
): Promise<VerificationView> {
  const missing = missingDetail(input);
  if (missing) throw missing;
  const result = await ctx.database.db.transaction(async (tx): Promise<Recorded> => {
    const found = await store.findVerification(tx, id, true);
    if (!found) throw new NotFound('There is no such verification.');
    await loadVisibleTicket(tx, meta.actor, found.ticketNumber);
    const recorder = await personOfUser(tx, meta.actor.userId);
    const facts: AttemptFacts = {
      method: input.method,
      phone: input.phone ?? null,
      confirmedById: input.confirmedById ?? null,
      recorderPersonId: recorder?.id ?? null,
    };
    return applyAttempt(tx, meta, found.v, found.ticketNumber, facts, input.outcome, {
      idKind: input.method === 'video_photo_id' ? (input.idKind ?? null) : null,
      note: input.note ?? null,
    });
  });
  if ('refused' in result) throw result.refused;
  return result.view;
}

async function applyAttempt(
  tx: Queryable,
  meta: ActorMeta,
  v: store.VerificationRow,
  ticketNumber: number,
  facts: AttemptFacts,
  outcome: Outcome,
  extra: { idKind: string | null; note: string | null },
): Promise<Recorded> {
  const subject = await loadSubject(tx, v.subjectPersonId);
  const supervisor = await loadSupervisor(tx, subject);
  const requirement = { methods: v.methods, required: v.required, fastPath: v.fastPath };
  const before = (await store.attemptsOf(tx, [v.id])).map(({ a }) => ({ method: a.method, outcome: a.outcome }));
  const refusal = attemptRefusal(facts, {
    state: v.state,
    requirement,
    subject,
    supervisorName: supervisor?.displayName ?? null,
  });
  const audit = (result: AuditOutcome, summary: Record<string, unknown>) =>
    recordAudit(tx, meta, {
      action: 'verification.attempt',
      targetType: 'ticket',
      targetId: v.ticketId,
      outcome: result,
      summary: {
        verificationId: v.id,
        number: formatTicketNumber(ticketNumber),
        request: v.request,
        subjectPersonId: v.subjectPersonId,
        method: facts.method,
        ...summary,
      },
    });
  if (refusal) {
    await audit('denied', {
      refused: refusal.message,
      phone: facts.phone ?? null,
      confirmedById: facts.confirmedById ?? null,
    });
    return { refused: errorOf(refusal) };
  }
  const now = new Date();
  await store.insertAttempt(tx, {
    id: newId(),
    verificationId: v.id,
    method: facts.method,
    outcome,
    phone: facts.method === 'callback_on_file' ? facts.phone : null,
    confirmedByPersonId: facts.method === 'supervisor_confirmation' ? facts.confirmedById : null,
    idKind: extra.idKind,
    note: extra.note,
    recordedBy: meta.actor.userId,
    at: now,
  });
  const state = stateOf(requirement, [...before, { method: facts.method, outcome }], v.maxFailures);
  const updated = { ...v, state, verifiedAt: state === 'verified' ? now : v.verifiedAt };
  await store.updateVerification(tx, v.id, { state, verifiedAt: updated.verifiedAt });
  await audit(outcome === 'passed' ? 'success' : 'failure', { outcome, state });
  await announce(tx, meta, updated, state, ticketNumber);
  if (outcome === 'failed') await alertIfRepeated(tx, meta, updated, await loadPolicy(tx), now);
  return { view: await viewOf(tx, updated, ticketNumber) };
}

/** The supervisor on record confirms (or denies) a report's request from the portal. */
export async function confirmAsSupervisor(ctx: AppContext, meta: ActorMeta, id: string, outcome: Outcome) {
  const result = await ctx.database.db.transaction(async (tx): Promise<Recorded> => {
    const found = await store.findVerification(tx, id, true);
    const me = await personOfUser(tx, meta.actor.userId);
    if (!found || !me) throw new NotFound('There is no such request waiting for you.');
    const subject = await loadSubject(tx, found.v.subjectPersonId);
    // Someone who is neither the subject nor their supervisor learns nothing about the request.
    if (me.id !== subject.personId && me.id !== subject.managerId) {
      throw new NotFound('There is no such request waiting for you.');
    }
    const facts: AttemptFacts = { method: 'supervisor_confirmation', confirmedById: me.id, recorderPersonId: null };
    return applyAttempt(tx, meta, found.v, found.ticketNumber, facts, outcome, {
      idKind: null,
      note: 'Confirmed in the portal',
    });
  });
  if ('refused' in result) throw result.refused;
  return { state: result.view.state };
}

/** What the signed-in supervisor on record may confirm. */
export async function toConfirm(ctx: AppContext, meta: ActorMeta) {
  const db = ctx.database.db;
  const me = await personOfUser(db, meta.actor.userId);
  if (!me) return { items: [] };
  const rows = await store.toConfirmBy(db, me.id);
  return {
    items: rows.map((r) => ({
      id: r.v.id,
      ticketNumber: formatTicketNumber(r.ticketNumber),
      request: r.v.request,
      subject: r.subject,
      createdAt: r.v.createdAt.toISOString(),
    })),
  };
}

/** Makes the credential change: refused (and audited as refused) until the policy is met and the check is fresh. */
export async function recordChange(ctx: AppContext, meta: ActorMeta, id: string, note: string | null) {
  const result = await ctx.database.db.transaction(async (tx): Promise<Recorded> => {
    const found = await store.findVerification(tx, id, true);
    if (!found) throw new NotFound('There is no such verification.');
    const { v, ticketNumber } = found;
    await loadVisibleTicket(tx, meta.actor, ticketNumber);
    const now = new Date();
    const refusal = v.changedAt
      ? 'This change was already made. Start a new request if another is needed.'
      : changeRefusal(v.state, v.verifiedAt, now, v.validForMinutes);
    const summary = {
      verificationId: v.id,
      number: formatTicketNumber(ticketNumber),
      request: v.request,
      subjectPersonId: v.subjectPersonId,
      state: v.state,
    };
    if (refusal) {
      await recordAudit(tx, meta, {
        action: 'verification.change',
        targetType: 'ticket',
        targetId: v.ticketId,
        outcome: 'denied',
        summary: { ...summary, refused: refusal },
      });
      return { refused: new Conflict(refusal) };
    }
    const passed = (await store.attemptsOf(tx, [v.id])).filter((x) => x.a.outcome === 'passed').map((x) => x.a.method);
    await store.updateVerification(tx, v.id, { changedAt: now, changedBy: meta.actor.userId });
    await recordAudit(tx, meta, {
      action: 'verification.change',
      targetType: 'ticket',
      targetId: v.ticketId,
      summary: { ...summary, verifiedBy: [...new Set(passed)], note },
    });
    const updated = { ...v, changedAt: now, changedBy: meta.actor.userId };
    await announce(tx, meta, updated, 'changed', ticketNumber);
    await alertIfRepeated(tx, meta, updated, await loadPolicy(tx), now);
    return { view: await viewOf(tx, updated, ticketNumber) };
  });
  if ('refused' in result) throw result.refused;
  return result.view;
}
