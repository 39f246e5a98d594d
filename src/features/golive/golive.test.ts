// The go-live command center through its API, on a real database (PGlite; PostgreSQL with TEST_DATABASE_URL): a
// manager sets up the event, zones and roster; an external consultant checks in and logs issues at the elbow (one
// resolved on the spot, credited to the consultant's firm; one sent to the command center); a super-user logs during
// their shift; duplicates fold on the board; a known issue is broadcast; the roll-ups and the huddle count it all.
// Bad input (overlapping shifts, unknown zones and units, check-in outside a shift, patient details in a known
// issue) gets a 4xx with words a nurse understands.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTestApp, type TestApp } from '../../../test/app.ts';
import { buildHospital, type Hospital, integrationToken, TEST_PASSWORD } from '../../../test/factories.ts';
import { SYSTEM_META } from '../../platform/actor.ts';
import { createUser } from '../../platform/auth/service.ts';
import { rowsOf } from '../../platform/db/connect.ts';
import { newId } from '../../platform/ids.ts';
import { groups, people } from '../directory/tables.ts';
import { refreshChangedFacts } from '../reports/refresh.ts';
import { HOUR_MS } from './rules.ts';

let t: TestApp;
let h: Hospital;
let manager: Client;
let agent: Client;
let consultant: Client;
let superUser: Client;
let nurse: Client;
let vendor: Client;
let consultantPerson: string;
let consultantGroup: string;
let eventId: string;
let zoneA: string;
let shiftNow: string;
let shiftLater: string;
const now = Date.now();
const iso = (ms: number) => new Date(ms).toISOString();

beforeAll(async () => {
  t = await createTestApp();
  h = await buildHospital(t.ctx);
  const db = t.ctx.database.db;
  // An external go-live consultant: a desk account whose person works for the consulting firm (the outsourcer).
  const user = await createUser(t.ctx, SYSTEM_META, {
    username: `ate-${h.tag}`,
    displayName: 'Kim Ashby (consultant)',
    role: 'agent',
    password: TEST_PASSWORD,
  });
  consultantPerson = newId();
  await db.insert(people).values({
    id: consultantPerson,
    displayName: 'Kim Ashby',
    clinicalRole: 'it',
    userId: user.id,
    providerOrgId: h.outsourcer.id,
    phones: [],
  });
  consultantGroup = newId();
  await db
    .insert(groups)
    .values({ id: consultantGroup, name: `Go-live consultants ${h.tag}`, tier: 'tier1', providerId: h.outsourcer.id });
  [manager, agent, consultant, superUser, nurse, vendor] = await Promise.all([
    t.signIn('manager'),
    t.signIn(h.users.agent.username, TEST_PASSWORD),
    t.signIn(`ate-${h.tag}`, TEST_PASSWORD),
    t.signIn(h.users.superUser.username, TEST_PASSWORD),
    t.signIn(h.users.nurse.username, TEST_PASSWORD),
    t.signIn(h.users.vendor.username, TEST_PASSWORD),
  ]);
}, 120_000);
afterAll(() => t.close());

function expectProblem(res: { statusCode: number; body: string }, status: number, detail: RegExp) {
  expect(res.statusCode, res.body).toBe(status);
  const problem = JSON.parse(res.body) as { detail?: string; title: string };
  expect(problem.detail ?? problem.title).toMatch(detail);
}

describe('setting up a go-live', () => {
  it('lets a manager create the event; the command center runs 24/7 in its first days', async () => {
    const res = await manager.post('/api/v1/golive/events', {
      name: `Riverside EHR go-live ${h.tag}`,
      facilityIds: [h.facility.id],
      startsAt: iso(now - 2 * 24 * HOUR_MS),
      endsAt: iso(now + 12 * 24 * HOUR_MS),
      roundTheClockDays: 14,
    });
    expect(res.statusCode, res.body).toBe(201);
    const e = res.json();
    eventId = e.id;
    expect(e).toMatchObject({
      timeZone: 'America/Chicago',
      commandCenterOpen: true,
      hoursToday: 'Open 24 hours',
      facilities: [{ id: h.facility.id }],
      zones: [],
    });
    expect([2, 3]).toContain(e.day);
  });

  it('refuses bad events with a clear message, and desk agents may not create one', async () => {
    const base = { name: 'X', facilityIds: [h.facility.id], startsAt: iso(now), endsAt: iso(now + HOUR_MS) };
    expectProblem(
      await manager.post('/api/v1/golive/events', { ...base, endsAt: iso(now - HOUR_MS) }),
      400,
      /end after it starts/,
    );
    expectProblem(
      await manager.post('/api/v1/golive/events', { ...base, facilityIds: [newId()] }),
      400,
      /not in the directory/,
    );
    expectProblem(
      await manager.post('/api/v1/golive/events', { ...base, scaledOpenHour: 20, scaledCloseHour: 8 }),
      400,
      /close after it opens/,
    );
    expect((await manager.post('/api/v1/golive/events', { ...base, startsAt: 'tomorrow' })).statusCode).toBe(400);
    expect((await agent.post('/api/v1/golive/events', base)).statusCode).toBe(403);
    expect((await vendor.get('/api/v1/golive/events')).statusCode).toBe(403);
  });

  it('groups units into zones with a leader; a unit is in one zone only, and only units of the facility', async () => {
    const res = await manager.post(`/api/v1/golive/events/${eventId}/zones`, {
      name: 'Zone A — Med-Surg',
      leaderPersonId: h.clerk.id,
      unitIds: [h.ward.id],
    });
    expect(res.statusCode, res.body).toBe(201);
    zoneA = res.json().id;
    expect(res.json()).toMatchObject({
      leader: { id: h.clerk.id },
      units: [{ id: h.ward.id, name: '4 West Med-Surg' }],
    });
    expectProblem(
      await manager.post(`/api/v1/golive/events/${eventId}/zones`, { name: 'Zone B', unitIds: [h.ward.id] }),
      409,
      /4 West Med-Surg is already in zone Zone A — Med-Surg/,
    );
    expectProblem(
      await manager.post(`/api/v1/golive/events/${eventId}/zones`, { name: 'zone a — med-surg' }),
      409,
      /already a zone called/,
    );
    const [otherUnit] = rowsOf<{ id: string }>(
      await t.ctx.database.db.execute(sql`SELECT id::text FROM units WHERE facility_id <> ${h.facility.id} LIMIT 1`),
    );
    expectProblem(
      await manager.post(`/api/v1/golive/events/${eventId}/zones`, { name: 'Zone C', unitIds: [otherUnit!.id] }),
      400,
      /not in a facility going live/,
    );
    expectProblem(
      await manager.post(`/api/v1/golive/events/${eventId}/zones`, { name: 'Zone D', unitIds: [newId()] }),
      400,
      /not in the directory/,
    );
    expect((await manager.post(`/api/v1/golive/events/${newId()}/zones`, { name: 'Zone E' })).statusCode).toBe(404);
  });
});

describe('the roster', () => {
  const shifts = () => `/api/v1/golive/events/${eventId}/shifts`;

  it('puts a consultant on a shift, with the firm from the directory', async () => {
    const res = await manager.post(shifts(), {
      personId: consultantPerson,
      zoneId: zoneA,
      startsAt: iso(now - HOUR_MS),
      endsAt: iso(now + 7 * HOUR_MS),
    });
    expect(res.statusCode, res.body).toBe(201);
    shiftNow = res.json().id;
    expect(res.json()).toMatchObject({ provider: h.outsourcer.name, zone: 'Zone A — Med-Surg', onFloor: false });
  });

  it('refuses an overlapping shift for the same person, naming the shift it collides with', async () => {
    const res = await manager.post(shifts(), {
      personId: consultantPerson,
      zoneId: null,
      role: 'command_center',
      startsAt: iso(now + 6 * HOUR_MS),
      endsAt: iso(now + 14 * HOUR_MS),
    });
    expectProblem(res, 409, /already has a shift in Zone A — Med-Surg from .* that overlaps this one/);
    // Back to back is fine.
    const next = await manager.post(shifts(), {
      personId: consultantPerson,
      zoneId: zoneA,
      startsAt: iso(now + 7 * HOUR_MS),
      endsAt: iso(now + 15 * HOUR_MS),
    });
    expect(next.statusCode, next.body).toBe(201);
    shiftLater = next.json().id;
  });

  it('refuses unknown zones and people, shifts too long or outside the go-live', async () => {
    const base = { personId: h.doctor.id, startsAt: iso(now), endsAt: iso(now + 8 * HOUR_MS) };
    expectProblem(await manager.post(shifts(), { ...base, zoneId: newId() }), 400, /zone is not part of this go-live/);
    expectProblem(await manager.post(shifts(), { ...base, personId: newId() }), 400, /not in the directory/);
    expectProblem(await manager.post(shifts(), { ...base, endsAt: iso(now + 20 * HOUR_MS) }), 400, /at most 16 hours/);
    expectProblem(
      await manager.post(shifts(), {
        ...base,
        startsAt: iso(now + 40 * 24 * HOUR_MS),
        endsAt: iso(now + 40 * 24 * HOUR_MS + HOUR_MS),
      }),
      400,
      /within the go-live/,
    );
    expect((await agent.post(shifts(), base)).statusCode).toBe(403);
  });

  it('checks people in and out of their own shifts only, and only in the shift’s window', async () => {
    const at = (id: string, what: 'in' | 'out') => `/api/v1/golive/events/${eventId}/shifts/${id}/check-${what}`;
    expectProblem(await agent.post(at(shiftNow, 'in')), 403, /your own shifts/);
    expectProblem(await consultant.post(at(shiftNow, 'out')), 409, /never checked in/);
    expectProblem(await consultant.post(at(shiftLater, 'in')), 409, /not started yet/);
    const res = await consultant.post(at(shiftNow, 'in'));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().onFloor).toBe(true);
    expectProblem(await consultant.post(at(shiftNow, 'in')), 409, /already checked in/);
    expect((await consultant.post(at(newId(), 'in'))).statusCode).toBe(404);

    const roster = (await agent.get(`/api/v1/golive/events/${eventId}/roster`)).json();
    expect(roster.onFloor).toEqual([
      {
        zone: 'Zone A — Med-Surg',
        people: [expect.objectContaining({ person: { id: consultantPerson, name: 'Kim Ashby' } })],
      },
    ]);
    expect(roster.shifts.map((s: { id: string }) => s.id)).toEqual(expect.arrayContaining([shiftNow, shiftLater]));
  });
});

describe('issues logged at the elbow', () => {
  const issues = () => `/api/v1/golive/events/${eventId}/issues`;
  let onSpot: string;
  let toCenter: string;
  let fromSuperUser: string;

  it('resolves an issue on the spot as a first contact, credited to the consultant’s firm', async () => {
    const res = await consultant.post(issues(), {
      unitId: h.ward.id,
      serviceId: h.ehr.id,
      moduleId: h.bcma.id,
      category: 'how_to',
      summary: 'How to document a held dose',
      requesterId: h.nurse.id,
      resolveNow: { code: 'answered_how_to', note: 'Showed the held-dose reason list.' },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      status: 'resolved',
      resolvedOnSpot: true,
      zone: 'Zone A — Med-Surg',
      provider: h.outsourcer.name,
    });
    onSpot = res.json().number;
    const [row] = rowsOf<Record<string, unknown>>(
      await t.ctx.database.db.execute(sql`SELECT t.channel, t.provider_id::text, t.group_id::text,
          t.resolved_by_id = t.opened_by_user_id AS same_person, t.first_response_at IS NOT NULL AS answered,
          g.zone_id::text, g.category, g.logged_by_person_id::text
        FROM tickets t JOIN golive_issues g ON g.ticket_id = t.id
        WHERE t.number = ${Number(onSpot.replace('CSD-', ''))}`),
    );
    expect(row).toEqual({
      channel: 'go_live',
      provider_id: h.outsourcer.id,
      group_id: consultantGroup,
      same_person: true,
      answered: true,
      zone_id: zoneA,
      category: 'how_to',
      logged_by_person_id: consultantPerson,
    });
  });

  it('sends an issue to the command center: it lands with the application’s team', async () => {
    const res = await consultant.post(issues(), {
      unitId: h.ward.id,
      serviceId: h.ehr.id,
      category: 'build',
      summary: 'Heparin order set missing the weight-based option',
      patientCareAffected: true,
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ status: 'new', resolvedOnSpot: false });
    toCenter = res.json().number;
  });

  it('lets a super-user log during a shift of the go-live only, and never resolve on the spot', async () => {
    const body = { unitId: h.ward.id, category: 'workflow', summary: 'Order set also missing on nights' };
    expectProblem(await superUser.post(issues(), body), 403, /during one of your go-live shifts/);
    const shift = await manager.post(`/api/v1/golive/events/${eventId}/shifts`, {
      personId: h.superUser.id,
      zoneId: zoneA,
      role: 'super_user',
      startsAt: iso(now - HOUR_MS),
      endsAt: iso(now + 3 * HOUR_MS),
    });
    expect(shift.statusCode, shift.body).toBe(201);
    expectProblem(
      await superUser.post(issues(), { ...body, resolveNow: { code: 'answered_how_to', note: 'x' } }),
      403,
      /Only support staff/,
    );
    const res = await superUser.post(issues(), body);
    expect(res.statusCode, res.body).toBe(201);
    fromSuperUser = res.json().number;
  });

  it('refuses a unit outside the zones, a category it does not know, and an unknown go-live', async () => {
    const body = { unitId: h.billing.id, category: 'technical', summary: 'Printer' };
    expectProblem(await consultant.post(issues(), body), 400, /not in any zone of this go-live/);
    expect((await consultant.post(issues(), { ...body, unitId: h.ward.id, category: 'other' })).statusCode).toBe(400);
    expect(
      (await consultant.post(`/api/v1/golive/events/${newId()}/issues`, { ...body, unitId: h.ward.id })).statusCode,
    ).toBe(404);
    expect((await vendor.post(issues(), { ...body, unitId: h.ward.id })).statusCode).toBe(403);
  });

  it('shows one issue log: open issues patient care first, duplicates folded under the first report', async () => {
    const dup = await agent.post(`/api/v1/golive/events/${eventId}/issues/${fromSuperUser}/duplicate`, {
      of: toCenter,
    });
    expect(dup.statusCode, dup.body).toBe(201);
    expect(
      (await agent.post(`/api/v1/golive/events/${eventId}/issues/${fromSuperUser}/duplicate`, { of: toCenter }))
        .statusCode,
    ).toBe(409);
    expect(
      (await agent.post(`/api/v1/golive/events/${eventId}/issues/CSD-1/duplicate`, { of: toCenter })).statusCode,
    ).toBe(404);
    const board = (await agent.get(`/api/v1/golive/events/${eventId}/board`)).json();
    expect(board.open.map((i: { number: string }) => i.number)).toEqual([toCenter, fromSuperUser]);
    expect(board.open[0]).toMatchObject({
      patientCareAffected: true,
      duplicates: 1,
      category: 'build',
      application: h.ehr.name,
    });
    expect(board.open[1]).toMatchObject({ duplicateOf: toCenter, loggedBy: h.superUser.displayName });
    expect(board.recentlyResolved.map((i: { number: string }) => i.number)).toEqual([onSpot]);
    expect(board.counts).toEqual({ open: 2, patientCareAffected: 1, resolvedOnSpotToday: 1 });
  });

  it('counts every issue in the hourly roll-up, by zone, category and application', async () => {
    const byZone = (await agent.get(`/api/v1/golive/events/${eventId}/rollup?by=zone&hours=6`)).json();
    const all = byZone.hours.flatMap((hr: { rows: unknown[] }) => hr.rows);
    expect(all).toEqual([{ key: 'Zone A — Med-Surg', logged: 3, resolvedOnSpot: 1, patientCareAffected: 1 }]);
    expect(byZone.trend.at(-1)).toMatchObject({ logged: 3, resolvedOnSpot: 1 });
    const byCategory = (await agent.get(`/api/v1/golive/events/${eventId}/rollup?by=category`)).json();
    expect(byCategory.hours.flatMap((hr: { rows: { key: string }[] }) => hr.rows.map((r) => r.key)).sort()).toEqual([
      'Build (configuration)',
      'How-to / training',
      'Workflow',
    ]);
    expectProblem(await agent.get(`/api/v1/golive/events/${eventId}/rollup?by=floor`), 400, /./);
    expect((await agent.get(`/api/v1/golive/events/${eventId}/rollup?hours=0`)).statusCode).toBe(400);
  });
});

describe('known issues', () => {
  const known = () => `/api/v1/golive/events/${eventId}/known-issues`;

  it('refuses patient details in a known issue: every clinician reads it', async () => {
    expectProblem(
      await manager.post(known(), { title: 'Order set', workaround: 'Call pharmacy for MRN 00917734' }),
      400,
      /remove the patient details/,
    );
    expectProblem(
      await manager.post(known(), { title: 'x', workaround: 'y', ticket: 'CSD-1' }),
      400,
      /not an issue of this go-live/,
    );
    expect((await agent.post(known(), { title: 'x', workaround: 'y' })).statusCode).toBe(403);
  });

  it('broadcasts a known issue with its tip sheet live, and the portal shows it while the go-live runs', async () => {
    const [article] = rowsOf<{ number: number; title: string }>(
      await t.ctx.database.db.execute(
        sql`SELECT number::int AS number, title FROM kb_articles WHERE status = 'published' ORDER BY number LIMIT 1`,
      ),
    );
    const board = (await agent.get(`/api/v1/golive/events/${eventId}/board`)).json();
    const res = await manager.post(known(), {
      title: 'Heparin order set: weight-based option missing',
      workaround: 'Use the manual weight-based protocol order until the fix tonight.',
      ticket: board.open[0].number,
      article: article!.number,
    });
    expect(res.statusCode, res.body).toBe(201);
    const k = res.json();
    expect(k).toMatchObject({ article: { number: article!.number, title: article!.title }, retiredAt: null });
    const [event] = rowsOf<{ audience: { roles: string[] } }>(
      await t.ctx.database.db.execute(
        sql`SELECT audience FROM outbox WHERE type = 'golive.known_issue' AND payload->>'id' = ${k.id}`,
      ),
    );
    expect(event!.audience.roles).toEqual(expect.arrayContaining(['requester', 'agent']));
    expect(event!.audience.roles).not.toContain('vendor');
    const portal = (await nurse.get('/api/v1/golive/known-issues')).json();
    expect(portal.map((x: { id: string }) => x.id)).toContain(k.id);
    // Retired: it leaves the portal.
    expect((await manager.delete(`${known()}/${k.id}`)).statusCode).toBe(204);
    expect((await manager.delete(`${known()}/${k.id}`)).statusCode).toBe(404);
    const after = (await nurse.get('/api/v1/golive/known-issues')).json();
    expect(after.map((x: { id: string }) => x.id)).not.toContain(k.id);
  });
});

describe('the huddle report', () => {
  it('sums the last 24 hours, lists open patient-care issues and hints where support is short', async () => {
    const huddle = (await manager.get(`/api/v1/golive/events/${eventId}/huddle`)).json();
    expect(huddle.totals).toEqual({ logged: 3, resolvedOnSpot: 1, patientCareAffected: 1, openNow: 2 });
    expect(huddle.byZone).toEqual([{ key: 'Zone A — Med-Surg', logged: 3, resolvedOnSpot: 1, patientCareAffected: 1 }]);
    expect(huddle.openPatientCare).toHaveLength(1);
    expect(huddle.onFloor).toBe(1);
    // Only one zone, staffed: its load is the average, so no re-allocation hint.
    expect(huddle.staffing).toEqual({ short: [], slack: [] });
    expect(huddle.trend.length).toBeGreaterThanOrEqual(3);
  });

  it('audits every change', async () => {
    const actions = rowsOf<{ action: string }>(
      await t.ctx.database.db.execute(
        sql`SELECT DISTINCT action FROM audit_log WHERE action LIKE 'golive%' ORDER BY action`,
      ),
    ).map((r) => r.action);
    expect(actions).toEqual([
      'golive.create',
      'golive.issue_log',
      'golive.known_issue_publish',
      'golive.known_issue_retire',
      'golive_shift.check_in',
      'golive_shift.create',
      'golive_zone.create',
    ]);
  });
});

describe('measuring the go-live (reports)', () => {
  const numberOf = async (resolvedOnSpot: boolean) =>
    rowsOf<{ number: string; id: string }>(
      await t.ctx.database.db.execute(sql`SELECT 'CSD-' || lpad(t.number::text, 6, '0') AS number, t.id::text AS id
        FROM golive_issues g JOIN tickets t ON t.id = g.ticket_id
        WHERE g.event_id = ${eventId}::uuid AND g.resolved_on_spot = ${resolvedOnSpot} ORDER BY t.number`),
    );

  it('counts an issue resolved on the spot as first contact, on the ticket page and in the reports', async () => {
    await refreshChangedFacts(t.ctx);
    const [onSpot] = await numberOf(true);
    const page = (await agent.get(`/api/v1/tickets/${onSpot!.number}`)).json();
    expect(page.firstContact).toMatchObject({ liveContact: true, resolvedOnFirstContact: true });
    const facts = rowsOf<{ live: number; fcr: number; n: number }>(
      await t.ctx.database.db.execute(sql`SELECT count(*) FILTER (WHERE f.live_contact)::int AS live,
          count(*) FILTER (WHERE f.fcr)::int AS fcr, count(*)::int AS n
        FROM golive_issues g JOIN report_ticket_facts f ON f.ticket_id = g.ticket_id WHERE g.event_id = ${eventId}::uuid`),
    )[0]!;
    expect(facts).toEqual({ live: 3, fcr: 1, n: 3 });
    const range = `from=${iso(now - 3 * 24 * HOUR_MS)}&to=${iso(now + HOUR_MS)}&facilityId=${h.facility.id}`;
    const report = (await manager.get(`/api/v1/reports/tickets?${range}&channel=go_live&minN=1`)).json();
    expect(report.total.fcrGross).toMatchObject({ numerator: 1, n: 3 });
    expect(report.total.firstTouch.n).toBe(0);
  });

  it('gives the go-live scorecard per provider, the on-the-spot fix credited to the consultant’s firm', async () => {
    const [onSpot] = await numberOf(true);
    const db = t.ctx.database.db;
    // One answer about the on-the-spot issue (naming the firm), one pulse answer from before the go-live.
    const answer = async (o: { ticketId: string | null; score: number; at: number; providerIds: string[] }) => {
      const kind = o.ticketId ? 'ticket' : 'pulse';
      const providerIds = `{${o.providerIds.join(',')}}`;
      // The resolved ticket's invitation (the surveys' consumer may have sent it already), else a new one.
      const [sent] = rowsOf<{ id: string }>(
        await db.execute(
          sql`SELECT id::text FROM survey_invitations WHERE kind = 'ticket' AND ticket_id = ${o.ticketId}`,
        ),
      );
      const invitation = sent?.id ?? newId();
      if (!sent)
        await db.execute(sql`INSERT INTO survey_invitations (id, kind, ticket_id, person_id, channel, available_at, expires_at)
          VALUES (${invitation}, ${kind}, ${o.ticketId}, ${h.nurse.id}, 'portal', ${iso(o.at)}, ${iso(o.at + 24 * HOUR_MS)})`);
      await db.execute(sql`INSERT INTO survey_responses (id, invitation_id, kind, ticket_id, person_id, score, channel,
          responded_at, facility_id, clinical_role, provider_ids)
        VALUES (${newId()}, ${invitation}, ${kind}, ${o.ticketId}, ${h.nurse.id}, ${o.score}, 'portal', ${iso(o.at)},
          ${h.facility.id}, 'rn', ${providerIds}::uuid[])`);
    };
    await answer({ ticketId: onSpot!.id, score: 5, at: now - HOUR_MS, providerIds: [h.outsourcer.id] });
    await answer({ ticketId: null, score: 2, at: now - 10 * 24 * HOUR_MS, providerIds: [] });

    const events = (await manager.get('/api/v1/reports/go-live-events')).json();
    expect(events.map((e: { id: string }) => e.id)).toContain(eventId);
    const res = await manager.get(`/api/v1/reports/go-live-scorecard?eventId=${eventId}&minN=1`);
    expect(res.statusCode, res.body).toBe(200);
    const card = res.json();
    expect(card.event).toMatchObject({ id: eventId, facilities: [h.facility.name] });
    expect(card.total).toMatchObject({ issuesTaken: 3, patientCareAffected: 1 });
    expect(card.total.resolvedOnSpot).toMatchObject({ numerator: 1, n: 3 });
    const firm = card.providers.find((p: { id: string }) => p.id === h.outsourcer.id);
    expect(firm.figures).toMatchObject({ issuesTaken: 1, issuesHeld: 1 });
    expect(firm.figures.resolvedOnSpot).toMatchObject({ numerator: 1, n: 1 });
    expect(firm.figures.fcr).toMatchObject({ numerator: 1, n: 1 });
    expect(firm.figures.csat.satisfied).toMatchObject({ numerator: 1, n: 1 });
    // Each issue once in the whole go-live; each held by some provider.
    const taken = card.providers.reduce(
      (n: number, p: { figures: { issuesTaken: number } }) => n + p.figures.issuesTaken,
      0,
    );
    expect(taken).toBe(3);
    // Month 0 is the baseline (the pulse answer), month 1 the first month since the go-live (the ticket answer).
    expect(card.satisfaction.map((m: { month: number }) => m.month)).toEqual([0, 1]);
    expect(card.satisfaction[0].csat.satisfied).toMatchObject({ numerator: 0, n: 1 });
    expect(card.satisfaction[1].csat.satisfied).toMatchObject({ numerator: 1, n: 1 });
    expect(card.satisfaction[1].from).toBe(iso(now - 2 * 24 * HOUR_MS));
  });

  it('says "too few to compare" at the default minimum, and only report readers see it (never vendors)', async () => {
    const card = (await manager.get(`/api/v1/reports/go-live-scorecard?eventId=${eventId}`)).json();
    expect(card.total.resolvedOnSpot.tooFewToCompare).toBe(true);
    for (const who of [agent, vendor, nurse]) {
      expect((await who.get(`/api/v1/reports/go-live-scorecard?eventId=${eventId}`)).statusCode).toBe(403);
      expect((await who.get('/api/v1/reports/go-live-events')).statusCode).toBe(403);
    }
    expectProblem(await manager.get(`/api/v1/reports/go-live-scorecard?eventId=${newId()}`), 404, /no such go-live/);
    expectProblem(await manager.get('/api/v1/reports/go-live-scorecard?eventId=nope'), 400, /go-live/);
  });
});

describe('go-live phone lines', () => {
  it('routes a call to a go-live line by the caller’s role and the application chosen, while the go-live runs', async () => {
    const set = await manager.request({
      method: 'PATCH',
      url: `/api/v1/golive/events/${eventId}`,
      payload: { phoneLines: [' EHR-GOLIVE ', 'EHR-GOLIVE'] },
    });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json().phoneLines).toEqual(['EHR-GOLIVE']);
    const phone = t.withToken(await integrationToken(t.ctx, `pbx-golive-${h.tag}`));
    const call = async (extra: Record<string, unknown>) => {
      const callId = `golive-${newId()}`;
      const res = await phone.post('/api/v1/cti/events', {
        type: 'offered',
        callId,
        occurredAt: iso(Date.now()),
        ...extra,
      });
      expect(res.statusCode, res.body).toBe(200);
      return rowsOf<{ line: string; skills: string[] | string }>(
        await t.ctx.database.db.execute(
          sql`SELECT line, skills::text[] AS skills FROM contacts WHERE external_call_id = ${callId}`,
        ),
      )[0]!;
    };
    const skill = `service:${h.bcma.id}`;
    const nursePhone = h.nurse.phones[0]!;
    // The nurse on the go-live line (any case): the clinical lane, with the application as the skill needed.
    const nurse = await call({ dialledLine: 'ehr-golive', callerNumber: nursePhone, line: 'general', skills: [skill] });
    expect(nurse.line).toBe('clinical');
    expect(String(nurse.skills)).toContain(h.bcma.id);
    // An unknown caller keeps the line the phone system named; off the go-live line, the usual rule.
    expect((await call({ dialledLine: 'EHR-GOLIVE', callerNumber: '+1 999 555 0101' })).line).toBe('general');
    expect((await call({ dialledLine: 'MAIN', callerNumber: nursePhone, line: 'general' })).line).toBe('general');
  });
});
