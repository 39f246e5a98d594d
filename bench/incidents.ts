// `npm run bench:incidents`: major incidents under load (issue 15). On a fresh database with a small hospital:
// (1) linking — tickets opened through the tickets' service (each matched against the open incidents in its own
// transaction) per second, with no incident open and then with one open (every ticket becomes its child), and
// (2) fan-out — resolving the incident with its children (default 2,000; BENCH_INCIDENT_CHILDREN) resolved as
// known_outage in batches, and the longest single batch (how long the database is held at once).
// PostgreSQL when BENCH_DATABASE_URL is set (a fresh database is created and dropped), else embedded PGlite.
import os from 'node:os';
import { declareIncident } from '../src/features/incidents/service/declare.ts';
import { FAN_OUT_BATCH, runFanOut } from '../src/features/incidents/service/fan-out.ts';
import { updateIncident } from '../src/features/incidents/service/update.ts';
import { openTicketBody } from '../src/features/tickets/schemas.ts';
import { openTicket } from '../src/features/tickets/service/open-ticket.ts';
import { createContextAndApp } from '../src/main.ts';
import type { ActorMeta } from '../src/platform/actor.ts';
import { buildHospital } from '../test/factories.ts';
import { openScratchDatabase } from './scratch-database.ts';

const CHILDREN = Number(process.env.BENCH_INCIDENT_CHILDREN ?? 2000);
const BASELINE = Number(process.env.BENCH_INCIDENT_BASELINE ?? 200);

async function main() {
  const { database, kind, cleanup } = await openScratchDatabase('incidents');
  const { ctx, close } = await createContextAndApp({ database, seedDemo: false, logLevel: 'silent' });
  try {
    console.log(
      `Incidents bench on ${kind}: ${CHILDREN} children; ${os.cpus().length} CPUs, ${os.cpus()[0]?.model}; load ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
    );
    const h = await buildHospital(ctx);
    const agent = h.users.agent;
    const meta: ActorMeta = {
      actor: {
        userId: agent.id,
        username: agent.username,
        displayName: agent.displayName,
        role: 'agent',
        via: 'session',
      },
      ip: null,
      requestId: null,
    };
    const open = (i: number) =>
      openTicket(
        ctx,
        meta,
        openTicketBody.parse({
          requesterId: h.nurse.id,
          channel: 'phone',
          summary: `EHR will not load ${i}`,
          serviceId: h.ehr.id,
          facilityId: h.facility.id,
        }),
      );

    // (1a) Baseline: no incident open.
    let t0 = performance.now();
    for (let i = 0; i < BASELINE; i++) await open(i);
    const baseline = BASELINE / ((performance.now() - t0) / 1000);
    console.log(`linking: ${BASELINE} tickets with no incident open: ${baseline.toFixed(1)} tickets/s`);

    // (1b) With an open EHR downtime: every ticket attaches itself as a child.
    const inc = await declareIncident(ctx, meta, {
      kind: 'ehr_downtime',
      planned: false,
      title: 'EHR down (bench)',
      publicSummary: 'The EHR is down; use downtime procedures.',
      publicReply: 'Part of a known EHR outage.',
      severity: 'sev1',
      serviceIds: [h.ehr.id],
      moduleIds: [],
      facilityIds: [h.facility.id],
      unitIds: [],
      matchTerms: ['epic'],
      confirmOverlap: false,
    });
    t0 = performance.now();
    for (let i = 0; i < CHILDREN; i++) await open(i);
    const linkSeconds = (performance.now() - t0) / 1000;
    const linked = (
      await database.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM incident_tickets WHERE incident_id = $1 AND status = 'linked'`,
        [inc.id],
      )
    )[0]!.n;
    console.log(
      `linking: ${CHILDREN} tickets with the incident open: ${(CHILDREN / linkSeconds).toFixed(1)} tickets/s (${linked} linked)`,
    );

    // (2) Fan-out: resolve the incident, resolving every child.
    const resolvedAt = performance.now();
    await updateIncident(ctx, meta, Number(inc.number.slice(4)), {
      version: inc.version,
      state: 'resolved',
      resolution: { note: 'The EHR is back; re-enter downtime orders.', children: 'resolve' },
    });
    const parentMs = performance.now() - resolvedAt;
    // The fan-out, batch by batch (the background job may take some batches meanwhile; both skip done children).
    const r = await runFanOut(ctx, inc.id, { batch: FAN_OUT_BATCH, meta });
    const fanOutSeconds = (performance.now() - resolvedAt) / 1000;
    const resolved = (
      await database.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM incident_tickets it JOIN tickets t ON t.id = it.ticket_id
        WHERE it.incident_id = $1 AND t.status = 'resolved' AND t.resolution_code = 'known_outage'`,
        [inc.id],
      )
    )[0]!.n;
    const audits = (
      await database.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM audit_log WHERE action = 'ticket.update' AND summary->>'incident' = $1`,
        [inc.number],
      )
    )[0]!.n;
    console.log(
      `fan-out: resolving the parent ${parentMs.toFixed(0)} ms; ${resolved} children resolved in ${fanOutSeconds.toFixed(
        1,
      )} s (${(resolved / fanOutSeconds).toFixed(0)} children/s), batches of ${FAN_OUT_BATCH}, ${r?.batches ?? 0} batches here, longest ${r?.maxBatchMs ?? 0} ms; ${audits} child audit entries`,
    );
  } finally {
    await close();
    await cleanup();
  }
}

await main();
