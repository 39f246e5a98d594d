import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyCtiEvent,
  CONTACT_STATES,
  type ContactFacts,
  type CtiEventFacts,
  newContactFacts,
} from './contact-events.ts';

const t = (s: number) => new Date(Date.UTC(2026, 10, 30, 10, 0, s));
const ev = (
  type: CtiEventFacts['type'],
  seq: number,
  agentId: string | null = null,
  external = false,
): CtiEventFacts => ({
  type,
  occurredAt: t(seq * 10),
  sequence: seq,
  agentId,
  external,
});
const play = (events: CtiEventFacts[]): ContactFacts => {
  let c = newContactFacts(events[0]!);
  for (const e of events.slice(1)) c = applyCtiEvent(c, e);
  return c;
};
const rank = (s: ContactFacts['state']) => CONTACT_STATES.indexOf(s);

describe('contact event rules', () => {
  it('follows a normal call: offered, answered by an agent, ended into wrap-up', () => {
    const c = play([ev('offered', 1), ev('answered', 2, 'a'), ev('ended', 3)]);
    expect(c).toMatchObject({
      state: 'wrap_up',
      agentId: 'a',
      outcome: 'answered',
      offeredAt: t(10),
      answeredAt: t(20),
      endedAt: t(30),
    });
  });

  it('records an abandoned call as done and abandoned', () => {
    expect(play([ev('offered', 1), ev('abandoned', 2)])).toMatchObject({
      state: 'done',
      outcome: 'abandoned',
      answeredAt: null,
    });
  });

  it('does not reopen a call when "answered" arrives after "ended", but keeps the answer time and outcome', () => {
    const c = play([ev('offered', 1), ev('ended', 3), ev('answered', 2, 'a')]);
    expect(c).toMatchObject({ state: 'done', answeredAt: t(20), endedAt: t(30), outcome: 'answered', agentId: 'a' });
  });

  it('moves a call to the agent it was transferred to, and counts transfers', () => {
    const c = play([ev('offered', 1), ev('answered', 2, 'a'), ev('transferred', 3, 'b'), ev('ended', 4)]);
    expect(c).toMatchObject({ agentId: 'b', transfers: 1, state: 'wrap_up', outcome: 'answered' });
    const out = play([ev('offered', 1), ev('answered', 2, 'a'), ev('transferred', 3, null, true)]);
    expect(out).toMatchObject({ agentId: 'a', outcome: 'transferred', state: 'wrap_up' });
  });

  it('reaches the same times, agent and outcome in any arrival order, and the state never moves back', () => {
    const scripts = [
      [ev('offered', 1), ev('answered', 2, 'a'), ev('ended', 3)],
      [ev('offered', 1), ev('abandoned', 2)],
      [ev('offered', 1), ev('answered', 2, 'a'), ev('transferred', 3, 'b'), ev('ended', 4)],
    ];
    fc.assert(
      fc.property(fc.constantFrom(...scripts), fc.infiniteStream(fc.nat()), (script, rnd) => {
        const order = [...script];
        for (let i = order.length - 1; i > 0; i--) {
          const j = rnd.next().value % (i + 1);
          [order[i], order[j]] = [order[j]!, order[i]!];
        }
        const inOrder = play(script);
        let c = newContactFacts(order[0]!);
        for (const e of order.slice(1)) {
          const next = applyCtiEvent(c, e);
          expect(rank(next.state)).toBeGreaterThanOrEqual(rank(c.state));
          c = next;
        }
        const pick = (x: ContactFacts) => ({
          offeredAt: x.offeredAt,
          answeredAt: x.answeredAt,
          endedAt: x.endedAt,
          agentId: x.agentId,
          outcome: x.outcome,
          transfers: x.transfers,
          lastEventSeq: x.lastEventSeq,
        });
        expect(pick(c)).toEqual(pick(inOrder));
        expect(['wrap_up', 'done']).toContain(c.state);
      }),
    );
  });

  it('uses the event time to order events that carry no sequence', () => {
    const noSeq = (type: CtiEventFacts['type'], s: number, agentId: string): CtiEventFacts => ({
      type,
      occurredAt: t(s),
      sequence: null,
      agentId,
    });
    let c = play([ev('offered', 1), { ...ev('answered', 2, 'a'), sequence: null }]);
    c = applyCtiEvent(c, noSeq('transferred', 50, 'b'));
    c = applyCtiEvent(c, noSeq('transferred', 40, 'c')); // older: counted, but does not move the call
    expect(c.agentId).toBe('b');
    expect(c.transfers).toBe(2);
  });
});
