import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type FirstTouchEvent, firstTouch, firstTouchHistoryOf } from './first-touch.ts';
import { CHANNELS } from './vocabulary.ts';

const t0 = new Date('2026-11-25T09:00:00Z').getTime();
const at = (minutes: number) => new Date(t0 + minutes * 60_000);
const DAY = 24 * 60;

// A portal "how do I…" question: answered on the first reply, resolved, never reopened.
const answered: FirstTouchEvent[] = [
  { at: at(40), kind: 'public_reply', by: 'desk' },
  { at: at(41), kind: 'resolved' },
];

describe('first-touch resolution', () => {
  it('credits a portal how-to answered on the first reply and confirmed fixed', () => {
    expect(firstTouch({ channel: 'portal', events: answered })).toEqual({
      nonLiveChannel: true,
      firstTouch: true,
      firstResponseAt: at(40),
      reasons: [],
    });
    // The resolution note itself may be the first response; a requester's "thanks" afterwards changes nothing.
    expect(firstTouch({ channel: 'email', events: [{ at: at(30), kind: 'resolved' }] })).toMatchObject({
      firstTouch: true,
      firstResponseAt: at(30),
    });
    const thanks: FirstTouchEvent = { at: at(50), kind: 'public_reply', by: 'requester' };
    expect(firstTouch({ channel: 'portal', events: [...answered, thanks] }).firstTouch).toBe(true);
  });

  it('names each reason it is not a first-touch resolution', () => {
    const reasons = (extra: FirstTouchEvent[], channel: 'portal' | 'phone' = 'portal') =>
      firstTouch({ channel, events: [...answered, ...extra] }).reasons;
    expect(reasons([{ at: at(20), kind: 'public_reply', by: 'desk' }])).toEqual([
      'the desk needed more than one reply',
    ]);
    expect(reasons([{ at: at(40.5), kind: 'public_reply', by: 'requester' }])).toEqual([
      'the requester had to get back in touch',
    ]);
    expect(reasons([{ at: at(10), kind: 'requester_contact' }])).toEqual(['the requester had to get back in touch']);
    expect(reasons([{ at: at(10), kind: 'waiting_on_requester' }])).toEqual([
      'waited on the requester for more information',
    ]);
    expect(reasons([{ at: at(10), kind: 'escalated' }])).toEqual(['escalated']);
    expect(reasons([{ at: at(10), kind: 'callback_requested' }])).toEqual(['needed a callback']);
    expect(reasons([{ at: at(3 * DAY), kind: 'reopened' }])).toEqual(['reopened within 7 days']);
    expect(reasons([{ at: at(9 * DAY), kind: 'reopened' }])).toEqual([]);
    expect(reasons([], 'phone')).toEqual(['opened by phone, a live contact (counted in FCR)']);
    expect(firstTouch({ channel: 'portal', events: answered.slice(0, 1) }).reasons).toEqual(['not resolved']);
  });

  const eventArb: fc.Arbitrary<FirstTouchEvent> = fc.oneof(
    fc.record({
      at: fc.integer({ min: 0, max: 14 * DAY }).map(at),
      kind: fc.constant('public_reply' as const),
      by: fc.constantFrom('desk' as const, 'requester' as const),
    }),
    fc.record({
      at: fc.integer({ min: 0, max: 14 * DAY }).map(at),
      kind: fc.constantFrom(
        'resolved' as const,
        'reopened' as const,
        'escalated' as const,
        'waiting_on_requester' as const,
        'callback_requested' as const,
        'requester_contact' as const,
      ),
    }),
  );

  it('never credits a live-channel ticket, an escalated one, or one reopened within 7 days', () => {
    fc.assert(
      fc.property(fc.constantFrom(...CHANNELS), fc.array(eventArb, { maxLength: 12 }), (channel, events) => {
        const v = firstTouch({ channel, events });
        const resolvedAt = events.filter((e) => e.kind === 'resolved').map((e) => e.at.getTime());
        const first = resolvedAt.length ? Math.min(...resolvedAt) : null;
        const disqualified =
          (channel !== 'portal' && channel !== 'email') ||
          first === null ||
          events.some((e) => e.kind === 'escalated') ||
          events.some((e) => e.kind === 'reopened' && e.at.getTime() - first <= 7 * DAY * 60_000);
        if (disqualified) expect(v.firstTouch).toBe(false);
        expect(v.firstTouch).toBe(v.reasons.length === 0);
      }),
    );
  });

  it('does not depend on the order the history is listed in, and nothing after a failed verdict earns the credit back', () => {
    fc.assert(
      fc.property(fc.array(eventArb, { maxLength: 10 }), eventArb, (events, later) => {
        const v = firstTouch({ channel: 'portal', events });
        expect(firstTouch({ channel: 'portal', events: [...events].reverse() })).toEqual(v);
        const latest = Math.max(t0, ...events.map((e) => e.at.getTime()));
        const after = { ...later, at: new Date(latest + 60_000) };
        const wasResolved = events.some((e) => e.kind === 'resolved');
        if (wasResolved && !v.firstTouch) {
          expect(firstTouch({ channel: 'portal', events: [...events, after] }).firstTouch).toBe(false);
        }
      }),
    );
  });

  it('reads the recorded history: desk and requester replies, escalations, waits, calls about the ticket', () => {
    const history = firstTouchHistoryOf({
      channel: 'portal',
      comments: [
        { at: at(5), visibility: 'internal', by: 'desk' },
        { at: at(40), visibility: 'public', by: 'desk' },
        { at: at(45), visibility: 'public', by: 'other' }, // an integration's automatic message
      ],
      handoffs: [
        { at: at(2), kind: 'assign', toTier: 'tier1' },
        { at: at(60), kind: 'escalate', toTier: 'tier2' },
      ],
      activity: [
        { at: at(10), kind: 'status', data: { to: 'pending_requester' } },
        { at: at(12), kind: 'linked', data: { relation: 'linked' } },
        { at: at(61), kind: 'resolved', data: {} },
      ],
    });
    expect(history.events.map((e) => e.kind).sort()).toEqual(
      ['escalated', 'public_reply', 'requester_contact', 'resolved', 'waiting_on_requester'].sort(),
    );
  });
});
