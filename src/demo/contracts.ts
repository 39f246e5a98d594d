// The demo hospital's provider contracts (issue 16, docs/reports.md "Provider scorecards"): the outsourcer's and the
// EHR vendor's, as SLA policies naming the provider (a policy naming providers is a contract, never the hospital's
// policy: sla/rules/contract.ts). Written before the history's SLA backfill, so every holding of the history gets its
// contract clock and a newcomer's scorecard shows "Met the contract" with real figures on first run. Fixed ids that
// collide with none of the default policies (migration 0009 and 0012: …0011 to …0014).
import { sql } from 'drizzle-orm';
import type { Queryable } from '../platform/db/connect.ts';
import type { ProviderKey } from './catalogue.ts';

const ALWAYS_OPEN = '5a1a0000-0000-4000-8000-000000000001';
const BUSINESS_HOURS = '5a1a0000-0000-4000-8000-000000000002';
export const DEMO_CONTRACT_IDS = {
  outsourcer: '5a1a0000-0000-4000-8000-0000000000c1',
  ehr_vendor: '5a1a0000-0000-4000-8000-0000000000c2',
} as const;

const targets = (t: [number, number][]) =>
  Object.fromEntries(
    t.map(([responseMinutes, resolutionMinutes], i) => [String(i + 1), { responseMinutes, resolutionMinutes }]),
  );

/** Contract terms as a hospital would sign them (minutes by priority P1–P4: first response, resolution). */
const CONTRACTS: {
  provider: Exclude<ProviderKey, 'in_house'>;
  name: string;
  description: string;
  calendarId: string;
  targets: [number, number][];
}[] = [
  {
    provider: 'outsourcer',
    name: 'Harborline Support Services contract',
    description: 'The overnight first line and field services, around the clock.',
    calendarId: ALWAYS_OPEN,
    targets: [
      [15, 240],
      [30, 480],
      [60, 2_880],
      [240, 7_200],
    ],
  },
  {
    provider: 'ehr_vendor',
    name: 'Larkspur Clinical Systems support contract',
    description: 'EHR vendor cases, on business hours in the facility’s time zone.',
    calendarId: BUSINESS_HOURS,
    targets: [
      [60, 1_080],
      [240, 5_400],
      [480, 10_800],
      [960, 16_200],
    ],
  },
];

/** Writes the contracts; returns how many. */
export async function seedContracts(tx: Queryable, providers: ReadonlyMap<ProviderKey, string>): Promise<number> {
  for (const [i, c] of CONTRACTS.entries()) {
    await tx.execute(sql`
      INSERT INTO sla_policies (id, name, description, position, active, match, calendar_id, targets, pause_statuses,
        at_risk_percent)
      VALUES (${DEMO_CONTRACT_IDS[c.provider]}::uuid, ${c.name}, ${c.description}, ${50 + i}, true,
        ${JSON.stringify({ providerIds: [providers.get(c.provider)] })}::jsonb, ${c.calendarId}::uuid,
        ${JSON.stringify(targets(c.targets))}::jsonb, '{pending_requester}', 75)`);
  }
  return CONTRACTS.length;
}
