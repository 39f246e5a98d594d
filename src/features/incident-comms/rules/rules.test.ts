// Incident communications, the pure decisions: update reminders, public text, the status page and banners, the
// recovery checklist, planned-downtime notices and the review's impact.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checklistFor, progressOf, RECOVERY_TEMPLATE } from './checklist.ts';
import { checkNoticeHours, noticeDue } from './planned.ts';
import { checkPublicText } from './public-text.ts';
import {
  actionProgress,
  checkOverhead,
  checkReviewTexts,
  downtimeMinutes,
  impactOf,
  reviewRefusal,
  SAFER_DIMENSIONS,
  SAFER_LABELS,
} from './review.ts';
import { bannersFor, type IncidentFacts, publicIncident, RECENTLY_RESOLVED_DAYS, statusPage } from './status-page.ts';
import { checkNextUpdateMinutes, nextUpdateAt, reminderToSend, type TimerFacts, timerStatus } from './update-timer.ts';
import { INCIDENT_STATES, type IncidentState, isOpen } from './vocabulary.ts';

const MIN = 60_000;
const now = new Date('2026-12-02T03:00:00Z');
const at = (minutes: number) => new Date(now.getTime() + minutes * MIN);

describe('update reminders', () => {
  const timer = (t: Partial<TimerFacts> = {}): TimerFacts => ({
    state: 'declared',
    nextUpdateAt: at(30),
    dueRemindedFor: null,
    overdueRemindedFor: null,
    ...t,
  });

  it('reminds the commander five minutes before the promised update, then once more when it is overdue', () => {
    expect(reminderToSend(timer(), at(10))).toBeNull();
    expect(reminderToSend(timer(), at(25))).toBe('due');
    expect(reminderToSend(timer({ dueRemindedFor: at(30) }), at(29))).toBeNull();
    expect(reminderToSend(timer({ dueRemindedFor: at(30) }), at(35))).toBe('overdue');
    expect(reminderToSend(timer({ dueRemindedFor: at(30), overdueRemindedFor: at(30) }), at(90))).toBeNull();
  });

  it('starts afresh when a new update promises a new time', () => {
    expect(
      reminderToSend(timer({ nextUpdateAt: at(60), dueRemindedFor: at(30), overdueRemindedFor: at(30) }), at(56)),
    ).toBe('due');
  });

  it('does not remind about a resolved, closed or not yet started incident, nor one with no promise', () => {
    for (const state of ['scheduled', 'resolved', 'closed'] as const)
      expect(reminderToSend(timer({ state }), at(40))).toBeNull();
    expect(reminderToSend(timer({ nextUpdateAt: null }), at(40))).toBeNull();
  });

  it('sends at most one "due" and one "overdue" per promise, whatever the job ticks', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<IncidentState>(...INCIDENT_STATES),
        fc.integer({ min: 5, max: 1440 }),
        fc.array(fc.integer({ min: -60, max: 3000 }), { minLength: 1, maxLength: 40 }),
        (state, promise, ticks) => {
          let t = timer({ state, nextUpdateAt: at(promise) });
          const sent: string[] = [];
          for (const m of [...ticks].sort((a, b) => a - b)) {
            const r = reminderToSend(t, at(m));
            if (r === 'due') t = { ...t, dueRemindedFor: t.nextUpdateAt };
            if (r === 'overdue') t = { ...t, overdueRemindedFor: t.nextUpdateAt };
            if (r) sent.push(r);
          }
          expect(sent.filter((s) => s === 'due').length).toBeLessThanOrEqual(1);
          expect(sent.filter((s) => s === 'overdue').length).toBeLessThanOrEqual(1);
          if (!isOpen(state)) expect(sent).toEqual([]);
          // Never "due" after "overdue".
          expect(sent.join()).not.toBe('overdue,due');
        },
      ),
    );
  });

  it('takes a promise between 5 minutes and 24 hours, in words a commander understands otherwise', () => {
    expect(nextUpdateAt(now, 30)).toEqual(at(30));
    expect(() => checkNextUpdateMinutes(2)).toThrow(/between 5 minutes and 24 hours/);
    expect(() => checkNextUpdateMinutes(30.5)).toThrow();
    expect(() => checkNextUpdateMinutes(2000)).toThrow();
  });

  it('shows on time, due and overdue beside the promise', () => {
    expect(timerStatus({ state: 'declared', nextUpdateAt: at(30) }, now)).toBe('on_time');
    expect(timerStatus({ state: 'declared', nextUpdateAt: at(3) }, now)).toBe('due');
    expect(timerStatus({ state: 'monitoring', nextUpdateAt: at(-1) }, now)).toBe('overdue');
    expect(timerStatus({ state: 'resolved', nextUpdateAt: at(-1) }, now)).toBe('none');
  });
});

describe('public text', () => {
  it('refuses an update that names a patient or an MRN, saying what to take out', () => {
    expect(() => checkPublicText('Patient John Smith could not get his meds, MRN 12345678')).toThrow(
      /medical record number.*patient's name|patient's name.*medical record number/,
    );
    expect(() => checkPublicText('Call me at 555-123-4567')).toThrow(/phone number/);
  });

  it('accepts plain news about the outage and trims it', () => {
    expect(checkPublicText('  The EHR is down at Main Campus. Use paper MAR.  ')).toBe(
      'The EHR is down at Main Campus. Use paper MAR.',
    );
    expect(checkPublicText('Patient Portal and Patient Access screens are slow')).toContain('Patient Portal');
  });

  it('refuses an empty or too long update', () => {
    expect(() => checkPublicText('   ')).toThrow(/Write what people should know/);
    expect(() => checkPublicText('x'.repeat(2001))).toThrow(/too long/);
  });
});

const SECRET = 'Dr Secret Person';
const facts = (f: Partial<IncidentFacts> = {}): IncidentFacts => ({
  id: '0190aaaa-0000-7000-8000-000000000001',
  number: 12,
  kind: 'ehr_downtime',
  planned: false,
  title: 'EHR unavailable',
  publicSummary: 'The EHR cannot be reached.',
  severity: 'sev1',
  state: 'declared',
  startedAt: at(-60),
  scheduledStart: null,
  scheduledEnd: null,
  resolvedAt: null,
  services: ['EHR'],
  facilities: ['Main Campus'],
  units: ['4 West'],
  latestUpdate: {
    publicText: 'Use downtime forms.',
    internalNote: `Storage array failed; ${SECRET} on call`,
    postedAt: at(-10),
  },
  nextUpdateAt: at(20),
  downtimeArticles: [{ number: 'KB-000101', title: 'EHR downtime: what to do' }],
  ...f,
});

describe('status page', () => {
  it('shows open incidents, planned downtimes within three days and the last week’s resolved ones', () => {
    const page = statusPage(
      [
        facts(),
        facts({ id: 'p', number: 13, state: 'scheduled', planned: true, startedAt: null, scheduledStart: at(600) }),
        facts({
          id: 'far',
          number: 14,
          state: 'scheduled',
          planned: true,
          startedAt: null,
          scheduledStart: at(5 * 1440),
        }),
        facts({ id: 'r', number: 11, state: 'resolved', resolvedAt: at(-1440) }),
        facts({ id: 'old', number: 10, state: 'closed', resolvedAt: at(-(RECENTLY_RESOLVED_DAYS + 1) * 1440) }),
      ],
      now,
    );
    expect(page.overall).toBe('disruption');
    expect(page.open.map((i) => i.number)).toEqual(['INC-000012']);
    expect(page.planned.map((i) => i.number)).toEqual(['INC-000013']);
    expect(page.planned[0]?.kindLabel).toBe('Planned EHR downtime');
    expect(page.recentlyResolved.map((i) => i.number)).toEqual(['INC-000011']);
    expect(page.recentlyResolved[0]?.nextUpdateAt).toBeNull();
  });

  it('says all is well when nothing is open or planned', () => {
    expect(statusPage([], now).overall).toBe('operational');
  });

  it('never lets out ids, people, internal notes or anything that looks like patient information', () => {
    fc.assert(
      fc.property(fc.constantFrom<IncidentState>(...INCIDENT_STATES), fc.string(), (state, noise) => {
        const i = facts({
          state,
          title: `Outage ${noise} MRN 1234567`,
          publicSummary: `Patient Jane Doe ${noise}`,
          resolvedAt: at(-5),
        });
        const text = JSON.stringify([publicIncident(i), statusPage([i], now), bannersFor([i], 'requester', now)]);
        expect(text).not.toContain(i.id);
        expect(text).not.toContain(SECRET);
        expect(text).not.toContain('Storage array');
        expect(text).not.toContain('1234567');
        expect(text).not.toContain('Jane Doe');
      }),
    );
  });
});

describe('banners', () => {
  it('shows requesters and vendors the public parts only, and desk staff the link and the internal note', () => {
    for (const audience of ['requester', 'vendor'] as const) {
      const [b] = bannersFor([facts()], audience, now);
      expect(b?.latestUpdate?.text).toBe('Use downtime forms.');
      expect(b?.downtimeArticles).toEqual([{ number: 'KB-000101', title: 'EHR downtime: what to do' }]);
      expect(b).not.toHaveProperty('internalNote');
      expect(b).not.toHaveProperty('incidentId');
    }
    const [staff] = bannersFor([facts()], 'staff', now);
    expect(staff?.internalNote).toContain('Storage array');
    expect(staff?.incidentId).toBe(facts().id);
  });

  it('announces a planned downtime before it starts, and drops a resolved incident', () => {
    const planned = facts({ state: 'scheduled', planned: true, scheduledStart: at(120), startedAt: null });
    expect(
      bannersFor([planned, facts({ state: 'resolved', resolvedAt: at(-1) })], 'requester', now).map((b) => b.state),
    ).toEqual(['scheduled']);
  });
});

describe('recovery checklist', () => {
  it('gives every affected unit each template item once, in order', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('u1', 'u2', 'u3', 'u4'), { maxLength: 10 }), (ids) => {
        const items = checklistFor(ids.map((id) => ({ id, name: id })));
        const units = new Set(ids);
        expect(items).toHaveLength(units.size * RECOVERY_TEMPLATE.length);
        expect(new Set(items.map((i) => `${i.unitId}/${i.key}`)).size).toBe(items.length);
        expect(items.map((i) => i.position)).toEqual(items.map((_, n) => n));
      }),
    );
  });

  it('is complete only when every item is done', () => {
    expect(progressOf([])).toEqual({ done: 0, total: 0, complete: false });
    expect(progressOf([{ done: true }, { done: false }])).toEqual({ done: 1, total: 2, complete: false });
    expect(progressOf([{ done: true }, { done: true }]).complete).toBe(true);
  });
});

describe('planned downtime notices', () => {
  const notice = {
    state: 'scheduled' as const,
    scheduledStart: at(24 * 60),
    noticeHoursBefore: 24,
    noticeSentAt: null,
  };
  it('is sent from N hours before the start until the start, once', () => {
    expect(noticeDue(notice, at(-1))).toBe(false);
    expect(noticeDue(notice, now)).toBe(true);
    expect(noticeDue(notice, at(23 * 60))).toBe(true);
    expect(noticeDue(notice, at(24 * 60))).toBe(false);
    expect(noticeDue({ ...notice, noticeSentAt: now }, at(60))).toBe(false);
    expect(noticeDue({ ...notice, state: 'declared' }, at(60))).toBe(false);
  });
  it('takes 1 hour to 14 days', () => {
    expect(checkNoticeHours(24)).toBe(24);
    expect(() => checkNoticeHours(0)).toThrow(/between 1 hour and 14 days/);
  });
});

describe('post-incident review', () => {
  it('names the eight SAFER sociotechnical dimensions', () => {
    expect(SAFER_DIMENSIONS).toHaveLength(8);
    expect(SAFER_LABELS.workflow_communication).toBe('Workflow and communication');
  });

  it('estimates clinician time lost as clinicians × downtime hours × overhead, and states it', () => {
    const impact = impactOf({
      durationMinutes: 180,
      childTickets: 40,
      patientCareAffected: 6,
      calls: 55,
      units: 4,
      cliniciansOnAffectedUnits: 80,
      overhead: 0.25,
    });
    expect(impact.clinicianHoursLost).toBe(60);
    expect(impact.formula).toBe('80 clinicians on affected units × 3.0 h × 0.25 overhead = 60 clinician-hours');
  });

  it('never estimates a negative loss, and grows with every input', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -100, max: 10_000 }),
        fc.integer({ min: 0, max: 2_000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (minutes, clinicians, overhead) => {
          const base = { durationMinutes: minutes, childTickets: 0, patientCareAffected: 0, calls: 0, units: 0 };
          const a = impactOf({ ...base, cliniciansOnAffectedUnits: clinicians, overhead });
          const b = impactOf({ ...base, cliniciansOnAffectedUnits: clinicians + 1, overhead });
          expect(a.clinicianHoursLost).toBeGreaterThanOrEqual(0);
          expect(b.clinicianHoursLost).toBeGreaterThanOrEqual(a.clinicianHoursLost);
        },
      ),
    );
    expect(() => checkOverhead(1.5)).toThrow(/from 0 to 1/);
  });
});

describe('the review itself', () => {
  it('is written only once the incident is resolved or closed', () => {
    expect(reviewRefusal('resolved', 'INC-000003')).toBeNull();
    expect(reviewRefusal('closed', 'INC-000003')).toBeNull();
    expect(reviewRefusal('declared', 'INC-000003')).toBe(
      'INC-000003 is still going on: write its review once it is resolved.',
    );
    expect(reviewRefusal('monitoring', 'INC-000003')).toMatch(/still going on/);
    expect(reviewRefusal('scheduled', 'INC-000003')).toMatch(/still scheduled/);
  });

  it('counts the downtime from the start (or the planned start) to the resolution, never below zero', () => {
    const at = (m: number) => new Date(Date.UTC(2026, 0, 5, 2, m));
    expect(downtimeMinutes({ startedAt: at(0), scheduledStart: null, resolvedAt: at(270) }, at(999))).toBe(270);
    expect(downtimeMinutes({ startedAt: null, scheduledStart: at(10), resolvedAt: at(70) }, at(999))).toBe(60);
    expect(downtimeMinutes({ startedAt: at(0), scheduledStart: null, resolvedAt: null }, at(45))).toBe(45);
    expect(downtimeMinutes({ startedAt: null, scheduledStart: null, resolvedAt: at(5) }, at(45))).toBe(0);
    fc.assert(
      fc.property(fc.integer({ min: -10_000, max: 10_000 }), (m) => {
        expect(downtimeMinutes({ startedAt: at(0), scheduledStart: null, resolvedAt: at(m) }, at(0))).toBe(
          Math.max(0, m),
        );
      }),
    );
  });

  it('refuses patient information in any of its texts, naming the field and the kind found', () => {
    expect(() =>
      checkReviewTexts({ summary: 'Interface engine queue stalled at 02:10.', causeText: '' }),
    ).not.toThrow();
    let error: unknown;
    try {
      checkReviewTexts({ summary: 'Fine', 'contributingFactors.1': 'Wristband for MRN 00912345 would not scan' });
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({
      status: 400,
      message: expect.stringMatching(/^The review looks like it contains a medical record number\./),
      errors: [{ field: 'contributingFactors.1', message: 'Looks like a medical record number.' }],
    });
  });

  it('refuses any text with a planted identifier, wherever it sits in the text', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 40 }).map((s) => s.replace(/[0-9]/g, '')),
        fc.string({ maxLength: 40 }).map((s) => s.replace(/[0-9]/g, '')),
        fc.constantFrom('MRN 00917734', 'SSN 321-54-9876', 'DOB 02/29/1944', 'Patient: Zebulon Quartermaine'),
        (before, after, planted) => {
          expect(() => checkReviewTexts({ causeText: `${before} ${planted} ${after}` })).toThrow(/review looks like/);
        },
      ),
    );
  });

  it('counts done, open and overdue actions; a done action or one due today is never overdue', () => {
    const done = new Date('2026-01-02T10:00:00Z');
    expect(
      actionProgress(
        [
          { dueOn: '2026-01-01', doneAt: done },
          { dueOn: '2026-01-01', doneAt: null },
          { dueOn: '2026-01-10', doneAt: null },
          { dueOn: null, doneAt: null },
          { dueOn: '2026-01-05', doneAt: null },
        ],
        '2026-01-05',
      ),
    ).toEqual({ total: 5, done: 1, open: 4, overdue: 1 });
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            dueOn: fc.option(fc.integer({ min: 1, max: 28 }).map((d) => `2026-02-${String(d).padStart(2, '0')}`)),
            doneAt: fc.option(fc.constant(done)),
          }),
          { maxLength: 30 },
        ),
        fc.integer({ min: 1, max: 28 }).map((d) => `2026-02-${String(d).padStart(2, '0')}`),
        (actions, today) => {
          const p = actionProgress(actions, today);
          expect(p.done + p.open).toBe(p.total);
          expect(p.overdue).toBeLessThanOrEqual(p.open);
          // Finishing every action leaves nothing overdue; moving the day on never makes fewer actions late.
          expect(
            actionProgress(
              actions.map((a) => ({ ...a, doneAt: done })),
              today,
            ).overdue,
          ).toBe(0);
          expect(actionProgress(actions, '2026-03-01').overdue).toBeGreaterThanOrEqual(p.overdue);
        },
      ),
    );
  });
});
