// The demo hospital's past unplanned EHR downtime (features/incidents and incident-comms, docs/incidents.md): a
// resolved sev1 incident over the EHR at one facility, placed on the hours of the history (20 to 100 days ago) with the
// most EHR tickets at one facility, so its linked children are the history's own tickets of that window; its
// timeline of decisions and state moves, its hourly public updates, a recovery checklist for its children's units
// partly done, and a completed post-incident review with its actions. A newcomer opens Console → Major incidents and
// sees a full example. A handful of set-based statements whatever the history's size; ids derived from names (md5,
// as version-8 UUIDs, as golive.ts does), so a seed run gives the same rows every time.
import { type SQL, sql } from 'drizzle-orm';
import { RECOVERY_TEMPLATE } from '../features/incident-comms/rules/checklist.ts';
import { type Queryable, rowsOf } from '../platform/db/connect.ts';
import { DAY_MS, HOUR_MS } from './calendar.ts';

const MIN_MS = 60_000;
const uuidFrom = (name: SQL) => sql`overlay(overlay(md5(${name}) placing '8' from 13) placing '8' from 17)::uuid`;
const id = (name: string) => uuidFrom(sql`${`downtime:${name}`}`);
const at = (ms: number) => sql`${new Date(ms).toISOString()}::timestamptz`;

/** How long the downtime lasted after the first ticket about it, and how long before it the EHR went down. */
const AFTER_FIRST_TICKET_MS = 5 * HOUR_MS;
const BEFORE_FIRST_TICKET_MS = 20 * MIN_MS;

export type DemoDowntime = { incidents: number; children: number; updates: number; recoveryItems: number };

/** Seeds the downtime and what hangs off it; nothing when the history holds no EHR ticket 20 to 100 days ago. */
export async function seedDowntime(tx: Queryable, now: number): Promise<DemoDowntime> {
  const none = { incidents: 0, children: 0, updates: 0, recoveryItems: 0 };
  const ehrTickets = sql`SELECT t.id, t.created_at, t.facility_id, t.unit_id FROM tickets t
      JOIN services s ON s.id = t.service_id
     WHERE s.kind = 'application' AND s.name = 'EHR' AND t.channel <> 'go_live' AND t.facility_id IS NOT NULL`;
  // The window: the stretch of AFTER_FIRST_TICKET_MS with the most EHR tickets at one facility (earliest on a tie).
  const [best] = rowsOf<{ first: string; facility_id: string; facility: string; service_id: string }>(
    await tx.execute(sql`WITH e AS (${ehrTickets}
          AND t.created_at BETWEEN ${at(now - 100 * DAY_MS)} AND ${at(now - 20 * DAY_MS)}),
        w AS (SELECT created_at, facility_id, count(*) OVER (PARTITION BY facility_id ORDER BY created_at
                RANGE BETWEEN CURRENT ROW AND ${`${AFTER_FIRST_TICKET_MS / MIN_MS} minutes`}::interval FOLLOWING) AS n
              FROM e)
      SELECT w.created_at::text AS first, w.facility_id::text, f.name AS facility,
             (SELECT id::text FROM services WHERE kind = 'application' AND name = 'EHR') AS service_id
        FROM w JOIN facilities f ON f.id = w.facility_id
       ORDER BY w.n DESC, w.created_at, w.facility_id LIMIT 1`),
  );
  if (!best) return none;
  const first = new Date(best.first).getTime();
  const started = first - BEFORE_FIRST_TICKET_MS;
  const declared = started + 12 * MIN_MS;
  const resolved = first + AFTER_FIRST_TICKET_MS;
  const monitoring = resolved - 45 * MIN_MS;
  const reviewed = resolved + 3 * DAY_MS;
  const staff = rowsOf<{ username: string; id: string }>(
    await tx.execute(sql`SELECT username, id::text FROM users
      WHERE username IN ('manager', 'engineer', 'analyst', 'kbanerjee', 'agent')`),
  );
  const user = (name: string) => staff.find((s) => s.username === name)?.id ?? null;
  const commander = user('manager');
  if (!commander) return none;
  const note =
    'The EHR is back. Enter what you charted on paper during the downtime, then check your unit’s recovery checklist.';
  const incident = id('incident');
  await tx.execute(sql`INSERT INTO incidents (id, kind, planned, title, public_summary, public_reply, severity, state,
      service_ids, facility_ids, match_terms, started_at, resolved_at, resolution_note, commander_id, clinical_lead_id,
      it_lead_id, comms_lead_id, created_by, created_at, updated_at, version)
    VALUES (${incident}, 'ehr_downtime', false, ${`EHR unavailable at ${best.facility}`},
      'The EHR cannot be reached. Chart on paper, use the downtime forms and the read-only downtime reports.',
      'This is part of a known EHR outage we are working on. Follow the downtime procedures; we will tell you when it is back.',
      'sev1', 'resolved', ARRAY[${best.service_id}::uuid], ARRAY[${best.facility_id}::uuid], ARRAY['ehr', 'chart'],
      ${at(started)}, ${at(resolved)}, ${note}, ${commander}, ${user('kbanerjee')}, ${user('engineer')},
      ${user('analyst')}, ${commander}, ${at(declared)}, ${at(reviewed)}, 6)`);

  // The children: the EHR tickets opened at that facility during the downtime. Those opened before it was declared
  // were linked by the commander; the rest attached themselves.
  const children = rowsOf<{ n: number }>(
    await tx.execute(sql`WITH linked AS (
        INSERT INTO incident_tickets (incident_id, ticket_id, status, source, reason, linked_by, linked_at)
        SELECT ${incident}, e.id, 'linked',
               CASE WHEN e.created_at < ${at(declared)} THEN 'agent' ELSE 'auto' END,
               CASE WHEN e.created_at < ${at(declared)} THEN '' ELSE 'same application and place' END,
               CASE WHEN e.created_at < ${at(declared)} THEN ${commander}::uuid END,
               greatest(e.created_at, ${at(declared + 5 * MIN_MS)})
          FROM (${ehrTickets}) e
         WHERE e.facility_id = ${best.facility_id}::uuid AND e.created_at >= ${at(started)}
           AND e.created_at <= ${at(resolved)}
        RETURNING 1)
      SELECT count(*)::int AS n FROM linked`),
  )[0]!.n;

  // Hourly public updates while it lasted, each promising the next; the last one, at the resolution, promises none.
  const texts = [
    'The EHR cannot be reached at this facility. Switch to downtime procedures: paper orders, paper MAR, and the downtime reports printed on each unit.',
    'The storage behind the EHR failed. Engineers and the vendor are restoring it. Keep charting on paper.',
    'Storage is being restored. Expect the EHR back within two hours. Results are phoned to the units by the lab.',
    'The EHR is coming back in read-only mode on some workstations. Keep charting on paper until we say it is back.',
    'The EHR is back for everyone. We are watching it closely. Back-enter your paper charting: your unit has a checklist.',
  ];
  const updates: { at: number; text: string; next: number | null }[] = [];
  for (let k = 0, t = declared + 8 * MIN_MS; t < monitoring; k++, t += HOUR_MS) {
    updates.push({ at: t, text: texts[Math.min(k, texts.length - 2)]!, next: t + HOUR_MS });
  }
  updates.push({ at: monitoring + 2 * MIN_MS, text: texts.at(-1)!, next: null });
  await tx.execute(sql`INSERT INTO incident_updates (id, incident_id, public_text, next_update_at, author_id, posted_at)
    VALUES ${sql.join(
      updates.map(
        (u, i) =>
          sql`(${id(`update:${i}`)}, ${incident}, ${u.text}, ${u.next === null ? null : at(u.next)}, ${user('analyst')}, ${at(u.at)})`,
      ),
      sql`, `,
    )}`);
  await tx.execute(sql`INSERT INTO incident_comms (incident_id, next_update_at) VALUES (${incident}, NULL)`);

  // The recovery checklist: the template's items for the units of the children (up to four; the facility's first
  // clinical units when no child names one), created at the resolution; orders and verification done on each unit,
  // results and MRN reconciliation still open on the last.
  const recoveryAt = resolved + 10 * MIN_MS;
  const template = sql.join(
    RECOVERY_TEMPLATE.map((r, i) => sql`(${r.key}, ${r.title}, ${i}::int)`),
    sql`, `,
  );
  const recoveryItems = rowsOf<{ n: number; units: string[] }>(
    await tx.execute(sql`WITH child_units AS (
          SELECT DISTINCT t.unit_id FROM incident_tickets it JOIN tickets t ON t.id = it.ticket_id
           WHERE it.incident_id = ${incident} AND t.unit_id IS NOT NULL),
        picked AS (
          SELECT u.id, u.name, row_number() OVER (ORDER BY u.code) - 1 AS k, count(*) OVER () AS total FROM units u
           WHERE u.id IN (SELECT unit_id FROM child_units)
              OR (NOT EXISTS (SELECT 1 FROM child_units) AND u.facility_id = ${best.facility_id}::uuid AND u.clinical)
           ORDER BY u.code LIMIT 4),
        tpl(key, title, i) AS (VALUES ${template}),
        items AS (
          INSERT INTO incident_recovery_items (id, incident_id, unit_id, item_key, title, position, assignee_id,
              done_at, done_by, created_at)
          SELECT ${uuidFrom(sql`'downtime:recovery:' || p.id || ':' || tpl.key`)}, ${incident}, p.id, tpl.key, tpl.title,
                 p.k * ${RECOVERY_TEMPLATE.length}::int + tpl.i, ${user('kbanerjee')}::uuid,
                 CASE WHEN tpl.key IN ('back_entry_orders', 'unit_verification')
                        OR (p.k < least(p.total, 4) - 1 AND tpl.key = 'back_entry_results')
                      THEN ${at(recoveryAt)} + make_interval(mins => (40 + p.k * 25 + tpl.i * 15)::int) END,
                 CASE WHEN tpl.key IN ('back_entry_orders', 'unit_verification')
                        OR (p.k < least(p.total, 4) - 1 AND tpl.key = 'back_entry_results')
                      THEN ${user('kbanerjee')}::uuid END,
                 ${at(recoveryAt)}
            FROM picked p CROSS JOIN tpl
          RETURNING unit_id, done_at)
      SELECT count(*)::int AS n, ARRAY(SELECT DISTINCT name FROM picked ORDER BY name) AS units FROM items`),
  )[0]!;

  // The timeline: as the desk's use cases write it (declare, decisions, updates, state moves, checklist, review).
  const events: { at: number; kind: string; body: string; author: string | null }[] = [
    { at: declared, kind: 'declared', body: 'EHR downtime declared.', author: commander },
    {
      at: declared + 4 * MIN_MS,
      kind: 'decision',
      body: `All units at ${best.facility} switch to downtime procedures; print the downtime reports now.`,
      author: commander,
    },
    {
      at: declared + 30 * MIN_MS,
      kind: 'decision',
      body: 'The lab phones critical results to the units; pharmacy verifies from paper orders.',
      author: user('kbanerjee'),
    },
    {
      at: declared + 50 * MIN_MS,
      kind: 'event',
      body: 'Storage controller failover stalled; the EHR vendor joined the bridge.',
      author: user('engineer'),
    },
    ...updates.map((u) => ({ at: u.at, kind: 'event', body: `Update posted: ${u.text}`, author: user('analyst') })),
    { at: monitoring, kind: 'state', body: 'State: declared → monitoring.', author: commander },
    { at: resolved, kind: 'state', body: `Resolved: ${note}`, author: commander },
    {
      at: recoveryAt,
      kind: 'event',
      body: `Recovery checklist: ${recoveryItems.n} items for ${recoveryItems.units.join(', ')}`,
      author: user('kbanerjee'),
    },
    { at: resolved + 1 * DAY_MS, kind: 'event', body: 'Post-incident review started', author: commander },
    { at: reviewed, kind: 'event', body: 'Post-incident review completed', author: commander },
  ];
  await tx.execute(sql`INSERT INTO incident_timeline (id, incident_id, kind, body, author_id, at)
    VALUES ${sql.join(
      events.map((e, i) => sql`(${id(`timeline:${i}`)}, ${incident}, ${e.kind}, ${e.body}, ${e.author}, ${at(e.at)})`),
      sql`, `,
    )}`);

  // The completed review, with its actions: two done, one due in a fortnight, one already late.
  const factors = [
    { dimension: 'measurement_monitoring', text: 'No alert when a storage failover takes longer than a minute.' },
    {
      dimension: 'workflow_communication',
      text: 'Two units had not printed their downtime reports in the last month.',
    },
    { dimension: 'people', text: 'Night staff on one unit had not rehearsed the downtime procedures this year.' },
  ];
  await tx.execute(sql`INSERT INTO incident_reviews (incident_id, timeline_summary, cause_dimension, cause_text,
      contributing_factors, overhead, overhead_basis, completed_at, completed_by, created_by, created_at, updated_at,
      version)
    VALUES (${incident},
      ${`The EHR became unreachable at ${best.facility} and the desk declared a downtime twelve minutes later. Units switched to paper within half an hour; hourly updates went out on the status page. Storage was restored and the EHR came back read-only, then fully; the desk monitored it for 45 minutes before resolving. Units back-entered their paper charting from the recovery checklist.`},
      'hardware_software',
      'A storage controller failed and its failover stalled, so the EHR database lost its disks. The standby controller took over only when the vendor forced it.',
      ${JSON.stringify(factors)}::jsonb, 0.25,
      'A quarter of each clinician’s time: paper orders, paper MAR and phoned results, the desk’s usual assumption.',
      ${at(reviewed)}, ${commander}, ${commander}, ${at(resolved + DAY_MS)}, ${at(reviewed)}, 5)`);
  const today = now;
  const actions = [
    {
      title: 'Alert the on-call engineer when a storage failover takes longer than 60 seconds',
      owner: 'engineer',
      due: resolved + 14 * DAY_MS,
      done: resolved + 9 * DAY_MS,
    },
    {
      title: 'Print and check the downtime reports on every unit monthly',
      owner: 'kbanerjee',
      due: resolved + 10 * DAY_MS,
      done: resolved + 6 * DAY_MS,
    },
    {
      title: 'Run a downtime drill with the night shift on every inpatient unit',
      owner: 'manager',
      due: today + 14 * DAY_MS,
      done: null,
    },
    {
      title: 'Ask the EHR vendor for the root cause of the stalled failover in writing',
      owner: 'analyst',
      due: today - 5 * DAY_MS,
      done: null,
    },
  ];
  await tx.execute(sql`INSERT INTO incident_review_actions (id, incident_id, title, owner_id, due_on, done_at, done_by,
      position, created_at)
    VALUES ${sql.join(
      actions.map(
        (
          a,
          i,
        ) => sql`(${id(`action:${i}`)}, ${incident}, ${a.title}, ${user(a.owner)}, ${new Date(a.due).toISOString().slice(0, 10)}::date,
          ${a.done === null ? null : at(a.done)}, ${a.done === null ? null : user(a.owner)}, ${i}, ${at(reviewed)})`,
      ),
      sql`, `,
    )}`);
  return { incidents: 1, children, updates: updates.length, recoveryItems: recoveryItems.n };
}
