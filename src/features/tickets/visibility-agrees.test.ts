// Ticket visibility is written twice: once as a rule (rules/visibility.ts, which a ticket page, a comment or an
// escalation asks) and once as SQL (queue-store.ts, which the queues, search and counts run). On a real database,
// with tickets of every shape and a viewer of every kind, both must pick exactly the same tickets.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { buildHospital, type Hospital, TEST_PASSWORD } from '../../../test/factories.ts';
import type { Actor } from '../../platform/actor.ts';
import { SYSTEM_META } from '../../platform/actor.ts';
import type { Role } from '../../platform/auth/roles.ts';
import { createUser } from '../../platform/auth/service.ts';
import { newId } from '../../platform/ids.ts';
import { people } from '../directory/tables.ts';
import { countViews, listTickets } from './queue-store.ts';
import { canSeeTicket, type Viewer } from './rules/visibility.ts';
import { CLOSED_STATUSES, STATUSES } from './rules/vocabulary.ts';
import { loadViewer } from './service/viewer.ts';
import { insertTicket, type TicketRow } from './store.ts';
import { tickets } from './tables.ts';

let t: TestApp;
let h: Hospital;
let all: TicketRow[];
const viewers = new Map<string, Viewer>();

async function account(username: string, role: Role, person?: Partial<typeof people.$inferInsert>) {
  const user = await createUser(t.ctx, SYSTEM_META, {
    username: `${username}-${h.tag}`,
    displayName: username,
    role,
    password: TEST_PASSWORD,
  });
  if (person) {
    await t.ctx.database.db.insert(people).values({
      id: newId(),
      displayName: username,
      clinicalRole: 'it',
      facilityId: h.facility.id,
      phones: [],
      ...person,
      userId: user.id,
    });
  }
  return user;
}

const actorOf = (u: { id: string; username: string; role: string }): Actor => ({
  userId: u.id,
  username: u.username,
  displayName: u.username,
  role: u.role as Role,
  via: 'session',
});

beforeAll(async () => {
  t = await createTestApp({ seedDemo: false });
  h = await buildHospital(t.ctx);
  const db = t.ctx.database.db;
  const manager = await account('manager', 'manager');
  // A requester account no directory person is linked to, and a billing clerk who is her unit's super-user.
  const unlinked = await account('unlinked', 'requester');
  const billingSuperUser = await account('billing-su', 'requester', { unitId: h.billing.id, superUser: true });
  // A vendor account of no provider: it sees nothing.
  const stray = await account('stray-vendor', 'vendor', { providerOrgId: null, facilityId: null });

  const accounts = {
    'requester (nurse)': h.users.nurse,
    'requester (colleague)': h.users.colleague,
    'requester (ward super-user)': h.users.superUser,
    'requester (billing super-user)': billingSuperUser,
    'requester (no person)': unlinked,
    'vendor of provider A': h.users.vendor,
    'vendor of provider B': h.users.otherVendor,
    'vendor of no provider': stray,
    agent: h.users.agent,
    analyst: h.users.analyst,
    manager,
  };
  for (const [name, user] of Object.entries(accounts)) viewers.set(name, await loadViewer(db, actorOf(user)));

  // Every combination of who asked, who opened it, where, and which providers held it.
  const requesters = [h.nurse, h.colleague, h.superUser, h.doctor, h.clerk];
  const openers = [null, h.users.nurse.id, h.users.colleague.id, h.users.agent.id, unlinked.id];
  const unitIds = [h.ward.id, h.billing.id, null];
  const held = [[], [h.desk.id], [h.desk.id, h.vendor.id], [h.outsourcer.id], [h.vendor.id, h.outsourcer.id]];
  let i = 0;
  for (const requester of requesters)
    for (const openedByUserId of openers)
      for (const unitId of unitIds)
        for (const providerIds of held) {
          await insertTicket(db, {
            id: newId(),
            type: 'incident',
            channel: 'portal',
            status: STATUSES[i++ % STATUSES.length]!,
            summary: `Ticket ${i}`,
            requesterId: requester.id,
            openedByUserId,
            facilityId: h.facility.id,
            unitId,
            impact: 3,
            urgency: 3,
            priority: 4,
            priorityReason: 'test',
            providerIds,
          });
        }
  all = await db.select().from(tickets);
});
afterAll(() => t?.close());

describe('the queue and the ticket page agree on who sees which ticket', () => {
  it('made tickets of every shape', () => {
    expect(all).toHaveLength(5 * 5 * 3 * 5);
  });

  it.each([
    'requester (nurse)',
    'requester (colleague)',
    'requester (ward super-user)',
    'requester (billing super-user)',
    'requester (no person)',
    'vendor of provider A',
    'vendor of provider B',
    'vendor of no provider',
    'agent',
    'analyst',
    'manager',
  ])('%s', async (name) => {
    const viewer = viewers.get(name)!;
    const db = t.ctx.database.db;
    const byRule = all.filter((ticket) => canSeeTicket(viewer, ticket)).map((ticket) => ticket.id);
    const listed = await listTickets(db, {}, viewer, { limit: all.length + 1, offset: 0 });
    expect(listed.rows.map((r) => r.t.id).sort()).toEqual([...byRule].sort());
    expect(listed.total).toBe(byRule.length);
    // The queue's open count says the same (desk and vendors; requesters have "My requests" only).
    if (viewer.role !== 'requester') {
      const open = all.filter((x) => !(CLOSED_STATUSES as string[]).includes(x.status) && canSeeTicket(viewer, x));
      expect((await countViews(db, ['all_open'], viewer)).all_open).toBe(open.length);
    }
  });

  it('is a real test: each kind of viewer sees a different, non-trivial share', () => {
    const seen = (name: string) => all.filter((x) => canSeeTicket(viewers.get(name)!, x)).length;
    expect(seen('agent')).toBe(all.length);
    expect(seen('manager')).toBe(all.length);
    expect(seen('vendor of no provider')).toBe(0);
    for (const name of [
      'requester (nurse)',
      'requester (ward super-user)',
      'vendor of provider A',
      'vendor of provider B',
    ])
      expect(seen(name), name).toBeGreaterThan(0);
    expect(seen('requester (ward super-user)')).toBeGreaterThan(seen('requester (colleague)'));
    // Someone with no directory person sees what they opened themselves: one opener in five.
    expect(seen('requester (no person)')).toBe(all.length / 5);
  });
});
