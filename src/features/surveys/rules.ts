// Satisfaction surveys, the pure decisions: which policy (if any) asks after a resolution and when, who a pulse
// samples, when an answer needs service recovery, and how clinical roles group for response rates. No I/O.
import type { ClinicalRole } from '../../domain/vocabulary.ts';
import { isStaff, type Role } from '../../platform/auth/roles.ts';
import { csvLine } from '../../platform/csv.ts';

export const SURVEY_KINDS = ['ticket', 'pulse'] as const;
export type SurveyKind = (typeof SURVEY_KINDS)[number];
export const SURVEY_CHANNELS = ['portal', 'link', 'phone'] as const;
export type SurveyChannel = (typeof SURVEY_CHANNELS)[number];

/** The pulse's sampling groups (the Black Book surveys' split): physicians, advanced practice, nurses, others. */
export const ROLE_GROUPS = ['physicians', 'advanced_practice', 'nurses', 'others'] as const;
export type RoleGroup = (typeof ROLE_GROUPS)[number];

export function roleGroupOf(role: string | null): RoleGroup {
  if (role === 'attending' || role === 'resident') return 'physicians';
  if (role === 'app') return 'advanced_practice';
  if (role === 'rn') return 'nurses';
  return 'others';
}

/** The clinical roles of a group, for SQL filters. */
export function rolesOfGroup(group: RoleGroup, all: readonly ClinicalRole[]): ClinicalRole[] {
  return all.filter((r) => roleGroupOf(r) === group);
}

/** Every list is "any of"; an absent or empty list matches everything. */
export type PolicyConditions = {
  ticketTypes?: string[];
  serviceIds?: string[];
  providerIds?: string[];
  channels?: string[];
  clinicalRoles?: string[];
};

export type SurveyPolicy = {
  id: string;
  name: string;
  active: boolean;
  position: number;
  conditions: PolicyConditions;
  probability: number;
  repeatIntervalDays: number;
  delayMinutes: number;
  expiresAfterDays: number;
};

export type ResolvedTicketFacts = {
  ticketId: string;
  type: string;
  channel: string;
  /** The application and the module: a policy on the application also covers its modules. */
  serviceIds: string[];
  providerIds: string[];
  clinicalRole: ClinicalRole | null;
  resolutionCode: string | null;
  resolvedAt: Date;
  /** Linked as a duplicate of another ticket (its own survey is the other ticket's). */
  duplicate: boolean;
  /** When the requester was last asked (any survey), if ever. */
  lastAskedAt: Date | null;
};

export type InvitationDecision =
  | { invite: true; policy: SurveyPolicy; availableAt: Date; expiresAt: Date }
  | { invite: false; reason: string };

const DAY_MS = 86_400_000;

const anyOf = (list: string[] | undefined, values: (string | null)[]) =>
  !list?.length || values.some((v) => v !== null && list.includes(v));

export function policyMatches(c: PolicyConditions, f: ResolvedTicketFacts): boolean {
  return (
    anyOf(c.ticketTypes, [f.type]) &&
    anyOf(c.channels, [f.channel]) &&
    anyOf(c.serviceIds, f.serviceIds) &&
    anyOf(c.providerIds, f.providerIds) &&
    anyOf(c.clinicalRoles, [f.clinicalRole])
  );
}

/**
 * A number in [0, 1) fixed by the ticket and the policy (FNV-1a), so a policy's probability samples the same
 * tickets on every instance and every re-run, and tests can predict it.
 */
export function sampleDraw(ticketId: string, policyId: string): number {
  let h = 0x811c9dc5;
  const text = `${policyId}:${ticketId}`;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  // One more mixing round (murmur3 finaliser): FNV's low bits alone are not uniform enough for small probabilities.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}

/** After a resolution: the first active policy (by position) whose conditions match decides, and only it. */
export function decideInvitation(policies: SurveyPolicy[], f: ResolvedTicketFacts, now: Date): InvitationDecision {
  if (f.duplicate || f.resolutionCode === 'duplicate') return { invite: false, reason: 'a duplicate ticket' };
  if (f.resolutionCode === 'cancelled') return { invite: false, reason: 'a cancelled ticket' };
  const policy = [...policies]
    .filter((p) => p.active)
    .sort((a, b) => a.position - b.position)
    .find((p) => policyMatches(p.conditions, f));
  if (!policy) return { invite: false, reason: 'no policy matches' };
  if (sampleDraw(f.ticketId, policy.id) >= policy.probability) {
    return { invite: false, reason: `not sampled (${policy.name} asks ${Math.round(policy.probability * 100)}%)` };
  }
  const availableAt = new Date(f.resolvedAt.getTime() + policy.delayMinutes * 60_000);
  // Either side: an invitation still waiting for its own delay counts as asking too.
  const sinceAsked = f.lastAskedAt ? Math.abs(availableAt.getTime() - f.lastAskedAt.getTime()) : Infinity;
  if (policy.repeatIntervalDays > 0 && sinceAsked < policy.repeatIntervalDays * DAY_MS) {
    return { invite: false, reason: `asked within the last ${policy.repeatIntervalDays} days` };
  }
  const expiresAt = new Date(availableAt.getTime() + policy.expiresAfterDays * DAY_MS);
  if (expiresAt.getTime() <= now.getTime()) return { invite: false, reason: 'too late to ask' };
  return { invite: true, policy, availableAt, expiresAt };
}

/** What the requester answered to "Was it solved on your first contact with us?". */
export const SOLVED_ANSWERS = ['first_contact', 'later', 'not_solved'] as const;
export type SolvedAnswer = (typeof SOLVED_ANSWERS)[number];

/** Customer-verified FCR as stored: yes on the first contact; no when it took longer or is not solved; null unanswered. */
export function solvedFirstContactOf(answer: SolvedAnswer | undefined): boolean | null {
  return answer === undefined ? null : answer === 'first_contact';
}

export const LOW_SCORE = 2;

/** Service recovery: a low score (1–2) or "not solved" opens a follow-up for the desk manager; null when not needed. */
export function recoveryReason(a: { score: number; solved?: SolvedAnswer }): string | null {
  const reasons: string[] = [];
  if (a.score <= LOW_SCORE) reasons.push(`scored ${a.score} out of 5`);
  if (a.solved === 'not_solved') reasons.push('said it is not solved');
  return reasons.length ? reasons.join(' and ') : null;
}

/** Where an invitation stands for the person holding it (the link page and the portal show the same words). */
export type InvitationState = 'open' | 'not_yet' | 'expired' | 'answered';

export function invitationState(i: { availableAt: Date; expiresAt: Date; respondedAt: Date | null }, now: Date) {
  if (i.respondedAt) return 'answered' as const;
  if (now.getTime() >= i.expiresAt.getTime()) return 'expired' as const;
  if (now.getTime() < i.availableAt.getTime()) return 'not_yet' as const;
  return 'open' as const;
}

/** How much of a ticket's survey answer a viewer reads. */
export type AnswerAccess = 'answer' | 'score' | 'if_worked' | 'none';

/**
 * The requester reads their own answer; managers and admins every answer; other desk staff the answers on tickets
 * they worked; vendor engineers the score but never the comment (it may hold PHI); anyone else nothing.
 */
export function answerAccess(role: Role, ownAnswer: boolean): AnswerAccess {
  if (ownAnswer || role === 'manager' || role === 'admin') return 'answer';
  if (role === 'vendor') return 'score';
  return isStaff(role) ? 'if_worked' : 'none';
}

/** How many people a pulse asks in each role group. */
export type PulseSample = Partial<Record<RoleGroup, number>>;

/**
 * The pulse's sample: in each role group, the candidates ordered by a draw seeded with the pulse id, first n taken.
 * Seeded, so a pulse run can be reproduced and tested; uniform, so no unit or name is favoured.
 */
export function samplePulse<C extends { personId: string; clinicalRole: string | null }>(
  candidates: C[],
  sample: PulseSample,
  seed: string,
): C[] {
  const chosen: C[] = [];
  for (const group of ROLE_GROUPS) {
    const n = sample[group] ?? 0;
    if (n <= 0) continue;
    const inGroup = candidates.filter((c) => roleGroupOf(c.clinicalRole) === group);
    const ranked = inGroup
      .map((c) => ({ c, r: sampleDraw(c.personId, seed) }))
      .sort((a, b) => a.r - b.r || a.c.personId.localeCompare(b.c.personId));
    chosen.push(...ranked.slice(0, n).map((x) => x.c));
  }
  return chosen;
}

/** A response rate with its counts (every rate shows its n). */
export function responseRate(asked: number, answered: number) {
  return { asked, answered, rate: asked === 0 ? null : answered / asked };
}

/**
 * A comment as stored: control characters (other than line breaks and tabs) removed, line breaks normalised,
 * at most two blank lines in a row, trimmed; empty is no comment. The web app shows it as text, never as HTML.
 */
export function sanitiseComment(raw: string | undefined): string | null {
  if (raw === undefined) return null;
  const clean = raw
    .replace(/\r\n?/g, '\n')
    // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return clean.length ? clean : null;
}

/** A pulse's links as CSV for a mail merge or an SMS sender: who, where, the full link and until when it works. */
export const PULSE_LINK_COLUMNS = ['name', 'clinical_role', 'unit', 'facility', 'link', 'expires_at'] as const;

export function pulseLinksCsv(
  result: {
    expiresAt: string;
    links: {
      displayName: string;
      clinicalRole: string | null;
      unit: string | null;
      facility: string | null;
      url: string;
    }[];
  },
  origin: string,
): string {
  const base = origin.replace(/\/+$/, '');
  return [
    csvLine([...PULSE_LINK_COLUMNS]),
    ...result.links.map((l) =>
      csvLine([l.displayName, l.clinicalRole, l.unit, l.facility, `${base}${l.url}`, result.expiresAt]),
    ),
  ].join('');
}
