// Who the account belongs to, what is asked and what looks odd about the call decide how much checking a request needs.
import type { ClinicalRole } from '../../../domain/vocabulary.ts';
import type { Policy } from './policy.ts';
import { REQUEST_LABELS, type RequestKind, type RiskLevel, SIGNAL_LABELS, type Signal } from './vocabulary.ts';

/** The account's owner as the directory has them: the only source of numbers and the supervisor on record. */
export type Subject = {
  personId: string;
  displayName: string;
  clinicalRole: ClinicalRole;
  /** Finance/revenue cycle, privileged IT, executives: marked sensitive in the directory. */
  sensitive: boolean;
  managerId: string | null;
  /** Digits, as the directory stores them. */
  phones: string[];
};

export type SignalFacts = {
  /** The number the call came from, when the request came by phone. */
  callerNumber: string | null;
  phonesOnFile: string[];
  newDevice: boolean;
  request: RequestKind;
  /** Credential changes for this account within the policy's recent-resets window. */
  recentResets: number;
};

export function signalsOf(f: SignalFacts, policy: Policy): Signal[] {
  const out: Signal[] = [];
  if (f.callerNumber !== null && !f.phonesOnFile.includes(f.callerNumber)) out.push('number_not_on_file');
  if (f.newDevice || f.request === 'mfa_new_device') out.push('new_device');
  if (f.recentResets >= policy.recentResets.count) out.push('recent_resets');
  return out;
}

export type Risk = { level: RiskLevel; reasons: string[] };

const ROLE_REASONS: Partial<Record<ClinicalRole, string>> = {
  revenue_cycle: 'Revenue cycle account',
  it: 'IT account',
  attending: 'Prescriber account',
  resident: 'Prescriber account',
  app: 'Prescriber account',
};

export function assessRisk(policy: Policy, subject: Subject, request: RequestKind, signals: Signal[]): Risk {
  const reasons: string[] = [];
  if (subject.sensitive) reasons.push('Sensitive account (finance, privileged or executive)');
  if (policy.highRiskRoles.includes(subject.clinicalRole)) {
    reasons.push(ROLE_REASONS[subject.clinicalRole] ?? 'High-risk role');
  }
  if (policy.highRiskRequests.includes(request)) reasons.push(`${REQUEST_LABELS[request]} requested`);
  for (const s of signals) if (policy.highRiskSignals.includes(s)) reasons.push(SIGNAL_LABELS[s]);
  return { level: reasons.length ? 'high' : 'standard', reasons };
}

/** Whether the owner alone makes the account high risk (what decides an unlock). */
export function highRiskAccount(policy: Policy, subject: Subject): boolean {
  return subject.sensitive || policy.highRiskRoles.includes(subject.clinicalRole);
}

/** Every request here needs a check, except unlocking an ordinary account when the policy allows it. */
export function needsVerification(policy: Policy, subject: Subject, request: RequestKind): boolean {
  if (request !== 'account_unlock') return true;
  return policy.unlockAlwaysVerified || highRiskAccount(policy, subject);
}
