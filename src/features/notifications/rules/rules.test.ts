import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { afterFailure, FIRST_RETRY_MS, MAX_ATTEMPTS, MAX_RETRY_MS, pagerPayload, retryDelayMs } from './delivery.ts';
import { type EventFacts, intentsOf, type TicketFacts, urgentNewsForGroup } from './intents.ts';
import { channelAllowed, channelFor, kindsFor } from './preferences.ts';
import {
  DEFAULT_TEMPLATES,
  fullTextAllowed,
  PLACEHOLDERS,
  type RenderInput,
  render,
  templateProblems,
} from './templates.ts';
import { NOTIFICATION_KINDS, REQUESTER_KINDS, VENDOR_KINDS } from './vocabulary.ts';

const NURSE = 'u-nurse';
const AGENT = 'u-agent';
const AGENT2 = 'u-agent2';
const ticket: TicketFacts = { requesterUserId: NURSE, assigneeId: AGENT, groupId: 'g-1', priority: 3 };
const event = (over: Partial<EventFacts>): EventFacts => ({
  type: 'ticket.opened',
  payload: {},
  actorId: AGENT,
  actorRole: 'agent',
  audienceUserIds: [],
  ...over,
});
const kinds = (e: EventFacts, t = ticket) =>
  intentsOf(e, t).filter((i) => i.userIds.length || i.groupId || i.providerId || i.requesterWithoutAccount);

describe('what an event tells whom', () => {
  it('tells the requester a new ticket was received, and the group of a new P1 or P2', () => {
    expect(kinds(event({}))).toEqual([{ kind: 'ticket_received', userIds: [NURSE] }]);
    expect(kinds(event({}), { ...ticket, priority: 2, assigneeId: null })).toEqual([
      { kind: 'ticket_received', userIds: [NURSE] },
      { kind: 'new_urgent_in_group', userIds: [], groupId: 'g-1' },
    ]);
  });

  it('tells a requester without an account by the address on file', () => {
    expect(kinds(event({}), { ...ticket, requesterUserId: null, assigneeId: null })).toEqual([
      { kind: 'ticket_received', userIds: [], requesterWithoutAccount: true },
    ]);
  });

  it('tells the requester of a desk reply on the public thread, and of nothing on the internal or vendor threads', () => {
    const reply = (visibility: string, actorRole: EventFacts['actorRole'] = 'agent') =>
      kinds(event({ type: 'ticket.commented', payload: { visibility }, actorRole }));
    expect(reply('public')).toEqual([{ kind: 'public_reply', userIds: [NURSE] }]);
    expect(reply('internal')).toEqual([]);
    expect(reply('vendor')).toEqual([]);
    // Her own words are no news to her.
    expect(
      kinds(
        event({ type: 'ticket.commented', payload: { visibility: 'public' }, actorId: NURSE, actorRole: 'requester' }),
      ),
    ).toEqual([]);
  });

  it('tells the assignee when the vendor writes on the vendor thread', () => {
    const e = event({
      type: 'ticket.commented',
      payload: { visibility: 'vendor' },
      actorId: 'u-v',
      actorRole: 'vendor',
    });
    expect(kinds(e)).toEqual([{ kind: 'vendor_case_updated', userIds: [AGENT] }]);
    expect(kinds(e, { ...ticket, assigneeId: null })).toEqual([
      { kind: 'vendor_case_updated', userIds: [], groupId: 'g-1' },
    ]);
  });

  it('tells the desk that the vendor needs information: the staff assignee, else the desk group it came from', () => {
    const needsInfo = event({
      type: 'ticket.updated',
      payload: { activity: ['vendor_state'], vendorState: { from: 'working', to: 'needs_info' } },
      actorId: 'u-v',
      actorRole: 'vendor',
    });
    const held = { ...ticket, groupId: 'g-vendor', holdingProviderId: 'p-1', deskGroupId: 'g-desk' };
    expect(kinds(needsInfo, { ...held, assigneeIsStaff: true })).toEqual([
      { kind: 'vendor_needs_info', userIds: [AGENT] },
    ]);
    // A vendor engineer holds it, or nobody does: the desk group it came from (never the vendor's group).
    expect(kinds(needsInfo, { ...held, assigneeId: 'u-v2', assigneeIsStaff: false })).toEqual([
      { kind: 'vendor_needs_info', userIds: [], groupId: 'g-desk' },
    ]);
    expect(kinds(needsInfo, { ...held, assigneeId: null })).toEqual([
      { kind: 'vendor_needs_info', userIds: [], groupId: 'g-desk' },
    ]);
    // Another state, or the desk's answer putting it back to working, tells nobody.
    for (const to of ['working', 'fix_proposed', 'fix_released', 'returned'])
      expect(
        kinds({ ...needsInfo, payload: { activity: ['vendor_state'], vendorState: { from: 'needs_info', to } } }, held),
      ).toEqual([]);
  });

  it("tells a provider's engineers of their new case, a desk reply on the shared thread and their contract clock", () => {
    const held = { ...ticket, holdingProviderId: 'p-1' };
    expect(kinds(event({ type: 'ticket.escalated', payload: { tier: 'vendor', toProviderId: 'p-1' } }), held)).toEqual([
      { kind: 'vendor_new_case', userIds: [], providerId: 'p-1' },
    ]);
    // A hand-off inside the hospital names no new provider: nobody outside is told.
    expect(kinds(event({ type: 'ticket.escalated', payload: { tier: 'tier2' } }), held)).toEqual([]);
    const comment = (visibility: string, actorRole: EventFacts['actorRole'] = 'agent') =>
      kinds(event({ type: 'ticket.commented', payload: { visibility }, actorRole }), held);
    expect(comment('vendor')).toEqual([{ kind: 'vendor_desk_reply', userIds: [], providerId: 'p-1' }]);
    // Internal notes and public replies never reach a vendor; nor does a thread no provider holds.
    expect(comment('internal')).toEqual([]);
    expect(comment('public')).toEqual([{ kind: 'public_reply', userIds: [NURSE] }]);
    expect(
      kinds(event({ type: 'ticket.commented', payload: { visibility: 'vendor' } }), {
        ...ticket,
        holdingProviderId: null,
      }),
    ).toEqual([]);
    const sla = (type: string, payload: Record<string, unknown>) =>
      kinds(event({ type, payload, actorId: null, actorRole: null, audienceUserIds: [AGENT] }), held);
    expect(sla('sla.at_risk', { owner: 'contract', providerId: 'p-1' })).toEqual([
      { kind: 'sla_at_risk', userIds: [AGENT] },
      { kind: 'vendor_clock_at_risk', userIds: [], providerId: 'p-1' },
    ]);
    expect(sla('sla.breached', { owner: 'contract', providerId: 'p-1' })).toEqual([
      { kind: 'sla_breached', userIds: [AGENT] },
      { kind: 'vendor_clock_breached', userIds: [], providerId: 'p-1' },
    ]);
    // The hospital's own clock never reaches a vendor.
    expect(sla('sla.breached', { owner: 'hospital' })).toEqual([{ kind: 'sla_breached', userIds: [AGENT] }]);
  });

  it('tells of a reopening and a new assignee from what the update says happened; an older event says nothing', () => {
    const upd = (payload: Record<string, unknown>) => kinds(event({ type: 'ticket.updated', payload }));
    expect(upd({ activity: ['reopened'] })).toEqual([{ kind: 'ticket_reopened', userIds: [NURSE] }]);
    expect(upd({ activity: ['assigned'], assigneeId: AGENT2 })).toEqual([
      { kind: 'assigned_to_you', userIds: [AGENT2] },
    ]);
    expect(upd({ activity: ['assigned'], assigneeId: AGENT })).toEqual([]);
    expect(upd({})).toEqual([]);
  });

  it('tells the watchers of an SLA at risk or breached', () => {
    const sla = event({ type: 'sla.breached', actorId: null, actorRole: null, audienceUserIds: [AGENT, AGENT2] });
    expect(kinds(sla)).toEqual([{ kind: 'sla_breached', userIds: [AGENT, AGENT2] }]);
  });

  it('sends the receipt for a ticket the requester opened herself, by the portal or by mail', () => {
    expect(kinds(event({ actorId: NURSE, actorRole: 'requester' }), { ...ticket, assigneeId: null })).toEqual([
      { kind: 'ticket_received', userIds: [NURSE] },
    ]);
  });

  it('tells the group of a ticket raised to P1 or P2 after opening, or moved into it, once per level', () => {
    const urgent = (e: EventFacts, t: TicketFacts) => kinds(e, t).filter((i) => i.kind === 'new_urgent_in_group');
    const raised = event({ type: 'ticket.updated', payload: { activity: ['priority'] } });
    // Raised from P3 to P2: told; raised again to P1: told again; already told at P1: not again.
    expect(urgent(raised, { ...ticket, priority: 2 })).toEqual([
      { kind: 'new_urgent_in_group', userIds: [], groupId: 'g-1' },
    ]);
    expect(urgent(raised, { ...ticket, priority: 1, urgentToldAt: 2 })).toHaveLength(1);
    expect(urgent(raised, { ...ticket, priority: 1, urgentToldAt: 1 })).toEqual([]);
    // Lowered from P1 to P2: the group knew of it at P1 already.
    expect(urgent(raised, { ...ticket, priority: 2, urgentToldAt: 1 })).toEqual([]);
    // Handed to another group (its own record is empty): that group is told.
    const moved = event({ type: 'ticket.escalated', payload: {} });
    expect(urgent(moved, { ...ticket, groupId: 'g-2', priority: 1, urgentToldAt: null })).toEqual([
      { kind: 'new_urgent_in_group', userIds: [], groupId: 'g-2' },
    ]);
    // Not for a P3, a ticket in no group, a resolved one, or a comment.
    expect(urgent(raised, { ...ticket, priority: 3 })).toEqual([]);
    expect(urgent(raised, { ...ticket, priority: 1, groupId: null })).toEqual([]);
    expect(urgent(raised, { ...ticket, priority: 1, closed: true })).toEqual([]);
    expect(
      urgent(event({ type: 'ticket.commented', payload: { visibility: 'public' } }), { ...ticket, priority: 1 }),
    ).toEqual([]);
  });

  it('tells each group of a ticket at most once per level, and whenever it reaches a level the group has not heard (property)', () => {
    const state = fc.record({
      priority: fc.integer({ min: 1, max: 4 }),
      groupId: fc.constantFrom('g-1', 'g-2', null),
      closed: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(state, { minLength: 1, maxLength: 30 }), (states) => {
        // What the consumer keeps: the levels each group was told at.
        const told = new Map<string, Set<number>>();
        for (const s of states) {
          const heard = s.groupId ? [...(told.get(s.groupId) ?? [])] : [];
          const urgentToldAt = heard.length ? Math.min(...heard) : null;
          const facts = { ...ticket, ...s, urgentToldAt };
          const notices = intentsOf(event({ type: 'ticket.updated', actorId: 'u-other' }), facts).filter(
            (i) => i.kind === 'new_urgent_in_group',
          );
          const shouldTell =
            s.priority <= 2 && s.groupId !== null && !s.closed && !heard.some((level) => level <= s.priority);
          expect(notices.length).toBe(shouldTell ? 1 : 0);
          expect(urgentNewsForGroup(facts)).toBe(shouldTell);
          if (shouldTell && s.groupId) {
            expect(told.get(s.groupId)?.has(s.priority) ?? false).toBe(false);
            told.set(s.groupId, new Set([...(told.get(s.groupId) ?? []), s.priority]));
          }
        }
        for (const levels of told.values()) expect(levels.size).toBeLessThanOrEqual(2);
      }),
    );
  });

  it('never tells anyone of their own action but the receipt, and tells requester news to the requester alone (property)', () => {
    const types = [
      'ticket.opened',
      'ticket.updated',
      'ticket.commented',
      'ticket.escalated',
      'ticket.resolved',
      'sla.at_risk',
      'sla.breached',
    ];
    const id = fc.constantFrom(NURSE, AGENT, AGENT2, 'u-v');
    fc.assert(
      fc.property(
        fc.constantFrom(...types),
        id,
        fc.constantFrom('requester', 'agent', 'vendor', 'manager') as fc.Arbitrary<EventFacts['actorRole']>,
        fc.record({
          visibility: fc.constantFrom('public', 'internal', 'vendor'),
          activity: fc.subarray(['reopened', 'assigned']),
          assigneeId: id,
        }),
        fc.array(id),
        fc.integer({ min: 1, max: 4 }),
        (type, actorId, actorRole, payload, audienceUserIds, priority) => {
          const out = intentsOf({ type, payload, actorId, actorRole, audienceUserIds }, { ...ticket, priority });
          for (const i of out) if (i.kind !== 'ticket_received') expect(i.userIds).not.toContain(actorId);
          for (const i of out)
            if (REQUESTER_KINDS.includes(i.kind)) expect(i.userIds.every((u) => u === NURSE)).toBe(true);
        },
      ),
    );
  });
});

const input: RenderInput = {
  ticketNumber: 123,
  priority: 1,
  link: 'https://desk/portal/tickets/CSD-000123',
  surveyLink: null,
  title: 'Patient John Smith chart',
  text: 'MRN 00482913',
  fullText: false,
};

describe('templates', () => {
  it('accepts every default, and refuses unknown placeholders, free text in a subject, stray braces and no link', () => {
    for (const k of NOTIFICATION_KINDS) expect(templateProblems(DEFAULT_TEMPLATES[k], k)).toEqual([]);
    expect(templateProblems({ subject: 'x', body: '{{requesterName}} {{link}}' })[0]?.field).toBe('body');
    expect(templateProblems({ subject: '{{text}}', body: '{{link}}' })[0]?.message).toMatch(/patient details/);
    expect(templateProblems({ subject: 'x {{', body: '{{link}}' })[0]?.field).toBe('subject');
    expect(templateProblems({ subject: 'x', body: 'no link' })[0]?.message).toMatch(/link/);
  });

  it('puts the ticket tag first in every subject and leaves free text out unless full text is allowed', () => {
    const plain = render({ subject: 'Hello', body: '{{title}}{{text}} {{link}}' }, input);
    expect(plain.subject).toBe('[CSD-000123] Hello');
    expect(plain.body).not.toContain('John Smith');
    const full = render(
      { subject: 'Hello {{title}}', body: '{{title}}{{text}} {{link}}' },
      { ...input, fullText: true },
    );
    expect(full.body).toContain('John Smith');
    expect(full.body).toContain('00482913');
    expect(full.subject).not.toContain('John Smith');
  });

  it('never renders the free text of a ticket into any default template without full text (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...NOTIFICATION_KINDS),
        fc.string({ minLength: 4 }),
        fc.string({ minLength: 4 }),
        (k, title, text) => {
          const marked = { ...input, title: `§${title}§`, text: `¤${text}¤` };
          const out = render(DEFAULT_TEMPLATES[k], marked);
          expect(`${out.subject}${out.body}`).not.toContain(marked.title);
          expect(`${out.subject}${out.body}`).not.toContain(marked.text);
        },
      ),
    );
  });

  it("refuses ticket text in a vendor's template, subject or body: a provider's mail never carries any", () => {
    for (const k of VENDOR_KINDS) {
      expect(DEFAULT_TEMPLATES[k].body).toContain('Reply in Clinidesk: {{link}}');
      expect(templateProblems({ subject: 'x', body: '{{title}} {{link}}' }, k)[0]?.message).toMatch(
        /not a placeholder/,
      );
      expect(templateProblems({ subject: 'x', body: '{{text}} {{link}}' }, k)[0]?.message).toMatch(/not a placeholder/);
      expect(templateProblems({ subject: '{{number}} {{priority}}', body: '{{number}} {{link}}' }, k)).toEqual([]);
    }
  });

  it('allows full text only to addresses in the configured domain', () => {
    expect(fullTextAllowed(null, 'rn@hospital.org')).toBe(false);
    expect(fullTextAllowed('hospital.org', 'RN@Hospital.org')).toBe(true);
    expect(fullTextAllowed('hospital.org', 'rn@gmail.com')).toBe(false);
    expect(fullTextAllowed('hospital.org', 'rn@evilhospital.org')).toBe(false);
    expect(PLACEHOLDERS).toContain('link');
  });
});

describe('channels and retries', () => {
  it('pages only desk staff, for a new P1 or a breach; other choices go by email', () => {
    expect(channelAllowed('ticket_received', 'pager', false)).toBe(false);
    expect(channelAllowed('sla_breached', 'pager', true)).toBe(true);
    expect(channelFor('new_urgent_in_group', 1, 'pager', true)).toBe('pager');
    expect(channelFor('new_urgent_in_group', 2, 'pager', true)).toBe('email');
    expect(channelFor('sla_breached', 3, undefined, true)).toBe('email');
    expect(channelFor('public_reply', 3, 'none', false)).toBe('none');
    expect(kindsFor(false)).toEqual(REQUESTER_KINDS);
    // A provider's engineers choose among their own notices only, and never the pager.
    expect(kindsFor(false, false, true)).toEqual(VENDOR_KINDS);
    for (const k of VENDOR_KINDS) {
      expect(channelAllowed(k, 'pager', false)).toBe(false);
      expect(channelFor(k, 1, 'pager', false)).toBe('email');
    }
  });

  it('backs off exponentially up to an hour, then gives up after the last attempt (property)', () => {
    expect(retryDelayMs(1)).toBe(FIRST_RETRY_MS);
    expect(retryDelayMs(2)).toBe(2 * FIRST_RETRY_MS);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1000 }), (n) => {
        expect(retryDelayMs(n + 1)).toBeGreaterThanOrEqual(retryDelayMs(n));
        expect(retryDelayMs(n)).toBeLessThanOrEqual(MAX_RETRY_MS);
      }),
    );
    const now = new Date(0);
    expect(afterFailure(MAX_ATTEMPTS - 1, now)).not.toBeNull();
    expect(afterFailure(MAX_ATTEMPTS, now)).toBeNull();
  });

  it("puts in the pager's message the kind, the ticket number, the priority and the link, and nothing else", () => {
    const p = pagerPayload({
      kind: 'sla_breached',
      ticketNumber: 7,
      priority: 1,
      link: 'L',
      deliveryId: 'd',
      at: new Date(0),
    });
    expect(p).toEqual({
      kind: 'sla_breached',
      ticket: 'CSD-000007',
      priority: 'P1',
      link: 'L',
      deliveryId: 'd',
      at: '1970-01-01T00:00:00.000Z',
    });
  });
});
