// What the identity-check panel says, in words for the agent on the call: pure, tested without a browser.

import {
  METHOD_LABELS,
  type RequestKind,
  type State,
} from '../../../../../src/features/verification/rules/vocabulary.ts';
import type { Verification } from '../../../api/verification.ts';

export const STATE_LABELS: Record<State, string> = {
  required: 'Check needed',
  pending: 'More checks needed',
  verified: 'Verified',
  failed: 'Not verified',
};

export const STATE_COLORS: Record<State, string> = {
  required: 'blue.9',
  pending: 'blue.9',
  verified: 'green.9',
  failed: 'red.9',
};

/** What the policy asks of this request, in one sentence. */
export function requirementText(v: Verification): string {
  const r = v.requirement;
  if (r.required === 0) return 'No identity check is needed for this request.';
  if (r.fastPath) {
    const ways = r.methods.map((m) => METHOD_LABELS[m].toLowerCase()).join(' or ');
    return `Urgent care fast path: one check is enough (${ways}).`;
  }
  if (r.required === 1) return 'One check outside this call is needed before the change.';
  return `${r.required} different checks are needed, at least one outside this call. Knowledge answers never count on their own.`;
}

export function riskText(v: Verification): string {
  if (v.risk.level === 'standard') return 'Standard risk';
  return `High risk: ${v.risk.reasons.join('; ')}`;
}

const CHANGE_LABELS: Record<RequestKind, string> = {
  password_reset: 'Record the password reset',
  mfa_reset: 'Record the MFA reset',
  mfa_new_device: 'Record the new MFA device',
  account_unlock: 'Record the account unlock',
  access_change: 'Record the access change',
};

/** The verb on the button that makes the change. */
export function changeLabel(v: Verification): string {
  return CHANGE_LABELS[v.request];
}

/** Whether more checks may be recorded (the server refuses them once verified or failed). */
export function open(v: Verification): boolean {
  return !v.changedAt && (v.state === 'required' || v.state === 'pending');
}
