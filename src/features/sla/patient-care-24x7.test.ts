// DOMAIN.md: "Every P1, and every ticket with patient care affected or a safety flag, runs on a 24x7 calendar
// whatever its service." Through the API: the default policies, and the rule holding after an administrator edits them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTestApp, type TestApp } from '../../../test/app.ts';
import { buildHospital, type Hospital, TEST_PASSWORD } from '../../../test/factories.ts';

let t: TestApp;
let h: Hospital;
let nurse: Client;
let admin: Client;
beforeAll(async () => {
  t = await createTestApp();
  h = await buildHospital(t.ctx);
  nurse = await t.signIn(h.users.nurse.username, TEST_PASSWORD);
  admin = await t.signIn('admin');
});
afterAll(() => t.close());

const MIN = 60_000;
const PATIENT_CARE_POLICY = '5a1a0000-0000-4000-8000-000000000014';
type PolicyView = { id: string; name: string; version: number; warnings: string[] };

async function wristbandPrinterDown() {
  const before = Date.now();
  const res = await nurse.post('/api/v1/tickets', {
    summary: 'Wristband printer on 4 West will not print: admissions waiting',
    serviceId: h.printers.id,
    deviceType: 'wristband_printer',
    patientCareAffected: true,
    scope: 'unit',
    workaroundAvailable: false,
  });
  expect(res.statusCode, res.body).toBe(201);
  const ticket = res.json();
  expect(ticket.priority).toBe(1);
  // 15 minutes of wall-clock time from now, never "tomorrow afternoon".
  const due = Date.parse(ticket.slaDetail.response.dueAt);
  expect(due).toBeGreaterThanOrEqual(before + 15 * MIN - 1000);
  expect(due).toBeLessThanOrEqual(Date.now() + 15 * MIN);
  expect(ticket.slaDetail.timeZone).toBe('UTC');
  return ticket;
}
const policies = async () => (await admin.get('/api/v1/sla/policies')).json() as PolicyView[];

describe('patient care runs 24x7', () => {
  it('puts a patient-care P1 on a non-critical service under the default 24x7 patient-care policy', async () => {
    const ticket = await wristbandPrinterDown();
    expect(ticket.slaDetail.policy).toBe('P1, patient care or safety (24x7)');
    // The defaults leave no policy where a P1 could land on business hours.
    expect((await policies()).flatMap((p) => p.warnings)).toEqual([]);
  });

  it('still runs it 24x7 after an administrator switches that policy off, and warns about the gap', async () => {
    const current = (await policies()).find((p) => p.id === PATIENT_CARE_POLICY)!;
    const off = await admin.request({
      method: 'PATCH',
      url: `/api/v1/sla/policies/${PATIENT_CARE_POLICY}`,
      payload: { version: current.version, active: false },
    });
    expect(off.statusCode, off.body).toBe(200);
    const warned = (await policies()).filter((p) => p.warnings.length);
    expect(warned.map((p) => p.name)).toEqual(['Standard (business hours)']);
    expect(warned[0]!.warnings[0]).toMatch(/P1.*business hours.*24x7/);

    const ticket = await wristbandPrinterDown();
    expect(ticket.slaDetail.policy).toBe('Standard (business hours) · 24x7 (P1)');
  });
});
