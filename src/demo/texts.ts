// The words around a ticket: descriptions as the agent or requester would write them per channel, and the
// replies and notes of its history. Written for the demo; never a patient identifier.
import type { ClinicalRole, Tier } from '../domain/vocabulary.ts';
import type { Channel } from '../features/tickets/rules/vocabulary.ts';
import type { Rng } from '../platform/seeded-random.ts';

export function fill(template: string, vars: { unit: string; room: string; tag: string }): string {
  return template.replaceAll('{unit}', vars.unit).replaceAll('{room}', vars.room).replaceAll('{tag}', vars.tag);
}

const ROLE_LABEL: Record<ClinicalRole, string> = {
  attending: 'attending physician',
  resident: 'resident physician',
  app: 'advanced practice provider',
  rn: 'RN',
  pharmacist: 'pharmacist',
  tech: 'technologist',
  unit_clerk: 'unit clerk',
  registration: 'registration specialist',
  revenue_cycle: 'revenue-cycle specialist',
  it: 'IT staff member',
  other: 'staff member',
};

export type DescriptionInput = {
  channel: Channel;
  role: ClinicalRole;
  unit: string;
  detail: string;
  error: string | null;
  tag: string | null;
};

export function describe(d: DescriptionInput): string {
  const who = `${ROLE_LABEL[d.role]}, ${d.unit}`;
  const extra = `${d.error ? ` Error shown: "${d.error}"` : ''}${d.tag ? ` Device: ${d.tag}.` : ''}`;
  switch (d.channel) {
    case 'phone':
      return `Caller (${who}) says: "${d.detail}"${extra}`;
    case 'chat':
      return `Chat from ${who}: "${d.detail}"${extra}`;
    case 'walk_up':
      return `Walked up to the desk (${who}): "${d.detail}"${extra}`;
    case 'go_live':
      return `Raised at the elbow during go-live rounding (${who}): "${d.detail}"${extra}`;
    case 'portal':
      return `${d.detail}${d.error ? `\n\nThe message on screen says: "${d.error}"` : ''}\n\nUnit: ${d.unit}.${
        d.tag ? ` Device: ${d.tag}.` : ''
      }`;
    case 'email':
      return `Hello,\n\n${d.detail}${d.error ? ` It says "${d.error}"` : ''}\n\nThank you,\n${who}`;
  }
}

export const ACKNOWLEDGEMENTS = [
  "Thanks for letting us know — I've picked this up and will update you shortly.",
  "Hi, this is the service desk. I'm looking into this now.",
  'Thanks, we have this. I may call you at the number on file if I need to see your screen.',
];

export const ESCALATION_REASONS: Record<Tier, readonly string[]> = {
  tier1: ['Returned to the desk for follow-up with the requester.'],
  tier2: [
    'Reproduced on a second workstation; looks like a build issue for the analysts.',
    'Outside Tier 1-Plus permissions: needs a security or build change.',
    'Steps in the knowledge article did not resolve it; analyst review needed.',
    'Needs an approved access change.',
  ],
  tier3: [
    'Hardware fault suspected; needs a desk-side visit.',
    'Affects more than one device on the unit; server or network side.',
    'Interface or server-side issue; engineering needed.',
  ],
  vendor: [
    'Defect confirmed in the test environment; opening a case with the EHR vendor.',
    'Behaviour changed after the vendor update; vendor analysis needed.',
  ],
};

export const CALLBACK_NOTES = [
  'Called the requester back and left a message asking for a good time to remote in.',
  'Requester was with a patient; agreed to call back after rounds.',
  'Asked the requester for a screenshot of the message (no patient information, please).',
];
export const INFO_REQUESTS = [
  'Could you tell us the asset tag on the device (the sticker on the front) and when it last worked?',
  'Can you let us know a good time to join you on the workstation to see it happen?',
  'Does this happen on every workstation on the unit, or only one?',
];
export const REQUESTER_REPLIES = [
  'I am back at the workstation now if you want to take a look.',
  'It happens every time I try.',
  'Still happening this morning.',
];
export const APPROVAL_NOTE = 'Waiting for the manager on record to approve the access request.';
export const APPROVED_NOTE = 'Manager approval received.';
export const ANALYST_NOTES = [
  'Reproduced in the test environment.',
  'Reviewed the build; the setting differs from the other units.',
  'Checked the logs for the time of the call; found the failure.',
  'Remote session with the requester to confirm the behaviour.',
];
export const CHANGE_NOTES = [
  'Fix needs a build change; submitted for the next change window.',
  'Change approved by the change board; scheduled for the overnight window.',
];
export const VENDOR_NOTES = [
  'Vendor case opened; logs and screenshots (no patient data) uploaded.',
  'Vendor engineering reproduced the issue and is working on a fix.',
  'Vendor asked for the exact build version and timestamps; sent.',
];
export const VENDOR_RETURN = 'Fix delivered by the vendor and applied; returning to the analyst team to confirm.';
export const FIELD_NOTES = [
  'Field technician dispatched.',
  'On site: confirmed the fault; replacement part ordered from the depot.',
];
export const FCR_NOTES = [
  'Shared the knowledge article with the caller.',
  'Resolved on the call using remote assistance.',
  'Walked the caller through the steps; they completed it themselves.',
];

export function statusCheckNote(group: string): string {
  return `Requester called for a status update; told them it is with ${group}.`;
}

export function resolvedReply(note: string): string {
  return `This should be fixed now. ${note} Reply within 7 days if the problem comes back.`;
}

export const REOPEN_REASONS = ['Requester reports the problem came back.', 'The fix did not hold after a restart.'];
export const CANCEL_NOTE = 'Requester no longer needs this; closed with their agreement.';
export const DUPLICATE_NOTE = 'Duplicate of an earlier ticket for the same problem; follow-up continues there.';

export function vendorReference(rng: Rng, at: number): string {
  const year = new Date(at).getUTCFullYear() % 100;
  return `LCS-${year}-${String(rng.int(1, 999_999)).padStart(6, '0')}`;
}

export function safetyReportRef(rng: Rng, at: number): string {
  return `SE-${new Date(at).getUTCFullYear()}-${String(rng.int(1, 99_999)).padStart(5, '0')}`;
}
