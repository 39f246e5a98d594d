// Priority = Impact × Urgency (ITIL), computed from the clinical facts, never chosen freely by a requester.
// Floors from DOMAIN.md: a patient-safety flag is at least P2; printers, workstations and scanners in clinical
// areas are at least P2. When unsure, the higher priority.
import type { DeviceType } from '../../../domain/vocabulary.ts';
import type { Scope } from './vocabulary.ts';

export type Level = 1 | 2 | 3;
export type Priority = 1 | 2 | 3 | 4;
/** Keyed "impact,urgency", e.g. "1,2". */
export type PriorityMatrix = Record<`${Level},${Level}`, Priority>;

export const DEFAULT_MATRIX: PriorityMatrix = {
  '1,1': 1,
  '1,2': 1,
  '2,1': 1,
  '1,3': 2,
  '2,2': 2,
  '3,1': 2,
  '2,3': 3,
  '3,2': 3,
  '3,3': 4,
};

/** Devices a clinical area cannot work without. */
export const CLINICAL_FLOOR_DEVICES: readonly DeviceType[] = [
  'workstation',
  'workstation_on_wheels',
  'shared_kiosk',
  'thin_client',
  'scanner',
  'label_printer',
  'wristband_printer',
  'printer',
  'badge_reader',
];

export type ImpactFacts = { scope: Scope; serviceClinicalCritical: boolean };
export type UrgencyFacts = {
  patientCareAffected: boolean;
  patientSafety: boolean;
  workaroundAvailable: boolean | null;
};

/** 1: enterprise/facility, or a clinical-critical service down for a unit; 2: a unit or several users; 3: one user. */
export function impactOf(f: ImpactFacts): Level {
  if (f.scope === 'enterprise' || f.scope === 'facility') return 1;
  if (f.scope === 'unit') return f.serviceClinicalCritical ? 1 : 2;
  return 3;
}

/** 1: care stopped or a safety risk; 2: care delayed with a workaround; 3: no care impact now. Unknown workaround → 1. */
export function urgencyOf(f: UrgencyFacts): Level {
  if (f.patientSafety) return 1;
  if (!f.patientCareAffected) return 3;
  return f.workaroundAvailable === true ? 2 : 1;
}

export type PriorityFacts = {
  impact: Level;
  urgency: Level;
  patientSafety: boolean;
  deviceType: DeviceType | null;
  clinicalArea: boolean;
};

export function computePriority(
  f: PriorityFacts,
  matrix: PriorityMatrix = DEFAULT_MATRIX,
): {
  priority: Priority;
  reason: string;
} {
  const base = matrix[`${f.impact},${f.urgency}`];
  let priority = base;
  let reason = `impact ${f.impact} × urgency ${f.urgency} → P${base}`;
  if (f.patientSafety && priority > 2) {
    priority = 2;
    reason += '; raised to P2: patient-safety flag';
  }
  if (f.clinicalArea && f.deviceType && CLINICAL_FLOOR_DEVICES.includes(f.deviceType) && priority > 2) {
    priority = 2;
    reason += `; raised to P2: ${f.deviceType.replaceAll('_', ' ')} in a clinical area`;
  }
  return { priority, reason };
}

/** A matrix is valid when it has every cell and never ranks a worse case above a better one. */
export function matrixProblems(m: PriorityMatrix): string[] {
  const problems: string[] = [];
  const levels: Level[] = [1, 2, 3];
  for (const i of levels) {
    for (const u of levels) {
      const p = m[`${i},${u}`];
      if (![1, 2, 3, 4].includes(p)) problems.push(`cell ${i},${u} must be 1–4`);
      if (i < 3 && m[`${(i + 1) as Level},${u}`] < p)
        problems.push(`impact ${i + 1} must not outrank impact ${i} (urgency ${u})`);
      if (u < 3 && m[`${i},${(u + 1) as Level}`] < p)
        problems.push(`urgency ${u + 1} must not outrank urgency ${u} (impact ${i})`);
    }
  }
  return problems;
}
