// The words the screens use for the ticket vocabulary: one place, so every screen says the same thing.
import type { DeviceType, Tier } from '../../../src/domain/vocabulary.ts';
import type { Line } from '../../../src/features/routing/rules/route.ts';
import type {
  Channel,
  LinkKind,
  ResolutionCode,
  Scope,
  Status,
} from '../../../src/features/tickets/rules/vocabulary.ts';

export { TIER_LABELS } from '../../../src/domain/vocabulary.ts';

export const STATUS_LABELS: Record<Status, string> = {
  new: 'New',
  in_progress: 'In progress',
  pending_requester: 'Waiting on requester',
  pending_vendor: 'Waiting on vendor',
  pending_change: 'Waiting on a change',
  resolved: 'Resolved',
  closed: 'Closed',
};

/** Short tier names for tight table cells; the full TIER_LABELS elsewhere. */
export const TIER_SHORT: Record<Tier, string> = { tier1: 'T1+', tier2: 'T2', tier3: 'T3', vendor: 'Vendor' };

export const SCOPE_LABELS: Record<Scope, string> = {
  me: 'Just me',
  unit: 'My unit',
  facility: 'The whole hospital',
  enterprise: 'Every hospital in the system',
};

export const CHANNEL_LABELS: Record<Channel, string> = {
  phone: 'Phone',
  portal: 'Portal',
  email: 'Email',
  chat: 'Chat',
  walk_up: 'Walk-up',
  go_live: 'Go-live support',
};

/** The desk's phone lines: one name on the wallboard, the phone report and the call card. */
export const LINE_LABELS: Record<Line, string> = {
  provider: 'Provider line',
  clinical: 'Clinical line',
  general: 'General line',
};

/** A line's name, or the key itself when it is not a line the desk knows. */
export const lineLabel = (line: string): string => LINE_LABELS[line as Line] ?? line;

export const RESOLUTION_LABELS: Record<ResolutionCode, string> = {
  answered_how_to: 'Answered a how-to question',
  password_reset: 'Password reset',
  account_unlocked: 'Account unlocked',
  access_granted: 'Access granted',
  configuration_fixed: 'Configuration fixed',
  hardware_replaced: 'Hardware replaced',
  software_fixed: 'Software fixed',
  workaround_given: 'Workaround given',
  vendor_fix: 'Fixed by the vendor',
  duplicate: 'Duplicate of another ticket',
  no_fault_found: 'No fault found',
  cancelled: 'Cancelled',
  known_outage: 'Part of a known outage, fixed',
};

export const LINK_LABELS: Record<LinkKind, string> = {
  duplicate_of: 'Duplicate of',
  caused_by: 'Caused by',
  parent_of: 'Parent of',
  related: 'Related to',
};

export const DEVICE_LABELS: Record<DeviceType, string> = {
  workstation: 'Workstation',
  workstation_on_wheels: 'Workstation on wheels',
  shared_kiosk: 'Shared kiosk',
  thin_client: 'Thin client',
  mobile: 'Mobile device',
  scanner: 'Scanner',
  label_printer: 'Label printer',
  wristband_printer: 'Wristband printer',
  printer: 'Printer',
  badge_reader: 'Badge reader',
  medical_device: 'Medical device',
  other: 'Other device',
};

export const PHI_LABELS: Record<string, string> = {
  ssn: 'a Social Security number',
  mrn: 'a medical record number',
  date_of_birth: 'a date of birth',
  phone: 'a phone number',
  email: 'an email address',
  patient_name: 'a patient name',
};

export function optionsOf<K extends string>(labels: Record<K, string>): { value: K; label: string }[] {
  return (Object.keys(labels) as K[]).map((value) => ({ value, label: labels[value] }));
}

/** "4 min", "3 h 10 m", "14 h", "2 d 5 h": how long a ticket has waited, short enough for a table cell. */
export function formatAge(minutes: number): string {
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 10) return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} m`;
  if (hours < 24) return `${hours} h`;
  const days = Math.floor(hours / 24);
  return hours % 24 === 0 ? `${days} d` : `${days} d ${hours % 24} h`;
}

/** "just now", "4 min ago", "2 d 5 h ago": how long ago something happened, in a sentence. */
export function formatAgo(minutes: number): string {
  return minutes < 1 ? 'just now' : `${formatAge(minutes)} ago`;
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function formatWhen(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateTime.format(date);
}

export function minutesSince(iso: string, now = Date.now()): number {
  return Math.max(0, Math.floor((now - new Date(iso).getTime()) / 60_000));
}

export const CLINICAL_ROLE_LABELS: Record<string, string> = {
  attending: 'Attending physician',
  resident: 'Resident physician',
  app: 'Advanced practice provider',
  rn: 'Registered nurse',
  pharmacist: 'Pharmacist',
  tech: 'Technician',
  unit_clerk: 'Unit clerk',
  registration: 'Registration',
  revenue_cycle: 'Revenue cycle',
  it: 'IT staff',
  other: 'Other',
};

/** Phones are stored as digits ("15551234567"); show North American numbers the usual way. */
export function formatPhone(digits: string): string {
  const local = digits.length === 11 && digits.startsWith('1') ? digits.slice(1) : digits;
  if (/^\d{10}$/.test(local)) return `(${local.slice(0, 3)}) ${local.slice(3, 6)}-${local.slice(6)}`;
  return digits;
}

/** A tap-to-call link: stored numbers carry their country code ("+"); a hospital extension is dialled as it is. */
export function telHref(digits: string): string {
  return digits.length > 7 ? `tel:+${digits}` : `tel:${digits}`;
}

/** Who sent a reply by email when they have no account: "Pat Visitor <pat@…>", or the address alone. */
export function emailSenderLabel(sender: { name: string | null; address: string }): string {
  return sender.name ? `${sender.name} <${sender.address}>` : sender.address;
}
