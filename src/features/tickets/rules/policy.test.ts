import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TIERS } from '../../../domain/vocabulary.ts';
import { can, isStaff, ROLES } from '../../../platform/auth/roles.ts';
import { AppError, Conflict, Forbidden, Invalid, NotFound } from '../../../platform/errors.ts';
import {
  authorizeComment,
  authorizeConfirm,
  authorizeEscalation,
  authorizeRead,
  authorizeUpdate,
  authorizeVendorMove,
  commentThread,
  fieldsNotAllowed,
  mayHold,
  requesterFor,
  seesComment,
  seesInternalNotes,
  seesPhi,
  statusesFor,
  type TicketFacts,
  ticketActions,
} from './policy.ts';
import { canSeeTicket, type Viewer } from './visibility.ts';
import { COMMENT_VISIBILITIES, STATUSES } from './vocabulary.ts';

const now = new Date('2025-03-10T12:00:00Z');
const rosa: Viewer = {
  userId: 'u-rosa',
  role: 'requester',
  personId: 'p-rosa',
  unitId: 'unit-4w',
  superUser: false,
  providerOrgId: null,
};
const ben: Viewer = { ...rosa, userId: 'u-ben', personId: 'p-ben' };
const agent: Viewer = { ...rosa, userId: 'u-agent', role: 'agent', personId: null, unitId: null };
const vendor: Viewer = { ...agent, userId: 'u-vendor', role: 'vendor', providerOrgId: 'prov-ehr' };
const resolved: TicketFacts = {
  requesterId: 'p-rosa',
  openedByUserId: 'u-rosa',
  unitId: 'unit-4w',
  providerIds: ['prov-desk', 'prov-ehr'],
  status: 'resolved',
  resolvedAt: new Date('2025-03-09T12:00:00Z'),
  assigneeId: 'u-agent',
};

/** The error a call throws (undefined when it returns). */
function refusal(f: () => unknown): AppError | undefined {
  try {
    f();
    return undefined;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
}

// Small pools of ids, so that viewers and tickets often share a person, unit or provider.
const id = (prefix: string) => fc.constantFrom(`${prefix}-1`, `${prefix}-2`, `${prefix}-3`);
const viewers = fc.record({
  userId: id('u'),
  role: fc.constantFrom(...ROLES),
  personId: fc.option(id('p')),
  unitId: fc.option(id('unit')),
  superUser: fc.boolean(),
  providerOrgId: fc.option(id('prov')),
});
const tickets = fc.record({
  requesterId: id('p'),
  openedByUserId: fc.option(id('u')),
  unitId: fc.option(id('unit')),
  providerIds: fc.uniqueArray(id('prov'), { maxLength: 3 }),
  status: fc.constantFrom(...STATUSES),
  resolvedAt: fc.option(fc.date({ min: new Date('2025-02-01T00:00:00Z'), max: now, noInvalidDate: true })),
  assigneeId: fc.option(id('u')),
  providerId: fc.option(id('prov')),
});

describe('the ticket page offers only what the server accepts', () => {
  it('accepts every comment thread, confirmation, escalation and assignment it offers', () => {
    fc.assert(
      fc.property(viewers, tickets, fc.boolean(), (v, t, held) => {
        const offered = ticketActions(v, t, held);
        for (const thread of offered.comment) expect(authorizeComment(v, t, thread, held)).toBe(thread);
        // The default thread (the first offered) is where a comment sent without one goes.
        if (offered.comment.length) expect(authorizeComment(v, t, undefined, held)).toBe(offered.comment[0]);
        if (offered.confirmFix) expect(authorizeConfirm(v, t, true, now)).toBe('closed');
        if (offered.escalate) {
          expect(can(v.role, 'tickets:work')).toBe(true);
          expect(refusal(() => authorizeEscalation(t))).toBeUndefined();
          expect(refusal(() => authorizeVendorMove(v, t))).toBeUndefined();
        }
        // Change status and Resolve: only to a viewer the server lets move the ticket.
        if (statusesFor(v, t).length) expect(refusal(() => authorizeVendorMove(v, t))).toBeUndefined();
        if (offered.assignToMe) {
          expect(can(v.role, 'tickets:work')).toBe(true);
          expect(refusal(() => authorizeUpdate(v.role, ['version', 'assigneeId']))).toBeUndefined();
        }
        if (offered.resolve) expect(can(v.role, 'tickets:work')).toBe(true);
      }),
    );
  });

  it('refuses every thread it does not offer (a viewer who may comment, on a ticket not closed)', () => {
    fc.assert(
      fc.property(viewers, tickets, fc.boolean(), fc.constantFrom(...COMMENT_VISIBILITIES), (v, t, held, thread) => {
        fc.pre(can(v.role, 'tickets:comment'));
        const offered = ticketActions(v, t, held).comment.includes(thread);
        expect(refusal(() => authorizeComment(v, t, thread, held)) === undefined).toBe(offered);
      }),
    );
  });

  it('never offers a vendor PHI, internal notes, the timeline, attachments or taking the ticket', () => {
    fc.assert(
      fc.property(viewers, tickets, fc.boolean(), (v, t, held) => {
        fc.pre(v.role === 'vendor');
        const offered = ticketActions(v, t, held);
        expect(seesPhi(v)).toBe(false);
        expect(offered.comment.every((thread) => thread === 'vendor')).toBe(true);
        expect(offered).toMatchObject({ readTimeline: false, downloadAttachments: false, assignToMe: false });
      }),
    );
  });

  it('offers a requester the public thread and "Did this fix it?", and no desk work', () => {
    fc.assert(
      fc.property(viewers, tickets, fc.boolean(), (v, t, held) => {
        fc.pre(v.role === 'requester');
        const offered = ticketActions(v, t, held);
        expect(offered.comment).toEqual(t.status === 'closed' ? [] : ['public']);
        expect(offered).toMatchObject({ work: false, resolve: false, escalate: false, readTimeline: false });
      }),
    );
  });

  it('offers downloads only to viewers who see PHI', () => {
    fc.assert(
      fc.property(viewers, tickets, fc.boolean(), (v, t, held) => {
        if (ticketActions(v, t, held).downloadAttachments) expect(seesPhi(v)).toBe(true);
      }),
    );
  });
});

describe('what each viewer may do to a ticket', () => {
  it('answers a ticket the viewer may not see as one that does not exist', () => {
    fc.assert(
      fc.property(viewers, tickets, (v, t) => {
        const error = refusal(() => authorizeRead(v, t, 42));
        expect(error === undefined).toBe(canSeeTicket(v, t));
        if (error) expect(error).toBeInstanceOf(NotFound);
      }),
    );
    expect(refusal(() => authorizeRead(agent, undefined, 42))?.message).toBe(
      'There is no ticket CSD-000042 that you can see.',
    );
  });

  it('lets the nurse who asked close her resolved ticket, and not her colleague', () => {
    expect(authorizeConfirm(rosa, resolved, true, now)).toBe('closed');
    expect(authorizeConfirm(rosa, resolved, false, now)).toBe('in_progress');
    expect(refusal(() => authorizeConfirm(ben, resolved, true, now))).toBeInstanceOf(Forbidden);
    expect(ticketActions(rosa, resolved, false).confirmFix).toBe(true);
    expect(ticketActions(ben, resolved, false).confirmFix).toBe(false);
  });

  it('refuses "still broken" a week after the fix, and a confirmation before one', () => {
    const old = { ...resolved, resolvedAt: new Date('2025-03-01T12:00:00Z') };
    expect(refusal(() => authorizeConfirm(rosa, old, false, now))).toBeInstanceOf(Conflict);
    expect(authorizeConfirm(rosa, old, true, now)).toBe('closed');
    expect(refusal(() => authorizeConfirm(rosa, { ...resolved, status: 'in_progress' }, true, now))).toBeInstanceOf(
      Conflict,
    );
  });

  it('hands on only open tickets', () => {
    for (const status of STATUSES) {
      const error = refusal(() => authorizeEscalation({ status }));
      expect(error === undefined, status).toBe(status !== 'resolved' && status !== 'closed');
    }
    expect(ticketActions(agent, resolved, true)).toMatchObject({ escalate: false, assignToMe: false, work: true });
  });

  it('lets a vendor change status and resolution only, and take a ticket only through an escalation to them', () => {
    expect(refusal(() => authorizeUpdate('vendor', ['version', 'status', 'resolution']))).toBeUndefined();
    expect(refusal(() => authorizeUpdate('vendor', ['version', 'assigneeId']))?.message).toMatch(/not assigneeId/);
    expect(mayHold({ role: 'vendor', disabledAt: null }, 'vendor')).toBe(true);
    expect(mayHold({ role: 'vendor', disabledAt: null }, 'tier2')).toBe(false);
    expect(mayHold({ role: 'vendor', disabledAt: null })).toBe(false);
    fc.assert(
      fc.property(fc.constantFrom(...ROLES), fc.option(fc.constantFrom(...TIERS)), (role, tier) => {
        expect(mayHold({ role, disabledAt: now }, tier ?? undefined)).toBe(false);
        if (isStaff(role)) expect(mayHold({ role, disabledAt: null }, tier ?? undefined)).toBe(true);
      }),
    );
    const withVendor = { ...resolved, status: 'pending_vendor' as const, providerId: 'prov-ehr' };
    expect(ticketActions(vendor, withVendor, true)).toMatchObject({
      work: true,
      escalate: true,
      assignToMe: false,
      comment: ['vendor'],
    });
    // Handed back to the hospital: the vendor reads it and writes on the shared thread, but moves it no more.
    const handedBack = { ...withVendor, status: 'in_progress' as const, providerId: 'prov-desk' };
    expect(ticketActions(vendor, handedBack, true)).toMatchObject({ escalate: false, resolve: false });
    expect(statusesFor(vendor, handedBack)).toEqual([]);
    expect(refusal(() => authorizeVendorMove(vendor, handedBack))).toBeInstanceOf(Forbidden);
    expect(refusal(() => authorizeVendorMove(agent, handedBack))).toBeUndefined();
  });

  it('opens a ticket for oneself, or a unit colleague when a super-user; the desk names whom', () => {
    expect(requesterFor(rosa, undefined, undefined)).toBe('p-rosa');
    expect(requesterFor(rosa, 'p-rosa', { unitId: 'unit-4w' })).toBe('p-rosa');
    expect(refusal(() => requesterFor(rosa, 'p-ben', { unitId: 'unit-4w' }))).toBeInstanceOf(Forbidden);
    expect(requesterFor({ ...rosa, superUser: true }, 'p-ben', { unitId: 'unit-4w' })).toBe('p-ben');
    expect(refusal(() => requesterFor({ ...rosa, superUser: true }, 'p-x', { unitId: 'unit-5e' }))).toBeInstanceOf(
      Forbidden,
    );
    expect(refusal(() => requesterFor({ ...rosa, personId: null }, undefined, undefined))).toBeInstanceOf(Invalid);
    expect(requesterFor(agent, 'p-ben', undefined)).toBe('p-ben');
    expect(refusal(() => requesterFor(agent, undefined, undefined))).toBeInstanceOf(Invalid);
    fc.assert(
      fc.property(viewers, fc.option(id('p')), fc.option(id('unit')), (v, requested, unitId) => {
        fc.pre(!isStaff(v.role));
        let chosen: string | undefined;
        try {
          chosen = requesterFor(v, requested ?? undefined, { unitId });
        } catch {
          return;
        }
        // Anyone but the desk opens for themselves, or (a super-user) for someone on their own unit.
        if (chosen !== v.personId) expect(v.superUser && v.unitId === unitId).toBe(true);
      }),
    );
  });
});

describe('fields each role sets', () => {
  it('lets requesters answer questions but not set priority, channel or resolution; vendors change status only', () => {
    expect(fieldsNotAllowed('requester', 'open', ['summary', 'patientCareAffected', 'impact', 'channel'])).toEqual([
      'impact',
      'channel',
    ]);
    expect(fieldsNotAllowed('agent', 'open', ['impact', 'resolveNow'])).toEqual([]);
    expect(fieldsNotAllowed('vendor', 'update', ['version', 'status', 'assigneeId'])).toEqual(['assigneeId']);
    expect(fieldsNotAllowed('analyst', 'update', ['assigneeId', 'impact'])).toEqual([]);
  });
});

describe('comment threads', () => {
  it('lets the desk read every thread, a requester the public one and a vendor the shared one', () => {
    expect(COMMENT_VISIBILITIES.filter((v) => seesComment({ role: 'agent' }, v))).toEqual([
      'public',
      'internal',
      'vendor',
    ]);
    expect(COMMENT_VISIBILITIES.filter((v) => seesComment({ role: 'requester' }, v))).toEqual(['public']);
    expect(COMMENT_VISIBILITIES.filter((v) => seesComment({ role: 'vendor' }, v))).toEqual(['vendor']);
    expect(seesInternalNotes({ role: 'vendor' })).toBe(false);
  });

  it('puts a vendor’s words on the shared thread and the desk’s "to vendor" only where a provider held the ticket', () => {
    expect(commentThread('vendor', undefined, true)).toEqual({ ok: true, visibility: 'vendor' });
    expect(commentThread('vendor', 'internal', true)).toMatchObject({ ok: false, forbidden: true });
    expect(commentThread('requester', undefined, true)).toEqual({ ok: true, visibility: 'public' });
    expect(commentThread('requester', 'vendor', true)).toMatchObject({ ok: false, forbidden: true });
    expect(commentThread('agent', undefined, false)).toEqual({ ok: true, visibility: 'public' });
    expect(commentThread('agent', 'vendor', false)).toMatchObject({ ok: false, forbidden: false });
    expect(commentThread('analyst', 'vendor', true)).toEqual({ ok: true, visibility: 'vendor' });
  });
});
