// A vendor engineer never sees PHI, internal notes or public replies, on any read surface. Every free-text field of
// an escalated ticket (and of what hangs off it) gets a planted patient identifier; then every GET route of the API,
// read from the OpenAPI document so that a new read route is covered without editing this test, is called as the
// vendor, and so is the live event stream. Runs on PGlite, and on PostgreSQL with TEST_DATABASE_URL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTestApp, type TestApp } from './app.ts';
import { type EventStream, eventsIn, openEventStream } from './event-stream.ts';
import { buildHospital, type Hospital, TEST_PASSWORD } from './factories.ts';

let t: TestApp;
let h: Hospital;
let agent: Client;
let nurse: Client;
let vendor: Client;

/** Patient identifiers planted in free text, each in a form the PHI rules mask; none may reach the vendor. */
const PHI = {
  summary: { text: 'Patient: Zebulon Quartermaine shows in the wrong bed', tokens: ['Zebulon', 'Quartermaine'] },
  description: { text: 'The chart for MRN 00917734 shows twice on the board', tokens: ['00917734'] },
  errorText: { text: 'Rejected: DOB 02/29/1944 not valid', tokens: ['02/29/1944'] },
  locationText: { text: 'Bed 4 by Patient: Ambrose Fitzwilliam', tokens: ['Fitzwilliam'] },
  assetTag: { text: 'WOW-12 MRN 00933333', tokens: ['00933333'] },
  safetyReportRef: { text: 'SR-1 MRN 00944444', tokens: ['00944444'] },
  escalationReason: { text: 'Pt name: Philippa Honeysett cannot be scanned', tokens: ['Honeysett'] },
  vendorReference: { text: 'VND-5 SSN 321-54-9876', tokens: ['321-54-9876'] },
  requesterReply: { text: 'It happened again, SSN 123-45-6789 on the face sheet', tokens: ['123-45-6789'] },
  vendorThread: { text: 'VENDOR-THREAD-3K Patient: Cordelia Fairweather cannot be found', tokens: ['Fairweather'] },
  vendorOwn: { text: 'Our logs show MRN 00822222 twice', tokens: ['00822222'] },
  resolutionNote: { text: 'Merged the duplicate for Patient: Lavinia Strickland', tokens: ['Strickland', 'Lavinia'] },
  confirmFix: { text: 'Still broken for DOB 01/02/1950', tokens: ['01/02/1950'] },
  linkedSummary: { text: 'Patient: Octavia Pemberton listed twice', tokens: ['Octavia', 'Pemberton'] },
  attachment: { text: 'wristband-Quartermaine.txt', tokens: ['Quartermaine'] },
} as const;
/** Threads the vendor must not read at all, PHI or not. */
const NOT_FOR_VENDOR = ['INTERNAL-ONLY-7Q', '00711111', 'PUBLIC-ONLY-8R'];
/** An open incident's internal note (banners, updates): desk staff only. */
const INCIDENT_NOTE = 'INCIDENT-NOTE-4W vendor owes us MRN 00955555';
const NOT_FOR_VENDOR_INCIDENT = ['INCIDENT-NOTE-4W', '00955555'];
/** A post-incident review's text (desk only; no PHI can be planted there, it is refused): looked for in every answer. */
const NOT_FOR_VENDOR_REVIEW = 'REVIEW-NOTE-6V';
const FORBIDDEN = [...Object.values(PHI).flatMap((p) => p.tokens), ...NOT_FOR_VENDOR, ...NOT_FOR_VENDOR_INCIDENT];

let ticket: string; // escalated to the vendor's provider, carrying every planted field
let linked: string; // the desk's own ticket, linked from it (the vendor cannot open it)
let attachmentId: string;
let reviewed: string; // a resolved incident whose post-incident review (desk only) carries REVIEW-NOTE-6V

function leaksIn(text: string): string[] {
  const lower = text.toLowerCase();
  return [...FORBIDDEN, NOT_FOR_VENDOR_REVIEW].filter((token) => lower.includes(token.toLowerCase()));
}

async function ok(res: Promise<{ statusCode: number; body: string }>, status = 200) {
  const r = await res;
  expect(r.statusCode, r.body).toBe(status);
  return JSON.parse(r.body || 'null');
}

beforeAll(async () => {
  t = await createTestApp();
  h = await buildHospital(t.ctx);
  const as = (u: { username: string }) => t.signIn(u.username, TEST_PASSWORD);
  [agent, nurse, vendor] = await Promise.all([as(h.users.agent), as(h.users.nurse), as(h.users.vendor)]);
}, 120_000);
afterAll(() => t.close());

type Operation = { parameters?: { in: string; name: string }[]; summary?: string };
async function getRoutes() {
  await t.app.ready();
  const doc = t.app.swagger() as { paths: Record<string, Record<string, Operation>> };
  return Object.entries(doc.paths)
    .filter(([path, ops]) => path.startsWith('/api/v1/') && ops.get)
    .map(([path, ops]) => ({ path, op: ops.get! }));
}

/** A value for every path parameter a read route may have; a route with a new one fails until it is taught here. */
function pathValues(): Record<string, string> {
  return {
    number: ticket,
    attachmentId,
    id: h.nurse.id,
    callId: '00000000-0000-7000-8000-000000000000',
    // A survey link nobody was given (the public survey page's own PHI checks are in surveys/links.test.ts).
    token: 'A'.repeat(43),
  };
}

describe('what a vendor engineer can read', () => {
  let stream: EventStream;

  it('plants a patient identifier in every free-text field of an escalated ticket', async () => {
    const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
    stream = await openEventStream(address, vendor.cookie!);

    linked = (
      await ok(agent.post('/api/v1/tickets', { requesterId: h.nurse.id, summary: PHI.linkedSummary.text }), 201)
    ).number;
    const opened = await ok(
      agent.post('/api/v1/tickets', {
        requesterId: h.nurse.id,
        summary: PHI.summary.text,
        description: PHI.description.text,
        errorText: PHI.errorText.text,
        locationText: PHI.locationText.text,
        assetTag: PHI.assetTag.text,
        patientSafety: true,
        safetyReportRef: PHI.safetyReportRef.text,
        serviceId: h.ehr.id,
        moduleId: h.bcma.id,
        assignToMe: true,
      }),
      201,
    );
    ticket = opened.number;
    const at = (path = '') => `/api/v1/tickets/${ticket}${path}`;
    await ok(agent.post(at('/comments'), { visibility: 'internal', body: 'INTERNAL-ONLY-7Q MRN 00711111' }), 201);
    await ok(agent.post(at('/comments'), { visibility: 'public', body: 'PUBLIC-ONLY-8R we are on it' }), 201);
    await ok(nurse.post(at('/comments'), { body: PHI.requesterReply.text }), 201);
    attachmentId = (
      await ok(
        agent.post(at('/attachments'), {
          filename: PHI.attachment.text,
          contentType: 'text/plain',
          dataBase64: Buffer.from(PHI.description.text).toString('base64'),
          mayContainPhi: true,
        }),
        201,
      )
    ).id;
    await ok(agent.post(at('/links'), { kind: 'related', other: linked }), 201);
    await ok(
      agent.post(at('/escalations'), {
        toTier: 'vendor',
        reason: PHI.escalationReason.text,
        vendorReference: PHI.vendorReference.text,
      }),
    );
    await ok(agent.post(at('/comments'), { visibility: 'vendor', body: PHI.vendorThread.text }), 201);
    await ok(vendor.post(at('/comments'), { body: PHI.vendorOwn.text }), 201);
    const current = await ok(agent.get(at()));
    await ok(
      agent.request({
        method: 'PATCH',
        url: at(),
        payload: {
          version: current.version,
          status: 'resolved',
          resolution: { code: 'duplicate', note: PHI.resolutionNote.text },
        },
      }),
    );
    await ok(nurse.post(at('/confirm'), { fixed: false, comment: PHI.confirmFix.text }));
    // An open incident over the same application (before the last vendor-thread comment the live test waits for), with an internal note on its update: the desk's banner has it.
    const incident = await ok(
      agent.post('/api/v1/incidents', {
        kind: 'ehr_downtime',
        title: 'EHR unavailable',
        publicSummary: 'The EHR is unavailable. Use downtime procedures.',
        severity: 'sev1',
        serviceIds: [h.ehr.id],
        confirmOverlap: true,
      }),
      201,
    );
    await ok(
      agent.post(`/api/v1/incidents/${incident.number}/updates`, {
        publicText: 'Use the paper forms.',
        internalNote: INCIDENT_NOTE,
        nextUpdateMinutes: 30,
      }),
      201,
    );
    expect(JSON.stringify(await ok(agent.get('/api/v1/incident-banners')))).toContain('INCIDENT-NOTE-4W');
    // Another internal note after the vendor's own comment: its event must not reach the vendor either.
    await ok(agent.post(at('/comments'), { visibility: 'internal', body: 'INTERNAL-ONLY-7Q again' }), 201);
    await ok(agent.post(at('/comments'), { visibility: 'vendor', body: 'VENDOR-THREAD-3K last word' }), 201);

    // The desk still reads every word, so the vendor's view below is masking, not missing data.
    const desk = JSON.stringify(await ok(agent.get(at())));
    for (const token of FORBIDDEN.filter((f) => !NOT_FOR_VENDOR_INCIDENT.includes(f))) expect(desk).toContain(token);
  });

  it('has a resolved incident whose post-incident review only the desk reads', async () => {
    // No PHI can be planted there (refused): a desk-only marker stands for what a vendor must not read.
    const past = await ok(
      agent.post('/api/v1/incidents', {
        kind: 'major_incident',
        title: 'Printing down',
        publicSummary: 'Printing from the EHR is unavailable.',
        severity: 'sev3',
        serviceIds: [h.ehr.id],
        confirmOverlap: true,
      }),
      201,
    );
    await ok(
      agent.request({
        method: 'PATCH',
        url: `/api/v1/incidents/${past.number}`,
        payload: {
          version: past.version,
          state: 'resolved',
          resolution: { note: 'Printing is back.', children: 'none' },
        },
      }),
    );
    await ok(
      agent.post(`/api/v1/incidents/${past.number}/review`, { causeText: 'REVIEW-NOTE-6V print server full' }),
      201,
    );
    await ok(agent.post(`/api/v1/incidents/${past.number}/review/actions`, { title: 'REVIEW-NOTE-6V clean up' }), 201);
    reviewed = past.number;
    expect(JSON.stringify(await ok(agent.get(`/api/v1/incidents/${reviewed}/review`)))).toContain('REVIEW-NOTE-6V');
    // The next test calls the incident routes with the ticket's number; here, with the reviewed incident's own.
    for (const path of ['', '/review', '/updates', '/recovery', '/children']) {
      const res = await vendor.get(`/api/v1/incidents/${reviewed}${path}`);
      expect(res.statusCode, path).toBe(403);
      expect(leaksIn(res.body), path).toEqual([]);
    }
  });

  it('answers every GET route of the API without any planted identifier, internal note or public reply', async () => {
    const routes = await getRoutes();
    const values = pathValues();
    const readable: string[] = [];
    for (const { path, op } of routes) {
      if (op.summary?.includes('text/event-stream')) continue; // the live stream: next test
      const url = path.replace(/\{(\w+)\}/g, (_, name: string) => {
        const value = values[name];
        if (value === undefined) throw new Error(`Teach this test a value for {${name}} in ${path}`);
        return encodeURIComponent(value);
      });
      const queryNames = new Set((op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name));
      const calls = [url];
      // Search-like inputs: searching for a hidden identifier must answer exactly as for a word found nowhere.
      for (const name of ['q', 'text'].filter((n) => queryNames.has(n))) {
        const nowhere = await vendor.get(`${url}?${name}=zzyzxquorble`);
        for (const token of FORBIDDEN) {
          const found = await vendor.get(`${url}?${name}=${encodeURIComponent(token)}`);
          expect(leaksIn(found.body), `${path}?${name}=${token}`).toEqual([]);
          expect(found.statusCode, `${path}?${name}=${token}`).toBe(nowhere.statusCode);
          if (found.statusCode === 200) {
            const [a, b] = [found.json(), nowhere.json()];
            expect({ total: a.total, items: a.items?.length }, `${path}?${name}=${token}`).toEqual({
              total: b.total,
              items: b.items?.length,
            });
          }
        }
      }
      if (queryNames.has('ticket')) calls.push(`${url}?ticket=${ticket}`);
      for (const call of calls) {
        const res = await vendor.get(call);
        expect(res.statusCode, `${call}: ${res.body}`).toBeLessThan(500);
        expect(leaksIn(res.body), call).toEqual([]);
        if (res.statusCode === 200) readable.push(call);
      }
    }
    // The surfaces a vendor works with are really among those checked (the test is not vacuous).
    expect(readable).toEqual(
      expect.arrayContaining([
        `/api/v1/tickets/${ticket}`,
        '/api/v1/tickets',
        '/api/v1/tickets/views',
        '/api/v1/incident-banners',
      ]),
    );
    const detail = (await vendor.get(`/api/v1/tickets/${ticket}`)).json();
    expect(detail.summary).toBe('[patient name hidden] shows in the wrong bed');
    expect(detail.comments.map((c: { visibility: string }) => c.visibility)).toEqual(['vendor', 'vendor', 'vendor']);
    expect(detail.comments[0].body).toBe('VENDOR-THREAD-3K [patient name hidden] cannot be found');
    expect(detail.links).toEqual([expect.objectContaining({ number: linked, summary: expect.any(String) })]);
    expect(detail.attachments).toEqual([]);
  });

  it('never streams an internal note or a public reply to the vendor live', async () => {
    // Wait until the vendor has received the last event meant for it: everything before it has been filtered.
    const rows = await t.ctx.database.query<{ id: string }>(
      `SELECT id::text FROM outbox WHERE payload->>'number' = $1 AND payload->>'visibility' = 'vendor'
        ORDER BY id DESC LIMIT 1`,
      [ticket],
    );
    await expect.poll(() => stream.read(), { timeout: 10_000 }).toContain(`id: ${rows[0]!.id}\n`);
    const text = stream.read();
    await stream.stop();
    expect(text).toContain('"visibility":"vendor"');
    expect(text).not.toContain('"visibility":"internal"');
    expect(text).not.toContain('"visibility":"public"');
    expect(leaksIn(text)).toEqual([]);
  });

  it('never replays to a reconnecting vendor what it would not receive live', async () => {
    // The vendor's browser reconnects with the id of the last event before this test's tickets (Last-Event-ID).
    const rows = await t.ctx.database.query<{ id: string }>(
      `SELECT max(id)::text AS id FROM outbox
        WHERE id < (SELECT min(id) FROM outbox WHERE payload->>'number' IN ($1, $2))`,
      [linked, ticket],
    );
    const { port } = t.app.server.address() as { port: number };
    const replay = await openEventStream(`http://127.0.0.1:${port}`, vendor.cookie!, rows[0]!.id);
    const live = eventsIn(stream.read());
    await expect.poll(() => replay.read(), { timeout: 10_000 }).toContain(`id: ${live.at(-1)!.id}\n`);
    const text = replay.read();
    await replay.stop();
    // Event for event what the live stream gave it: the same filter, nothing more.
    expect(eventsIn(text)).toEqual(live);
    expect(text).not.toContain('"visibility":"internal"');
    expect(text).not.toContain('"visibility":"public"');
    expect(leaksIn(text)).toEqual([]);
  });
});
