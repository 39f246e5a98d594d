// A generated ticket's facts: what the requester reported, the clinical context and the priority computed from
// those facts (never drawn at random).
import type { DeviceType, Tier } from '../domain/vocabulary.ts';
import { computePriority, impactOf, urgencyOf } from '../features/tickets/rules/priority.ts';
import type { Channel, Scope, TicketType } from '../features/tickets/rules/vocabulary.ts';
import { type Rng, uuidAt } from '../platform/seeded-random.ts';
import type { Driver } from './drivers/driver.ts';
import type { Asset, Unit } from './organisation.ts';
import type { Person } from './people.ts';
import { describe, fill, safetyReportRef } from './texts.ts';
import type { World } from './world.ts';

export type TicketRow = {
  id: string;
  /** The call driver it was generated from (not stored). */
  driverKey: string;
  type: TicketType;
  channel: Channel;
  summary: string;
  description: string;
  requesterId: string;
  facilityId: string;
  unitId: string;
  locationId: string | null;
  assetId: string | null;
  assetTag: string | null;
  deviceType: DeviceType | null;
  serviceId: string;
  moduleId: string | null;
  errorText: string | null;
  patientCareAffected: boolean;
  scope: Scope;
  workaroundAvailable: boolean | null;
  patientSafety: boolean;
  safetyReportRef: string | null;
  impact: 1 | 2 | 3;
  urgency: 1 | 2 | 3;
  priority: 1 | 2 | 3 | 4;
  priorityReason: string;
  clinicalArea: boolean;
  createdAt: number;
  journey: Journey;
};
/** How the ticket went (for the generator's own checks; not stored). */
export type Journey = { path: 'open' | 'first_contact' | 'desk' | 'callback' | 'cancelled' | Tier };

type FactInput = { createdAt: number; requester: Person; unit: Unit; driver: Driver; channel: Channel };

export function facts(world: World, rng: Rng, f: FactInput): TicketRow {
  const { driver, unit } = f;
  const service = world.services.get(driver.service)!;
  const parent = service.parentKey ? world.services.get(service.parentKey)! : null;
  const asset = driver.device ? pickAsset(rng, unit, driver.device) : null;
  const rooms = unit.locations.filter((l) => l.kind === 'room');
  const location = asset?.locationId
    ? unit.locations.find((l) => l.id === asset.locationId)!
    : rooms.length && rng.chance(driver.device ? 0.6 : 0.25)
      ? rng.pick(rooms)
      : null;
  const vars = { unit: unit.name, room: location?.name ?? unit.name, tag: asset?.tag ?? 'the workstation' };
  const error = driver.errors && rng.chance(0.75) ? rng.pick(driver.errors) : null;
  const scope: Scope = rng.chance(driver.unitScope ?? 0) ? (rng.chance(0.04) ? 'facility' : 'unit') : 'me';
  const patientCareAffected = unit.clinical && rng.chance(driver.care);
  const workaroundAvailable = patientCareAffected
    ? rng.chance(driver.workaround) || (rng.chance(0.3) ? null : false)
    : rng.chance(0.8)
      ? true
      : null;
  const patientSafety = patientCareAffected && rng.chance(driver.safety ?? 0);
  const impact = impactOf({ scope, serviceClinicalCritical: service.critical });
  const urgency = urgencyOf({ patientCareAffected, patientSafety, workaroundAvailable });
  const deviceType = driver.device ?? null;
  const { priority, reason } = computePriority({
    impact,
    urgency,
    patientSafety,
    deviceType,
    clinicalArea: unit.clinical,
  });
  // A phrasing of the summary and the requester's words for it (paired by position when both are listed).
  const phrasing = rng.int(0, driver.summaries.length - 1);
  const detail = fill(driver.details[phrasing] ?? rng.pick(driver.details), vars);
  return {
    id: uuidAt(rng, f.createdAt),
    driverKey: driver.key,
    type: driver.type,
    channel: f.channel,
    summary: fill(driver.summaries[phrasing]!, vars),
    description: describe({
      channel: f.channel,
      role: f.requester.clinicalRole,
      unit: unit.name,
      detail,
      error,
      tag: asset?.tag ?? null,
    }),
    requesterId: f.requester.id,
    facilityId: unit.facility.id,
    unitId: unit.id,
    locationId: location?.id ?? null,
    assetId: asset?.id ?? null,
    assetTag: asset?.tag ?? null,
    deviceType,
    serviceId: parent ? parent.id : service.id,
    moduleId: parent ? service.id : null,
    errorText: error,
    patientCareAffected,
    scope,
    workaroundAvailable,
    patientSafety,
    safetyReportRef: patientSafety && rng.chance(0.7) ? safetyReportRef(rng, f.createdAt) : null,
    impact,
    urgency,
    priority,
    priorityReason: reason,
    clinicalArea: unit.clinical,
    createdAt: f.createdAt,
    journey: { path: 'open' },
  };
}

function pickAsset(rng: Rng, unit: Unit, type: DeviceType): Asset | null {
  const own = unit.assets.filter((a) => a.deviceType === type);
  return own.length ? rng.pick(own) : null;
}
