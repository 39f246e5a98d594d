// The demo's phone calls without a database: each phone ticket has the call that opened it, answered by the agent
// who opened it; times are in order; the calls change no first-contact or first-touch verdict; about two calls per
// ticket; ASA and abandonment per line in believable ranges, worse in the mornings and after the go-live.
import { describe, expect, it } from 'vitest';
import { isAbandoned, lineFigures } from '../features/routing/rules/metrics.ts';
import { LINES, type Line } from '../features/routing/rules/route.ts';
import { firstContact, type HistoryFacts } from '../features/tickets/rules/fcr.ts';
import { firstTouch, firstTouchHistoryOf } from '../features/tickets/rules/first-touch.ts';
import { LIVE_CHANNELS } from '../features/tickets/rules/vocabulary.ts';
import { createRng } from '../platform/seeded-random.ts';
import { DAY_MS, GO_LIVE, goLiveStart, homeHour, planHistory } from './calendar.ts';
import { type CallRow, LINE_TARGET_MS, PROVIDER_LINE_NUMBER } from './calls.ts';
import { buildDirectory, worldOf } from './directory.ts';
import type { ActivityRow } from './history.ts';
import { type Generated, ticketFactory } from './tickets.ts';

const NOW = Date.parse('2026-03-02T15:30:00Z');
const rng = createRng('calls-test');
const dir = buildDirectory(rng.fork('directory'), NOW - 400 * DAY_MS, 'not-a-hash', 2000);
const world = worldOf(dir, NOW);
const make = ticketFactory(world, dir.requesters, dir.demoRequesters);
const tickets: Generated[] = [];
planHistory(NOW, world.facilities, 8000).forEach((day, i) => {
  const dayRng = rng.fork(i);
  for (const cell of day.cells) {
    for (let k = 0; k < cell.count; k++)
      tickets.push(make(dayRng, cell.pickTime(dayRng), cell.facility, day.goLiveDay));
  }
});
const calls = tickets.flatMap((g) => g.calls.calls);
const people = new Map(dir.requesters.map((p) => [p.id, p]));
const tier1 = new Set(dir.groups.filter((g) => g.tier === 'tier1').flatMap((g) => g.members));
const staff = new Set(dir.users.map((u) => u.id));

const outcomeOf = (c: CallRow) => ({
  queuedAt: c.queuedAt,
  answeredAt: c.answeredAt,
  endedAt: c.endedAt,
  outcome: c.outcome,
});
const figures = (rows: CallRow[], line: Line) =>
  lineFigures(rows.filter((c) => c.line === line).map(outcomeOf), LINE_TARGET_MS[line]);
const abandonedShare = (rows: CallRow[]) => rows.filter((c) => isAbandoned(outcomeOf(c))).length / rows.length;

function historyOf(g: Generated, opening: CallRow | null): HistoryFacts {
  const resolved = g.activity.find((a) => a.kind === 'resolved');
  return {
    channel: g.ticket.channel,
    openedById: g.state.openedBy,
    createdAt: new Date(g.ticket.createdAt),
    resolvedById: g.state.resolvedBy,
    firstResolvedAt: resolved ? new Date(resolved.at) : null,
    handoffs: g.handoffs.map((h) => ({ kind: h.kind, toTier: h.to.tier, toUserId: h.to.userId })),
    callbackRequested: g.activity.some((a) => a.kind === 'callback_requested'),
    reopenedAt: g.activity.filter((a) => a.kind === 'reopened').map((a) => new Date(a.at)),
    firstContactResolvable: true,
    openingContact: opening ? { endedAt: new Date(opening.wrapDoneAt ?? opening.endedAt), transfers: 0 } : null,
  };
}

function touchOf(g: Generated, activity: readonly ActivityRow[]) {
  const side = (id: string | null) =>
    id === null ? 'other' : staff.has(id) && id !== people.get(g.ticket.requesterId)!.userId ? 'desk' : 'requester';
  return firstTouch(
    firstTouchHistoryOf({
      channel: g.ticket.channel,
      activity: activity.map((a) => ({ at: new Date(a.at), kind: a.kind, data: JSON.parse(a.data) })),
      comments: g.comments.map((c) => ({ at: new Date(c.at), visibility: c.visibility, by: side(c.authorId) })),
      handoffs: g.handoffs.map((h) => ({ at: new Date(h.at), kind: h.kind, toTier: h.to.tier })),
    }),
  );
}

describe('the demo calls', () => {
  it('give each phone ticket the call that opened it, answered by the agent who opened it, times in order', () => {
    // Problems are collected, not asserted one by one: 16,000 calls × a dozen checks.
    const problems: string[] = [];
    const check = (ok: boolean, what: string) => {
      if (!ok && problems.length < 20) problems.push(what);
    };
    const ids = new Set<string>();
    for (const g of tickets) {
      const n = g.ticket.id;
      const opened = g.calls.links.filter((l) => l.relation === 'opened');
      check(opened.length === (g.ticket.channel === 'phone' ? 1 : 0), `${n}: ${opened.length} opening calls`);
      for (const l of g.calls.links) {
        check(l.ticketId === n, `${n}: link to another ticket`);
        check(
          g.calls.calls.some((c) => c.id === l.contactId && c.agentId === l.linkedBy),
          `${n}: linked by someone else`,
        );
      }
      if (opened[0]) {
        const call = g.calls.calls.find((c) => c.id === opened[0]!.contactId)!;
        check(call.agentId === g.state.openedBy, `${n}: opening call answered by another agent`);
        check(call.answeredAt! < g.ticket.createdAt, `${n}: ticket opened before the call was answered`);
        check(call.endedAt > g.ticket.createdAt, `${n}: call ended before the ticket was opened`);
        check(call.personId === g.ticket.requesterId, `${n}: opening call from someone else`);
      }
      for (const c of g.calls.calls) {
        check(!ids.has(c.id), `${c.id}: id twice`);
        ids.add(c.id);
        check(c.queuedAt < c.endedAt && c.endedAt <= NOW, `${c.id}: ended before queued or after now`);
        if (c.outcome === 'abandoned') {
          check(c.answeredAt === null && c.agentId === null && c.wrapDoneAt === null, `${c.id}: abandoned, answered`);
        } else {
          check(
            c.queuedAt <= c.answeredAt! && c.answeredAt! < c.endedAt && c.endedAt <= c.wrapDoneAt!,
            `${c.id}: times out of order`,
          );
          check(tier1.has(c.agentId!), `${c.id}: answered by someone not on the Tier 1-Plus desk`);
        }
        const person = people.get(c.personId)!;
        check((c.line === 'provider') === person.provider, `${c.id}: provider line iff a provider calls`);
        check((c.dialledLine === PROVIDER_LINE_NUMBER) === person.provider, `${c.id}: dialled the wrong line`);
      }
      // The linked calls' activity rows are in the ticket's activity, which stays in time order.
      const times = g.activity.map((a) => a.at);
      check(
        times.every((t, i) => i === 0 || times[i - 1]! <= t),
        `${n}: activity out of order`,
      );
      check(g.activity.filter((a) => a.kind === 'linked').length === g.calls.links.length, `${n}: link activity`);
    }
    expect(problems).toEqual([]);
    expect(ids.size).toBe(calls.length);
  });

  it('change no first-contact verdict: the recorded opening call and the 30-minute window agree on every ticket', () => {
    let live = 0;
    let fcr = 0;
    for (const g of tickets.filter((x) => LIVE_CHANNELS.includes(x.ticket.channel))) {
      const link = g.calls.links.find((l) => l.relation === 'opened');
      const call = link ? g.calls.calls.find((c) => c.id === link.contactId)! : null;
      const withCall = firstContact(historyOf(g, call));
      expect({ n: g.ticket.id, ...withCall }).toEqual({ n: g.ticket.id, ...firstContact(historyOf(g, null)) });
      live++;
      if (withCall.fcr) fcr++;
    }
    expect(fcr / live).toBeGreaterThan(0.7);
    expect(fcr / live).toBeLessThan(0.85);
  });

  it('change no first-touch verdict: follow-up calls go only to tickets that were not settled at the first touch', () => {
    let linkedNonLive = 0;
    for (const g of tickets.filter((x) => !LIVE_CHANNELS.includes(x.ticket.channel))) {
      const without = g.activity.filter((a) => a.kind !== 'linked');
      expect(touchOf(g, g.activity).firstTouch).toBe(touchOf(g, without).firstTouch);
      if (g.calls.links.length) linkedNonLive++;
    }
    expect(linkedNonLive).toBeGreaterThan(50);
  });

  it('come to about two calls per ticket: opening calls, follow-ups, calls not for the desk and abandons', () => {
    expect(calls.length / tickets.length).toBeGreaterThan(1.8);
    expect(calls.length / tickets.length).toBeLessThan(2.2);
    const links = tickets.flatMap((g) => g.calls.links);
    const followUps = links.filter((l) => l.relation === 'linked').length;
    // A third to a half of the calls are about a ticket already open (status checks).
    expect(followUps / calls.length).toBeGreaterThan(0.3);
    expect(followUps / calls.length).toBeLessThan(0.5);
    expect(calls.filter((c) => c.outcome === 'transferred').length / calls.length).toBeLessThan(0.2);
    const short = calls.filter((c) => c.outcome === 'abandoned' && !isAbandoned(outcomeOf(c))).length;
    expect(short).toBeGreaterThan(0);
  });

  it('keep ASA and abandonment per line in believable ranges, the provider line best', () => {
    const provider = figures(calls, 'provider');
    const clinical = figures(calls, 'clinical');
    const general = figures(calls, 'general');
    for (const f of [provider, clinical, general]) expect(f.offered).toBeGreaterThan(1000);
    expect(provider.asaSeconds!).toBeLessThan(12);
    expect(provider.answeredWithinTargetPct!).toBeGreaterThan(85);
    expect(provider.abandonmentPct!).toBeLessThan(4);
    for (const f of [clinical, general]) {
      expect(f.asaSeconds!).toBeGreaterThan(provider.asaSeconds!);
      expect(f.asaSeconds!).toBeLessThan(30);
      expect(f.answeredWithinTargetPct!).toBeGreaterThan(70);
      expect(f.abandonmentPct!).toBeGreaterThan(3);
      expect(f.abandonmentPct!).toBeLessThan(9);
    }
    expect(abandonedShare(calls)).toBeGreaterThan(0.04);
    expect(abandonedShare(calls)).toBeLessThan(0.08);
  });

  it('answer more slowly in the busy morning and in the two weeks after the go-live', () => {
    const start = goLiveStart(NOW);
    const inGoLive = (c: CallRow) => c.queuedAt >= start && c.queuedAt < start + GO_LIVE.length * DAY_MS;
    const goLive = calls.filter(inGoLive);
    const rest = calls.filter((c) => !inGoLive(c));
    for (const line of LINES) {
      const during = figures(goLive, line);
      const otherwise = figures(rest, line);
      expect(during.asaSeconds!, line).toBeGreaterThan(1.5 * otherwise.asaSeconds!);
      expect(during.answeredWithinTargetPct!, line).toBeLessThan(otherwise.answeredWithinTargetPct!);
    }
    expect(abandonedShare(goLive)).toBeGreaterThan(1.5 * abandonedShare(rest));
    const morning = rest.filter((c) => homeHour(c.queuedAt) >= 7 && homeHour(c.queuedAt) < 11);
    const afternoon = rest.filter((c) => homeHour(c.queuedAt) >= 13 && homeHour(c.queuedAt) < 17);
    expect(figures(morning, 'clinical').asaSeconds!).toBeGreaterThan(figures(afternoon, 'clinical').asaSeconds!);
    // Busier: more calls per hour in the four morning hours than in the four afternoon ones.
    expect(morning.length).toBeGreaterThan(afternoon.length);
  });
});
