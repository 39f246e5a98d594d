// The hospital's vocabulary that every feature shares: support tiers, clinicians' roles, kinds of unit and of
// device. Below the features (docs/architecture.md): the directory, tickets, SLA, routing, knowledge, reports,
// surveys and the web app all import it, and it imports nothing.

export const TIERS = ['tier1', 'tier2', 'tier3', 'vendor'] as const;
export type Tier = (typeof TIERS)[number];
export const TIER_LABELS: Record<Tier, string> = {
  tier1: 'Tier 1-Plus',
  tier2: 'Tier 2 (application analysts)',
  tier3: 'Tier 3 (engineering)',
  vendor: 'Vendor',
};

export const CLINICAL_ROLES = [
  'attending',
  'resident',
  'app',
  'rn',
  'pharmacist',
  'tech',
  'unit_clerk',
  'registration',
  'revenue_cycle',
  'it',
  'other',
] as const;
export type ClinicalRole = (typeof CLINICAL_ROLES)[number];

export const UNIT_KINDS = [
  'inpatient',
  'icu',
  'ed',
  'or',
  'outpatient',
  'pharmacy',
  'lab',
  'radiology',
  'admin',
  'support',
] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

export const DEVICE_TYPES = [
  'workstation',
  'workstation_on_wheels',
  'shared_kiosk',
  'thin_client',
  'mobile',
  'scanner',
  'label_printer',
  'wristband_printer',
  'printer',
  'badge_reader',
  'medical_device',
  'other',
] as const;
export type DeviceType = (typeof DEVICE_TYPES)[number];
