// Test set-up shared by the incidents test files: an app on its own database, a small hospital, and an agent, a
// nurse and a vendor engineer signed in; and the two requests every file makes (declare, PATCH).
import { expect } from 'vitest';
import { type Client, createTestApp, type TestApp } from '../../../test/app.ts';
import { buildHospital, type Hospital, signInAs } from '../../../test/factories.ts';
import type { IncidentView } from './schemas.ts';

export type IncidentDesk = { t: TestApp; h: Hospital; agent: Client; nurse: Client; vendor: Client };

/** Test apps run no background job: a test that needs the fan-out runs it itself, batch by batch. */
export async function openIncidentDesk(): Promise<IncidentDesk> {
  const t = await createTestApp();
  const h = await buildHospital(t.ctx);
  const [agent, nurse, vendor] = await signInAs(t, h, 'agent', 'nurse', 'vendor');
  return { t, h, agent, nurse, vendor };
}

export const patch = (client: Client, url: string, body: unknown) =>
  client.request({ method: 'PATCH', url, payload: body as object });

/** Declares an incident as `client`, expecting it to be accepted. */
export async function declareIncident(client: Client, body: Record<string, unknown>): Promise<IncidentView> {
  const res = await client.post('/api/v1/incidents', body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}
