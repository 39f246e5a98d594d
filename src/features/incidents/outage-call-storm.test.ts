// "500 calls in 10 minutes about it" (issue 15's load list): while an EHR downtime is open on a ward, the phone
// system posts 500 call events over HTTP for callers on that ward, many at once, some of them sent twice (a phone
// system retrying), and asks the IVR hook what to play between the batches. Every call is recorded exactly once,
// nothing answers 5xx, and the hook keeps playing the outage's message.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client, TestApp } from '../../../test/app.ts';
import { type Hospital, integrationToken } from '../../../test/factories.ts';
import { newId } from '../../platform/ids.ts';
import { people } from '../directory/tables.ts';
import { declareIncident, openIncidentDesk } from './fixture.ts';

const CALLS = 500;
const CALLERS = 50;
const AT_ONCE = 25;

let t: TestApp;
let h: Hospital;
let agent: Client;
beforeAll(async () => {
  ({ t, h, agent } = await openIncidentDesk());
}, 120_000);
afterAll(() => t.close());

describe('500 calls in ten minutes about an open outage', () => {
  it('records every call once, answers no 5xx, and the IVR hook keeps playing the outage message', async () => {
    const inc = await declareIncident(agent, {
      kind: 'ehr_downtime',
      title: 'EHR down on the ward',
      publicSummary: 'The EHR is down on the ward. Use the downtime forms.',
      publicReply: 'The EHR is down on your ward. Use the downtime forms; we will call back when it is fixed.',
      severity: 'sev1',
      serviceIds: [h.ehr.id],
      facilityIds: [h.facility.id],
      unitIds: [h.ward.id],
    });
    // Fifty callers on the ward, each with a phone number the phone system sends.
    const tag = randomBytes(2).readUInt16BE(0) % 900;
    const callers = Array.from({ length: CALLERS }, (_, n) => ({
      id: newId(),
      displayName: `Ward caller ${n}`,
      clinicalRole: 'rn' as const,
      facilityId: h.facility.id,
      unitId: h.ward.id,
      phones: [`1608${String(100 + tag).padStart(3, '0')}${String(n).padStart(4, '0')}`],
    }));
    await t.ctx.database.db.insert(people).values(callers);

    const phone = t.withToken(await integrationToken(t.ctx, 'pbx-storm'));
    const started = Date.now() - 10 * 60_000;
    const event = (n: number) => ({
      type: 'offered',
      callId: `storm-${n}`,
      sequence: 1,
      // Spread over the last ten minutes.
      occurredAt: new Date(started + Math.floor((n * 10 * 60_000) / CALLS)).toISOString(),
      callerNumber: callers[n % CALLERS]!.phones[0],
      dialledLine: '5000',
      skills: [`service:${h.ehr.id}`],
    });
    const statuses: number[] = [];
    const plays: boolean[] = [];
    for (let from = 0; from < CALLS; from += AT_ONCE) {
      const batch = Array.from({ length: Math.min(AT_ONCE, CALLS - from) }, (_, i) => from + i);
      // Every fifth call of the batch is sent twice at once, as a phone system retrying would.
      const sends = [...batch, ...batch.filter((n) => n % 5 === 0)];
      const [answers, hook] = await Promise.all([
        Promise.all(sends.map((n) => phone.post('/api/v1/cti/events', event(n)))),
        phone.get(`/api/v1/cti/announcements?service=${h.ehr.id}&facility=${h.facility.id}`),
      ]);
      statuses.push(...answers.map((r) => r.statusCode), hook.statusCode);
      plays.push(hook.statusCode === 200 && hook.json().message === inc.publicReply);
    }
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    expect(plays.every(Boolean)).toBe(true);

    const recorded = await t.ctx.database.query<{ external_call_id: string; n: number; known: boolean }>(
      `SELECT external_call_id, count(*)::int AS n, bool_and(person_id IS NOT NULL) AS known
         FROM contacts WHERE external_call_id LIKE 'storm-%' GROUP BY external_call_id`,
    );
    expect(recorded).toHaveLength(CALLS);
    expect(recorded.filter((r) => r.n !== 1)).toEqual([]);
    // Each was recognised as its caller on the ward.
    expect(recorded.filter((r) => !r.known)).toEqual([]);
  }, 180_000);
});
