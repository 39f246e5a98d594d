// Call drivers: why people contact the desk. Each driver carries the text templates of its tickets (summaries,
// what the requester says, error texts, resolution notes) and the facts that decide priority and routing.
// The mix per clinical role follows DOMAIN.md: EHR "how-to" dominates clinicians' calls; passwords and lockouts are
// a quarter of all calls; then devices and printers, access requests, infrastructure. No patient identifiers.
import type { ClinicalRole, DeviceType, Tier } from '../domain/vocabulary.ts';
import type { ResolutionCode, TicketType } from '../features/tickets/rules/vocabulary.ts';
import { ACCESS_DRIVERS, CREDENTIAL_DRIVERS } from './drivers-access.ts';
import { DEVICE_DRIVERS } from './drivers-devices.ts';
import { NURSING_HOW_TO } from './drivers-howto.ts';
import { PROVIDER_HOW_TO } from './drivers-howto-providers.ts';
import { INFRA_DRIVERS } from './drivers-infra.ts';
import { EHR_ISSUE_DRIVERS } from './drivers-issues.ts';

export type Category = 'credentials' | 'how_to' | 'ehr_issue' | 'device' | 'access' | 'infra';
export type RoleGroup = 'rn' | 'md' | 'pharm' | 'tech' | 'clerk' | 'reg' | 'rev' | 'other';

export type Driver = {
  key: string;
  category: Category;
  type: TicketType;
  /** Catalogue key of the service or module. */
  service: string;
  /** Relative frequency within its category. */
  weight: number;
  /** Who raises it; every role when absent. */
  who?: readonly RoleGroup[];
  /** Placeholders: {unit} (unit name), {room} (a room or place on the unit), {tag} (asset tag). */
  summaries: readonly string[];
  /** What the requester says, first person. */
  details: readonly string[];
  errors?: readonly string[];
  fixes: readonly (readonly [ResolutionCode, string])[];
  device?: DeviceType;
  /** Chance a live contact is resolved on that contact by the agent who took it. */
  fcr: number;
  /** Where an unresolved one goes; Tier 1-Plus keeps it (callback) when absent. */
  escalateTo?: Tier;
  /** Of the escalated ones: share passed on to the EHR vendor, share that waits for a change. */
  vendorShare?: number;
  changeShare?: number;
  /** Chance patient care is affected (in clinical areas), a workaround exists, a safety flag, the whole unit. */
  care: number;
  workaround: number;
  safety?: number;
  unitScope?: number;
  /** Counts for net FCR; false for hardware replacement and access approvals. */
  resolvable?: boolean;
};

export const DRIVERS: readonly Driver[] = [
  ...CREDENTIAL_DRIVERS,
  ...ACCESS_DRIVERS,
  ...NURSING_HOW_TO,
  ...PROVIDER_HOW_TO,
  ...EHR_ISSUE_DRIVERS,
  ...DEVICE_DRIVERS,
  ...INFRA_DRIVERS,
];

export function roleGroupOf(role: ClinicalRole): RoleGroup {
  switch (role) {
    case 'attending':
    case 'resident':
    case 'app':
      return 'md';
    case 'rn':
      return 'rn';
    case 'pharmacist':
      return 'pharm';
    case 'tech':
      return 'tech';
    case 'unit_clerk':
      return 'clerk';
    case 'registration':
      return 'reg';
    case 'revenue_cycle':
      return 'rev';
    default:
      return 'other';
  }
}

/** Share of each role's contacts by category: credentials, how-to, EHR issue, device, access, infrastructure. */
const CATEGORY_MIX: Record<RoleGroup, [number, number, number, number, number, number]> = {
  rn: [20, 62, 6, 6, 3, 3],
  md: [18, 64, 7, 2, 5, 4],
  pharm: [18, 60, 10, 6, 3, 3],
  tech: [30, 36, 10, 14, 4, 6],
  clerk: [30, 38, 8, 14, 5, 5],
  reg: [34, 28, 10, 18, 5, 5],
  rev: [36, 32, 12, 4, 10, 6],
  other: [42, 20, 6, 10, 10, 12],
};
const CATEGORIES: Category[] = ['credentials', 'how_to', 'ehr_issue', 'device', 'access', 'infra'];

/** Driver weights for one role: the category share spread over the drivers that role raises. */
export function driverWeights(group: RoleGroup, howToBoost = 1): [Driver, number][] {
  const out: [Driver, number][] = [];
  CATEGORIES.forEach((category, i) => {
    const share = CATEGORY_MIX[group][i]! * (category === 'how_to' ? howToBoost : 1);
    const mine = DRIVERS.filter((d) => d.category === category && (!d.who || d.who.includes(group)));
    const total = mine.reduce((s, d) => s + d.weight, 0);
    for (const d of mine) out.push([d, (share * d.weight) / total]);
  });
  return out;
}
