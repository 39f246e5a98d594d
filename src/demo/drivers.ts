// Call drivers: why people contact the desk (what a driver holds: drivers/driver.ts; the drivers: drivers/*.ts).
// The mix per clinical role follows DOMAIN.md: EHR "how-to" dominates clinicians' calls; passwords and lockouts are
// a quarter of all calls; then devices and printers, access requests, infrastructure. No patient identifiers.
import { ACCESS_DRIVERS, CREDENTIAL_DRIVERS } from './drivers/access.ts';
import { DEVICE_DRIVERS } from './drivers/devices.ts';
import type { Category, Driver, RoleGroup } from './drivers/driver.ts';
import { NURSING_HOW_TO } from './drivers/howto.ts';
import { PROVIDER_HOW_TO } from './drivers/howto-providers.ts';
import { INFRA_DRIVERS } from './drivers/infra.ts';
import { EHR_ISSUE_DRIVERS } from './drivers/issues.ts';

export const DRIVERS: readonly Driver[] = [
  ...CREDENTIAL_DRIVERS,
  ...ACCESS_DRIVERS,
  ...NURSING_HOW_TO,
  ...PROVIDER_HOW_TO,
  ...EHR_ISSUE_DRIVERS,
  ...DEVICE_DRIVERS,
  ...INFRA_DRIVERS,
];

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
