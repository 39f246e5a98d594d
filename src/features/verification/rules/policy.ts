// The verification policy an administrator sets: which accounts, requests and signals are high risk, which checks
// satisfy each risk level, the clinician fast path, and when the desk manager and security are alerted. Pure: the
// wire schema (zod) is in ../schemas.ts; this file holds the type, the defaults and the checks beyond field shapes.
import type { ClinicalRole } from '../../../domain/vocabulary.ts';
import type { FieldError } from '../../../platform/errors.ts';
import { METHOD_LABELS, type Method, OUT_OF_BAND_METHODS, type RequestKind, type Signal } from './vocabulary.ts';

/** What satisfies one risk level: at least `required` different passed checks among `methods`, one out of band. */
export type LevelPolicy = { methods: Method[]; required: number };

export type Policy = {
  /** Roles whose accounts are high risk (revenue cycle, privileged IT, prescribers). Sensitive accounts always are. */
  highRiskRoles: ClinicalRole[];
  highRiskRequests: RequestKind[];
  highRiskSignals: Signal[];
  /** Unlocking an ordinary account needs no check unless this is on; a high-risk account's unlock always does. */
  unlockAlwaysVerified: boolean;
  standard: LevelPolicy;
  high: LevelPolicy;
  /** Urgent patient care: one in-person badge check at the unit or the supervisor on the floor is enough. */
  fastPath: { enabled: boolean; roles: ClinicalRole[]; methods: Method[] };
  /** Failed checks after which the verification fails and the caller is sent to in-person verification. */
  maxFailures: number;
  /** How long a passed verification allows the change. */
  validForMinutes: number;
  /** "Several resets recently": this many credential changes for the account within this many days. */
  recentResets: { windowDays: number; count: number };
  /** Failed checks plus credential changes for one account within the window that alert the desk manager and security. */
  alert: { windowHours: number; threshold: number };
};

export const DEFAULT_POLICY: Policy = {
  highRiskRoles: ['revenue_cycle', 'it', 'attending', 'resident', 'app'],
  highRiskRequests: ['mfa_reset', 'mfa_new_device', 'access_change'],
  highRiskSignals: ['number_not_on_file', 'new_device', 'recent_resets'],
  unlockAlwaysVerified: false,
  standard: { methods: [...OUT_OF_BAND_METHODS], required: 1 },
  high: { methods: [...OUT_OF_BAND_METHODS, 'knowledge_answers'], required: 2 },
  fastPath: {
    enabled: true,
    roles: ['attending', 'resident', 'app', 'rn', 'pharmacist', 'tech'],
    methods: ['in_person_badge', 'supervisor_confirmation'],
  },
  maxFailures: 3,
  validForMinutes: 30,
  recentResets: { windowDays: 30, count: 2 },
  alert: { windowHours: 24, threshold: 3 },
};

/** What a well-formed policy may still get wrong, in words an administrator understands. */
export function policyProblems(p: Policy): FieldError[] {
  const problems: FieldError[] = [];
  for (const level of ['standard', 'high'] as const) {
    const { methods, required } = p[level];
    if (!methods.some((m) => OUT_OF_BAND_METHODS.includes(m))) {
      problems.push({
        field: `${level}.methods`,
        message: `needs at least one check outside the call (${METHOD_LABELS.knowledge_answers.toLowerCase()} are never enough on their own)`,
      });
    }
    if (required > new Set(methods).size) {
      problems.push({ field: `${level}.required`, message: `asks for more checks than the ${methods.length} allowed` });
    }
  }
  if (p.high.required < p.standard.required) {
    problems.push({ field: 'high.required', message: 'may not ask for fewer checks than standard risk' });
  }
  if (p.fastPath.enabled) {
    if (!p.fastPath.methods.length) problems.push({ field: 'fastPath.methods', message: 'needs at least one check' });
    if (p.fastPath.methods.some((m) => !OUT_OF_BAND_METHODS.includes(m))) {
      problems.push({ field: 'fastPath.methods', message: 'may only use checks outside the call' });
    }
  }
  return problems;
}
