// Checks the clinical context a ticket refers to (facility → unit → location, application → module, asset) and
// turns it into the facts the priority rule needs. Unknown or mismatched references are field errors, not 500s.
import type { DeviceType } from '../../../domain/vocabulary.ts';
import type { Queryable } from '../../../platform/db/connect.ts';
import { type FieldError, Invalid } from '../../../platform/errors.ts';
import { findAssetByTag, findFacility, findLocation, findUnit, servicesByIds } from '../../directory/service.ts';
import { computePriority, impactOf, type Level, type PriorityMatrix, urgencyOf } from '../rules/priority.ts';
import type { Scope } from '../rules/vocabulary.ts';

export type ContextInput = {
  facilityId: string | null;
  unitId: string | null;
  locationId: string | null;
  assetTag: string | null;
  deviceType: DeviceType | null;
  serviceId: string | null;
  moduleId: string | null;
  scope: Scope;
  patientCareAffected: boolean;
  patientSafety: boolean;
  workaroundAvailable: boolean | null;
  impact?: Level;
  urgency?: Level;
};

export type ResolvedContext = {
  facilityId: string | null;
  unitId: string | null;
  locationId: string | null;
  assetId: string | null;
  deviceType: DeviceType | null;
  impact: Level;
  urgency: Level;
  priority: 1 | 2 | 3 | 4;
  priorityReason: string;
  /** The module named, else the application: what a coverage look-up starts from (already read here). */
  covered: { id: string; parentId: string | null } | null;
};

export async function resolveContext(db: Queryable, c: ContextInput, matrix: PriorityMatrix): Promise<ResolvedContext> {
  const errors: FieldError[] = [];
  let facilityId = c.facilityId;
  const unit = c.unitId ? await findUnit(db, c.unitId) : undefined;
  if (c.unitId && !unit) errors.push({ field: 'body.unitId', message: 'is not a known unit' });
  if (unit) {
    if (facilityId && unit.facilityId !== facilityId)
      errors.push({ field: 'body.unitId', message: 'is not in that facility' });
    facilityId = unit.facilityId;
  }
  if (facilityId && !unit && !(await findFacility(db, facilityId))) {
    errors.push({ field: 'body.facilityId', message: 'is not a known facility' });
  }
  if (c.locationId) {
    const loc = await findLocation(db, c.locationId);
    if (!loc) errors.push({ field: 'body.locationId', message: 'is not a known location' });
    else if (unit && loc.unitId !== unit.id) errors.push({ field: 'body.locationId', message: 'is not in that unit' });
  }
  const [service, module] = await lookupServices(db, c.serviceId, c.moduleId);
  if (c.serviceId && !service) errors.push({ field: 'body.serviceId', message: 'is not a known service' });
  if (c.moduleId && module?.kind !== 'module')
    errors.push({ field: 'body.moduleId', message: 'is not a known module' });
  if (module && service && module.parentId !== service.id) {
    errors.push({ field: 'body.moduleId', message: 'is not a module of that application' });
  }
  const asset = c.assetTag ? await findAssetByTag(db, c.assetTag) : undefined;
  if (errors.length)
    throw new Invalid(
      `The ticket refers to things that do not exist: ${errors.map((e) => e.field).join(', ')}.`,
      errors,
    );

  const deviceType = c.deviceType ?? asset?.deviceType ?? null;
  const critical = Boolean(service?.clinicalCritical || module?.clinicalCritical);
  const impact = c.impact ?? impactOf({ scope: c.scope, serviceClinicalCritical: critical });
  const urgency =
    c.urgency ??
    urgencyOf({
      patientCareAffected: c.patientCareAffected,
      patientSafety: c.patientSafety,
      workaroundAvailable: c.workaroundAvailable,
    });
  const { priority, reason } = computePriority(
    { impact, urgency, patientSafety: c.patientSafety, deviceType, clinicalArea: unit?.clinical ?? false },
    matrix,
  );
  return {
    facilityId,
    unitId: unit?.id ?? null,
    locationId: c.locationId,
    assetId: asset?.id ?? null,
    deviceType,
    impact,
    urgency,
    priority,
    priorityReason: reason,
    covered: module ?? service ?? null,
  };
}

async function lookupServices(db: Queryable, serviceId: string | null, moduleId: string | null) {
  const found = await servicesByIds(
    db,
    [serviceId, moduleId].filter((x): x is string => Boolean(x)),
  );
  return [found.find((s) => s.id === serviceId), found.find((s) => s.id === moduleId)] as const;
}
