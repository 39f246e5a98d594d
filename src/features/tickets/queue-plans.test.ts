// Statements with parameters run as prepared statements on both databases, and after a few runs PostgreSQL may plan
// them once for any parameter values (a generic plan). A partial index is then read only if its predicate holds
// whatever the parameters are: a condition that names its fixed values as parameters ("status NOT IN ($1, $2)")
// loses the index, and the query reads every row of the table. At 100,000 tickets on PGlite the open queue took a
// second that way (docs/benchmarks.md, 2026-12-05). These check, under a forced generic plan, that the hot queues'
// conditions still reach their partial indexes, and (the control) that the parameterised form would not.
import { notInArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../test/db.ts';
import { genericPlan } from '../../../test/generic-plan.ts';
import { recordingDb } from '../../../test/recording-db.ts';
import { type Database, rowsOf } from '../../platform/db/connect.ts';
import { WAITING } from '../routing/store.ts';
import { contacts } from '../routing/tables.ts';
import { countViews, listTickets, openViewCounts, viewCondition } from './queue-store.ts';
import { CLOSED_STATUSES } from './rules/vocabulary.ts';
import { tickets } from './tables.ts';

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase('demo');
});
afterAll(() => database?.close());

const admin = {
  userId: '00000000-0000-0000-0000-000000000000',
  role: 'admin',
  personId: null,
  unitId: null,
  superUser: true,
  providerOrgId: null,
} as const;

describe('the hot queues keep their partial indexes under a generic plan', () => {
  it('the open-ticket queue reads tickets_open_queue_idx', async () => {
    const open = viewCondition('all_open', admin);
    const plan = await genericPlan(
      database,
      sql`SELECT id FROM ${tickets} WHERE ${open} ORDER BY priority, created_at LIMIT 50`,
    );
    expect(plan).toContain('tickets_open_queue_idx');
  });

  it('(control) with the closed statuses as parameters it would not', async () => {
    const open = notInArray(tickets.status, CLOSED_STATUSES);
    const plan = await genericPlan(
      database,
      sql`SELECT id FROM ${tickets} WHERE ${open} ORDER BY priority, created_at LIMIT 50`,
      CLOSED_STATUSES,
    );
    expect(plan).not.toContain('tickets_open_queue_idx');
  });

  it("the view counts read the open queue's index and the flagged clocks' index, not the tickets' own rows", async () => {
    // As a hospital's autovacuum leaves them: the index alone can answer only for rows known visible to everyone.
    await database.db.execute(sql`VACUUM (ANALYZE) tickets, ticket_sla`);
    const counts = openViewCounts(['my_open', 'unassigned_urgent_clinical', 'pending_vendor', 'sla_at_risk'], admin);
    const plan = await genericPlan(database, counts, [admin.userId, '2', 'pending_vendor']);
    expect(plan).toContain('tickets_open_queue_idx');
    expect(plan).toContain('ticket_sla_flagged_idx');
    // The index carries every column the views ask about: nothing sends the count back to the tickets' rows.
    expect(plan).not.toMatch(/Bitmap Heap Scan on tickets|Index Scan using tickets_open_queue_idx/);
  });

  it("a rarer word's window past the search's cap reads every match through the text index", async () => {
    // The count stopped at its cap; the window is then read from every match (the statement stays prepared, so its
    // generic plan serves every word it is chosen for).
    const { db, sent } = recordingDb((text) => (text.includes('SELECT total') ? [{ total: 5, ids: null }] : undefined));
    await listTickets(db, { q: 'printer' }, admin, { limit: 25, offset: 0, totalCap: 5, atCap: 'every-match' });
    const every = sent.find((text) => text.includes('AS ids') && !text.includes('SELECT total'));
    expect(every).toBeDefined();
    const plan = await genericPlan(database, every!, ['printer', 'printer']);
    expect(plan).toContain('tickets_search_idx');
    expect(plan).not.toContain('tickets_created_idx');
  });

  it("the routing run's waiting contacts read contacts_waiting_idx", async () => {
    const plan = await genericPlan(
      database,
      sql`SELECT id FROM ${contacts} WHERE ${WAITING} ORDER BY queued_at LIMIT 50`,
    );
    expect(plan).toContain('contacts_waiting_idx');
  });
});

describe("the SLA-at-risk view, read by each open ticket's own clock", () => {
  it('counts exactly the open tickets whose clock is at risk or breached (closed ones with breaches left out)', async () => {
    const rolledBack = new Error('rolled back');
    await expect(
      database.db.transaction(async (tx) => {
        // Open tickets at risk and breaches on closed tickets, whatever the demo holds: its small history ends at the
        // run's start, and at some hours none of its tickets is still open.
        const reopened = rowsOf<{ id: string }>(
          await tx.execute(sql`UPDATE tickets SET status = 'in_progress' WHERE id IN
            (SELECT ticket_id FROM ticket_sla WHERE NOT (at_risk OR breached) ORDER BY ticket_id LIMIT 3) RETURNING id`),
        );
        expect(reopened).toHaveLength(3);
        await tx.execute(
          sql`UPDATE ticket_sla SET at_risk = true WHERE ticket_id = ANY(${sql.param(reopened.map((r) => r.id))}::uuid[])`,
        );
        await tx.execute(sql`UPDATE ticket_sla SET breached = true
          WHERE ticket_id IN (SELECT id FROM tickets WHERE status IN ('resolved', 'closed') ORDER BY id LIMIT 5)`);
        const [direct] = rowsOf<{ open: number; closed: number }>(
          await tx.execute(sql`
            SELECT count(*) FILTER (WHERE t.status NOT IN ('resolved', 'closed'))::int AS open,
                   count(*) FILTER (WHERE t.status IN ('resolved', 'closed'))::int AS closed
              FROM tickets t JOIN ticket_sla s ON s.ticket_id = t.id WHERE s.at_risk OR s.breached`),
        );
        expect(direct!.open).toBeGreaterThanOrEqual(3);
        expect(direct!.closed).toBeGreaterThanOrEqual(5);
        const counts = await countViews(tx, ['sla_at_risk'], admin);
        expect(counts.sla_at_risk).toBe(direct!.open);
        throw rolledBack;
      }),
    ).rejects.toBe(rolledBack);
  });
});
