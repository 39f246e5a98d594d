import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ROUTING, LINES, laneOf, type RoutingAgent, route, routeFifo, type WaitingContact } from './route.ts';

const NOW = Date.parse('2026-11-30T10:00:00Z');
const ago = (s: number) => NOW - s * 1000;
const contact = (id: string, o: Partial<WaitingContact> = {}): WaitingContact => ({
  id,
  line: 'general',
  patientCareAffected: false,
  skills: [],
  queuedAt: ago(1),
  ...o,
});
const agent = (id: string, o: Partial<RoutingAgent> = {}): RoutingAgent => ({
  id,
  state: 'available',
  tier: 'tier1',
  skills: [],
  idleSince: ago(60),
  ...o,
});
const pairs = (a: { contactId: string; agentId: string }[]) => a.map((x) => `${x.contactId}->${x.agentId}`);

describe('routing decision', () => {
  it('serves the provider line and patient-care-affected contacts before general ones that waited a little longer', () => {
    const contacts = [
      contact('general', { queuedAt: ago(40) }),
      contact('doctor', { line: 'provider', queuedAt: ago(2) }),
      contact('care', { line: 'general', patientCareAffected: true, queuedAt: ago(3) }),
    ];
    const agents = [agent('a1', { idleSince: ago(10) }), agent('a2', { idleSince: ago(99) })];
    // Longest idle agent first; patient care (3 s, lane 0) before the doctor (2 s, lane 0) by wait.
    expect(pairs(route(contacts, agents, NOW))).toEqual(['care->a2', 'doctor->a1']);
  });

  it('orders a lane longest-waiting first', () => {
    const contacts = [contact('new', { queuedAt: ago(2) }), contact('old', { queuedAt: ago(9) })];
    expect(pairs(route(contacts, [agent('a')], NOW))).toEqual(['old->a']);
  });

  it('gives a contact needing skills to an agent who has them all, and otherwise waits until overflow', () => {
    const bcma = 'service:bcma';
    const c = contact('c', { line: 'provider', skills: [bcma, 'credential:RN'], queuedAt: ago(1) });
    const unskilled = agent('plain', { idleSince: ago(500) });
    const half = agent('half', { skills: [bcma] });
    const skilled = agent('skilled', { skills: [bcma, 'credential:RN', 'service:other'], idleSince: ago(1) });
    expect(route([c], [unskilled, half, skilled], NOW)).toEqual([
      { contactId: 'c', agentId: 'skilled', match: 'skilled', lane: 0, waitedMs: 1000 },
    ]);
    expect(route([c], [unskilled, half], NOW)).toEqual([]);
  });

  it('overflows a provider call to any Tier 1-Plus agent, then to analysts, before its 20 s target', () => {
    const c = (s: number) => contact('c', { line: 'provider', skills: ['service:rare'], queuedAt: ago(s) });
    const t1 = agent('t1');
    const t2 = agent('t2', { tier: 'tier2', skills: ['service:rare'] });
    const rules = DEFAULT_ROUTING.lines.provider;
    expect(rules.anyTier1AfterMs).toBeLessThan(rules.analystsAfterMs);
    expect(rules.analystsAfterMs).toBeLessThan(rules.targetMs);
    expect(route([c(4)], [t1, t2], NOW)).toEqual([]);
    expect(route([c(5)], [t1, t2], NOW)[0]).toMatchObject({ agentId: 't1', match: 'any_tier1' });
    expect(route([c(9)], [t2], NOW)).toEqual([]);
    expect(route([c(10)], [t2], NOW)[0]).toMatchObject({ agentId: 't2', match: 'analyst' });
    // General line overflows later (30 s target).
    const g = contact('g', { skills: ['service:rare'], queuedAt: ago(9) });
    expect(route([g], [t1], NOW)).toEqual([]);
    expect(route([{ ...g, queuedAt: ago(10) }], [t1], NOW)[0]?.match).toBe('any_tier1');
  });

  it('never offers to agents who are not available, nor to engineers', () => {
    const agents: RoutingAgent[] = [
      agent('busy', { state: 'on_contact' }),
      agent('wrap', { state: 'wrap_up' }),
      agent('away', { state: 'away' }),
      agent('off', { state: 'offline' }),
      agent('eng', { tier: 'tier3' }),
    ];
    expect(route([contact('c', { queuedAt: ago(600) })], agents, NOW)).toEqual([]);
  });

  it('lets a general contact that has waited past the head start overtake a fresh provider call', () => {
    const head = DEFAULT_ROUTING.laneHeadStartMs[0] / 1000;
    const contacts = [
      contact('doctor', { line: 'provider', queuedAt: ago(1) }),
      contact('old', { queuedAt: ago(head + 2) }),
    ];
    expect(pairs(route(contacts, [agent('a')], NOW))).toEqual(['old->a']);
  });

  it('FIFO baseline takes the oldest contacts in order regardless of line', () => {
    const contacts = [contact('doctor', { line: 'provider', queuedAt: ago(1) }), contact('old', { queuedAt: ago(5) })];
    expect(pairs(routeFifo(contacts, [agent('a')], NOW))).toEqual(['old->a']);
  });
});

const SKILLS = ['service:ehr', 'service:bcma', 'service:lab', 'credential:RN', 'credential:PharmD'];
const arbContact = (i: number) =>
  fc
    .record({
      line: fc.constantFrom(...LINES),
      patientCareAffected: fc.boolean(),
      skills: fc.subarray(SKILLS, { maxLength: 2 }),
      waitedS: fc.integer({ min: 0, max: 300 }),
    })
    .map((r) => contact(`c${i}`, { ...r, queuedAt: ago(r.waitedS) }));
const arbAgent = (i: number) =>
  fc
    .record({
      state: fc.constantFrom('available', 'available', 'on_contact', 'wrap_up', 'away', 'offline' as const),
      tier: fc.constantFrom('tier1', 'tier1', 'tier2', 'tier3' as const),
      skills: fc.subarray(SKILLS),
      idleS: fc.integer({ min: 0, max: 600 }),
    })
    .map((r) => agent(`a${i}`, { ...r, idleSince: ago(r.idleS) }) as RoutingAgent);
const arbContacts = fc
  .integer({ min: 0, max: 25 })
  .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => arbContact(i))));
const arbAgents = fc
  .integer({ min: 0, max: 12 })
  .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => arbAgent(i))));

describe('routing properties', () => {
  it('pairs each agent and each contact at most once, only free Tier 1/2 agents, and respects skills until overflow', () => {
    fc.assert(
      fc.property(arbContacts, arbAgents, (contacts, agents) => {
        const out = route(contacts, agents, NOW);
        expect(new Set(out.map((a) => a.agentId)).size).toBe(out.length);
        expect(new Set(out.map((a) => a.contactId)).size).toBe(out.length);
        for (const a of out) {
          const ag = agents.find((x) => x.id === a.agentId)!;
          const c = contacts.find((x) => x.id === a.contactId)!;
          const rules = DEFAULT_ROUTING.lines[c.line];
          expect(ag.state).toBe('available');
          if (a.match === 'skilled') {
            expect(ag.tier).toBe('tier1');
            for (const s of c.skills) expect(ag.skills).toContain(s);
          } else if (a.match === 'any_tier1') {
            expect(ag.tier).toBe('tier1');
            expect(NOW - c.queuedAt).toBeGreaterThanOrEqual(rules.anyTier1AfterMs);
          } else {
            expect(ag.tier).toBe('tier2');
            expect(NOW - c.queuedAt).toBeGreaterThanOrEqual(rules.analystsAfterMs);
          }
        }
      }),
    );
  });

  it('leaves no free Tier 1-Plus agent idle while a contact that has passed its overflow threshold waits', () => {
    fc.assert(
      fc.property(arbContacts, arbAgents, (contacts, agents) => {
        const out = route(contacts, agents, NOW);
        const takenAgents = new Set(out.map((a) => a.agentId));
        const takenContacts = new Set(out.map((a) => a.contactId));
        const idleTier1 = agents.filter((a) => a.state === 'available' && a.tier === 'tier1' && !takenAgents.has(a.id));
        const overdue = contacts.filter(
          (c) => !takenContacts.has(c.id) && NOW - c.queuedAt >= DEFAULT_ROUTING.lines[c.line].anyTier1AfterMs,
        );
        expect(idleTier1.length === 0 || overdue.length === 0).toBe(true);
      }),
    );
  });

  it('leaves no contact waiting while a free Tier 1-Plus agent has every skill it needs', () => {
    fc.assert(
      fc.property(arbContacts, arbAgents, (contacts, agents) => {
        const out = route(contacts, agents, NOW);
        const takenAgents = new Set(out.map((a) => a.agentId));
        const takenContacts = new Set(out.map((a) => a.contactId));
        const free = agents.filter((a) => a.state === 'available' && a.tier === 'tier1' && !takenAgents.has(a.id));
        for (const c of contacts.filter((x) => !takenContacts.has(x.id))) {
          expect(free.some((a) => c.skills.every((s) => a.skills.includes(s)))).toBe(false);
        }
      }),
    );
  });

  it('serves a higher lane first when one agent can take either of two equally old contacts', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...LINES),
        fc.constantFrom(...LINES),
        fc.integer({ min: 0, max: 60 }),
        (l1, l2, w) => {
          const a = contact('x', { line: l1, queuedAt: ago(w) });
          const b = contact('y', { line: l2, queuedAt: ago(w) });
          const [first] = route([a, b], [agent('only')], NOW);
          const expected = laneOf(a) <= laneOf(b) ? 'x' : 'y';
          expect(first?.contactId).toBe(expected);
        },
      ),
    );
  });

  it('never lets a contact past its overflow threshold be overtaken by one queued more than the head start later', () => {
    const STEP_MS = 5_000;
    const H = Math.max(...DEFAULT_ROUTING.laneHeadStartMs) - Math.min(...DEFAULT_ROUTING.laneHeadStartMs);
    fc.assert(
      fc.property(
        fc.array(fc.array(arbContact(0), { maxLength: 3 }), { minLength: 40, maxLength: 40 }),
        fc.array(
          fc.tuple(fc.subarray(SKILLS), fc.constantFrom('tier1', 'tier2' as const), fc.integer({ min: 1, max: 4 })),
          {
            minLength: 1,
            maxLength: 4,
          },
        ),
        (arrivals, staff) => {
          let now = NOW;
          let waiting: WaitingContact[] = [];
          const busyUntil = staff.map(() => 0);
          let seq = 0;
          for (let round = 0; round < arrivals.length; round++) {
            for (const c of arrivals[round]!) waiting.push({ ...c, id: `k${seq++}`, queuedAt: now });
            const agents = staff.map(([skills, tier], i) =>
              agent(`a${i}`, { skills, tier, state: busyUntil[i]! <= round ? 'available' : 'on_contact' }),
            );
            const out = route(waiting, agents, now);
            const done = new Set(out.map((a) => a.contactId));
            for (const a of out) {
              const i = Number(a.agentId.slice(1));
              busyUntil[i] = round + staff[i]![2];
              if (staff[i]![1] !== 'tier1') continue;
              const y = waiting.find((c) => c.id === a.contactId)!;
              const overtaken = waiting.filter(
                (x) =>
                  !done.has(x.id) &&
                  now - x.queuedAt >= DEFAULT_ROUTING.lines[x.line].anyTier1AfterMs &&
                  y.queuedAt > x.queuedAt + H,
              );
              expect(overtaken).toEqual([]);
            }
            waiting = waiting.filter((c) => !done.has(c.id));
            now += STEP_MS;
          }
        },
      ),
      { numRuns: 100 },
    );
  });

  it('never starves the general lane: under a flood of provider calls every general call is answered within a bound', () => {
    const STEP_MS = 5_000; // one round; one agent frees up each round and one priority call arrives each round
    const ROUNDS = 120;
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 80 }), { maxLength: 6 }),
        fc.array(fc.boolean(), { minLength: ROUNDS, maxLength: ROUNDS }),
        (generalRounds, providerOrCare) => {
          let now = NOW;
          let waiting: (WaitingContact & { round: number })[] = [];
          const waits = new Map<string, number>();
          for (let round = 0; round < ROUNDS; round++) {
            const flood = providerOrCare[round]
              ? contact(`p${round}`, { line: 'provider' })
              : contact(`p${round}`, { line: 'clinical', patientCareAffected: true });
            waiting.push({ ...flood, queuedAt: now, round });
            if (generalRounds.includes(round)) waiting.push({ ...contact(`g${round}`), queuedAt: now, round });
            const out = route(waiting, [agent('only')], now);
            for (const a of out) {
              const c = waiting.find((x) => x.id === a.contactId)!;
              waits.set(c.id, round - c.round);
            }
            const done = new Set(out.map((a) => a.contactId));
            waiting = waiting.filter((c) => !done.has(c.id));
            now += STEP_MS;
          }
          // Ahead of a general call: the backlog when it came (at most one per earlier general call) and priority
          // calls that arrived within the head start after it.
          const bound = Math.ceil(DEFAULT_ROUTING.laneHeadStartMs[0] / STEP_MS) + generalRounds.length + 1;
          for (const r of generalRounds) {
            expect(waits.has(`g${r}`)).toBe(true);
            expect(waits.get(`g${r}`)!).toBeLessThanOrEqual(bound);
          }
        },
      ),
      { numRuns: 100 },
    );
  });
});
