// Go-live phone lines (docs/routing.md, "Go-live lines"): during a go-live, a call to one of its lines is routed by
// the caller's role and the application the caller chose in the IVR, with the desk's own lanes and skills (route.ts):
// physicians and advanced practice on the provider lane, the staff who care for patients on the clinical lane, and
// the application or module chosen (`service:<id>`) as the skill the agent must hold until the line overflows. So a
// physician's call about the new EHR's order entry goes to an agent skilled in order entry, ahead of general callers.
// Pure: the CTI service asks the golive feature whether the dialled line is a running go-live's, then applies this.
import type { ClinicalRole } from '../../../domain/vocabulary.ts';
import { type Line, laneOf } from './route.ts';

/** Roles on the provider lane on a go-live line, with or without the directory's provider flag. */
export const GO_LIVE_PROVIDER_ROLES: readonly ClinicalRole[] = ['attending', 'resident', 'app'];
/** Roles on the clinical lane on a go-live line: the staff at the bedside and in the pharmacy, lab and imaging. */
export const GO_LIVE_CLINICAL_ROLES: readonly ClinicalRole[] = ['rn', 'pharmacist', 'tech', 'unit_clerk'];

/** The caller as the phone number identified them (null when unknown or the number is shared). */
export type GoLiveCaller = { provider: boolean; clinicalRole: ClinicalRole | null } | null;

/** The line by the caller's role: provider, clinical, else none (the line the phone system named stands). */
export function lineOfRole(caller: GoLiveCaller): Line | null {
  if (!caller) return null;
  if (caller.provider || (caller.clinicalRole && GO_LIVE_PROVIDER_ROLES.includes(caller.clinicalRole))) {
    return 'provider';
  }
  if (caller.clinicalRole && GO_LIVE_CLINICAL_ROLES.includes(caller.clinicalRole)) return 'clinical';
  return null;
}

/**
 * A call to a go-live line: the line by role, never lower than the line the phone system named (a role only raises
 * a call), and the application or module skills the IVR sent (de-duplicated, in order). Off a go-live line the
 * usual rule stands (a known provider on the provider line, else the line sent, else general).
 */
export function goLiveCall(
  caller: GoLiveCaller,
  offered: { line?: Line | null; skills?: readonly string[] },
): { line: Line; skills: string[] } {
  const sent: Line = offered.line ?? 'general';
  const byRole = lineOfRole(caller);
  const higher = (a: Line, b: Line) =>
    laneOf({ line: a, patientCareAffected: false }) <= laneOf({ line: b, patientCareAffected: false }) ? a : b;
  return { line: byRole ? higher(byRole, sent) : sent, skills: [...new Set(offered.skills ?? [])] };
}
