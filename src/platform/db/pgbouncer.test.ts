// Clinidesk behind a transaction-pooling connection pooler (issue 17): Debian's PgBouncer, `pool_mode = transaction`,
// four server connections shared by two app instances of eight pooled connections each; their listeners go straight
// to PostgreSQL (DATABASE_DIRECT_URL). The database's own time zone is Asia/Kolkata, so a session setting the pooler
// lost would show. Needs a PostgreSQL server (TEST_DATABASE_URL) and pgbouncer; skipped with the reason otherwise.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEventStream } from '../../../test/event-stream.ts';
import { buildHospital, type Hospital, TEST_PASSWORD } from '../../../test/factories.ts';
import { createPgDatabase } from '../../../test/pg-database.ts';
import { type PgBouncer, pgbouncerMissing, startPgBouncer } from '../../../test/pgbouncer.ts';
import type { Instance } from '../../../test/two-instances.ts';
import { sweepSla } from '../../features/sla/service.ts';
import type { SlaDetail } from '../../features/sla/view.ts';
import { createContextAndApp } from '../../main.ts';
import { exclusively } from '../jobs/runner.ts';
import { openDatabase } from './connect.ts';

const SERVER = process.env.TEST_DATABASE_URL;
const skip = SERVER
  ? pgbouncerMissing()
  : 'TEST_DATABASE_URL is not set: the PgBouncer tests need a PostgreSQL server behind the pooler';
const SERVER_CONNECTIONS = 4;

// 20:00 UTC on 1 December is already 2 December in India: a session in the database's own zone shows the next day.
const MIDNIGHT_PASSED_IN_INDIA = `SELECT current_setting('TimeZone') AS zone,
  date_trunc('day', timestamptz '2026-12-01 20:00:00Z')::date::text AS day, pg_sleep(0.02)::text AS slept`;

type Session = { app: Instance['app']; cookie: string; csrf: string };

async function signIn(on: Instance, username: string): Promise<Session> {
  const res = await on.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { username, password: TEST_PASSWORD },
  });
  expect(res.statusCode, res.body).toBe(200);
  const cookie = res.cookies.find((c) => c.name === 'clinidesk_session')!.value;
  return { app: on.app, cookie, csrf: res.json().csrfToken };
}

/** The same signed-in person's requests sent to another instance (the session lives in the database). */
const on = (s: Session, other: Instance): Session => ({ ...s, app: other.app });

function post(s: Session, url: string, payload: object) {
  return s.app.inject({
    method: 'POST',
    url,
    payload,
    headers: { cookie: `clinidesk_session=${s.cookie}`, 'x-csrf-token': s.csrf },
  });
}

describe.skipIf(skip)('Clinidesk behind PgBouncer in transaction pooling', () => {
  let bouncer: PgBouncer | undefined;
  let database: Awaited<ReturnType<typeof createPgDatabase>> | undefined;
  let admin: pg.Client;
  let dbName: string;
  let a: Instance | undefined;
  let b: Instance | undefined;
  let h: Hospital;

  beforeAll(async () => {
    database = await createPgDatabase(SERVER!);
    dbName = new URL(database.url).pathname.slice(1);
    admin = new pg.Client({ connectionString: SERVER });
    await admin.connect();
    await admin.query(`ALTER DATABASE ${pg.escapeIdentifier(dbName)} SET timezone = 'Asia/Kolkata'`);
    bouncer = await startPgBouncer(SERVER!, SERVER_CONNECTIONS);
    const opts = {
      databaseUrl: bouncer.urlOf(dbName),
      seedDemo: false,
      logLevel: 'silent',
      // A one-minute poll: a live event that arrives within seconds came by LISTEN/NOTIFY.
      env: { CLINIDESK_DB_POOL_SIZE: '8', DATABASE_DIRECT_URL: database.url, CLINIDESK_EVENT_POLL_MS: '60000' },
    };
    a = await createContextAndApp(opts);
    b = await createContextAndApp(opts);
    h = await buildHospital(a.ctx);
  }, 120_000);

  afterAll(async () => {
    await a?.close();
    await b?.close();
    await bouncer?.close();
    await admin?.end();
    await database?.drop();
  });

  it('works in UTC on every pooled connection, though the pooler hands out sessions in Asia/Kolkata', async () => {
    // A client that sets nothing gets the database's zone through the pooler: what Clinidesk must not depend on.
    const plain = new pg.Client({ connectionString: bouncer!.urlOf(dbName) });
    await plain.connect();
    const [raw] = (await plain.query(MIDNIGHT_PASSED_IN_INDIA)).rows;
    await plain.end();
    expect(raw).toMatchObject({ zone: 'Asia/Kolkata', day: '2026-12-02' });
    // 32 statements at once from both instances' 16 connections, over the pooler's 4 server connections.
    const rows = await Promise.all(
      Array.from({ length: 32 }, (_, i) => (i % 2 ? b! : a!).ctx.database.query(MIDNIGHT_PASSED_IN_INDIA)),
    );
    expect(rows.map((r) => r[0])).toEqual(rows.map(() => ({ zone: 'UTC', day: '2026-12-01', slept: '' })));
  });

  it('creates each of 30 tickets exactly once when three people on two instances create them at once', async () => {
    const nurse = await signIn(a!, h.users.nurse.username);
    const colleague = await signIn(b!, h.users.colleague.username);
    const agent = await signIn(a!, h.users.agent.username);
    // Each session also serves requests on the other instance.
    const senders = [nurse, on(nurse, b!), colleague, on(colleague, a!), agent, on(agent, b!)];
    const tag = `pooled-${h.tag}`;
    const before = Date.now();
    const responses = await Promise.all(
      Array.from({ length: 30 }, (_, i) => {
        const sender = senders[i % senders.length]!;
        // The agent opens tickets for the nurse; the nurses open their own.
        const forNurse = sender.cookie === agent.cookie ? { requesterId: h.nurse.id } : {};
        return post(sender, '/api/v1/tickets', {
          summary: `${tag} infusion pump ${i} alarms`,
          serviceId: h.ehr.id,
          ...forNurse,
        });
      }),
    );
    const after = Date.now();
    expect(responses.map((r) => r.statusCode)).toEqual(responses.map(() => 201));
    const tickets = responses.map((r) => r.json() as { number: string; createdAt: string });
    expect(new Set(tickets.map((t) => t.number)).size).toBe(30);
    for (const t of tickets) {
      expect(Date.parse(t.createdAt)).toBeGreaterThanOrEqual(before - 1000);
      expect(Date.parse(t.createdAt)).toBeLessThanOrEqual(after + 1000);
    }
    const stored = await a!.ctx.database.query<{ summary: string; n: number; created: string }>(
      `SELECT summary, count(*)::int AS n, min(created_at)::text AS created FROM tickets
       WHERE summary LIKE $1 GROUP BY summary`,
      [`${tag} %`],
    );
    expect(stored).toHaveLength(30);
    expect(stored.every((r) => r.n === 1)).toBe(true);
    // Shown by a pooled session as PostgreSQL writes a UTC time: "+00" at the end.
    expect(stored.every((r) => r.created.endsWith('+00'))).toBe(true);
  });

  it('starts each ticket’s SLA clock at its creation and announces each breach once when both instances sweep', async () => {
    const nurse = await signIn(b!, h.users.nurse.username);
    const tickets: { id: string; createdAt: string; slaDetail: SlaDetail }[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await post(nurse, '/api/v1/tickets', {
        summary: `Barcode scanner ${i} offline`,
        serviceId: h.ehr.id,
      });
      expect(res.statusCode, res.body).toBe(201);
      tickets.push(res.json());
    }
    for (const t of tickets) {
      // The around-the-clock policy of a clinical-critical service: due its target after creation, to the millisecond.
      const { response } = t.slaDetail;
      expect(Date.parse(response!.dueAt!) - Date.parse(t.createdAt)).toBe(response!.targetMinutes * 60_000);
    }
    // Past every response target, before any resolution target: both instances sweep at once, as their jobs would.
    const later = Date.parse(tickets[0]!.createdAt) + (tickets[0]!.slaDetail.response!.targetMinutes + 60) * 60_000;
    for (let round = 0; round < 20; round++) {
      const counts = await Promise.all([sweepSla(a!.ctx, later, 4), sweepSla(b!.ctx, later, 4)]);
      if (counts[0] === 0 && counts[1] === 0) break;
    }
    const breaches = await a!.ctx.database.query<{ subject_id: string; clock: string; n: number }>(
      `SELECT subject_id, payload->>'clock' AS clock, count(*)::int AS n FROM outbox
        WHERE type = 'sla.breached' AND subject_id = ANY($1::text[]) GROUP BY 1, 2 ORDER BY 1`,
      [tickets.map((t) => t.id)],
    );
    expect(breaches).toEqual(
      tickets
        .map((t) => ({ subject_id: t.id, clock: 'response', n: 1 }))
        .sort((x, y) => (x.subject_id < y.subject_id ? -1 : 1)),
    );
  });

  it('delivers a ticket created on one instance to a console on the other by NOTIFY, within seconds', async () => {
    const address = await b!.app.listen({ port: 0, host: '127.0.0.1' });
    const agent = await signIn(b!, h.users.agent.username);
    const stream = await openEventStream(address, agent.cookie);
    try {
      const nurse = await signIn(a!, h.users.nurse.username);
      const res = await post(nurse, '/api/v1/tickets', {
        summary: 'Label printer jams on 4 West',
        serviceId: h.ehr.id,
      });
      expect(res.statusCode, res.body).toBe(201);
      // The poll is a minute apart: only the NOTIFY to the listener's direct connection brings it this soon.
      await expect.poll(() => stream.read(), { timeout: 5000 }).toContain(res.json().number);
    } finally {
      await stream.stop();
    }
  });

  it('runs a job on one instance at a time: its transaction-scoped advisory lock holds through the pooler', async () => {
    let running = 0;
    let most = 0;
    const work = async () => {
      running++;
      most = Math.max(most, running);
      await new Promise((r) => setTimeout(r, 300));
      running--;
    };
    const ran = await Promise.all([a!, b!, a!, b!].map((i) => exclusively(i.ctx, 'pooler-test-job', work)));
    expect(ran.filter(Boolean)).toHaveLength(1);
    expect(most).toBe(1);
    expect(await exclusively(b!.ctx, 'pooler-test-job', work)).toBe(true);
  });

  it('runs every statement here unprepared: DATABASE_DIRECT_URL says a pooler stands in between', () => {
    // Every other test in this file would fail on a statement the pooler lost if they were prepared.
    expect(a!.ctx.config.preparedStatements).toBe(false);
  });

  it('stops naming statements after the server first answers that one does not exist (a pooler nobody declared)', async () => {
    const warned: string[] = [];
    const named = await openDatabase({
      databaseUrl: bouncer!.urlOf(dbName),
      poolSize: 1,
      preparedStatements: true,
      warn: (message) => warned.push(message),
    });
    const holder = new pg.Client({ connectionString: bouncer!.urlOf(dbName) });
    await holder.connect();
    try {
      const read = (n: number) => named.query<{ n: number }>('SELECT $1::int AS n', [n]);
      // The second run prepares it, on the server connection the pooler lent then.
      expect(await read(1)).toEqual([{ n: 1 }]);
      expect(await read(2)).toEqual([{ n: 2 }]);
      // Another client's open transaction keeps that server connection (the pooler lends the last one used first)…
      await holder.query('BEGIN');
      await holder.query('SELECT 1');
      // …so the next run lands on one that never saw the statement.
      await expect(read(3)).rejects.toMatchObject({ code: '26000' });
      for (let i = 4; i < 10; i++) expect(await read(i)).toEqual([{ n: i }]);
      expect(warned.filter((m) => m.includes('DATABASE_PREPARED_STATEMENTS'))).toHaveLength(1);
    } finally {
      await holder.query('ROLLBACK').catch(() => {});
      await holder.end();
      await named.close();
    }
  });

  it('keeps to the pooler’s four server connections, besides one direct listener per instance', async () => {
    const res = await admin.query<{ pooled: number; listeners: number }>(
      `SELECT count(*) FILTER (WHERE query NOT LIKE 'LISTEN %')::int AS pooled,
        count(*) FILTER (WHERE query LIKE 'LISTEN %')::int AS listeners
       FROM pg_stat_activity WHERE datname = $1`,
      [dbName],
    );
    expect(res.rows[0]!.pooled).toBeLessThanOrEqual(SERVER_CONNECTIONS);
    expect(res.rows[0]!.listeners).toBe(2);
  });
});

describe.runIf(skip)('Clinidesk behind PgBouncer in transaction pooling', () => {
  it('is skipped here, saying why', (ctx) => {
    ctx.skip(skip ?? '');
  });
});
