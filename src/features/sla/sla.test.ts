// SLA through the API on a real database: the policy that applies, clocks through pending/resolve/reopen, the
// sweep's at-risk and breach announcements (once each), admin CRUD and its validation, and the at-risk view.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTestApp, type TestApp } from '../../../test/app.ts';
import { onPostgres } from '../../../test/db.ts';
import { buildHospital, type Hospital, signInAs } from '../../../test/factories.ts';
import { type Queryable, rowsOf } from '../../platform/db/connect.ts';
import { backfillTicketSla, sweepSla } from './service.ts';

let t: TestApp;
let h: Hospital;
let nurse: Client;
let agent: Client;
let admin: Client;
beforeAll(async () => {
  t = await createTestApp();
  h = await buildHospital(t.ctx);
  [nurse, agent] = await signInAs(t, h, 'nurse', 'agent');
  admin = await t.signIn('admin');
});
afterAll(() => t.close());

const MIN = 60_000;
const patch = (c: Client, url: string, payload: object) => c.request({ method: 'PATCH', url, payload });

async function open(client: Client, body: Record<string, unknown>) {
  const res = await client.post('/api/v1/tickets', body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}
async function read(client: Client, number: string) {
  const res = await client.get(`/api/v1/tickets/${number}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}
async function setStatus(number: string, body: Record<string, unknown>) {
  const current = await read(agent, number);
  const res = await patch(agent, `/api/v1/tickets/${number}`, { version: current.version, ...body });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}
async function eventsOf(ticketId: string) {
  return t.ctx.database.query<{ type: string; payload: { clock: string } }>(
    `SELECT type, payload FROM outbox WHERE subject_id = $1 AND type LIKE 'sla.%' ORDER BY id`,
    [ticketId],
  );
}

describe('SLA on tickets', () => {
  it('applies the 24x7 patient-care policy to a BCMA outage and shows when first response is due', async () => {
    const before = Date.now();
    const ticket = await open(nurse, {
      summary: 'BCMA scanner will not read wristbands on 4 West',
      serviceId: h.ehr.id,
      moduleId: h.bcma.id,
      patientCareAffected: true,
      scope: 'unit',
      workaroundAvailable: false,
    });
    expect(ticket.priority).toBe(1);
    expect(ticket.slaDetail).toMatchObject({ policy: 'P1, patient care or safety (24x7)', timeZone: 'UTC' });
    expect(ticket.slaDetail.response).toMatchObject({ state: 'running', targetMinutes: 15, breached: false });
    expect(ticket.slaDetail.resolution).toMatchObject({ state: 'running', targetMinutes: 120 });
    const due = Date.parse(ticket.slaDetail.response.dueAt);
    expect(due).toBeGreaterThanOrEqual(before + 15 * MIN - 1000);
    expect(due).toBeLessThanOrEqual(Date.now() + 15 * MIN);
    expect(ticket.sla).toMatchObject({ clock: 'response', state: 'running', breached: false });
    // The requester sees when help is due, not who used the time.
    expect(ticket.slaDetail.elapsedByHolder).toEqual({});
    const asAgent = await read(agent, ticket.number);
    expect(asAgent.slaDetail.policyId).toBe(ticket.slaDetail.policyId);
  });

  it('puts a printer question on business hours in the facility’s time zone', async () => {
    const ticket = await open(nurse, { summary: 'Label printer prints blank labels', serviceId: h.printers.id });
    expect(ticket.slaDetail).toMatchObject({ policy: 'Standard (business hours)', timeZone: 'America/Chicago' });
  });

  it('pauses in pending-requester, stops at resolution and carries on after a reopen', async () => {
    const ticket = await open(agent, {
      requesterId: h.nurse.id,
      summary: 'Cannot sign orders in CPOE',
      serviceId: h.ehr.id,
      moduleId: h.cpoe.id,
      impact: 2,
      urgency: 2,
      assignToMe: true,
    });
    // Opened by the desk on a call: the first response is the call itself.
    expect(ticket.slaDetail.response).toMatchObject({ state: 'stopped', breached: false });
    expect(ticket.slaDetail.resolution.state).toBe('running');

    const pending = await setStatus(ticket.number, { status: 'pending_requester' });
    expect(pending.slaDetail.resolution).toMatchObject({ state: 'paused', dueAt: null });
    const left = pending.slaDetail.resolution.remainingMinutes;
    expect(left).toBeGreaterThan(pending.slaDetail.resolution.targetMinutes - 1);

    const resumed = await setStatus(ticket.number, { status: 'in_progress' });
    expect(resumed.slaDetail.resolution.state).toBe('running');
    const dueAfterResume = Date.parse(resumed.slaDetail.resolution.dueAt);
    expect(Math.abs(dueAfterResume - (Date.now() + left * MIN))).toBeLessThan(5_000);

    const resolved = await setStatus(ticket.number, {
      status: 'resolved',
      resolution: { code: 'configuration_fixed', note: 'Re-synced the signing certificate.' },
    });
    expect(resolved.slaDetail.resolution).toMatchObject({ state: 'stopped', dueAt: null, breached: false });
    expect(resolved.sla).toMatchObject({ clock: 'resolution', state: 'stopped' });

    const reopened = await setStatus(ticket.number, { status: 'in_progress' });
    expect(reopened.slaDetail.resolution.state).toBe('running');
    expect(Date.parse(reopened.slaDetail.resolution.dueAt)).toBeGreaterThan(Date.now());
    expect(Object.keys(reopened.slaDetail.elapsedByHolder).some((k) => k.startsWith('tier1/'))).toBe(true);
    expect(reopened.slaDetail.elapsedByHolder.paused).toBeGreaterThanOrEqual(0);
  });

  it('recomputes the due time when the priority changes', async () => {
    const ticket = await open(agent, {
      requesterId: h.nurse.id,
      summary: 'Printer on 4 West jams',
      serviceId: h.printers.id,
      impact: 3,
      urgency: 3,
      assignToMe: true,
    });
    const lowTarget = ticket.slaDetail.resolution.targetMinutes;
    const raised = await setStatus(ticket.number, { impact: 1, urgency: 1 });
    expect(raised.priority).toBeLessThan(ticket.priority);
    expect(raised.slaDetail.resolution.targetMinutes).toBeLessThan(lowTarget);
  });

  it('announces at risk and breach once each, and only the breach when the sweep comes late', async () => {
    const ticket = await open(nurse, {
      summary: 'eMAR will not open for 3 North',
      serviceId: h.ehr.id,
      patientCareAffected: true,
      scope: 'unit',
      workaroundAvailable: false,
    });
    const opened = Date.parse(ticket.createdAt);
    // 12 minutes in: the response clock (15 min) is at risk.
    await sweepSla(t.ctx, opened + 12 * MIN);
    expect((await eventsOf(ticket.id)).map((e) => `${e.type}:${e.payload.clock}`)).toEqual(['sla.at_risk:response']);
    await sweepSla(t.ctx, opened + 13 * MIN);
    expect(await eventsOf(ticket.id)).toHaveLength(1);
    // The server was down for three hours: both clocks are past due; only breaches are announced.
    await sweepSla(t.ctx, opened + 180 * MIN);
    await sweepSla(t.ctx, opened + 181 * MIN);
    expect((await eventsOf(ticket.id)).map((e) => `${e.type}:${e.payload.clock}`)).toEqual([
      'sla.at_risk:response',
      'sla.breached:response',
      'sla.breached:resolution',
    ]);
    const detail = await read(agent, ticket.number);
    expect(detail.slaDetail.response).toMatchObject({ breached: true });
    expect(Date.parse(detail.slaDetail.response.breachedAt)).toBe(opened + 15 * MIN);
    expect(Date.parse(detail.slaDetail.resolution.breachedAt)).toBe(opened + 120 * MIN);
    const audit = await t.ctx.database.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'sla.breached' AND target_id = $1`,
      [ticket.id],
    );
    expect(audit[0]!.n).toBe(2);

    const view = await agent.get('/api/v1/tickets?view=sla_at_risk&limit=100');
    expect(view.statusCode, view.body).toBe(200);
    const row = view.json().items.find((i: { number: string }) => i.number === ticket.number);
    expect(row.sla).toMatchObject({ breached: true });
  });

  it('gives every ticket loaded without the services an SLA rebuilt from its history', async () => {
    await t.ctx.database.query('DELETE FROM ticket_sla WHERE ticket_id IN (SELECT id FROM tickets LIMIT 20)');
    const filled = await backfillTicketSla(t.ctx);
    expect(filled).toBeGreaterThanOrEqual(20);
    const missing = await t.ctx.database.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM tickets WHERE id NOT IN (SELECT ticket_id FROM ticket_sla)',
    );
    expect(missing[0]!.n).toBe(0);
  });

  it('fills them batch after batch, each from where the last ended, also across tickets opened at the same instant', async () => {
    const db = t.ctx.database;
    const picked = await db.query<{ id: string; created_at: string }>(
      'SELECT id, created_at::text FROM tickets ORDER BY created_at DESC LIMIT 20',
    );
    const ids = picked.map((p) => p.id);
    // Eight of them opened at one instant (to the microsecond), so batches of three end inside that group.
    await db.query(`UPDATE tickets SET created_at = '2026-01-05 10:00:00.123456+00' WHERE id = ANY($1::uuid[])`, [
      ids.slice(0, 8),
    ]);
    try {
      await db.query('DELETE FROM ticket_sla WHERE ticket_id = ANY($1::uuid[])', [ids]);
      expect(await backfillTicketSla(t.ctx, 3)).toBe(20);
      const [missing] = await db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM tickets WHERE id NOT IN (SELECT ticket_id FROM ticket_sla)',
      );
      expect(missing!.n).toBe(0);
    } finally {
      for (const p of picked)
        await db.query('UPDATE tickets SET created_at = $2::timestamptz WHERE id = $1', [p.id, p.created_at]);
    }
  });
});

describe('SLA settings kept between tickets', () => {
  const stamp = async (q: Queryable = t.ctx.database.db) =>
    rowsOf<{ stamp: string }>(await q.execute(sql`SELECT stamp FROM sla_settings_stamp`))[0]!.stamp;

  it('applies a policy changed by any means (plain SQL too) to the very next ticket', async () => {
    const ask = { summary: 'Label printer prints blank labels', serviceId: h.printers.id };
    expect((await open(nurse, ask)).slaDetail.policy).toBe('Standard (business hours)');
    // Kept now. A change that no application code sees (plain SQL) still draws a new stamp.
    await t.ctx.database.query(
      `UPDATE sla_policies SET name = 'Standard (renamed in SQL)' WHERE name = 'Standard (business hours)'`,
    );
    try {
      expect((await open(nurse, ask)).slaDetail.policy).toBe('Standard (renamed in SQL)');
    } finally {
      await t.ctx.database.query(
        `UPDATE sla_policies SET name = 'Standard (business hours)' WHERE name = 'Standard (renamed in SQL)'`,
      );
    }
    expect((await open(nurse, ask)).slaDetail.policy).toBe('Standard (business hours)');
  });

  it('gives a transaction that changes a calendar or policy its own new stamp, and nobody else until it commits', async () => {
    const before = await stamp();
    const inside: string[] = [];
    await t.ctx.database.db
      .transaction(async (tx) => {
        inside.push(await stamp(tx));
        await tx.execute(sql`UPDATE sla_calendars SET closures = closures`);
        inside.push(await stamp(tx));
        // Another connection still reads the committed stamp (the embedded database has only this one).
        if (onPostgres) expect(await stamp()).toBe(before);
        await tx.execute(sql`DELETE FROM sla_policies WHERE false`);
        inside.push(await stamp(tx));
        throw new Error('roll back');
      })
      .catch((e: Error) => expect(e.message).toBe('roll back'));
    expect(inside[0]).toBe(before);
    expect(new Set(inside).size).toBe(3);
    expect(await stamp()).toBe(before);
  });
});

describe('SLA administration', () => {
  const week = [1, 2, 3, 4, 5].map((day) => ({ day, start: '07:00', end: '19:00' }));

  it('rejects bad calendars with clear field errors', async () => {
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ timeZone: 'Mars/Olympus' }, 'body.timeZone', /IANA/],
      [{ weekly: [{ day: 1, start: '19:00', end: '07:00' }] }, 'body.weekly.0.end', /before it starts/],
      [
        {
          weekly: [
            { day: 2, start: '07:00', end: '12:00' },
            { day: 2, start: '11:00', end: '19:00' },
          ],
        },
        'body.weekly.1',
        /overlaps/,
      ],
      [{ weekly: [{ day: 9, start: '07:00', end: '19:00' }] }, 'body.weekly.0.day', /Sunday/],
    ];
    for (const [over, field, message] of cases) {
      const res = await admin.post('/api/v1/sla/calendars', {
        name: 'Bad',
        timeZone: 'America/Chicago',
        alwaysOpen: false,
        weekly: week,
        ...over,
      });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      const err = res.json().errors.find((e: { field: string }) => e.field === field);
      expect(err?.message, res.body).toMatch(message);
    }
  });

  it('lets an administrator add a calendar and a vendor contract policy, and nobody else', async () => {
    const body = { name: 'Pharmacy hours', timeZone: 'America/Chicago', alwaysOpen: false, weekly: week };
    expect((await agent.post('/api/v1/sla/calendars', body)).statusCode).toBe(403);
    const created = await admin.post('/api/v1/sla/calendars', body);
    expect(created.statusCode, created.body).toBe(201);
    expect((await admin.post('/api/v1/sla/calendars', body)).statusCode).toBe(409);

    const imported = await admin.post(`/api/v1/sla/calendars/${created.json().id}/closures/import`, {
      format: 'ical',
      version: created.json().version,
      content: [
        'BEGIN:VCALENDAR',
        'VERSION:2.0',
        'PRODID:-//Hospital//Holidays//EN',
        'BEGIN:VEVENT',
        'UID:thanksgiving',
        'SUMMARY:Thanksgiving',
        'DTSTART;VALUE=DATE:20261126',
        'DTEND;VALUE=DATE:20261127',
        'END:VEVENT',
        'BEGIN:VEVENT',
        'UID:new-year',
        'SUMMARY:New Year',
        'DTSTART;VALUE=DATE:20270101',
        'DTEND;VALUE=DATE:20270102',
        'RRULE:FREQ=YEARLY;COUNT=2',
        'END:VEVENT',
        'END:VCALENDAR',
      ].join('\r\n'),
    });
    expect(imported.statusCode, imported.body).toBe(200);
    expect(imported.json().added).toBe(3);
    expect(imported.json().calendar.closures).toContainEqual({
      name: 'Thanksgiving',
      start: '2026-11-26T00:00',
      end: '2026-11-27T00:00',
    });
    const csv = await admin.post(`/api/v1/sla/calendars/${created.json().id}/closures/import`, {
      format: 'csv',
      version: imported.json().calendar.version,
      content: 'name,start,end\nChristmas,2026-12-25\nEHR upgrade,2026-12-05T22:00,2026-12-06T04:00\nbroken line\n',
    });
    expect(csv.statusCode).toBe(400);
    expect(csv.json().errors).toEqual([{ field: 'body.content: line 4', message: expect.stringMatching(/expected/) }]);

    const policy = {
      name: 'EHR vendor contract',
      position: 5,
      match: { providerIds: [h.vendor.id] },
      calendarId: created.json().id,
      targets: {
        '1': { responseMinutes: 30, resolutionMinutes: 240 },
        '2': { responseMinutes: 60, resolutionMinutes: 480 },
        '3': { responseMinutes: 240, resolutionMinutes: 2880 },
        '4': { responseMinutes: 480, resolutionMinutes: 7200 },
      },
      pauseStatuses: ['pending_requester'],
    };
    const bad = await admin.post('/api/v1/sla/policies', {
      ...policy,
      targets: { ...policy.targets, '2': { responseMinutes: 600, resolutionMinutes: 30 } },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { field: string }) => e.field)).toContain('body.targets.2.resolutionMinutes');
    const made = await admin.post('/api/v1/sla/policies', policy);
    expect(made.statusCode, made.body).toBe(201);
    expect(made.json()).toMatchObject({ calendar: 'Pharmacy hours', atRiskPercent: 75, active: true });
    const list = await agent.get('/api/v1/sla/policies');
    expect(list.json().map((p: { name: string }) => p.name)[0]).toBe('EHR vendor contract');
    const stale = await patch(admin, `/api/v1/sla/policies/${made.json().id}`, { version: 99, active: false });
    expect(stale.statusCode).toBe(409);
    const off = await patch(admin, `/api/v1/sla/policies/${made.json().id}`, {
      version: made.json().version,
      active: false,
    });
    expect(off.statusCode, off.body).toBe(200);
    expect(off.json().active).toBe(false);
    const audit = await t.ctx.database.query<{ action: string }>(
      `SELECT action FROM audit_log WHERE action LIKE 'sla.%' AND action <> 'sla.breached' ORDER BY id`,
    );
    expect(audit.map((a) => a.action)).toEqual([
      'sla.calendar.create',
      'sla.calendar.import-closures',
      'sla.policy.create',
      'sla.policy.update',
    ]);
  });

  it('changes only what a PATCH names: a calendar keeps its hours, a contract its providers and settings', async () => {
    const calendar = await admin.post('/api/v1/sla/calendars', {
      name: 'Lab hours',
      timeZone: 'America/Chicago',
      alwaysOpen: false,
      weekly: week,
      closures: [{ name: 'Inventory day', start: '2027-02-01T00:00', end: '2027-02-02T00:00' }],
    });
    expect(calendar.statusCode, calendar.body).toBe(201);
    const renamed = await patch(admin, `/api/v1/sla/calendars/${calendar.json().id}`, {
      version: calendar.json().version,
      name: 'Laboratory hours',
    });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(renamed.json()).toMatchObject({
      name: 'Laboratory hours',
      weekly: calendar.json().weekly,
      closures: calendar.json().closures,
    });
    expect(renamed.json().weekly).toHaveLength(5);

    const contract = await admin.post('/api/v1/sla/policies', {
      name: 'Imaging vendor contract',
      description: 'Signed 2026',
      position: 7,
      active: true,
      match: { providerIds: [h.vendor.id], ticketTypes: ['incident'] },
      calendarId: calendar.json().id,
      targets: {
        '1': { responseMinutes: 30, resolutionMinutes: 240 },
        '2': { responseMinutes: 60, resolutionMinutes: 480 },
        '3': { responseMinutes: 240, resolutionMinutes: 2880 },
        '4': { responseMinutes: 480, resolutionMinutes: 7200 },
      },
      pauseStatuses: ['pending_requester', 'pending_change'],
      atRiskPercent: 60,
      pauseOnVendorNeedsInfo: false,
    });
    expect(contract.statusCode, contract.body).toBe(201);
    const before = contract.json();
    const changed = await patch(admin, `/api/v1/sla/policies/${before.id}`, { version: before.version, position: 8 });
    expect(changed.statusCode, changed.body).toBe(200);
    const { version: _v1, position: _p1, warnings: _w1, updatedAt: _u1, ...kept } = before;
    const { version: _v2, position, warnings: _w2, updatedAt: _u2, ...after } = changed.json();
    expect(position).toBe(8);
    expect(after).toEqual(kept);
  });
});
