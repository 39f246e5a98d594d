// The survey decisions, without a database: which policy asks, when, and whom; sampling; recovery; comments.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readCsv } from '../../../test/read-csv.ts';
import {
  answerAccess,
  decideInvitation,
  PULSE_LINK_COLUMNS,
  pulseLinksCsv,
  type ResolvedTicketFacts,
  recoveryReason,
  roleGroupOf,
  type SurveyPolicy,
  sampleDraw,
  samplePulse,
  sanitiseComment,
  solvedFirstContactOf,
} from './rules.ts';

const DAY = 86_400_000;
const now = new Date('2025-03-10T12:00:00Z');
const policy = (p: Partial<SurveyPolicy> = {}): SurveyPolicy => ({
  id: 'p-all',
  name: 'Every resolved ticket',
  active: true,
  position: 10,
  conditions: {},
  probability: 1,
  repeatIntervalDays: 14,
  delayMinutes: 30,
  expiresAfterDays: 7,
  ...p,
});
const facts = (f: Partial<ResolvedTicketFacts> = {}): ResolvedTicketFacts => ({
  ticketId: 't-1',
  type: 'incident',
  channel: 'phone',
  serviceIds: ['ehr', 'bcma'],
  providerIds: ['desk'],
  clinicalRole: 'rn',
  resolutionCode: 'configuration_fixed',
  resolvedAt: new Date(now.getTime() - 60_000),
  duplicate: false,
  lastAskedAt: null,
  ...f,
});

describe('deciding after a resolution', () => {
  it('asks after the policy’s delay, until it expires', () => {
    const d = decideInvitation([policy()], facts(), now);
    expect(d).toMatchObject({ invite: true, policy: { id: 'p-all' } });
    if (!d.invite) return;
    expect(d.availableAt.getTime()).toBe(now.getTime() - 60_000 + 30 * 60_000);
    expect(d.expiresAt.getTime() - d.availableAt.getTime()).toBe(7 * DAY);
  });

  it('never asks about duplicates or cancelled tickets', () => {
    expect(decideInvitation([policy()], facts({ duplicate: true }), now)).toMatchObject({ invite: false });
    expect(decideInvitation([policy()], facts({ resolutionCode: 'duplicate' }), now)).toMatchObject({ invite: false });
    expect(decideInvitation([policy()], facts({ resolutionCode: 'cancelled' }), now).invite).toBe(false);
  });

  it('lets the first matching active policy decide alone, in position order', () => {
    const vendorOnly = policy({ id: 'p-v', name: 'Vendor', position: 1, conditions: { providerIds: ['vendor'] } });
    const none = policy({
      id: 'p-0',
      name: 'Never phone',
      position: 2,
      conditions: { channels: ['phone'] },
      probability: 0,
    });
    const inactive = policy({ id: 'p-x', position: 0, active: false });
    expect(decideInvitation([policy(), none, vendorOnly, inactive], facts(), now)).toMatchObject({ invite: false });
    const v = decideInvitation([policy(), none, vendorOnly], facts({ providerIds: ['desk', 'vendor'] }), now);
    expect(v).toMatchObject({ invite: true, policy: { id: 'p-v' } });
    expect(decideInvitation([], facts(), now)).toEqual({ invite: false, reason: 'no policy matches' });
  });

  it('matches a policy on an application for tickets about its modules, and on role, type and channel', () => {
    const p = policy({
      conditions: { serviceIds: ['ehr'], clinicalRoles: ['rn'], ticketTypes: ['incident'], channels: ['phone'] },
    });
    expect(decideInvitation([p], facts({ serviceIds: ['ehr', 'bcma'] }), now).invite).toBe(true);
    expect(decideInvitation([p], facts({ clinicalRole: 'attending' }), now).invite).toBe(false);
    expect(decideInvitation([p], facts({ serviceIds: [] }), now).invite).toBe(false);
  });

  it('asks nobody twice within the repeat interval, either side of a waiting survey', () => {
    const at = (ms: number) => facts({ lastAskedAt: new Date(now.getTime() + ms) });
    expect(decideInvitation([policy()], at(-13 * DAY), now).invite).toBe(false);
    expect(decideInvitation([policy()], at(-15 * DAY), now).invite).toBe(true);
    expect(decideInvitation([policy()], at(DAY), now).invite).toBe(false);
    expect(decideInvitation([policy({ repeatIntervalDays: 0 })], at(0), now).invite).toBe(true);
  });

  it('does not ask when the survey would already have expired (an old event read late)', () => {
    const old = facts({ resolvedAt: new Date(now.getTime() - 8 * DAY) });
    expect(decideInvitation([policy()], old, now)).toEqual({ invite: false, reason: 'too late to ask' });
  });

  it('samples with the policy’s probability, the same tickets every time', () => {
    const ids = Array.from({ length: 4000 }, (_, i) => `ticket-${i}`);
    const asked = ids.filter(
      (id) => decideInvitation([policy({ probability: 0.25 })], facts({ ticketId: id }), now).invite,
    );
    expect(asked.length / ids.length).toBeGreaterThan(0.22);
    expect(asked.length / ids.length).toBeLessThan(0.28);
    fc.assert(
      fc.property(fc.uuid(), fc.double({ min: 0, max: 1, noNaN: true }), (id, p) => {
        const d1 = decideInvitation([policy({ probability: p })], facts({ ticketId: id }), now).invite;
        const d2 = decideInvitation([policy({ probability: p })], facts({ ticketId: id }), now).invite;
        expect(d1).toBe(d2);
        expect(d1).toBe(sampleDraw(id, 'p-all') < p);
        const draw = sampleDraw(id, 'p-all');
        expect(draw >= 0 && draw < 1).toBe(true);
      }),
    );
  });
});

describe('answers', () => {
  it('opens service recovery for a score of 1–2 or "not solved", never otherwise', () => {
    expect(recoveryReason({ score: 1 })).toBe('scored 1 out of 5');
    expect(recoveryReason({ score: 2, solved: 'not_solved' })).toBe('scored 2 out of 5 and said it is not solved');
    expect(recoveryReason({ score: 5, solved: 'not_solved' })).toBe('said it is not solved');
    for (const score of [3, 4, 5]) expect(recoveryReason({ score, solved: 'later' })).toBeNull();
  });

  it('stores customer-verified FCR as yes only for "solved on the first contact"', () => {
    expect(solvedFirstContactOf('first_contact')).toBe(true);
    expect(solvedFirstContactOf('later')).toBe(false);
    expect(solvedFirstContactOf('not_solved')).toBe(false);
    expect(solvedFirstContactOf(undefined)).toBeNull();
  });

  it('cleans comments: no control or direction characters, normalised lines, empty is none', () => {
    expect(sanitiseComment(' a\u0000b\u202ec\r\nd\n\n\n\ne ')).toBe('abc\nd\n\ne');
    expect(sanitiseComment('   \n ')).toBeNull();
    expect(sanitiseComment(undefined)).toBeNull();
    fc.assert(
      fc.property(fc.string(), (s) => {
        const c = sanitiseComment(s);
        const control = [...(c ?? '')].filter((ch) => ch.charCodeAt(0) < 32 && ch !== '\n' && ch !== '\t');
        expect(control).toEqual([]);
      }),
    );
  });
});

describe('pulse sampling', () => {
  const people = Array.from({ length: 60 }, (_, i) => ({
    personId: `person-${i}`,
    clinicalRole: ['attending', 'resident', 'app', 'rn', 'pharmacist'][i % 5]!,
  }));

  it('groups roles as physicians, advanced practice, nurses and others', () => {
    expect(['attending', 'resident', 'app', 'rn', 'unit_clerk', null].map(roleGroupOf)).toEqual([
      'physicians',
      'physicians',
      'advanced_practice',
      'nurses',
      'others',
      'others',
    ]);
  });

  it('takes n per group (or everyone when fewer), reproducibly for a pulse, differently for another', () => {
    const s = samplePulse(people, { physicians: 5, nurses: 3, advanced_practice: 100 }, 'pulse-1');
    expect(s.filter((p) => roleGroupOf(p.clinicalRole) === 'physicians')).toHaveLength(5);
    expect(s.filter((p) => p.clinicalRole === 'rn')).toHaveLength(3);
    expect(s.filter((p) => p.clinicalRole === 'app')).toHaveLength(12);
    expect(s.filter((p) => p.clinicalRole === 'pharmacist')).toHaveLength(0);
    expect(samplePulse(people, { physicians: 5 }, 'pulse-1')).toEqual(s.slice(0, 5));
    expect(samplePulse(people, { physicians: 5 }, 'pulse-2')).not.toEqual(s.slice(0, 5));
  });
});

describe('who reads a ticket survey answer', () => {
  it('gives the requester their own answer, managers every answer, agents the tickets they worked, vendors the score', () => {
    expect(answerAccess('requester', true)).toBe('answer');
    expect(answerAccess('requester', false)).toBe('none');
    expect(answerAccess('manager', false)).toBe('answer');
    expect(answerAccess('admin', false)).toBe('answer');
    expect(answerAccess('agent', false)).toBe('if_worked');
    expect(answerAccess('analyst', false)).toBe('if_worked');
    expect(answerAccess('engineer', false)).toBe('if_worked');
    expect(answerAccess('vendor', false)).toBe('score');
    expect(answerAccess('integration', false)).toBe('none');
  });
});

describe('pulse links as CSV', () => {
  const link = (displayName: string, url: string) => ({
    displayName,
    clinicalRole: 'attending',
    unit: '4 West, Med-Surg',
    facility: 'General',
    url,
  });

  it('writes one row per link with the full address, names as written and none run as a formula', () => {
    const csv = pulseLinksCsv(
      {
        expiresAt: '2025-04-01T00:00:00.000Z',
        links: [link('Osei, Samuel "Sam"', '/s/abc'), link('=HYPERLINK("evil")', '/s/def')],
      },
      'https://desk.example.org/',
    );
    expect(readCsv(csv)).toEqual([
      [...PULSE_LINK_COLUMNS],
      [
        'Osei, Samuel "Sam"',
        'attending',
        '4 West, Med-Surg',
        'General',
        'https://desk.example.org/s/abc',
        '2025-04-01T00:00:00.000Z',
      ],
      [
        '\'=HYPERLINK("evil")',
        'attending',
        '4 West, Med-Surg',
        'General',
        'https://desk.example.org/s/def',
        '2025-04-01T00:00:00.000Z',
      ],
    ]);
  });

  it('has exactly one record per link, whatever the names', () => {
    fc.assert(
      fc.property(fc.array(fc.string(), { maxLength: 20 }), (names) => {
        const rows = readCsv(pulseLinksCsv({ expiresAt: 'x', links: names.map((n) => link(n, '/s/t')) }, 'https://d'));
        expect(rows).toHaveLength(names.length + 1);
        expect(rows.slice(1).map((r) => r[4])).toEqual(names.map(() => 'https://d/s/t'));
      }),
    );
  });
});
