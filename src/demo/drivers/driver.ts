// What a call driver is: why people contact the desk, with the text templates of its tickets (summaries, what the
// requester says, error texts, resolution notes) and the facts that decide priority and routing. The drivers
// themselves are in the files beside this one; ../drivers.ts lists them and mixes them per clinical role.
import type { ClinicalRole, DeviceType, Tier } from '../../domain/vocabulary.ts';
import type { ResolutionCode, TicketType } from '../../features/tickets/rules/vocabulary.ts';

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
