// What a verification needs, where it stands after its attempts, which attempts the desk may record, and whether
// the credential change may go ahead. The server applies these; the screens show their answers.
import type { Policy } from './policy.ts';
import { needsVerification, type Risk, type Subject } from './risk.ts';
import {
  METHOD_LABELS,
  type Method,
  OUT_OF_BAND_METHODS,
  type Outcome,
  type RequestKind,
  type State,
} from './vocabulary.ts';

/** What has to pass: `required` different checks among `methods`, at least one of them out of band. */
export type Requirement = { methods: Method[]; required: number; fastPath: boolean };

export type RequirementFacts = {
  subject: Subject;
  request: RequestKind;
  risk: Risk;
  /** The ticket says patient care is affected right now. */
  urgentCare: boolean;
};

/** The clinician fast path: urgent care, a clinician's own account, not a sensitive one, not an access change. */
export function fastPathApplies(policy: Policy, f: RequirementFacts): boolean {
  return (
    policy.fastPath.enabled &&
    f.urgentCare &&
    !f.subject.sensitive &&
    f.request !== 'access_change' &&
    policy.fastPath.roles.includes(f.subject.clinicalRole)
  );
}

export function requirementFor(policy: Policy, f: RequirementFacts): Requirement {
  if (!needsVerification(policy, f.subject, f.request)) return { methods: [], required: 0, fastPath: false };
  if (fastPathApplies(policy, f)) return { methods: [...policy.fastPath.methods], required: 1, fastPath: true };
  const level = policy[f.risk.level];
  return { methods: [...level.methods], required: level.required, fastPath: false };
}

export type Attempt = { method: Method; outcome: Outcome };

export function stateOf(requirement: Requirement, attempts: readonly Attempt[], maxFailures: number): State {
  if (requirement.required === 0) return 'verified';
  if (attempts.filter((a) => a.outcome === 'failed').length >= maxFailures) return 'failed';
  const passed = new Set(
    attempts.filter((a) => a.outcome === 'passed' && requirement.methods.includes(a.method)).map((a) => a.method),
  );
  const outOfBand = [...passed].some((m) => OUT_OF_BAND_METHODS.includes(m));
  if (outOfBand && passed.size >= requirement.required) return 'verified';
  return attempts.length ? 'pending' : 'required';
}

/** What an attempt says beyond its method and outcome; the server fills the person fields from the directory. */
export type AttemptFacts = {
  method: Method;
  /** Callback: the number dialled, chosen from the numbers on file. */
  phone?: string | null;
  /** Supervisor confirmation: the person who confirmed. */
  confirmedById?: string | null;
  /** The desk member recording the attempt, as a person in the directory (null when they have none). */
  recorderPersonId: string | null;
};

export type AttemptContext = {
  state: State;
  requirement: Requirement;
  subject: Subject;
  /** The supervisor on record's name, for the message that names who may confirm. */
  supervisorName: string | null;
};

const ATTEMPT_FIELD: Partial<Record<Method, string>> = {
  callback_on_file: 'phone',
  supervisor_confirmation: 'confirmedById',
};

/** A refused attempt: the message for the agent on the call, and what kind of refusal it is (its HTTP status). */
export type Refusal = { message: string; kind: 'state' | 'self' | 'field'; field?: string };

/** Why the desk may not record this attempt, in words for the agent on the call; null when it may. */
export function attemptRefusal(a: AttemptFacts, c: AttemptContext): Refusal | null {
  const message = attemptRefusalMessage(a, c);
  if (!message) return null;
  if (c.state === 'verified' || c.state === 'failed') return { message, kind: 'state' };
  if (a.recorderPersonId !== null && a.recorderPersonId === c.subject.personId) return { message, kind: 'self' };
  if (a.method === 'supervisor_confirmation' && a.confirmedById === c.subject.personId) {
    return { message, kind: 'self', field: 'confirmedById' };
  }
  const field = c.requirement.methods.includes(a.method) ? (ATTEMPT_FIELD[a.method] ?? 'method') : 'method';
  return { message, kind: 'field', field };
}

function attemptRefusalMessage(a: AttemptFacts, c: AttemptContext): string | null {
  const who = c.subject.displayName;
  if (c.state === 'verified') return `${who} is already verified for this request.`;
  if (c.state === 'failed') {
    return `This verification failed. Do not make the change: ask ${who} to come to the service desk in person with their badge.`;
  }
  if (a.recorderPersonId !== null && a.recorderPersonId === c.subject.personId) {
    return 'You cannot verify a request for your own account. Ask a colleague at the desk to do it.';
  }
  if (!c.requirement.methods.includes(a.method)) {
    const allowed = c.requirement.methods.map((m) => METHOD_LABELS[m].toLowerCase()).join(', ');
    return `${METHOD_LABELS[a.method]} does not count for this request. Use one of: ${allowed}.`;
  }
  if (a.method === 'callback_on_file') return callbackRefusal(a.phone ?? null, c.subject);
  if (a.method === 'supervisor_confirmation') return supervisorRefusal(a.confirmedById ?? null, c);
  return null;
}

function callbackRefusal(phone: string | null, s: Subject): string | null {
  if (!s.phones.length) {
    return `There is no phone number on file for ${s.displayName}, so the desk cannot call back. Use the supervisor on record or an in-person badge check instead.`;
  }
  if (!phone || !s.phones.includes(phone)) {
    return `That number is not on file for ${s.displayName}. Call back only on a number from the directory, never on one the caller gives.`;
  }
  return null;
}

function supervisorRefusal(confirmedById: string | null, c: AttemptContext): string | null {
  const s = c.subject;
  if (confirmedById !== null && confirmedById === s.personId) {
    return `${s.displayName} cannot confirm their own request. The supervisor on record must confirm it.`;
  }
  if (!s.managerId) {
    return `${s.displayName} has no supervisor on record. Call back on the number on file or check their badge in person instead.`;
  }
  if (confirmedById !== s.managerId) {
    return `Only the supervisor on record${c.supervisorName ? ` (${c.supervisorName})` : ''} can confirm this request.`;
  }
  return null;
}

/** Why the credential change may not go ahead yet; null when the policy is met and the check is recent enough. */
export function changeRefusal(
  state: State,
  verifiedAt: Date | null,
  now: Date,
  validForMinutes: number,
): string | null {
  if (state === 'failed') {
    return 'Identity was not verified, so the change is blocked. Ask the caller to come to the service desk in person with their badge.';
  }
  if (state !== 'verified') {
    return 'Verify the caller first: the change stays blocked until the checks the policy asks for have passed.';
  }
  if (verifiedAt && now.getTime() - verifiedAt.getTime() > validForMinutes * 60_000) {
    return `The check passed more than ${validForMinutes} minutes ago. Verify the caller again before making the change.`;
  }
  return null;
}

/** Alert the desk manager and security when failed checks and changes for one account pile up, once per window. */
export function alertDue(recent: number, lastAlertAt: Date | null, now: Date, policy: Policy): boolean {
  if (recent < policy.alert.threshold) return false;
  return !lastAlertAt || now.getTime() - lastAlertAt.getTime() > policy.alert.windowHours * 3_600_000;
}
