import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { firstContact, firstContactResolvable, type HistoryFacts } from './fcr.ts';
import { CHANNELS, FIRST_CONTACT_CHANNELS, LIVE_CHANNELS } from './vocabulary.ts';

const t0 = new Date('2026-11-25T09:00:00Z');
const minutes = (m: number) => new Date(t0.getTime() + m * 60_000);
const agent = 'agent-1';

const onTheCall: HistoryFacts = {
  channel: 'phone',
  openedById: agent,
  createdAt: t0,
  resolvedById: agent,
  firstResolvedAt: minutes(6),
  handoffs: [{ kind: 'assign', toTier: 'tier1', toUserId: agent }],
  callbackRequested: false,
  reopenedAt: [],
  firstContactResolvable: true,
};

describe('first-contact resolution', () => {
  it('counts a password reset done on the call by the agent who answered', () => {
    expect(firstContact(onTheCall)).toMatchObject({ liveContact: true, fcr: true, level1: true, reasons: [] });
  });

  it('does not count a ticket escalated to Tier 2, but it is not Level-1 either', () => {
    const v = firstContact({
      ...onTheCall,
      handoffs: [...onTheCall.handoffs, { kind: 'escalate', toTier: 'tier2', toUserId: null }],
    });
    expect(v.fcr).toBe(false);
    expect(v.level1).toBe(false);
    expect(v.reasons).toContain('escalated');
  });

  it('does not count a callback, a transfer, another resolver, a late resolution or a reopen within 7 days', () => {
    expect(firstContact({ ...onTheCall, callbackRequested: true }).reasons).toEqual(['needed a callback']);
    expect(
      firstContact({ ...onTheCall, handoffs: [{ kind: 'transfer', toTier: 'tier1', toUserId: 'agent-2' }] }).fcr,
    ).toBe(false);
    expect(firstContact({ ...onTheCall, resolvedById: 'agent-2' }).reasons).toContain('resolved by another agent');
    expect(firstContact({ ...onTheCall, firstResolvedAt: minutes(180) }).reasons).toContain(
      'resolved after the first contact ended',
    );
    expect(firstContact({ ...onTheCall, reopenedAt: [minutes(60 * 24 * 3)] }).reasons).toContain(
      'reopened within 7 days',
    );
    expect(firstContact({ ...onTheCall, reopenedAt: [minutes(60 * 24 * 9)] }).fcr).toBe(true);
  });

  it('keeps portal and email tickets out of the FCR denominator', () => {
    expect(firstContact({ ...onTheCall, channel: 'portal' })).toMatchObject({ liveContact: false, fcr: false });
  });

  it('counts an at-the-elbow issue resolved on the spot during a go-live as first contact', () => {
    const onTheSpot = { ...onTheCall, channel: 'go_live' as const, firstResolvedAt: minutes(0) };
    expect(firstContact(onTheSpot)).toMatchObject({ liveContact: true, fcr: true, reasons: [] });
    // Sent to the command center and fixed there by the application team: in the denominator, not a first-contact fix.
    const sentOn = firstContact({
      ...onTheSpot,
      resolvedById: 'analyst-1',
      firstResolvedAt: minutes(240),
      handoffs: [{ kind: 'escalate', toTier: 'tier2', toUserId: null }],
    });
    expect(sentOn).toMatchObject({ liveContact: true, fcr: false });
  });

  it("counts first contacts on the desk's live channels plus go-live, and keeps go-live out of the desk's live channels", () => {
    expect([...FIRST_CONTACT_CHANNELS].sort()).toEqual([...LIVE_CHANNELS, 'go_live'].sort());
    expect(LIVE_CHANNELS).not.toContain('go_live');
    for (const channel of CHANNELS) {
      expect(firstContact({ ...onTheCall, channel }).liveContact).toBe(FIRST_CONTACT_CHANNELS.includes(channel));
    }
  });

  it('is Level-1 whenever it was resolved without leaving Tier 1-Plus, callbacks allowed', () => {
    expect(firstContact({ ...onTheCall, callbackRequested: true, firstResolvedAt: minutes(300) }).level1).toBe(true);
  });

  it('never calls a ticket FCR that any disqualifying fact touches', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...CHANNELS),
        fc.boolean(),
        fc.boolean(),
        fc.integer({ min: 0, max: 600 }),
        fc.boolean(),
        (channel, escalated, callback, resolvedAfter, otherResolver) => {
          const v = firstContact({
            ...onTheCall,
            channel,
            handoffs: escalated ? [{ kind: 'escalate', toTier: 'tier2', toUserId: null }] : [],
            callbackRequested: callback,
            firstResolvedAt: minutes(resolvedAfter),
            resolvedById: otherResolver ? 'agent-9' : agent,
          });
          const disqualified =
            !FIRST_CONTACT_CHANNELS.includes(channel) || escalated || callback || resolvedAfter > 30 || otherResolver;
          expect(v.fcr).toBe(!disqualified);
        },
      ),
    );
  });

  it('leaves hardware replacements and access approvals out of net FCR, and nothing else', () => {
    expect(firstContactResolvable('hardware_replaced')).toBe(false);
    expect(firstContactResolvable('access_granted')).toBe(false);
    expect(firstContactResolvable('password_reset')).toBe(true);
    expect(firstContactResolvable(null)).toBe(true);
  });

  it('uses the recorded call instead of the 30-minute proxy when a contact opened the ticket', () => {
    // A long call: resolved 40 min after opening, while still on the call (wrap-up ends at 45 min) — FCR.
    const longCall = {
      ...onTheCall,
      firstResolvedAt: minutes(40),
      openingContact: { endedAt: minutes(45), transfers: 0 },
    };
    expect(firstContact(longCall).fcr).toBe(true);
    expect(firstContact({ ...longCall, openingContact: null }).reasons).toEqual([
      'resolved after the first contact ended',
    ]);
    // A short call: resolved 10 min after it ended — not FCR, though within the old 30-minute proxy.
    const afterHangUp = {
      ...onTheCall,
      firstResolvedAt: minutes(12),
      openingContact: { endedAt: minutes(2), transfers: 0 },
    };
    expect(firstContact(afterHangUp).reasons).toEqual(['resolved after the first contact ended']);
    // Still on the call (no end yet): resolved during it.
    expect(firstContact({ ...onTheCall, openingContact: { endedAt: null, transfers: 0 } }).fcr).toBe(true);
    // The call was transferred between agents.
    expect(firstContact({ ...onTheCall, openingContact: { endedAt: minutes(9), transfers: 1 } }).reasons).toEqual([
      'transferred to another agent',
    ]);
  });
});
