// The screens offer an action only when the server accepts it from that viewer (web/src/app/abilities.ts, the Admin
// page's tabs in areas.ts): for each demo account, every action the screens would show or hide is tried against the
// API and the answer must agree — shown means accepted, hidden means refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { can, type Role } from '../src/platform/auth/roles.ts';
import { abilitiesOf } from '../web/src/app/abilities.ts';
import { ADMIN_TABS, adminTabsFor, canUseArea } from '../web/src/app/areas.ts';
import { portalTicketBody } from '../web/src/pages/portal/portalRequest.ts';
import { type Client, createTestApp, type TestApp } from './app.ts';

let t: TestApp;
const ACCOUNTS: [string, Role][] = [
  ['nurse', 'requester'],
  ['agent', 'agent'],
  ['analyst', 'analyst'],
  ['engineer', 'engineer'],
  ['manager', 'manager'],
  ['vendor', 'vendor'],
  ['admin', 'admin'],
];
const clients = new Map<string, Client>();
let someone: string;
/** A go-live running now (the demo's ended months ago), with one zone holding one unit, and an issue on its board. */
let goLive: { id: string; unitId: string; firstIssue: string };

beforeAll(async () => {
  t = await createTestApp();
  for (const [username] of ACCOUNTS) clients.set(username, await t.signIn(username));
  const [person] = await t.ctx.database.query<{ id: string }>(
    "SELECT id FROM people WHERE clinical_role = 'rn' AND user_id IS NULL ORDER BY id LIMIT 1",
  );
  someone = person!.id;
  // An open ticket escalated to the vendor's provider, for the vendor's turn.
  const [vendorService] = await t.ctx.database.query<{ service_id: string }>(
    `SELECT c.service_id FROM coverage c JOIN groups g ON g.id = c.group_id
      JOIN people p ON p.provider_org_id = g.provider_id JOIN users u ON u.id = p.user_id
     WHERE c.tier = 'vendor' AND u.username = 'vendor' ORDER BY c.service_id LIMIT 1`,
  );
  const agent = clients.get('agent')!;
  const opened = await agent.post('/api/v1/tickets', {
    requesterId: someone,
    summary: 'Order sets will not load',
    serviceId: vendorService!.service_id,
  });
  expect(opened.statusCode, opened.body).toBe(201);
  const escalated = await agent.post(`/api/v1/tickets/${opened.json().number}/escalations`, {
    toTier: 'vendor',
    reason: 'Needs the vendor',
  });
  expect(escalated.statusCode, escalated.body).toBe(200);

  const admin = clients.get('admin')!;
  const [unit] = await t.ctx.database.query<{ id: string; facility_id: string }>(
    "SELECT id, facility_id FROM units WHERE kind = 'inpatient' ORDER BY name LIMIT 1",
  );
  const event = await admin.post('/api/v1/golive/events', {
    name: 'Screens go-live',
    facilityIds: [unit!.facility_id],
    startsAt: new Date(Date.now() - 3_600_000).toISOString(),
    endsAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
  });
  expect(event.statusCode, event.body).toBe(201);
  const zone = await admin.post(`/api/v1/golive/events/${event.json().id}/zones`, {
    name: 'Zone A',
    unitIds: [unit!.id],
  });
  expect(zone.statusCode, zone.body).toBe(201);
  goLive = { id: event.json().id, unitId: unit!.id, firstIssue: '' };
  const first = await agent.post(`/api/v1/golive/events/${goLive.id}/issues`, goLiveIssue('Order set missing'));
  expect(first.statusCode, first.body).toBe(201);
  goLive.firstIssue = first.json().number;
});

function goLiveIssue(summary: string) {
  return { unitId: goLive.unitId, category: 'build', summary, requesterId: someone };
}
afterAll(() => t?.close());

/** An open ticket this account can see (the vendor's: one escalated to its provider; a requester's: their own). */
async function openTicketOf(c: Client) {
  const list = (await c.get('/api/v1/tickets?limit=50&sort=updated')).json() as {
    items: { number: string; status: string }[];
  };
  const listed = list.items ?? [];
  const open = listed.find((x) => !['resolved', 'closed'].includes(x.status));
  expect(open, 'an open ticket to try actions on').toBeDefined();
  return (await c.get(`/api/v1/tickets/${open!.number}`)).json() as {
    number: string;
    version: number;
    allowedStatuses: string[];
  };
}

describe('what the screens offer is what the server accepts', () => {
  it.each(ACCOUNTS)('%s (%s)', async (username, role) => {
    const c = clients.get(username)!;
    const may = abilitiesOf(role);
    const ok = (status: number) => status >= 200 && status < 300;

    // The console's New ticket: the desk's intake, for someone else, on a call.
    const intake = await c.post('/api/v1/tickets', {
      requesterId: someone,
      channel: 'phone',
      summary: 'Cannot print wristbands',
    });
    expect(ok(intake.statusCode), `New ticket: ${intake.body}`).toBe(may.openTicketsForOthers);

    // The portal's form, as GetHelpForm sends it for this viewer (before, desk staff got "Say who needs help").
    const me = await c.get('/api/v1/people/me');
    const asked = await c.post(
      '/api/v1/tickets',
      portalTicketBody(
        {
          summary: 'My badge does not open the med room',
          service: { serviceId: null, moduleId: null },
          patientCareAffected: false,
          scope: 'me',
          workaroundAvailable: null,
          errorText: '',
          details: '',
        },
        { role, personId: me.statusCode === 200 ? me.json().id : undefined },
        { unitId: null, facilityId: null },
      ),
    );
    expect(ok(asked.statusCode), `Ask for help: ${asked.body}`).toBe(may.askForHelp && canUseArea(role, '/portal'));

    // Assign to me, and the other ticket actions, on a ticket this viewer can see.
    const ticket = await openTicketOf(c);
    const patch = (payload: Record<string, unknown>) =>
      c.request({ method: 'PATCH', url: `/api/v1/tickets/${ticket.number}`, payload });
    const status = ticket.allowedStatuses.find((s) => s !== 'resolved');
    if (status) {
      const moved = await patch({ version: ticket.version, status });
      expect(ok(moved.statusCode), `Change status: ${moved.body}`).toBe(may.workTickets);
    } else expect(may.workTickets).toBe(false);
    const fresh = (await c.get(`/api/v1/tickets/${ticket.number}`)).json();
    const me2 = (await c.get('/api/v1/auth/me')).json();
    const took = await patch({ version: fresh.version, assigneeId: me2.user.id });
    expect(ok(took.statusCode), `Assign to me: ${took.body}`).toBe(may.assignToSelf);
    // The ticket page's own offer (the detail's actions, rules/policy.ts): what it offers the server accepts.
    expect(fresh.actions.assignToMe).toBe(ok(took.statusCode) && fresh.assignee?.id !== me2.user.id);
    expect(fresh.actions.work).toBe(may.workTickets);
    for (const visibility of ['public', 'internal', 'vendor']) {
      const said = await c.post(`/api/v1/tickets/${ticket.number}/comments`, { visibility, body: 'Any news?' });
      expect(ok(said.statusCode), `Comment on ${visibility}: ${said.body}`).toBe(
        fresh.actions.comment.includes(visibility),
      );
    }

    // The identity check panel on the ticket page: offered exactly to those the server lets verify callers.
    const checks = await c.get(`/api/v1/tickets/${ticket.number}/verifications`);
    expect(ok(checks.statusCode), `Identity checks: ${checks.body}`).toBe(may.verifyCallers);

    // Console → Major incidents: the button and the page are offered exactly to those the server lets read them;
    // Declare, Resolve and the decision form to those it lets change them (an empty body: 400, not 403, when allowed).
    const incidents = await c.get('/api/v1/incidents');
    expect(ok(incidents.statusCode), `Incidents: ${incidents.body}`).toBe(may.readIncidents);
    const declared = await c.post('/api/v1/incidents', {});
    expect(declared.statusCode === 400, `Declare: ${declared.body}`).toBe(may.manageIncidents);
    expect(declared.statusCode === 403 || declared.statusCode === 400).toBe(true);
    // The known-outage notice (intake, phone screen pop, a ticket's page) asks what matches: those who read incidents.
    const matching = await c.get('/api/v1/incidents/matching?text=epic');
    expect(ok(matching.statusCode), `Known outage: ${matching.body}`).toBe(may.readIncidents);
    // A ticket's page shows the outage it is part of to whoever sees the ticket.
    const outage = await c.get(`/api/v1/tickets/${ticket.number}/outage`);
    expect(ok(outage.statusCode), `Ticket's outage: ${outage.body}`).toBe(true);
    // Its one-click link, accepting and dismissing suggestions, and changing roles and scope: those who manage them
    // (an empty body: 400, or an unknown incident: 404, rather than 403, when allowed).
    const linked = await c.post('/api/v1/incidents/INC-999999/children', {});
    expect(linked.statusCode === 400, `Link to the incident: ${linked.body}`).toBe(may.manageIncidents);
    const dismissed = await c.request({ method: 'DELETE', url: '/api/v1/incidents/INC-999999/children/CSD-999999' });
    expect(dismissed.statusCode === 404, `Not related: ${dismissed.body}`).toBe(may.manageIncidents);
    const edited = await c.request({ method: 'PATCH', url: '/api/v1/incidents/INC-999999', payload: {} });
    expect(edited.statusCode === 400, `Change the incident: ${edited.body}`).toBe(may.manageIncidents);
    const leads = await c.get('/api/v1/incidents/leads');
    expect(ok(leads.statusCode), `Who may lead: ${leads.body}`).toBe(may.manageIncidents);
    for (const res of [linked, dismissed, edited, leads]) if (!may.manageIncidents) expect(res.statusCode).toBe(403);

    // Console → Go-live: the board, roster, roll-up and huddle are offered to those the server lets read them; the
    // phone intake to those it lets log an issue; Mark duplicate to those it lets merge; the roster's changes and
    // Broadcast a known issue to those it lets manage the go-live (an empty body: 400, not 403, when allowed).
    const goLives = await c.get('/api/v1/golive/events');
    expect(ok(goLives.statusCode), `Go-live: ${goLives.body}`).toBe(may.readGoLive);
    for (const path of ['board', 'roster', 'rollup', 'huddle', 'known-issues']) {
      const read = await c.get(`/api/v1/golive/events/${goLive.id}/${path}`);
      expect(ok(read.statusCode), `Go-live ${path}: ${read.body}`).toBe(may.readGoLive);
    }
    const logged = await c.post(
      `/api/v1/golive/events/${goLive.id}/issues`,
      goLiveIssue(`Cannot sign orders (${username})`),
    );
    expect(ok(logged.statusCode), `Log a go-live issue: ${logged.body}`).toBe(may.logGoLiveIssues);
    const another = await clients
      .get('agent')!
      .post(`/api/v1/golive/events/${goLive.id}/issues`, goLiveIssue(`Same order set missing (${username})`));
    expect(another.statusCode, another.body).toBe(201);
    const merged = await c.post(`/api/v1/golive/events/${goLive.id}/issues/${another.json().number}/duplicate`, {
      of: goLive.firstIssue,
    });
    expect(ok(merged.statusCode), `Mark duplicate: ${merged.body}`).toBe(may.markGoLiveDuplicates);
    for (const path of ['shifts', 'known-issues']) {
      const changed = await c.post(`/api/v1/golive/events/${goLive.id}/${path}`, {});
      expect(changed.statusCode === 400, `Go-live ${path}: ${changed.body}`).toBe(may.manageGoLive);
      expect(changed.statusCode === 403 || changed.statusCode === 400).toBe(true);
    }
    // New go-live / Edit this go-live (the setup screen) to those it lets manage it (an empty name: 400 when allowed).
    const goLiveEdited = await c.request({
      method: 'PATCH',
      url: `/api/v1/golive/events/${goLive.id}`,
      payload: { name: '' },
    });
    expect(goLiveEdited.statusCode === 400, `Edit the go-live: ${goLiveEdited.body}`).toBe(may.manageGoLive);
    // The portal asks for one's go-live shift now (the super-user's way into the intake) when it offers asking for help.
    const mine = await c.get('/api/v1/golive/my-intake');
    expect(ok(mine.statusCode), `My go-live shift: ${mine.body}`).toBe(may.askForHelp);

    // The Admin page: the area is offered when some tab is, and each tab's reads answer.
    expect(canUseArea(role, '/admin')).toBe(adminTabsFor(role).length > 0);
    const surveys = await c.get('/api/v1/surveys/policies');
    expect(ok(surveys.statusCode)).toBe(adminTabsFor(role).some((tab) => tab.value === 'surveys'));
    const quarantine = await c.get('/api/v1/email/messages');
    expect(ok(quarantine.statusCode)).toBe(adminTabsFor(role).some((tab) => tab.value === 'email'));
    const webhooks = await c.get('/api/v1/webhooks');
    expect(ok(webhooks.statusCode)).toBe(adminTabsFor(role).some((tab) => tab.value === 'webhooks'));
    // E-bonding reads a provider's connection (and the catalogue's providers to pick one from).
    const [provider] = await t.ctx.database.query<{ id: string }>(
      "SELECT id FROM providers WHERE kind <> 'in_house' ORDER BY name LIMIT 1",
    );
    const ebonding = await c.get(`/api/v1/providers/${provider!.id}/ebonding`);
    expect(ok(ebonding.statusCode), `E-bonding: ${ebonding.body}`).toBe(
      adminTabsFor(role).some((tab) => tab.value === 'ebonding'),
    );
  });

  it('names a real permission for every Admin tab, and a manager gets the Surveys tab only', () => {
    for (const tab of ADMIN_TABS) expect(can('admin', tab.permission), tab.value).toBe(true);
    expect(adminTabsFor('manager').map((tab) => tab.value)).toEqual(['surveys']);
    expect(adminTabsFor('agent')).toEqual([]);
    expect(abilitiesOf('vendor')).toEqual({
      openTicketsForOthers: false,
      askForHelp: false,
      workTickets: true,
      assignToSelf: false,
      verifyCallers: false,
      readIncidents: false,
      manageIncidents: false,
      readGoLive: false,
      logGoLiveIssues: false,
      markGoLiveDuplicates: false,
      manageGoLive: false,
    });
  });
});
