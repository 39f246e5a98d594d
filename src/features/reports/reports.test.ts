// Reports on the demo history through HTTP: the honesty checks (a period's FCR equals the tickets' own verdicts,
// ticket by ticket; SQL figures equal the pure rules; the maintained facts equal a rebuild), validation, access,
// drill-down and export.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTestApp, type TestApp } from '../../../test/app.ts';
import { rowsOf } from '../../platform/db/connect.ts';
import { formatTicketNumber } from '../tickets/rules/vocabulary.ts';
import { rebuildFacts, refreshChangedFacts } from './refresh.ts';
import { ticketFigures } from './rules/metrics.ts';
import type { TicketFacts } from './rules/ticket-facts.ts';
import { reportTicketFacts } from './tables.ts';

let t: TestApp;
let manager: Client;
let range: string;

beforeAll(async () => {
  t = await createTestApp();
  await rebuildFacts(t.ctx);
  manager = await t.signIn('manager');
  const r = rowsOf<{ lo: Date | string; hi: Date | string }>(
    await t.ctx.database.db.execute(sql`SELECT min(created_at) AS lo, max(created_at) AS hi FROM tickets`),
  )[0]!;
  const from = new Date(new Date(r.lo).getTime() - 86_400_000).toISOString();
  const to = new Date(new Date(r.hi).getTime() + 86_400_000).toISOString();
  range = `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
});
afterAll(() => t?.close());

async function loadFacts(): Promise<TicketFacts[]> {
  const rows = await t.ctx.database.db.select().from(reportTicketFacts);
  return rows.map((r) => ({
    ...r,
    createdAt: r.createdAt.getTime(),
    resolvedAt: r.resolvedAt?.getTime() ?? null,
    channel: r.channel as TicketFacts['channel'],
    tiersReached: r.tiersReached as TicketFacts['tiersReached'],
  }));
}

describe('honesty on the demo history', () => {
  it("counts a period's FCR exactly as each ticket's own page judges it, ticket by ticket", async () => {
    const facts = await loadFacts();
    expect(facts.length).toBeGreaterThanOrEqual(200);
    let live = 0;
    let fcr = 0;
    // Ten pages at a time: each ticket's own page, as a manager reads it.
    for (let i = 0; i < facts.length; i += 10) {
      const batch = facts.slice(i, i + 10);
      const pages = await Promise.all(
        batch.map(async (f) => (await manager.get(`/api/v1/tickets/${formatTicketNumber(f.number)}`)).json()),
      );
      batch.forEach((f, j) => {
        const verdict = pages[j].firstContact;
        expect({ n: f.number, live: f.liveContact, fcr: f.fcr }).toEqual({
          n: f.number,
          live: verdict.liveContact,
          fcr: verdict.resolvedOnFirstContact,
        });
        if (verdict.liveContact) live++;
        if (verdict.resolvedOnFirstContact) fcr++;
      });
    }
    const report = (await manager.get(`/api/v1/reports/tickets?${range}&groupBy=period&period=month`)).json();
    expect(report.total.fcrGross).toMatchObject({ numerator: fcr, n: live });
    const summed = report.groups.reduce(
      (s: number, g: { figures: { fcrGross: { numerator: number } } }) => s + g.figures.fcrGross.numerator,
      0,
    );
    expect(summed).toBe(fcr);
  }, 180_000);

  it('gives, per facility, the same figures in SQL as the pure rules over the same facts', async () => {
    const facts = await loadFacts();
    const now = Date.now();
    const report = (await manager.get(`/api/v1/reports/tickets?${range}&groupBy=facility`)).json();
    for (const g of report.groups) {
      const pure = ticketFigures(
        facts.filter((f) => (f.facilityId ?? '') === g.key),
        now,
      );
      const sqlFigures = g.figures;
      for (const m of ['fcrGross', 'fcrNet', 'reopenRate', 'responseAttainment', 'resolutionAttainment'] as const)
        expect(sqlFigures[m], m).toEqual(pure[m]);
      expect(sqlFigures.escalationRate).toEqual(pure.escalationRate);
      expect(sqlFigures.timeToResolveWall.median).toBe(pure.timeToResolveWall.median);
      expect(sqlFigures.timeToResolveWall.p90).toBe(pure.timeToResolveWall.p90);
      expect(sqlFigures.timeToResolveCalendar.median).toBe(pure.timeToResolveCalendar.median);
      expect(sqlFigures.patientCareAffected.tickets).toBe(pure.patientCareAffected.tickets);
      expect(sqlFigures.patientCareAffected.clinicianHoursLost).toBeCloseTo(
        pure.patientCareAffected.clinicianHoursLost,
        0,
      );
    }
  });

  it('keeps the maintained facts equal to a rebuild from raw data after tickets change', async () => {
    // One ticket changes (patient care now affected) and another's clock is recomputed as breached.
    const db = t.ctx.database.db;
    const [a, b] = rowsOf<{ id: string }>(
      await db.execute(sql`SELECT ticket_id AS id FROM ticket_sla ORDER BY ticket_id LIMIT 2`),
    );
    await db.execute(
      sql`UPDATE tickets SET patient_care_affected = NOT patient_care_affected, updated_at = now() WHERE id = ${a!.id}`,
    );
    await db.execute(sql`
      UPDATE ticket_sla SET resolution_breached_at = coalesce(resolution_breached_at, now()), resolution_state = 'stopped',
        computed_at = now() WHERE ticket_id = ${b!.id}`);
    const before = await loadFacts();
    expect(await refreshChangedFacts(t.ctx)).toBeGreaterThanOrEqual(2);
    const strip = (rows: TicketFacts[]) =>
      rows.map(({ ...f }) => ({ ...f, refreshedAt: undefined })).sort((a, b) => a.number - b.number);
    const maintained = strip(await loadFacts());
    expect(maintained).not.toEqual(strip(before));
    await rebuildFacts(t.ctx);
    expect(strip(await loadFacts())).toEqual(maintained);
  });
});

describe('asking for a report', () => {
  it('answers an unknown dimension, a reversed range and a range over 5 years with 400 saying what to send', async () => {
    const bad = [
      ['/api/v1/reports/tickets?from=2026-01-01&to=2026-02-01&groupBy=colour', /one of: period, facility/],
      ['/api/v1/reports/tickets?from=2026-02-01&to=2026-01-01', /earlier than/],
      ['/api/v1/reports/tickets?from=2019-01-01&to=2026-01-01', /at most 5 years/],
      ['/api/v1/reports/calls?from=2026-01-01&to=2026-02-01&groupBy=colour', /one of: period, line/],
      ['/api/v1/reports/scorecards?from=2026-02-01&to=2026-01-01', /earlier than/],
    ] as const;
    for (const [url, message] of bad) {
      const res = await manager.get(url);
      expect(res.statusCode, url).toBe(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body).toMatch(message);
    }
  });

  it('shows agents only the tickets they took, and requesters and vendors nothing', async () => {
    const agent = await t.signIn('agent');
    const own = (await agent.get(`/api/v1/reports/tickets?${range}&groupBy=agent`)).json();
    expect(own.scope).toBe('own');
    expect(own.groups.length).toBeLessThanOrEqual(1);
    const all = (await manager.get(`/api/v1/reports/tickets?${range}`)).json();
    expect(all.scope).toBe('all');
    expect(own.total.tickets).toBeLessThan(all.total.tickets);
    expect((await agent.get(`/api/v1/reports/scorecards?${range}`)).statusCode).toBe(403);
    for (const who of ['nurse', 'vendor']) {
      const c = await t.signIn(who);
      expect((await c.get(`/api/v1/reports/tickets?${range}`)).statusCode, who).toBe(403);
      expect((await c.get(`/api/v1/reports/tickets/export.csv?${range}`)).statusCode, who).toBe(403);
    }
  });

  it('drills from a figure to exactly the tickets it counts, page by page', async () => {
    const report = (await manager.get(`/api/v1/reports/tickets?${range}&groupBy=channel`)).json();
    const phone = report.groups.find((g: { key: string }) => g.key === 'phone');
    const seen: string[] = [];
    let after = '';
    for (;;) {
      const page = (
        await manager.get(
          `/api/v1/reports/tickets/drill?${range}&metric=fcrGross&outcome=hit&groupBy=channel&group=phone&limit=7${after}`,
        )
      ).json();
      seen.push(...page.tickets.map((x: { number: string }) => x.number));
      if (page.next === null) break;
      after = `&after=${page.next}`;
    }
    expect(seen).toHaveLength(phone.figures.fcrGross.numerator);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('exports every row as CSV and the same rows as JSON, and audits each export', async () => {
    const all = (await manager.get(`/api/v1/reports/tickets?${range}`)).json();
    const csv = await manager.get(`/api/v1/reports/tickets/export.csv?${range}`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]).toMatch(/^ticket,opened_at,channel/);
    expect(lines).toHaveLength(all.total.tickets + 1);
    const json = (await manager.get(`/api/v1/reports/tickets/rows?${range}&limit=10000`)).json();
    expect(json.rows.map((r: { ticket: string }) => r.ticket)).toEqual(lines.slice(1).map((l) => l.split(',')[0]));
    const audits = rowsOf<{ n: number }>(
      await t.ctx.database.db.execute(sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'report.export'`),
    )[0]!;
    expect(Number(audits.n)).toBeGreaterThanOrEqual(2);
  });
});
