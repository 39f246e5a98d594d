// Checks the clinical context a ticket refers to (facility → unit → location, application → module, asset) and
// turns it into the facts the priority rule needs. Unknown or mismatched references are field errors, not 500s.
import type { DeviceType } from '../../../domain/vocabulary.ts';
import type { Queryable } from '../../../platform/db/connect.ts';
import { type FieldError, Invalid } from '../../../platform/errors.ts';
import { contextOf } from '../../directory/service.ts';
import type { TicketFactsRow } from '../reads-store.ts';
import { computePriority, impactOf, type Level, urgencyOf } from '../rules/priority.ts';
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
  /** The person who needs help, when the SLA's facts are wanted too (opening a ticket). */
  requesterId?: string | null;
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
  /** What the SLA needs to know of a ticket in this context (as tickets/reads-store `ticketFacts` reads them). */
  slaFacts: TicketFactsRow;
  /** The Tier 1-Plus queue covering it, else the desk's intake group (directory `contextOf`). */
  firstLineQueue(): Promise<{ groupId: string; providerId: string } | null>;
};

/** The context checked and judged, from one read of everything it refers to (directory `contextOf`). */
export async function resolveContext(db: Queryable, c: ContextInput): Promise<ResolvedContext> {
  const found = await contextOf(db, {
    facilityId: c.facilityId,
    unitId: c.unitId,
    locationId: c.locationId,
    assetTag: c.assetTag,
    serviceIds: [c.serviceId, c.moduleId].filter((x): x is string => Boolean(x)),
    requesterId: c.requesterId ?? null,
  });
  const errors: FieldError[] = [];
  let facilityId = c.facilityId;
  const unit = found.unit;
  if (c.unitId && !unit) errors.push({ field: 'body.unitId', message: 'is not a known unit' });
  if (unit) {
    if (facilityId && unit.facilityId !== facilityId)
      errors.push({ field: 'body.unitId', message: 'is not in that facility' });
    facilityId = unit.facilityId;
  }
  if (facilityId && !unit && !found.facility) {
    errors.push({ field: 'body.facilityId', message: 'is not a known facility' });
  }
  if (c.locationId) {
    const loc = found.location;
    if (!loc) errors.push({ field: 'body.locationId', message: 'is not a known location' });
    else if (unit && loc.unitId !== unit.id) errors.push({ field: 'body.locationId', message: 'is not in that unit' });
  }
  const service = found.services.find((s) => s.id === c.serviceId);
  const module = found.services.find((s) => s.id === c.moduleId);
  if (c.serviceId && !service) errors.push({ field: 'body.serviceId', message: 'is not a known service' });
  if (c.moduleId && module?.kind !== 'module')
    errors.push({ field: 'body.moduleId', message: 'is not a known module' });
  if (module && service && module.parentId !== service.id) {
    errors.push({ field: 'body.moduleId', message: 'is not a module of that application' });
  }
  const asset = found.asset;
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
    found.matrix,
  );
  const covered = module ?? service ?? null;
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
    covered,
    slaFacts: {
      clinical_critical: critical,
      provider_line: found.requesterProvider ?? false,
      facility_time_zone: facilityId ? (found.facility?.timeZone ?? null) : null,
    },
    firstLineQueue: () => found.firstLineQueue(covered),
  };
}
