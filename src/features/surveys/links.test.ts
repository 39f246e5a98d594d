// Surveys outside the portal: single-use links (no PHI shown; forged, expired, replayed, malformed), the phone
// system's post-call survey, and the managers' pulse, policies and response rates.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '../../../test/app.ts';
import { TEST_PASSWORD } from '../../../test/factories.ts';
import { SYSTEM_META } from '../../platform/actor.ts';
import { listEntries } from '../../platform/audit/store.ts';
import { sha256 } from '../../platform/auth/secrets.ts';
import { createToken, createUser } from '../../platform/auth/service.ts';
import { newId } from '../../platform/ids.ts';
import { contacts, contactTickets } from '../routing/tables.ts';
import { invitationOf, resolvedTicket, type SurveyWorld, surveyWorld } from './fixture.ts';
import { roleGroupOf } from './rules.ts';
import { surveyLinkOfTicket } from './service/links.ts';
import { surveyInvitations, surveyResponses } from './tables.ts';

let w: SurveyWorld;
let phone: Client;
let integrationId: string;
let pulseId: string;
let doctorLink: string;
let clerkLink: string;
beforeAll(async () => {
  w = await surveyWorld();
  const integration = await createUser(w.t.ctx, SYSTEM_META, {
    username: `pbx-${w.h.tag}`,
    displayName: 'Phone system',
    role: 'integration',
    password: TEST_PASSWORD,
    email: null,
  });
  integrationId = integration.id;
  phone = w.t.withToken((await createToken(w.t.ctx, SYSTEM_META, integration.id, { name: 'pbx' })).token);
});
afterAll(() => w?.t.close());

async function linkFor(ticketExtra: Record<string, unknown> = {}) {
  const ticket = await resolvedTicket(w, { type: 'incident', ...ticketExtra });
  const inv = (await invitationOf(w, ticket.id))!;
  const res = await w.manager.post(`/api/v1/surveys/invitations/${inv.id}/link`);
  expect(res.statusCode, res.body).toBe(200);
  return { ...ticket, inv, token: res.json().token as string, url: res.json().url as string };
}

describe('single-use links', () => {
  it('shows the ticket number and service only, answers once, and stores only the hash', async () => {
    const { token, url, inv, number } = await linkFor();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(url).toBe(`/s/${token}`);
    const stored = (
      await w.t.ctx.database.db.select().from(surveyInvitations).where(eq(surveyInvitations.id, inv.id))
    )[0]!;
    expect(stored.tokenHash).toBe(sha256(token));
    expect(JSON.stringify(stored)).not.toContain(token);

    const shown = await w.t.anonymous.get(`/api/v1/public/surveys/${token}`);
    expect(shown.statusCode, shown.body).toBe(200);
    expect(shown.json()).toMatchObject({ ticketNumber: number, serviceName: 'BCMA', state: 'open' });
    expect(shown.body).not.toMatch(/John Smith|00482913|chart/i);

    const first = await w.t.anonymous.post(`/api/v1/public/surveys/${token}`, { score: 5, solved: 'first_contact' });
    expect(first.statusCode, first.body).toBe(200);
    const replay = await w.t.anonymous.post(`/api/v1/public/surveys/${token}`, { score: 1 });
    expect(replay.statusCode).toBe(409);
    expect(replay.json().detail).toMatch(/already been answered/);
    expect((await w.t.anonymous.get(`/api/v1/public/surveys/${token}`)).statusCode).toBe(409);
    const rows = await w.t.ctx.database.db
      .select()
      .from(surveyResponses)
      .where(eq(surveyResponses.invitationId, inv.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ score: 5, channel: 'link' });
  });

  it('gives the resolution notice a link only while none is out, so a link the desk sent keeps working', async () => {
    const { token, inv } = await linkFor();
    const db = w.t.ctx.database.db;
    // The desk's link is out: the notice gets none, and the desk's link still opens the survey.
    expect(await db.transaction((tx) => surveyLinkOfTicket(tx, inv.ticketId!, new Date()))).toBeNull();
    expect((await w.t.anonymous.get(`/api/v1/public/surveys/${token}`)).statusCode).toBe(200);
    // No link out yet: the notice gets one, and it opens the survey.
    const ticket = await resolvedTicket(w, { type: 'incident' });
    const fresh = (await invitationOf(w, ticket.id))!;
    const path = await db.transaction((tx) => surveyLinkOfTicket(tx, fresh.ticketId!, new Date()));
    expect(path).toMatch(/^\/s\/[A-Za-z0-9_-]{43}$/);
    expect((await w.t.anonymous.get(`/api/v1/public/surveys/${path!.slice(3)}`)).statusCode).toBe(200);
  });

  it('records one answer when the same link is posted twice at once', async () => {
    const { token, inv } = await linkFor();
    const results = await Promise.all(
      [5, 4, 3].map((score) => w.t.anonymous.post(`/api/v1/public/surveys/${token}`, { score })),
    );
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409, 409]);
    const rows = await w.t.ctx.database.db
      .select()
      .from(surveyResponses)
      .where(eq(surveyResponses.invitationId, inv.id));
    expect(rows).toHaveLength(1);
  });

  it('answers forged, malformed, replaced and expired links with a plain problem', async () => {
    const forged = 'A'.repeat(43);
    const res = await w.t.anonymous.post(`/api/v1/public/surveys/${forged}`, { score: 5 });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().detail).toMatch(/not valid/);
    expect((await w.t.anonymous.get('/api/v1/public/surveys/short')).statusCode).toBe(400);

    const { token, inv } = await linkFor();
    const fresh = await w.manager.post(`/api/v1/surveys/invitations/${inv.id}/link`);
    expect((await w.t.anonymous.get(`/api/v1/public/surveys/${token}`)).statusCode).toBe(404);
    const newToken = fresh.json().token as string;
    await w.t.ctx.database.db
      .update(surveyInvitations)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(surveyInvitations.id, inv.id));
    const expired = await w.t.anonymous.post(`/api/v1/public/surveys/${newToken}`, { score: 5 });
    expect(expired.statusCode).toBe(410);
    expect(expired.json().detail).toMatch(/expired/);
    expect(
      await w.t.ctx.database.db.select().from(surveyResponses).where(eq(surveyResponses.invitationId, inv.id)),
    ).toEqual([]);
  });

  it('opens a recovery follow-up from a link answer too, and refuses bad scores with 400', async () => {
    const { token } = await linkFor();
    expect((await w.t.anonymous.post(`/api/v1/public/surveys/${token}`, { score: 9 })).statusCode).toBe(400);
    const res = await w.t.anonymous.post(`/api/v1/public/surveys/${token}`, { score: 1 });
    expect(res.json().followUpTicket).toMatch(/^CSD-/);
  });
});

describe('post-call survey from the phone system', () => {
  async function callWithTicket() {
    const ticket = await resolvedTicket(w, { type: 'incident' });
    const callId = `call-${newId()}`;
    const contactId = newId();
    const now = new Date();
    await w.t.ctx.database.db.insert(contacts).values({
      id: contactId,
      channel: 'phone',
      line: 'clinical',
      state: 'done',
      offeredAt: now,
      queuedAt: now,
      integrationId,
      externalCallId: callId,
    });
    await w.t.ctx.database.db.insert(contactTickets).values({ contactId, ticketId: ticket.id, relation: 'opened' });
    return { ...ticket, callId };
  }

  it('records the answer for the call’s ticket once, and only for tickets on that call', async () => {
    const { callId, number, id } = await callWithTicket();
    const res = await phone.post('/api/v1/cti/surveys', { callId, score: 4, solved: 'first_contact' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ duplicate: false, ticketNumber: number, followUpTicket: null });
    const again = await phone.post('/api/v1/cti/surveys', { callId, score: 4 });
    expect(again.json().duplicate).toBe(true);
    const rows = await w.t.ctx.database.db.select().from(surveyResponses).where(eq(surveyResponses.ticketId, id));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ channel: 'phone', score: 4, solvedFirstContact: true });

    const other = await resolvedTicket(w, { type: 'incident' });
    const foreign = await phone.post('/api/v1/cti/surveys', { callId, ticketNumber: other.number, score: 5 });
    expect(foreign.statusCode).toBe(409);
    expect((await phone.post('/api/v1/cti/surveys', { callId: 'nope', score: 5 })).statusCode).toBe(404);
    expect((await phone.post('/api/v1/cti/surveys', { callId, score: 0 })).statusCode).toBe(400);
    expect((await w.agent.post('/api/v1/cti/surveys', { callId, score: 5 })).statusCode).toBe(403);
  });
});

describe('administration', () => {
  it('validates and audits survey policies, managers only', async () => {
    const bad = await w.manager.post('/api/v1/surveys/policies', {
      name: 'Bad',
      position: 1,
      probability: 1.5,
      repeatIntervalDays: -1,
      delayMinutes: 0,
      expiresAfterDays: 0,
      conditions: { channels: ['fax'] },
    });
    expect(bad.statusCode).toBe(400);
    const fields = bad.json().errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(
      expect.arrayContaining(['body.probability', 'body.repeatIntervalDays', 'body.expiresAfterDays']),
    );
    const unknown = await w.manager.post('/api/v1/surveys/policies', {
      name: 'Unknown service',
      position: 1,
      probability: 1,
      repeatIntervalDays: 0,
      delayMinutes: 0,
      expiresAfterDays: 7,
      conditions: { serviceIds: [newId()] },
    });
    expect(unknown.statusCode).toBe(400);
    // Each unknown id is named under its field; the real service and provider beside them are not.
    const [ghostService, ghostProvider] = [newId(), newId()];
    const mixed = await w.manager.post('/api/v1/surveys/policies', {
      name: 'Unknown service and provider',
      position: 1,
      probability: 1,
      repeatIntervalDays: 0,
      delayMinutes: 0,
      expiresAfterDays: 7,
      conditions: { serviceIds: [w.h.ehr.id, ghostService], providerIds: [w.h.desk.id, ghostProvider] },
    });
    expect(mixed.statusCode).toBe(400);
    expect(mixed.json().errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'body.conditions.serviceIds', message: `unknown: ${ghostService}` }),
        expect.objectContaining({ field: 'body.conditions.providerIds', message: `unknown: ${ghostProvider}` }),
      ]),
    );
    expect((await w.agent.get('/api/v1/surveys/policies')).statusCode).toBe(403);
    const list = (await w.manager.get('/api/v1/surveys/policies')).json().policies;
    const p = list[0];
    const changed = await w.manager.request({
      method: 'PUT',
      url: `/api/v1/surveys/policies/${p.id}`,
      payload: { ...p, id: undefined, createdAt: undefined, updatedAt: undefined, probability: 0.5 },
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json().probability).toBe(0.5);
    const audit = await listEntries(w.t.ctx.database.db, { action: 'survey_policy.update', limit: 5 });
    expect(audit[0]?.targetId).toBe(p.id);
    // Put it back: later tests need every resolved ticket asked (at 0.5 whether one is asked depends on its id).
    const restored = await w.manager.request({
      method: 'PUT',
      url: `/api/v1/surveys/policies/${p.id}`,
      payload: { ...p, id: undefined, createdAt: undefined, updatedAt: undefined },
    });
    expect(restored.statusCode, restored.body).toBe(200);
  });

  it('runs a pulse by role group and facility; people without an account get links only when a manager asks', async () => {
    const res = await w.manager.post('/api/v1/surveys/pulses', {
      name: 'Q3 pulse',
      facilityId: w.h.facility.id,
      sample: { physicians: 5, nurses: 2, others: 5 },
    });
    expect(res.statusCode, res.body).toBe(200);
    const run = res.json();
    // The factory's facility: one attending and one clerk without an account, RNs with accounts (some still have a
    // survey waiting).
    expect(run.byGroup.physicians).toBe(1);
    expect(run.byGroup.others).toBe(1);
    expect(run.withoutAccount).toBe(2);
    expect(res.body).not.toContain('/s/');
    const byLink = await w.t.ctx.database.db
      .select()
      .from(surveyInvitations)
      .where(and(eq(surveyInvitations.pulseId, run.id), eq(surveyInvitations.channel, 'link')));
    expect(byLink.map((i) => i.personId).sort()).toEqual([w.h.doctor.id, w.h.clerk.id].sort());
    expect(byLink.every((i) => i.tokenHash === null)).toBe(true);
    const pulses = (await w.manager.get('/api/v1/surveys/pulses')).json().pulses;
    expect(pulses[0]).toMatchObject({ id: run.id, name: 'Q3 pulse', answered: 0, withoutAccount: 2 });
    expect((await w.manager.post('/api/v1/surveys/pulses', { name: 'Empty', sample: {} })).statusCode).toBe(400);
    pulseId = run.id;
  });

  describe('pulse links for people without an account', () => {
    const recipients = async () => {
      const res = await w.manager.get(`/api/v1/surveys/pulses/${pulseId}/recipients`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as {
        recipients: { invitationId: string; displayName: string; state: string; linkIssued: boolean }[];
      };
    };
    const issue = (body: Record<string, unknown>, c = w.manager) =>
      c.post(`/api/v1/surveys/pulses/${pulseId}/links`, body);
    const audits = async () =>
      (await listEntries(w.t.ctx.database.db, { action: 'survey.pulse_links', limit: 50 })).filter(
        (e) => e.targetId === pulseId,
      );

    it('lists who has no account, answered or not and link given or not, never a link', async () => {
      const list = await recipients();
      expect(list.recipients.map((r) => r.displayName)).toEqual(['Dr. Samuel Osei', 'Mia Park']);
      expect(list.recipients[0]).toEqual({
        invitationId: expect.any(String),
        displayName: 'Dr. Samuel Osei',
        clinicalRole: 'attending',
        unit: expect.any(String),
        facility: expect.any(String),
        state: 'open',
        linkIssued: false,
      });
      expect(JSON.stringify(list)).not.toMatch(/\/s\/|token/i);
    });

    it('gives each a link once, audited with the invitations read out; asking again gives none', async () => {
      const before = (await audits()).length;
      const first = await issue({});
      expect(first.statusCode, first.body).toBe(200);
      const body = first.json();
      expect(body.links.map((l: { displayName: string }) => l.displayName)).toEqual(['Dr. Samuel Osei', 'Mia Park']);
      expect(Object.keys(body.links[0]).sort()).toEqual(
        ['clinicalRole', 'displayName', 'facility', 'invitationId', 'unit', 'url'].sort(),
      );
      const stored = await w.t.ctx.database.db
        .select()
        .from(surveyInvitations)
        .where(eq(surveyInvitations.pulseId, pulseId));
      for (const link of body.links as { invitationId: string; url: string }[]) {
        const token = link.url.slice(3);
        expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
        expect(stored.find((i) => i.id === link.invitationId)?.tokenHash).toBe(sha256(token));
        expect(JSON.stringify(stored)).not.toContain(token);
      }
      const shown = (await w.t.anonymous.get(`/api/v1/public/surveys/${body.links[0].url.slice(3)}`)).json();
      expect(shown).toMatchObject({
        kind: 'pulse',
        ticketNumber: null,
        question: 'How satisfied are you with IT support?',
      });
      const entries = await audits();
      expect(entries.length).toBe(before + 1);
      expect(entries[0]!.summary).toMatchObject({
        issued: 2,
        replaced: 0,
        invitationIds: body.links.map((l: { invitationId: string }) => l.invitationId),
      });
      expect(JSON.stringify(entries[0])).not.toContain(body.links[0].url.slice(3));

      // Shown once: asking again gives no link (and is audited too), the list says a link was given.
      const again = (await issue({})).json();
      expect(again.links).toEqual([]);
      expect(again.skipped).toEqual({ alreadyIssued: 2, answered: 0, expired: 0 });
      expect((await audits()).length).toBe(before + 2);
      expect((await recipients()).recipients.every((r) => r.linkIssued)).toBe(true);
      // The links still work: a second read did not replace them.
      expect((await w.t.anonymous.get(`/api/v1/public/surveys/${body.links[1].url.slice(3)}`)).statusCode).toBe(200);
      doctorLink = body.links[0].url.slice(3);
      clerkLink = body.links[1].url.slice(3);
    });

    it('replaces a lost link on request (the old one stops working), and skips those who answered', async () => {
      const [doctor, clerk] = (await recipients()).recipients;
      const replaced = await issue({ invitationIds: [doctor!.invitationId], replaceIssued: true });
      expect(replaced.statusCode, replaced.body).toBe(200);
      expect(replaced.json().links.map((l: { displayName: string }) => l.displayName)).toEqual(['Dr. Samuel Osei']);
      expect((await w.t.anonymous.get(`/api/v1/public/surveys/${doctorLink}`)).statusCode).toBe(404);
      const fresh = replaced.json().links[0].url.slice(3);
      expect((await w.t.anonymous.post(`/api/v1/public/surveys/${fresh}`, { score: 4 })).statusCode).toBe(200);
      expect((await audits())[0]!.summary).toMatchObject({
        issued: 1,
        replaced: 1,
        invitationIds: [doctor!.invitationId],
      });

      const all = (await issue({ replaceIssued: true })).json();
      expect(all.links.map((l: { displayName: string }) => l.displayName)).toEqual(['Mia Park']);
      expect(all.skipped).toEqual({ alreadyIssued: 0, answered: 1, expired: 0 });
      expect((await w.t.anonymous.get(`/api/v1/public/surveys/${clerkLink}`)).statusCode).toBe(404);
      expect((await recipients()).recipients.map((r) => r.state)).toEqual(['answered', 'open']);
      expect(clerk!.displayName).toBe('Mia Park');
    });

    it('refuses other invitations, unknown pulses and anyone who may not run pulses', async () => {
      const ticketInvitation = (await linkFor()).inv.id;
      const stranger = await issue({ invitationIds: [ticketInvitation] });
      expect(stranger.statusCode).toBe(400);
      expect(stranger.json().errors[0].field).toBe('body.invitationIds');
      expect((await issue({ links: 'all' })).statusCode).toBe(400);
      expect((await w.manager.post(`/api/v1/surveys/pulses/${newId()}/links`, {})).statusCode).toBe(404);
      expect((await w.manager.get(`/api/v1/surveys/pulses/${newId()}/recipients`)).statusCode).toBe(404);
      for (const c of [w.agent, w.vendor, w.nurse]) {
        expect((await issue({}, c)).statusCode).toBe(403);
        expect((await c.get(`/api/v1/surveys/pulses/${pulseId}/recipients`)).statusCode).toBe(403);
      }
      expect((await w.t.anonymous.post(`/api/v1/surveys/pulses/${pulseId}/links`, {})).statusCode).toBe(401);
    });

    it('gives each link to one caller only when two managers ask at once', async () => {
      const res = await w.manager.post('/api/v1/surveys/pulses', {
        name: 'Race pulse',
        sample: { others: 50, physicians: 50 },
      });
      expect(res.statusCode, res.body).toBe(200);
      const id = res.json().id as string;
      const withoutAccount = res.json().withoutAccount as number;
      expect(withoutAccount).toBeGreaterThan(0); // Dr. Osei answered the last pulse: he is asked again, by link
      const both = await Promise.all([0, 1].map(() => w.manager.post(`/api/v1/surveys/pulses/${id}/links`, {})));
      const issued = both.flatMap((r) => r.json().links.map((l: { invitationId: string }) => l.invitationId));
      expect(new Set(issued).size).toBe(issued.length);
      expect(issued.length).toBe(withoutAccount);
    });
  });

  it('shows asked, answered and shares per group, and refuses bad ranges', async () => {
    const { token } = await linkFor();
    await w.t.anonymous.post(`/api/v1/public/surveys/${token}`, { score: 5 });
    const today = new Date().toISOString().slice(0, 10);
    const yearAgo = new Date(Date.now() - 365 * 86_400_000).toISOString().slice(0, 10);
    const res = await w.manager.get(`/api/v1/surveys/response-rates?from=${yearAgo}&to=${today}&by=role`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    const rn = body.groups.find((g: { group: string }) => g.group === 'rn');
    expect(rn.answered).toBeGreaterThanOrEqual(1);
    expect(rn.asked).toBeGreaterThanOrEqual(rn.answered);
    expect(rn.rate).toBeCloseTo(rn.answered / rn.asked);
    expect(body.total.asked).toBe(body.groups.reduce((s: number, g: { asked: number }) => s + g.asked, 0));
    expect((await w.manager.get(`/api/v1/surveys/response-rates?from=${today}&to=2024-01-01`)).statusCode).toBe(400);
    expect((await w.manager.get('/api/v1/surveys/response-rates?from=2015-01-01&to=2024-01-01')).statusCode).toBe(400);
    const bad = await w.manager.get(`/api/v1/surveys/response-rates?from=${yearAgo}&to=${today}&by=shoe_size`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].message).toMatch(/role, role_group, unit, facility, channel/);
  });

  it('counts role groups as the pulse samples them: physicians, advanced practice, nurses, others', async () => {
    const { token } = await linkFor();
    await w.t.anonymous.post(`/api/v1/public/surveys/${token}`, { score: 4 });
    const today = new Date().toISOString().slice(0, 10);
    const yearAgo = new Date(Date.now() - 365 * 86_400_000).toISOString().slice(0, 10);
    const rates = async (by: string) => {
      const res = await w.manager.get(`/api/v1/surveys/response-rates?from=${yearAgo}&to=${today}&by=${by}`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as { total: { asked: number }; groups: { group: string; asked: number; answered: number }[] };
    };
    const byRole = await rates('role');
    const expected = new Map<string, { asked: number; answered: number }>();
    for (const g of byRole.groups) {
      const group = roleGroupOf(g.group === 'unknown' ? null : g.group);
      const sum = expected.get(group) ?? { asked: 0, answered: 0 };
      expected.set(group, { asked: sum.asked + g.asked, answered: sum.answered + g.answered });
    }
    const byGroup = await rates('role_group');
    expect(byGroup.groups.map((g) => g.group)).toEqual([...expected.keys()].sort());
    for (const g of byGroup.groups) expect({ asked: g.asked, answered: g.answered }).toEqual(expected.get(g.group));
    expect(byGroup.groups.find((g) => g.group === 'nurses')?.answered).toBeGreaterThanOrEqual(1);
    expect(byGroup.total).toEqual(byRole.total);
  });
});
