// An open incident's children and words on screen: a call from a unit with an open EHR downtime pops on the agent's
// screen with the known-outage notice, and one click creates the ticket, links it and answers it; on the incident
// page the commander changes the title and public summary (patient details refused as the server writes it) and
// unlinks a child with a reason, after which the ticket's page no longer shows the outage; the declare form asks a
// planned downtime's notice hours. axe on each changed screen, desktop and phone.
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { people } from '../src/features/directory/tables.ts';
import { SYSTEM_META } from '../src/platform/actor.ts';
import { createToken, createUser } from '../src/platform/auth/service.ts';
import { seriousAccessibilityProblems } from './accessibility.ts';
import { deskApi } from './desk-api.ts';
import { deskForSpec, SCREENSHOTS } from './harness.ts';
import { becomeAvailable } from './phone-bar.ts';

const spec = deskForSpec();

type Person = { id: string; displayName: string; unitId: string; facilityId: string; unit: string };
type Incident = { number: string; version: number; title: string; publicSummary: string };
type Child = { ticket: string; status: string };

const REPLY = 'This is part of a known EHR outage on your unit. Use the downtime forms; we will call back.';

async function ehrId(api: Awaited<ReturnType<typeof deskApi>>): Promise<string> {
  const catalogue = await api.get<{ applications: { id: string; name: string }[] }>('/api/v1/directory/catalogue');
  return catalogue.applications.find((a) => a.name === 'EHR')!.id;
}

describe('an open incident’s children and words on screen', () => {
  it('pops a call from an affected unit with the known-outage notice, and one click opens, links and answers the ticket', async () => {
    const pbx = await createUser(spec.desk.ctx, SYSTEM_META, {
      username: 'pbx-outage',
      displayName: 'Phone system',
      role: 'integration',
      password: 'integration-password-1',
      email: null,
    });
    const { token } = await createToken(spec.desk.ctx, SYSTEM_META, pbx.id, { name: 'e2e phone system' });
    const db = spec.desk.ctx.database.db;
    const doctor = (await db.select().from(people).where(eq(people.displayName, 'Dr. Samuel Osei')))[0]!;
    let phone = doctor.phones[0];
    if (!phone) {
      phone = '16085550142';
      await db
        .update(people)
        .set({ phones: [phone] })
        .where(eq(people.id, doctor.id));
    }
    const agent = await spec.signedIn('agent', '/console');
    const { page } = agent;
    const api = await deskApi(agent.context);
    const ehr = await ehrId(api);
    const incident = await api.post<Incident>('/api/v1/incidents', {
      kind: 'ehr_downtime',
      severity: 'sev2',
      title: 'EHR down on the caller’s unit',
      publicSummary: 'The EHR is down on this unit. Use the downtime forms.',
      publicReply: REPLY,
      serviceIds: [ehr],
      facilityIds: [doctor.facilityId],
      unitIds: doctor.unitId ? [doctor.unitId] : [],
      confirmOverlap: true,
    });
    await becomeAvailable(page, '4412');

    // The phone system posts the call; the IVR's choice names the EHR.
    const res = await fetch(`${spec.desk.url}/api/v1/cti/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'offered',
        callId: 'e2e-outage-call',
        sequence: 1,
        occurredAt: new Date().toISOString(),
        callerNumber: phone,
        dialledLine: '5000',
        skills: [`service:${ehr}`],
      }),
    });
    expect(res.status, await res.clone().text()).toBe(200);
    const pop = page.getByRole('dialog', { name: 'Incoming call' });
    await pop.getByRole('heading', { name: 'Dr. Samuel Osei' }).waitFor();
    const notice = pop.getByTestId('known-outage').filter({ hasText: incident.number });
    await notice.getByText(REPLY).waitFor();
    expect(await seriousAccessibilityProblems(page)).toEqual([]);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'screen-pop-known-outage.png') });

    await notice
      .getByRole('button', { name: `Link to ${incident.number} and answer with the known-outage message` })
      .click();
    const done = pop.getByTestId('call-pop-done');
    await done.waitFor();
    const text = (await done.textContent()) ?? '';
    expect(text).toMatch(new RegExp(`CSD-\\d{6} opened and linked to ${incident.number}; the known-outage message`));
    const ticket = /CSD-\d{6}/.exec(text)![0];
    const children = await api.get<{ items: Child[] }>(`/api/v1/incidents/${incident.number}/children`);
    expect(children.items.find((c) => c.ticket === ticket)?.status).toBe('linked');
    expect(agent.errors).toEqual([]);
  }, 120_000);

  it('changes the title and summary (patient details refused), unlinks a child with a reason, and the ticket no longer shows the outage', async () => {
    const agent = await spec.signedIn('agent', '/console');
    const { page } = agent;
    const api = await deskApi(agent.context);
    const someone = (await api.get<{ items: Person[] }>('/api/v1/people?q=Osei')).items[0]!;
    const catalogue = await api.get<{ applications: { id: string; name: string }[] }>('/api/v1/directory/catalogue');
    const other = catalogue.applications.find((a) => a.name !== 'EHR')!;
    const incident = await api.post<Incident>('/api/v1/incidents', {
      kind: 'major_incident',
      severity: 'sev3',
      title: 'Scanners slow',
      publicSummary: 'Scanning is slow.',
      serviceIds: [other.id],
      confirmOverlap: true,
    });
    const child = await api.post<{ number: string }>('/api/v1/tickets', {
      requesterId: someone.id,
      channel: 'phone',
      serviceId: other.id,
      summary: 'Scanner at the nurses’ station is slow',
    });
    await api.post(`/api/v1/incidents/${incident.number}/children`, { ticket: child.number });
    await page.goto(`/console/incidents/${incident.number}`);

    // The words: patient details are refused with the server's words, then a clean summary is saved.
    await page.getByRole('button', { name: 'Change the title and summary…' }).click();
    const words = page.getByRole('region', { name: `What ${incident.number} says` });
    await words.getByLabel('What is down').fill('Document scanners slow at every facility');
    await words.getByLabel('Public summary').fill('Scanning for MRN 12345678 is slow.');
    await words.getByRole('button', { name: 'Save the title and summary' }).click();
    await words
      .getByRole('alert')
      .getByText(/patient information/)
      .waitFor();
    expect(await seriousAccessibilityProblems(page)).toEqual([]);
    await words.getByLabel('Public summary').fill('Scanning is slow everywhere. Scan later or attach on paper.');
    await words.getByRole('button', { name: 'Save the title and summary' }).click();
    await words.waitFor({ state: 'detached' });
    await page.getByRole('heading', { name: /Document scanners slow at every facility/ }).waitFor();
    await page.getByText('Scanning is slow everywhere. Scan later or attach on paper.').waitFor();
    const saved = await api.get<Incident>(`/api/v1/incidents/${incident.number}`);
    expect(saved).toMatchObject({
      title: 'Document scanners slow at every facility',
      publicSummary: 'Scanning is slow everywhere. Scan later or attach on paper.',
    });

    // Unlink the child, saying why.
    const linked = page.getByRole('region', { name: 'Tickets linked to this incident' });
    await linked.getByRole('button', { name: `Unlink ${child.number}…` }).click();
    const reason = page.getByLabel(`Why is ${child.number} not part of ${incident.number}?`);
    await reason.fill('A local fault at one station, not the outage');
    expect(await seriousAccessibilityProblems(page)).toEqual([]);
    await page.getByRole('button', { name: `Unlink ${child.number}`, exact: true }).click();
    await linked.waitFor({ state: 'detached' });
    await page.getByText(`Unlinked ${child.number}: A local fault at one station, not the outage`).waitFor();
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await seriousAccessibilityProblems(page)).toEqual([]);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'incident-unlinked-phone.png'), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });

    // The ticket's page no longer says it is part of the outage.
    await page.goto(`/console/tickets/${child.number}`);
    await page.getByText('Scanner at the nurses’ station is slow').first().waitFor();
    expect(await page.getByTestId('ticket-outage').count()).toBe(0);
    const outage = await api.get<{ outage: unknown }>(`/api/v1/tickets/${child.number}/outage`);
    expect(outage.outage).toBeNull();
    expect(agent.errors).toEqual([]);
  }, 120_000);

  it('asks a planned downtime’s start and notice hours when declaring, and shows them on the incident', async () => {
    const agent = await spec.signedIn('agent', '/console');
    const { page } = agent;
    await page.goto('/console/incidents');
    await page.getByRole('button', { name: 'Declare an incident' }).click();
    const form = page.getByRole('region', { name: 'Declare an incident' });
    await form.getByLabel('What is down').fill('EHR upgrade');
    await form.getByRole('combobox', { name: 'Applications affected' }).click();
    await page.getByRole('option', { name: /^EHR$/ }).first().click();
    await page.keyboard.press('Escape');
    await form.getByLabel('Public summary').fill('The EHR will be unavailable during the upgrade.');
    await form.getByLabel('Planned downtime (it starts as scheduled)').check();
    const start = new Date(Date.now() + 5 * 86_400_000);
    const local = new Date(start.getTime() - start.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
    await form.getByLabel('Planned start').fill(local);
    await form.getByLabel('Tell the units (hours before)').fill('72');
    expect(await seriousAccessibilityProblems(page)).toEqual([]);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'declare-planned-notice-hours.png'), fullPage: true });
    await form.getByRole('button', { name: 'Declare', exact: true }).click();
    // The first test's downtime covers the EHR still: declare this one anyway, as a separate incident.
    await form
      .getByRole('alert')
      .getByText(/already open for this service/)
      .waitFor();
    await form.getByLabel('Declare it anyway, as a separate incident').check();
    await form.getByRole('button', { name: 'Declare', exact: true }).click();
    await page.waitForURL(/\/console\/incidents\/INC-\d+$/);
    await page.getByText('72 hours before the start').waitFor();
    expect(agent.errors).toEqual([]);
  }, 120_000);
});
