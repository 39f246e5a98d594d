// The demo generator without a database: the same seed gives the same tickets; the mix, the priorities, the
// first-contact share and the histories follow DOMAIN.md and the ticket rules.
import { describe, expect, it } from 'vitest';
import { detectPhi } from '../features/privacy/rules.ts';
import { firstContact } from '../features/tickets/rules/fcr.ts';
import { computePriority, DEFAULT_MATRIX, impactOf, urgencyOf } from '../features/tickets/rules/priority.ts';
import { LIVE_CHANNELS } from '../features/tickets/rules/vocabulary.ts';
import { createRng, uuidAt } from '../platform/seeded-random.ts';
import { DAY_MS, HISTORY_DAYS, planHistory } from './calendar.ts';
import { buildDirectory, type Directory, worldOf } from './directory.ts';
import { roleGroupOf } from './drivers/driver.ts';
import { DRIVER_BY_KEY, type Generated, ticketFactory } from './tickets.ts';

const NOW = Date.parse('2026-03-02T15:30:00Z');

function generate(total: number): { dir: Directory; tickets: Generated[] } {
  const rng = createRng('generator-test');
  const dir = buildDirectory(rng.fork('directory'), NOW - 400 * DAY_MS, 'not-a-hash', 2000);
  const world = worldOf(dir, NOW);
  const make = ticketFactory(world, dir.requesters, dir.demoRequesters);
  const tickets: Generated[] = [];
  planHistory(NOW, world.facilities, total).forEach((day, i) => {
    const dayRng = rng.fork(i);
    for (const cell of day.cells) {
      for (let k = 0; k < cell.count; k++)
        tickets.push(make(dayRng, cell.pickTime(dayRng), cell.facility, day.goLiveDay));
    }
  });
  return { dir, tickets };
}

const { dir, tickets } = generate(6000);
const share = (part: number, whole: number) => part / whole;

describe('the demo generator', () => {
  it('gives the same directory and tickets for the same seed', () => {
    const again = generate(6000);
    expect(again.tickets.length).toBe(tickets.length);
    expect(JSON.stringify(again.tickets.slice(0, 300))).toBe(JSON.stringify(tickets.slice(0, 300)));
    expect(again.tickets.at(-1)!.ticket.id).toBe(tickets.at(-1)!.ticket.id);
    expect(again.dir.people.map((p) => p.id)).toEqual(dir.people.map((p) => p.id));
  });

  it('makes time-ordered v7 UUIDs from the generator', () => {
    const rng = createRng('ids');
    const id = uuidAt(rng, Date.parse('2026-01-01T00:00:00Z'));
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const ms = Date.parse('2026-01-01T00:00:00Z').toString(16).padStart(12, '0');
    expect(id.replace('-', '').slice(0, 12)).toBe(ms);
    expect(uuidAt(createRng('ids'), Date.parse('2026-01-01T00:00:00Z'))).toBe(id);
  });

  it('spreads exactly the requested tickets over the 12 months before now', () => {
    expect(tickets).toHaveLength(6000);
    for (const { ticket } of tickets) {
      expect(ticket.createdAt).toBeLessThan(NOW);
      expect(ticket.createdAt).toBeGreaterThanOrEqual(NOW - HISTORY_DAYS * DAY_MS);
    }
    const sum = (n: number) =>
      planHistory(NOW, dir.org.facilities, n).reduce((s, d) => s + d.cells.reduce((t, c) => t + c.count, 0), 0);
    expect([sum(0), sum(1), sum(1_234_567)]).toEqual([0, 1, 1_234_567]);
  });

  it('computes every priority from the facts, never at random', () => {
    const units = new Map(dir.org.units.map((u) => [u.id, u]));
    for (const { ticket: t } of tickets) {
      const driver = DRIVER_BY_KEY.get(t.driverKey)!;
      const critical = dir.services.find((s) => s.key === driver.service)!.critical;
      expect(t.impact).toBe(impactOf({ scope: t.scope, serviceClinicalCritical: critical }));
      expect(t.urgency).toBe(urgencyOf(t));
      const expected = computePriority(
        { ...t, deviceType: t.deviceType, clinicalArea: units.get(t.unitId)!.clinical },
        DEFAULT_MATRIX,
      );
      expect([t.priority, t.priorityReason]).toEqual([expected.priority, expected.reason]);
    }
    const p1 = tickets.filter((g) => g.ticket.priority === 1).length;
    expect(share(p1, tickets.length)).toBeLessThan(0.05);
  });

  it('follows the call-driver mix: passwords a quarter of calls, how-to most of clinicians’ other calls', () => {
    const people = new Map(dir.requesters.map((p) => [p.id, p]));
    const category = (g: Generated) => DRIVER_BY_KEY.get(g.ticket.driverKey)!.category;
    const credentials = tickets.filter((g) => category(g) === 'credentials').length;
    expect(share(credentials, tickets.length)).toBeGreaterThan(0.2);
    expect(share(credentials, tickets.length)).toBeLessThan(0.5);
    const clinicians = tickets.filter((g) => {
      const group = roleGroupOf(people.get(g.ticket.requesterId)!.clinicalRole);
      return (group === 'rn' || group === 'md' || group === 'pharm') && category(g) !== 'credentials';
    });
    const howTo = clinicians.filter((g) => category(g) === 'how_to').length;
    expect(share(howTo, clinicians.length)).toBeGreaterThan(0.7);
    expect(share(howTo, clinicians.length)).toBeLessThan(0.9);
    const phone = tickets.filter((g) => g.ticket.channel === 'phone').length;
    expect(share(phone, tickets.length)).toBeGreaterThan(0.5);
  });

  it('resolves 70–85% of live contacts on first contact, by the FCR rule', () => {
    const live = tickets.filter((g) => LIVE_CHANNELS.includes(g.ticket.channel));
    const fcr = live.filter((g) => {
      const resolved = g.activity.filter((a) => a.kind === 'resolved');
      return firstContact({
        channel: g.ticket.channel,
        openedById: g.state.openedBy,
        createdAt: new Date(g.ticket.createdAt),
        resolvedById: g.state.resolvedBy,
        firstResolvedAt: resolved[0] ? new Date(resolved[0].at) : null,
        handoffs: g.handoffs.map((h) => ({ kind: h.kind, toTier: h.to.tier, toUserId: h.to.userId })),
        callbackRequested: g.activity.some((a) => a.kind === 'callback_requested'),
        reopenedAt: g.activity.filter((a) => a.kind === 'reopened').map((a) => new Date(a.at)),
        firstContactResolvable: true,
      }).fcr;
    });
    expect(share(fcr.length, live.length)).toBeGreaterThan(0.7);
    expect(share(fcr.length, live.length)).toBeLessThan(0.85);
  });

  it('writes histories that end where the ticket stands: old ones closed, recent ones open', () => {
    let open = 0;
    let old = 0;
    let oldClosed = 0;
    for (const g of tickets) {
      const s = g.state;
      const times = g.activity.map((a) => a.at);
      expect(times).toEqual([...times].sort((a, b) => a - b));
      expect(g.activity[0]!.kind).toBe('opened');
      expect(times.at(-1)!).toBeLessThanOrEqual(NOW);
      if (s.status === 'resolved' || s.status === 'closed') {
        expect(s.code).not.toBeNull();
        expect(s.note?.length).toBeGreaterThan(10);
      } else {
        open++;
        expect(s.code).toBeNull();
      }
      if (s.status === 'closed') expect(s.closedAt! - s.resolvedAt!).toBe(7 * DAY_MS);
      if (g.ticket.createdAt < NOW - 60 * DAY_MS) {
        old++;
        if (s.status === 'closed') oldClosed++;
      }
      for (const h of g.handoffs) {
        expect(s.providerIds).toContain(h.to.providerId);
        if (h.to.tier === 'vendor') expect(h.vendorReference).toMatch(/^LCS-\d{2}-\d{6}$/);
      }
    }
    expect(share(oldClosed, old)).toBeGreaterThan(0.995);
    expect(open).toBeGreaterThan(5);
    expect(share(open, tickets.length)).toBeLessThan(0.03);
    const vendor = tickets.filter((g) => g.handoffs.some((h) => h.to.tier === 'vendor')).length;
    expect(vendor).toBeGreaterThan(10);
  });

  it('writes no patient identifiers in any ticket text', () => {
    for (const g of tickets) {
      const t = g.ticket;
      const texts = [t.summary, t.description, t.errorText ?? '', g.state.note ?? '', ...g.comments.map((c) => c.body)];
      for (const text of texts) expect(detectPhi(text), text).toEqual([]);
    }
  });
});
