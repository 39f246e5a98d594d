// Wire shapes of the directory API: places, services, providers, catalogue, settings and imports.
// People and support groups are in people-schemas.ts and support-schemas.ts. Imported by the web app too.
import { z } from 'zod';
import { DEVICE_TYPES, TIERS, UNIT_KINDS } from '../../domain/vocabulary.ts';
import { text } from '../../platform/http/validation.ts';
import { IMPORT_KINDS } from './import-rules.ts';
import {
  CODE_HINT,
  CODE_PATTERN,
  canonicalTimeZone,
  LOCATION_KINDS,
  PROVIDER_KINDS,
  SERVICE_KINDS,
  timeZoneProblem,
} from './rules.ts';

// Building blocks --------------------------------------------------------------------------------------------------

export const nameInput = (max = 200) => text({ min: 1, max });
export const codeInput = text({ min: 1, max: 40 }).regex(CODE_PATTERN, CODE_HINT);
export const timeZoneInput = text({ min: 1, max: 64 })
  .transform((zone, ctx) => {
    const canonical = canonicalTimeZone(zone);
    if (canonical) return canonical;
    ctx.addIssue({ code: 'custom', message: timeZoneProblem(zone) });
    return z.NEVER;
  })
  .describe('IANA time zone, e.g. America/Chicago');
export const flagQuery = z.enum(['true', 'false']).transform((v) => v === 'true');
export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
};
export const searchQuery = text({ max: 200 }).optional().describe('Part of the name (or code), any case');
/** Every list answers a page of items and how many match in all. */
export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), total: z.number().int().describe('Matching items, all pages') });

// Facilities, units, locations, assets -----------------------------------------------------------------------------

export const facilityView = z.object({
  id: z.uuid(),
  code: z.string(),
  name: z.string(),
  timeZone: z.string(),
  createdAt: z.iso.datetime(),
});
export type FacilityView = z.infer<typeof facilityView>;
export const facilityBody = z.object({ code: codeInput, name: nameInput(), timeZone: timeZoneInput }).strict();
export const facilityPatch = facilityBody.partial().strict();
export const facilityQuery = z.object({ q: searchQuery, ...pageQuery }).strict();

export const unitView = z.object({
  id: z.uuid(),
  facilityId: z.uuid(),
  code: z.string(),
  name: z.string(),
  kind: z.string().describe(`One of ${UNIT_KINDS.join(', ')}`),
  clinical: z.boolean().describe('Patient-care area: device faults here are at least P2'),
});
export type UnitView = z.infer<typeof unitView>;
export const unitBody = z
  .object({
    facilityId: z.uuid(),
    code: codeInput,
    name: nameInput(),
    kind: z.enum(UNIT_KINDS),
    clinical: z.boolean().optional().describe('Default: true'),
  })
  .strict();
export const unitPatch = unitBody.omit({ facilityId: true }).partial().strict();
export const unitQuery = z
  .object({ facilityId: z.uuid().optional(), kind: z.enum(UNIT_KINDS).optional(), q: searchQuery, ...pageQuery })
  .strict();

export const locationView = z.object({ id: z.uuid(), unitId: z.uuid(), name: z.string(), kind: z.string() });
export const locationBody = z
  .object({ unitId: z.uuid(), name: nameInput(100), kind: z.enum(LOCATION_KINDS).optional().describe('Default: room') })
  .strict();
export const locationPatch = locationBody.omit({ unitId: true }).partial().strict();
export const locationQuery = z.object({ unitId: z.uuid().optional(), q: searchQuery, ...pageQuery }).strict();

export const assetView = z.object({
  id: z.uuid(),
  tag: z.string(),
  deviceType: z.string(),
  unitId: z.uuid().nullable(),
  locationId: z.uuid().nullable(),
  description: z.string().nullable(),
});
export const assetBody = z
  .object({
    tag: nameInput(100).describe('The asset tag on the device'),
    deviceType: z.enum(DEVICE_TYPES),
    unitId: z.uuid().nullable().optional(),
    locationId: z.uuid().nullable().optional().describe('Its unit is the location’s unit'),
    description: text({ max: 2000 }).nullable().optional(),
  })
  .strict();
export const assetPatch = assetBody.partial().strict();
export const assetQuery = z
  .object({
    unitId: z.uuid().optional(),
    deviceType: z.enum(DEVICE_TYPES).optional(),
    q: text({ max: 100 }).optional().describe('Part of the asset tag'),
    ...pageQuery,
  })
  .strict();

// Providers and services -------------------------------------------------------------------------------------------

export const providerView = z.object({ id: z.uuid(), name: z.string(), kind: z.enum(PROVIDER_KINDS) });
export const providerBody = z.object({ name: nameInput(), kind: z.enum(PROVIDER_KINDS) }).strict();
export const providerPatch = providerBody.partial().strict();
export const providerQuery = z
  .object({ kind: z.enum(PROVIDER_KINDS).optional(), q: searchQuery, ...pageQuery })
  .strict();

export const serviceView = z.object({
  id: z.uuid(),
  parentId: z.uuid().nullable().describe("A module's application"),
  kind: z.enum(SERVICE_KINDS),
  name: z.string(),
  clinicalCritical: z.boolean().describe('Down for a unit means impact 1'),
});
export type ServiceView = z.infer<typeof serviceView>;
export const serviceBody = z
  .object({
    kind: z.enum(SERVICE_KINDS),
    name: nameInput(),
    parentId: z.uuid().nullable().optional().describe('Required for a module: its application'),
    clinicalCritical: z.boolean().optional().describe('Default: false'),
  })
  .strict();
export const servicePatch = z.object({ name: nameInput(), clinicalCritical: z.boolean() }).partial().strict();
export const serviceQuery = z
  .object({
    kind: z.enum(SERVICE_KINDS).optional(),
    parentId: z.uuid().optional(),
    q: searchQuery,
    ...pageQuery,
  })
  .strict();

// The catalogue: everything the pickers need, in one call ----------------------------------------------------------

export const groupSummary = z.object({ id: z.uuid(), name: z.string(), tier: z.enum(TIERS), providerId: z.uuid() });
const pickable = z.object({ id: z.uuid(), name: z.string(), clinicalCritical: z.boolean() });
export const catalogueView = z.object({
  facilities: z.array(
    facilityView.omit({ createdAt: true }).extend({ units: z.array(unitView.omit({ facilityId: true })) }),
  ),
  applications: z.array(pickable.extend({ modules: z.array(pickable) })),
  devices: z.array(pickable),
  infrastructure: z.array(pickable),
  providers: z.array(providerView).describe('Desk staff only; empty for requesters and vendors'),
  groups: z.array(groupSummary).describe('Desk staff only; empty for requesters and vendors'),
});
export type CatalogueView = z.infer<typeof catalogueView>;

// Settings: the priority matrix ------------------------------------------------------------------------------------

const priority = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]);
export const priorityMatrix = z
  .object({
    '1,1': priority,
    '1,2': priority,
    '1,3': priority,
    '2,1': priority,
    '2,2': priority,
    '2,3': priority,
    '3,1': priority,
    '3,2': priority,
    '3,3': priority,
  })
  .strict()
  .describe('Priority (1–4) by "impact,urgency"');
export const priorityMatrixBody = z.object({ matrix: priorityMatrix }).strict();
export const priorityMatrixView = z.object({
  matrix: priorityMatrix,
  isDefault: z.boolean().describe('True until an administrator saves a matrix'),
  updatedAt: z.iso.datetime().nullable(),
});
export type PriorityMatrixView = z.infer<typeof priorityMatrixView>;

// Imports ----------------------------------------------------------------------------------------------------------

export const IMPORT_MAX_BYTES = 10 * 1024 * 1024;
export const importKindParam = z.object({ kind: z.enum(IMPORT_KINDS) });
export const importBody = z
  .object({
    csv: z.string().max(IMPORT_MAX_BYTES, 'is larger than 10 MB').describe('The CSV file, UTF-8, header row first'),
    dryRun: z.boolean().default(false).describe('Check every row and count, but write nothing'),
  })
  .strict();
export const importReport = z.object({
  ok: z.boolean().describe('False when any row is bad; then nothing was imported'),
  dryRun: z.boolean(),
  kind: z.enum(IMPORT_KINDS),
  rows: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  errors: z.array(z.object({ line: z.number().int(), field: z.string(), message: z.string() })),
});
export type ImportReport = z.infer<typeof importReport>;
