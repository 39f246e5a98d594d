// Major incidents at the desk's intake: an agent taking a call from a unit with an open EHR downtime sees the known
// outage (with its latest public update) as she picks the application, and opens, links and answers the ticket in one
// click; on the incident page a suggested ticket is accepted, and a change of who leads it made over someone else's
// change is refused plainly, then saved after a reload; a ticket's page offers "Declare major incident" prefilled
// from the ticket. axe on each changed screen, desktop and phone.
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { seriousAccessibilityProblems } from './accessibility.ts';
import { deskApi } from './desk-api.ts';
import { deskForSpec, SCREENSHOTS } from './harness.ts';

const spec = deskForSpec();

type Person = { id: string; displayName: string; unitId: string; facilityId: string; unit: string };
type Incident = { number: string; version: number };
type Child = { ticket: string; status: string; source: string };

const REPLY = 'This is part of a known outage of order entry on your unit. Use paper requisitions; we will call back.';
const UPDATE = 'The interface engine is being restarted. Next update in 30 minutes.';

async function choose(page: Page, label: string, option: string | RegExp): Promise<void> {
  await page.getByRole('combobox', { name: label, exact: true }).click();
  await page.getByRole('option', { name: option }).first().click();
}

describe('major incidents at intake', () => {
  it('shows the known outage at intake for the caller’s unit, links and answers the new ticket in one click, and a suggested ticket is accepted on the incident page', async () => {
    const agent = await spec.signedIn('agent', '/console');
    const { page } = agent;
    const api = await deskApi(agent.context);
    const doctor = (await api.get<{ items: Person[] }>('/api/v1/people?q=Osei')).items[0]!;
    const catalogue = await api.get<{ applications: { id: string; name: string }[] }>('/api/v1/directory/catalogue');
    const ehr = catalogue.applications.find((a) => a.name === 'EHR')!;
    const incident = await api.post<Incident>('/api/v1/incidents', {
      kind: 'ehr_downtime',
      severity: 'sev2',
      title: `Order entry down on ${doctor.unit}`,
      publicSummary: 'Orders cannot be entered in the EHR on this unit. Use paper requisitions.',
      publicReply: REPLY,
      serviceIds: [ehr.id],
      facilityIds: [doctor.facilityId],
      unitIds: [doctor.unitId],
      matchTerms: ['requisition'],
      confirmOverlap: true,
    });
    await api.post(`/api/v1/incidents/${incident.number}/updates`, { publicText: UPDATE, nextUpdateMinutes: 30 });

    // Intake: the caller, then the application; the notice names the incident and its latest update.
    await page.getByRole('table').waitFor();
    await page.keyboard.press('n');
    const drawer = page.getByRole('dialog', { name: 'New ticket' });
    await drawer.getByLabel('Requester').fill('Osei');
    await drawer.getByRole('button', { name: new RegExp(doctor.displayName) }).click();
    await choose(page, 'Application or device', /^EHR$/);
    const notice = drawer.getByTestId('known-outage').filter({ hasText: incident.number });
    await notice.getByText(UPDATE).waitFor();
    await notice.getByText(REPLY).waitFor();
    await drawer.getByLabel('Summary').fill('Cannot enter lab orders');
    expect(await seriousAccessibilityProblems(page)).toEqual([]);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'intake-known-outage.png') });
    await notice
      .getByRole('button', { name: `Link to ${incident.number} and answer with the known-outage message` })
      .click();

    // The ticket opens linked to the incident, and the requester has the incident's message.
    await page.waitForURL((url) => /^\/console\/tickets\/CSD-\d+$/.test(url.pathname));
    const ticket = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
    await page.getByTestId('ticket-outage').filter({ hasText: incident.number }).waitFor();
    await page.getByText(REPLY).first().waitFor();
    const outage = await api.get<{ outage: { number: string } | null }>(`/api/v1/tickets/${ticket}/outage`);
    expect(outage.outage?.number).toBe(incident.number);
    // Already part of an outage: no "Declare major incident" here.
    expect(await page.getByRole('button', { name: 'Declare major incident…' }).count()).toBe(0);
    expect(await seriousAccessibilityProblems(page)).toEqual([]);

    // A ticket with the incident's word but no application is only suggested; the incident page links it.
    const similar = await api.post<{ number: string }>('/api/v1/tickets', {
      requesterId: doctor.id,
      channel: 'phone',
      summary: 'Paper requisition forms have run out',
    });
    await page.goto(`/console/incidents/${incident.number}`);
    const suggested = page.getByRole('region', { name: 'Suggested tickets' });
    await suggested.getByRole('link', { name: similar.number }).waitFor();
    await page.getByRole('region', { name: 'Downtime procedures' }).waitFor();
    expect(await seriousAccessibilityProblems(page)).toEqual([]);
    await suggested.getByRole('button', { name: `Link ${similar.number}` }).click();
    const linked = page.getByRole('region', { name: 'Tickets linked to this incident' });
    await linked.getByRole('link', { name: similar.number }).waitFor();
    const children = await api.get<{ items: Child[] }>(`/api/v1/incidents/${incident.number}/children`);
    expect(children.items.find((c) => c.ticket === similar.number)).toMatchObject({
      status: 'linked',
      source: 'accepted_suggestion',
    });
    expect(children.items.find((c) => c.ticket === ticket)?.status).toBe('linked');

    await page.screenshot({ path: path.join(SCREENSHOTS, 'incident-page-suggested.png'), fullPage: true });
    expect(agent.errors).toEqual([]);
  }, 120_000);

  it('declares from a ticket’s page, prefilled from the ticket, then changes who leads it over someone else’s change', async () => {
    const agent = await spec.signedIn('agent', '/console');
    const { page } = agent;
    const api = await deskApi(agent.context);
    const someone = (await api.get<{ items: Person[] }>('/api/v1/people?q=Osei')).items[0]!;
    const catalogue = await api.get<{ applications: { id: string; name: string }[] }>('/api/v1/directory/catalogue');
    const other = catalogue.applications.find((a) => a.name !== 'EHR')!;
    const ticket = await api.post<{ number: string }>('/api/v1/tickets', {
      requesterId: someone.id,
      channel: 'phone',
      serviceId: other.id,
      summary: 'Badge readers fail at every door',
    });
    await page.goto(`/console/tickets/${ticket.number}`);
    await page.getByRole('button', { name: 'Declare major incident…' }).click();
    const form = page.getByRole('region', { name: `Declare a major incident from ${ticket.number}` });
    expect(await form.getByLabel('What is down').inputValue()).toBe('Badge readers fail at every door');
    await form.getByRole('combobox', { name: 'Applications affected' }).waitFor();
    await form.getByText(other.name, { exact: true }).waitFor();
    await form.getByLabel('Public summary').fill('Badge readers are failing; use the manual key log.');
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await seriousAccessibilityProblems(page)).toEqual([]);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'declare-from-ticket-phone.png'), fullPage: true });
    await form.getByRole('button', { name: 'Declare', exact: true }).click();
    await page.waitForURL(/\/console\/incidents\/INC-\d+$/);
    const number = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
    await page
      .getByRole('region', { name: 'Tickets linked to this incident' })
      .getByRole('link', { name: ticket.number })
      .waitFor();

    // Who leads it: a change over someone else's is refused with the server's words, then saved after a reload.
    await page.getByRole('button', { name: 'Change who leads it…' }).click();
    const roles = page.getByRole('region', { name: `Who leads ${number}` });
    await choose(page, 'IT lead', /.+/);
    const fresh = await api.get<Incident>(`/api/v1/incidents/${number}`);
    // Someone else lowers the severity meanwhile (declared as severity 1).
    const meanwhile = await agent.context.request.patch(`/api/v1/incidents/${number}`, {
      data: { version: fresh.version, severity: 'sev3' },
      headers: { 'x-csrf-token': await csrf(agent.context) },
    });
    expect(meanwhile.status(), await meanwhile.text()).toBe(200);
    await roles.getByRole('button', { name: 'Save who leads it' }).click();
    await roles.getByRole('alert').getByText(`Someone else changed ${number}`).waitFor();
    expect(await seriousAccessibilityProblems(page)).toEqual([]);
    await roles.getByRole('button', { name: 'Reload the incident' }).click();
    // The form starts again from the reloaded incident (the refusal goes with it) before the new choice.
    await roles.getByRole('alert').waitFor({ state: 'detached' });
    await choose(page, 'IT lead', /.+/);
    await roles.getByRole('button', { name: 'Save who leads it' }).click();
    await roles.waitFor({ state: 'detached' });
    const after = await api.get<{ itLead: { displayName: string } | null; severity: string }>(
      `/api/v1/incidents/${number}`,
    );
    expect(after.severity).toBe('sev3');
    expect(after.itLead).not.toBeNull();
    await page.getByRole('region', { name: 'Who leads it' }).getByText(after.itLead!.displayName).waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'incident-page-edit-phone.png'), fullPage: true });
    expect(agent.errors).toEqual([]);
  }, 120_000);
});

async function csrf(context: Parameters<typeof deskApi>[0]): Promise<string> {
  const me = await context.request.get('/api/v1/auth/me');
  return ((await me.json()) as { csrfToken: string }).csrfToken;
}
