// The demo service catalogue: the EHR and its modules, other applications, device classes and infrastructure;
// the three support providers, their groups per tier, and which group covers each service at each tier.
import type { Tier } from '../domain/vocabulary.ts';

export type ServiceKind = 'application' | 'module' | 'device' | 'infrastructure';
export type ServiceDef = {
  key: string;
  kind: ServiceKind;
  name: string;
  critical: boolean;
  /** For modules: the application's key. */
  parent?: string;
  /** The group that takes it at each tier beyond Tier 1-Plus (Tier 1-Plus covers everything). */
  tier2?: string;
  tier3?: string;
  vendor?: boolean;
};

const ehr = (key: string, name: string, critical: boolean, tier2: string, tier3 = 'platform'): ServiceDef => ({
  key: `ehr.${key}`,
  kind: 'module',
  parent: 'ehr',
  name,
  critical,
  tier2,
  tier3,
  vendor: true,
});

export const SERVICES: readonly ServiceDef[] = [
  { key: 'ehr', kind: 'application', name: 'EHR', critical: true, tier2: 'orders', tier3: 'platform', vendor: true },
  ehr('ed', 'Emergency Department (ED)', true, 'ed'),
  ehr('nursing', 'Nursing Documentation & Flowsheets', true, 'inpatient'),
  ehr('emar', 'eMAR (Medication Administration Record)', true, 'inpatient'),
  ehr('bcma', 'BCMA (Barcode Medication Administration)', true, 'inpatient'),
  ehr('orders', 'CPOE / Orders', true, 'orders'),
  ehr('notes', 'Physician Notes & Documentation', false, 'orders'),
  ehr('adt', 'ADT / Patient Flow & Bed Board', true, 'access'),
  ehr('pharmacy', 'Pharmacy Verification & Dispensing', true, 'pharmacy', 'integration'),
  ehr('lab', 'Lab & Specimen Collection', true, 'ancillary', 'integration'),
  ehr('radiology', 'Radiology Orders & Technologist Workflow', true, 'ancillary', 'integration'),
  ehr('periop', 'OR / Anesthesia', true, 'periop', 'integration'),
  ehr('billing', 'Billing, Coding & Claims', false, 'revenue'),
  ehr('ambulatory', 'Ambulatory Visits & Scheduling', false, 'ambulatory'),
  ehr('portal', 'Patient Portal', false, 'ambulatory'),
  ehr('inbasket', 'In-Basket Messaging', false, 'orders'),
  ehr('signin', 'Sign-In & Badge Tap (SSO hand-off)', true, 'iam'),
  { key: 'pacs', kind: 'application', name: 'PACS Image Viewer', critical: true, tier2: 'imaging', tier3: 'platform' },
  {
    key: 'vdi',
    kind: 'application',
    name: 'Virtual Desktop (Citrix/VDI)',
    critical: true,
    tier2: 'iam',
    tier3: 'platform',
  },
  {
    key: 'sso',
    kind: 'application',
    name: 'Badge-Tap Single Sign-On',
    critical: true,
    tier2: 'iam',
    tier3: 'platform',
  },
  { key: 'account', kind: 'application', name: 'Network Account & Passwords', critical: false, tier2: 'iam' },
  { key: 'email', kind: 'application', name: 'Email & Calendar', critical: false, tier2: 'iam', tier3: 'platform' },
  { key: 'dictation', kind: 'application', name: 'Speech Recognition & Dictation', critical: false, tier2: 'orders' },
  { key: 'dev.printer', kind: 'device', name: 'Printers', critical: false, tier3: 'field' },
  { key: 'dev.label', kind: 'device', name: 'Label Printers', critical: false, tier3: 'field' },
  { key: 'dev.wristband', kind: 'device', name: 'Wristband Printers', critical: false, tier3: 'field' },
  { key: 'dev.scanner', kind: 'device', name: 'Barcode Scanners', critical: false, tier3: 'field' },
  {
    key: 'dev.workstation',
    kind: 'device',
    name: 'Workstations & Workstations on Wheels',
    critical: false,
    tier3: 'field',
  },
  { key: 'dev.thin', kind: 'device', name: 'Thin Clients & Shared Kiosks', critical: false, tier3: 'field' },
  { key: 'dev.badge', kind: 'device', name: 'Badge Readers', critical: false, tier3: 'field' },
  { key: 'dev.mobile', kind: 'device', name: 'Clinical Smartphones', critical: false, tier3: 'telecom' },
  { key: 'dev.medical', kind: 'device', name: 'Medical Device Integration', critical: true, tier3: 'integration' },
  { key: 'inf.wifi', kind: 'infrastructure', name: 'Clinical Wi-Fi', critical: true, tier3: 'network' },
  { key: 'inf.network', kind: 'infrastructure', name: 'Wired Network', critical: true, tier3: 'network' },
  {
    key: 'inf.comms',
    kind: 'infrastructure',
    name: 'Hands-Free Clinical Communicators',
    critical: true,
    tier3: 'telecom',
  },
  { key: 'inf.phones', kind: 'infrastructure', name: 'Desk Phones & Voice', critical: false, tier3: 'telecom' },
  { key: 'inf.vpn', kind: 'infrastructure', name: 'Remote Access (VPN)', critical: false, tier3: 'network' },
  {
    key: 'inf.interfaces',
    kind: 'infrastructure',
    name: 'Interface Engine (HL7)',
    critical: true,
    tier3: 'integration',
  },
];

export type ProviderKey = 'in_house' | 'outsourcer' | 'ehr_vendor';
export const PROVIDERS: readonly { key: ProviderKey; name: string }[] = [
  { key: 'in_house', name: "St. Mary's Information Services" },
  { key: 'outsourcer', name: 'Harborline Support Services' },
  { key: 'ehr_vendor', name: 'Larkspur Clinical Systems (EHR vendor)' },
];

export type GroupDef = { key: string; name: string; tier: Tier; provider: ProviderKey; description: string };
const g = (key: string, tier: Tier, provider: ProviderKey, name: string, description: string): GroupDef => ({
  key,
  tier,
  provider,
  name,
  description,
});

export const GROUPS: readonly GroupDef[] = [
  g('days', 'tier1', 'in_house', 'Service Desk — Tier 1-Plus (Days)', 'Clinically trained first line, 07:00–19:00.'),
  g('nights', 'tier1', 'outsourcer', 'Service Desk — Tier 1-Plus (Nights)', 'Overnight first line, 19:00–07:00.'),
  g('provider', 'tier1', 'in_house', 'Provider Line — Tier 1-Plus', 'Priority line for physicians and APPs.'),
  g('inpatient', 'tier2', 'in_house', 'Clinical Apps — Inpatient Nursing, eMAR & BCMA', 'Nursing analysts.'),
  g('orders', 'tier2', 'in_house', 'Clinical Apps — Orders & Physician Documentation', 'Physician analysts.'),
  g('ed', 'tier2', 'in_house', 'Clinical Apps — Emergency Department', 'ED analysts.'),
  g('pharmacy', 'tier2', 'in_house', 'Clinical Apps — Pharmacy', 'Pharmacy informatics.'),
  g('ancillary', 'tier2', 'in_house', 'Ancillary Apps — Lab & Radiology', 'Lab and radiology analysts.'),
  g('periop', 'tier2', 'in_house', 'Clinical Apps — Perioperative & Anesthesia', 'OR and anesthesia analysts.'),
  g('access', 'tier2', 'in_house', 'Registration & ADT Apps', 'ADT, bed board, registration.'),
  g('revenue', 'tier2', 'in_house', 'Revenue Cycle Apps — Billing & Coding', 'Billing and coding analysts.'),
  g('ambulatory', 'tier2', 'in_house', 'Ambulatory & Portal Apps', 'Clinic workflows and the portal.'),
  g('iam', 'tier2', 'in_house', 'Identity & Access Administration', 'Accounts, security templates, MFA, SSO.'),
  g('imaging', 'tier2', 'in_house', 'Imaging Applications — PACS', 'PACS administrators.'),
  g('field', 'tier3', 'outsourcer', 'End-User Computing — Field Services', 'Desk-side hardware and printers.'),
  g('network', 'tier3', 'in_house', 'Network & Wireless Engineering', 'Wired, wireless and remote access.'),
  g('platform', 'tier3', 'in_house', 'Identity, SSO & Virtual Desktop Engineering', 'SSO, VDI, EHR servers.'),
  g('integration', 'tier3', 'in_house', 'Integration & Interface Engineering', 'HL7 interfaces, device data.'),
  g('telecom', 'tier3', 'in_house', 'Telecom & Clinical Communications', 'Phones and communicators.'),
  g('vendor', 'vendor', 'ehr_vendor', 'EHR Vendor — Application Support', "The EHR vendor's support engineers."),
];

/** Coverage rows: every service at Tier 1-Plus (days desk), then its Tier 2, Tier 3 and vendor groups. */
export function coverageOf(s: ServiceDef): { tier: Tier; group: string }[] {
  const rows: { tier: Tier; group: string }[] = [{ tier: 'tier1', group: 'days' }];
  if (s.tier2) rows.push({ tier: 'tier2', group: s.tier2 });
  if (s.tier3) rows.push({ tier: 'tier3', group: s.tier3 });
  if (s.vendor) rows.push({ tier: 'vendor', group: 'vendor' });
  return rows;
}
