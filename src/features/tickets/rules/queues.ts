// The built-in queue views and which roles see them, pure.

import type { Tier } from '../../../domain/vocabulary.ts';
import type { Role } from '../../../platform/auth/roles.ts';
import type { VendorState } from './vendor-case.ts';
import type { Status } from './vocabulary.ts';

export type BuiltInView =
  | 'my_open'
  | 'unassigned_urgent_clinical'
  | 'pending_vendor'
  | 'all_open'
  | 'patient_care'
  | 'my_requests'
  | 'sla_at_risk';

export const VIEW_NAMES: Record<BuiltInView, string> = {
  my_open: 'My open',
  unassigned_urgent_clinical: 'Unassigned P1/P2 clinical',
  pending_vendor: 'Pending vendor',
  all_open: 'All open',
  patient_care: 'Patient care affected',
  my_requests: 'My requests',
  sla_at_risk: 'SLA at risk or breached',
};

export function viewsFor(role: Role): BuiltInView[] {
  if (role === 'requester') return ['my_requests'];
  if (role === 'vendor') return ['my_open', 'sla_at_risk', 'pending_vendor', 'all_open'];
  return [
    'my_open',
    'unassigned_urgent_clinical',
    'sla_at_risk',
    'patient_care',
    'pending_vendor',
    'all_open',
    'my_requests',
  ];
}

export type ListFilter = {
  view?: BuiltInView;
  q?: string;
  status?: Status[];
  priority?: number[];
  facilityId?: string;
  unitId?: string;
  serviceId?: string;
  moduleId?: string;
  providerId?: string;
  tier?: Tier;
  groupId?: string;
  assignee?: string;
  requesterId?: string;
  patientCareAffected?: boolean;
  olderThanMinutes?: number;
  createdAfter?: string;
  createdBefore?: string;
  /** The holding vendor's case states (rules/vendor-case.ts). */
  vendorState?: VendorState[];
  /** Only tickets this provider holds now (the vendor's queue). */
  heldBy?: string;
  sort?: 'priority' | 'newest' | 'oldest' | 'updated' | 'relevance';
};
