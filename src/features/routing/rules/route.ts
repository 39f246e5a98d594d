// The routing decision: which free agent takes which waiting contact. Pure, no I/O; the CTI service runs it inside a
// transaction over the rows it has locked, the simulator and the bench run it directly.
//
// - Lanes: the provider line and patient-care-affected contacts first, then the clinical line, then general.
// - Aging: a contact's rank is its wait plus its lane's head start, so a general contact that has waited longer than
//   the head start overtakes fresh priority contacts (no starvation of the general lane).
// - Within a lane, longest-waiting first; among equally suitable agents, the one idle longest.
// - Skills: before overflow, only a Tier 1-Plus agent holding every skill the contact needs.
// - Overflow: past its line's first threshold a contact may go to any free Tier 1-Plus agent, past the second to an
//   analyst (Tier 2) — both well before the line's answer target.
// - Each agent gets at most one contact and each contact at most one agent.

export const LINES = ['provider', 'clinical', 'general'] as const;
export type Line = (typeof LINES)[number];
export const AGENT_STATES = ['available', 'on_contact', 'wrap_up', 'away', 'offline'] as const;
export type AgentState = (typeof AGENT_STATES)[number];
export type AgentTier = 'tier1' | 'tier2' | 'tier3';

export type WaitingContact = {
  id: string;
  line: Line;
  patientCareAffected: boolean;
  /** Skills the contact needs: "service:<uuid>" (application/module) or "credential:RN". */
  skills: readonly string[];
  /** Epoch milliseconds it entered the queue. */
  queuedAt: number;
};

export type RoutingAgent = {
  id: string;
  state: AgentState;
  tier: AgentTier;
  skills: readonly string[];
  /** Epoch milliseconds since the agent became free (longest idle gets the next contact). */
  idleSince: number;
};

export type LineRules = {
  /** ASA target: answered within this (DOMAIN.md: provider 20 s, general 30 s). */
  targetMs: number;
  /** After this wait, any free Tier 1-Plus agent may take it, skilled or not. */
  anyTier1AfterMs: number;
  /** After this wait, an analyst (Tier 2) may take it. */
  analystsAfterMs: number;
};

export type RoutingConfig = {
  lines: Record<Line, LineRules>;
  /** Head start of each lane, in milliseconds of wait; the difference bounds how long a general contact can be overtaken. */
  laneHeadStartMs: readonly [priority: number, clinical: number, general: number];
};

export const DEFAULT_ROUTING: RoutingConfig = {
  lines: {
    provider: { targetMs: 20_000, anyTier1AfterMs: 5_000, analystsAfterMs: 10_000 },
    clinical: { targetMs: 30_000, anyTier1AfterMs: 10_000, analystsAfterMs: 20_000 },
    general: { targetMs: 30_000, anyTier1AfterMs: 10_000, analystsAfterMs: 20_000 },
  },
  laneHeadStartMs: [120_000, 60_000, 0],
};

export type Match = 'skilled' | 'any_tier1' | 'analyst';
export type Assignment = { contactId: string; agentId: string; match: Match; lane: 0 | 1 | 2; waitedMs: number };

/** 0: provider line or patient care affected; 1: clinical line; 2: general. */
export function laneOf(c: Pick<WaitingContact, 'line' | 'patientCareAffected'>): 0 | 1 | 2 {
  if (c.line === 'provider' || c.patientCareAffected) return 0;
  return c.line === 'clinical' ? 1 : 2;
}

/** Higher ranks are served first: wait plus the lane's head start. */
export function rankOf(c: WaitingContact, now: number, config: RoutingConfig = DEFAULT_ROUTING): number {
  return now - c.queuedAt + config.laneHeadStartMs[laneOf(c)];
}

/**
 * Plain first-in-first-out, the baseline the simulator compares with: the oldest contact goes to the agent idle
 * longest, ignoring lines, skills and overflow thresholds (Tier 1-Plus agents first, then analysts, as equals).
 */
export function routeFifo(
  contacts: readonly WaitingContact[],
  agents: readonly RoutingAgent[],
  now: number,
): Assignment[] {
  const order = (a: RoutingAgent) => (a.tier === 'tier1' ? 0 : 1);
  const free = agents
    .filter((a) => a.state === 'available' && (a.tier === 'tier1' || a.tier === 'tier2'))
    .sort((a, b) => order(a) - order(b) || a.idleSince - b.idleSince || cmp(a.id, b.id));
  const queue = [...contacts].sort((a, b) => a.queuedAt - b.queuedAt || cmp(a.id, b.id));
  const out: Assignment[] = [];
  for (let i = 0; i < Math.min(free.length, queue.length); i++) {
    const c = queue[i]!;
    const a = free[i]!;
    out.push({
      contactId: c.id,
      agentId: a.id,
      match: a.tier === 'tier1' ? 'any_tier1' : 'analyst',
      lane: laneOf(c),
      waitedMs: now - c.queuedAt,
    });
  }
  return out;
}

type FreeAgent = { id: string; tier: AgentTier; skills: ReadonlySet<string>; idleSince: number; taken: boolean };

function cmp(a: string, b: string) {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function route(
  contacts: readonly WaitingContact[],
  agents: readonly RoutingAgent[],
  now: number,
  config: RoutingConfig = DEFAULT_ROUTING,
): Assignment[] {
  const tier1: FreeAgent[] = [];
  const tier2: FreeAgent[] = [];
  for (const a of agents) {
    if (a.state !== 'available' || (a.tier !== 'tier1' && a.tier !== 'tier2')) continue;
    const f = { id: a.id, tier: a.tier, skills: new Set(a.skills), idleSince: a.idleSince, taken: false };
    (a.tier === 'tier1' ? tier1 : tier2).push(f);
  }
  if (tier1.length === 0 && tier2.length === 0) return [];
  const byIdle = (a: FreeAgent, b: FreeAgent) => a.idleSince - b.idleSince || cmp(a.id, b.id);
  tier1.sort(byIdle);
  tier2.sort(byIdle);

  const heads = config.laneHeadStartMs;
  const ranked = contacts.map((c) => {
    const lane = laneOf(c);
    return { c, lane, rank: now - c.queuedAt + heads[lane] };
  });
  ranked.sort((x, y) => y.rank - x.rank || x.c.queuedAt - y.c.queuedAt || cmp(x.c.id, y.c.id));

  const out: Assignment[] = [];
  let freeTier1 = tier1.length;
  let freeTier2 = tier2.length;
  // Indexes of the first untaken agent in each list, so "anyone" is found without rescanning taken agents.
  let firstT1 = 0;
  let firstT2 = 0;
  const resumeAt = new Map<string, number>();
  // Positions (in idle order) of the free Tier 1-Plus agents holding each skill.
  const bySkill = new Map<string, number[]>();
  for (let i = 0; i < tier1.length; i++) {
    for (const skill of tier1[i]!.skills) {
      const list = bySkill.get(skill);
      if (list) list.push(i);
      else bySkill.set(skill, [i]);
    }
  }
  for (const { c, lane } of ranked) {
    if (freeTier1 === 0 && freeTier2 === 0) break;
    const waited = now - c.queuedAt;
    const rules = config.lines[c.line];
    let chosen: FreeAgent | undefined;
    let match: Match = 'skilled';
    if (freeTier1 > 0) {
      if (c.skills.length === 0) {
        while (tier1[firstT1]?.taken) firstT1++;
        chosen = tier1[firstT1];
      } else {
        // Only agents holding the contact's rarest skill can match. Agents are only ever taken during a decision, so
        // for a given set of needed skills every candidate before the last position searched stays unusable:
        // resume there (keeps 500 × 200 near-linear).
        let candidates: number[] = NONE;
        for (let k = 0; k < c.skills.length; k++) {
          const list = bySkill.get(c.skills[k]!) ?? NONE;
          if (k === 0 || list.length < candidates.length) candidates = list;
        }
        const key = c.skills.length === 1 ? c.skills[0]! : c.skills.join('\u0000');
        let j = resumeAt.get(key) ?? 0;
        for (; j < candidates.length; j++) {
          const a = tier1[candidates[j]!]!;
          if (!a.taken && hasAll(a.skills, c.skills)) {
            chosen = a;
            break;
          }
        }
        resumeAt.set(key, j);
      }
      if (!chosen && waited >= rules.anyTier1AfterMs) {
        while (tier1[firstT1]?.taken) firstT1++;
        chosen = tier1[firstT1];
        match = 'any_tier1';
      }
    }
    if (!chosen && freeTier2 > 0 && waited >= rules.analystsAfterMs) {
      while (tier2[firstT2]?.taken) firstT2++;
      chosen = tier2[firstT2];
      match = 'analyst';
    }
    if (!chosen) continue;
    chosen.taken = true;
    if (chosen.tier === 'tier1') freeTier1--;
    else freeTier2--;
    out.push({ contactId: c.id, agentId: chosen.id, match, lane, waitedMs: waited });
  }
  return out;
}

const NONE: number[] = [];

function hasAll(have: ReadonlySet<string>, need: readonly string[]) {
  for (const s of need) if (!have.has(s)) return false;
  return true;
}
