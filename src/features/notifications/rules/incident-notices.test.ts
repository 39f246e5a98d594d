// The incident notices' pure parts: which units an incident affects, who of the directory is told, which event gives
// which notice, the channel, the templates (public parts only) and the page.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { incidentPagerPayload } from './delivery.ts';
import {
  type AudienceCandidate,
  affectedUnitIds,
  incidentAudience,
  incidentNoticeKind,
  noticeTime,
  type UnitPlace,
} from './incident-notices.ts';
import { channelAllowed, incidentChannelFor, kindsFor } from './preferences.ts';
import { DEFAULT_TEMPLATES, renderIncident, templateProblems } from './templates.ts';
import { INCIDENT_KINDS } from './vocabulary.ts';

const UNITS = ['u1', 'u2', 'u3', 'u4', 'u5', 'u6'];
const FACILITIES = ['f1', 'f2', 'f3'];
const unitPlaces = fc.uniqueArray(
  fc.record({ id: fc.constantFrom(...UNITS), facilityId: fc.constantFrom(...FACILITIES) }),
  { selector: (u) => u.id },
);
const someOf = <T>(xs: readonly T[]) => fc.uniqueArray(fc.constantFrom(...xs));

describe('the units an incident affects', () => {
  it('are its units when it names some, else every unit of its facilities, else every unit (property)', () => {
    fc.assert(
      fc.property(unitPlaces, someOf(UNITS), someOf(FACILITIES), (units: UnitPlace[], unitIds, facilityIds) => {
        const got = affectedUnitIds({ unitIds, facilityIds }, units);
        expect(got).toEqual([...got].sort());
        expect(new Set(got).size).toBe(got.length);
        if (unitIds.length) expect(new Set(got)).toEqual(new Set(unitIds));
        else if (facilityIds.length)
          expect(new Set(got)).toEqual(
            new Set(units.filter((u) => facilityIds.includes(u.facilityId)).map((u) => u.id)),
          );
        else expect(new Set(got)).toEqual(new Set(units.map((u) => u.id)));
      }),
    );
  });
});

const candidate = fc.record<AudienceCandidate>({
  userId: fc.option(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'), { nil: null }),
  role: fc.option(fc.constantFrom('requester', 'agent', 'manager', 'vendor', 'integration', 'admin'), { nil: null }),
  disabled: fc.boolean(),
  active: fc.boolean(),
  unitId: fc.option(fc.constantFrom(...UNITS), { nil: null }),
  superUser: fc.boolean(),
  leads: someOf(UNITS),
});

/** Whether this candidate must be told of an incident on these units. */
const qualifies = (c: AudienceCandidate, affected: string[], actorId: string | null) =>
  c.userId !== null &&
  c.role !== null &&
  !['vendor', 'integration'].includes(c.role) &&
  !c.disabled &&
  c.active &&
  c.userId !== actorId &&
  ((c.superUser && c.unitId !== null && affected.includes(c.unitId)) || c.leads.some((u) => affected.includes(u)));

describe('who is told of an incident', () => {
  it('is every active leader or super-user of an affected unit with an account, once, and nobody else (property)', () => {
    fc.assert(
      fc.property(
        someOf(UNITS),
        fc.array(candidate, { maxLength: 12 }),
        fc.option(fc.constantFrom('a', 'b'), { nil: null }),
        (affected, candidates, actorId) => {
          const told = incidentAudience(affected, candidates, actorId);
          expect(told).toEqual([...new Set(told)].sort());
          // Everyone told qualifies through at least one of their directory entries...
          for (const id of told)
            expect(candidates.some((c) => c.userId === id && qualifies(c, affected, actorId))).toBe(true);
          // ...and every one who qualifies is told.
          for (const c of candidates) if (qualifies(c, affected, actorId)) expect(told).toContain(c.userId);
          if (actorId) expect(told).not.toContain(actorId);
        },
      ),
    );
  });

  it('leaves out a requester of the unit who neither leads it nor is its super-user, and a super-user elsewhere', () => {
    const base = { role: 'requester', disabled: false, active: true, leads: [] as string[] };
    const told = incidentAudience(
      ['u1'],
      [
        { ...base, userId: 'nurse', unitId: 'u1', superUser: false },
        { ...base, userId: 'su-elsewhere', unitId: 'u2', superUser: true },
        { ...base, userId: 'su', unitId: 'u1', superUser: true },
        { ...base, userId: 'leader', unitId: 'u9', superUser: false, leads: ['u3', 'u1'] },
        { ...base, userId: 'vendor', role: 'vendor', unitId: 'u1', superUser: true },
      ],
      null,
    );
    expect(told).toEqual(['leader', 'su']);
  });
});

describe('which event gives which notice', () => {
  it('declared under way, a state move to declared, a public update, resolved and the planned notice', () => {
    const k = (type: string, payload: Record<string, unknown> = {}) => incidentNoticeKind({ type, payload });
    expect(k('incident.declared', { state: 'declared' })).toBe('incident_declared');
    expect(k('incident.declared', { state: 'scheduled' })).toBeNull();
    expect(k('incident.updated', { state: 'declared', from: 'scheduled', fields: [] })).toBe('incident_declared');
    expect(k('incident.updated', { state: 'declared', from: 'monitoring', fields: [] })).toBe('incident_declared');
    expect(k('incident.updated', { state: 'declared', fields: ['title'] })).toBeNull();
    expect(k('incident.updated', { state: 'monitoring', from: 'declared', fields: [] })).toBeNull();
    expect(k('incident.communicated', { updateId: 'x' })).toBe('incident_update');
    expect(k('incident.communicated', {})).toBeNull();
    expect(k('incident.resolved')).toBe('incident_resolved');
    expect(k('incident.planned_notice')).toBe('planned_downtime_notice');
    expect(k('incident.timeline', { state: 'declared' })).toBeNull();
  });
});

describe('channels of the incident notices', () => {
  it('pages only for an unplanned outage declared; everything else by email unless turned off', () => {
    expect(channelAllowed('incident_declared', 'pager', false)).toBe(true);
    expect(channelAllowed('incident_update', 'pager', true)).toBe(false);
    expect(incidentChannelFor('incident_declared', false, 'pager')).toBe('pager');
    expect(incidentChannelFor('incident_declared', true, 'pager')).toBe('email');
    expect(incidentChannelFor('incident_update', false, 'pager')).toBe('email');
    expect(incidentChannelFor('incident_resolved', false, undefined)).toBe('email');
    expect(incidentChannelFor('planned_downtime_notice', true, 'none')).toBe('none');
    expect(kindsFor(false, true)).toEqual(expect.arrayContaining([...INCIDENT_KINDS]));
    expect(kindsFor(true, false)).not.toContain('incident_declared');
  });
});

describe('incident notice templates', () => {
  const input = {
    number: 'INC-000012',
    link: 'https://desk/status',
    title: 'EHR downtime',
    text: 'Use the paper forms.',
    state: 'under way',
    start: null,
    end: null,
  };

  it('accepts the defaults; refuses ticket placeholders, the update text in a subject and no link', () => {
    for (const k of INCIDENT_KINDS) expect(templateProblems(DEFAULT_TEMPLATES[k], k)).toEqual([]);
    expect(templateProblems({ subject: 'x', body: '{{priority}} {{link}}' }, 'incident_update')[0]?.message).toMatch(
      /not a placeholder/,
    );
    expect(templateProblems({ subject: '{{text}}', body: '{{link}}' }, 'incident_update')[0]?.field).toBe('subject');
    expect(templateProblems({ subject: 'x', body: 'none' }, 'incident_resolved')[0]?.message).toMatch(/link/);
    // A ticket notice may not use the incident's placeholders.
    expect(templateProblems({ subject: 'x', body: '{{state}} {{link}}' }, 'ticket_received')).not.toEqual([]);
  });

  it('renders only the parts given, with the incident tag first and no update text in the subject (property)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...INCIDENT_KINDS), fc.string({ minLength: 3 }), (k, text) => {
        const marked = `¤${text}¤`;
        const out = renderIncident(DEFAULT_TEMPLATES[k], { ...input, text: marked });
        expect(out.subject.startsWith('[INC-000012]')).toBe(true);
        expect(out.subject).not.toContain(marked);
        expect(out.body).toContain(marked.trim());
        expect(out.body).toContain('https://desk/status');
      }),
    );
  });

  it('writes times in the facility time zone', () => {
    expect(noticeTime(new Date('2026-12-03T03:00:00Z'), 'America/New_York')).toBe('Wed 2 Dec 2026, 22:00 EST');
    expect(noticeTime(null, 'America/New_York')).toBeNull();
  });

  it("puts in the page the kind, the incident, severity, title, status page, recipient's address and nothing else", () => {
    const p = incidentPagerPayload({
      kind: 'incident_declared',
      incidentNumber: 'INC-000012',
      severity: 'sev1',
      title: 'EHR down',
      link: 'L',
      to: 'rn@h.org',
      deliveryId: 'd',
      at: new Date(0),
    });
    expect(Object.keys(p).sort()).toEqual(['at', 'deliveryId', 'incident', 'kind', 'link', 'severity', 'title', 'to']);
  });
});
