// The words of caller verification (HHS HC3 and AHA alerts, 2024): what a caller may ask that changes a credential,
// how the desk may check who they are, and where a check stands. Shared by rules, schemas, SQL and the web app.

/** Requests that hand someone a way into an account: each needs the caller's identity checked first. */
export const REQUEST_KINDS = [
  'password_reset',
  'mfa_reset',
  'mfa_new_device',
  'account_unlock',
  'access_change',
] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number];

export const REQUEST_LABELS: Record<RequestKind, string> = {
  password_reset: 'Password reset',
  mfa_reset: 'MFA reset',
  mfa_new_device: 'New MFA device',
  account_unlock: 'Account unlock',
  access_change: 'Access change',
};

/**
 * How the desk checks a caller. The first four are out of band (the HC3 list); knowledge answers (SSN digits, birth
 * date, employee ID) are what attackers buy, so they never verify anyone on their own.
 */
export const METHODS = [
  'callback_on_file',
  'supervisor_confirmation',
  'in_person_badge',
  'video_photo_id',
  'knowledge_answers',
] as const;
export type Method = (typeof METHODS)[number];
export const OUT_OF_BAND_METHODS: readonly Method[] = [
  'callback_on_file',
  'supervisor_confirmation',
  'in_person_badge',
  'video_photo_id',
];

export const METHOD_LABELS: Record<Method, string> = {
  callback_on_file: 'Call back on the number on file',
  supervisor_confirmation: 'Supervisor on record confirms',
  in_person_badge: 'In person with badge',
  video_photo_id: 'Video call with photo ID',
  knowledge_answers: 'Knowledge answers',
};

export const OUTCOMES = ['passed', 'failed'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** Where a verification stands: nothing passed yet, some but not enough, enough, or given up on. */
export const STATES = ['required', 'pending', 'verified', 'failed'] as const;
export type State = (typeof STATES)[number];

export const RISK_LEVELS = ['standard', 'high'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

/** What about a request raises its risk besides whose account it is. */
export const SIGNALS = ['number_not_on_file', 'new_device', 'recent_resets'] as const;
export type Signal = (typeof SIGNALS)[number];

export const SIGNAL_LABELS: Record<Signal, string> = {
  number_not_on_file: 'Calling from a number not on file',
  new_device: 'Caller says they have a new phone or device',
  recent_resets: 'Several resets for this account recently',
};
