// Directory tables: the organisation (facilities → units → locations, assets), people, staff groups and skills,
// the service catalogue (applications → modules, devices, infrastructure), support providers and coverage.
import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  index,
  jsonb,
  pgTable,
  primaryKey,
  text,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { CLINICAL_ROLES, DEVICE_TYPES, TIERS, UNIT_KINDS } from '../../domain/vocabulary.ts';
import { tstz } from '../../platform/db/columns.ts';
import { users } from '../../platform/db/schema.ts';
import { LOCATION_KINDS, PROVIDER_KINDS, SERVICE_KINDS } from './rules.ts';

const created = () => tstz('created_at').notNull().defaultNow();

export const facilities = pgTable('facilities', {
  id: uuid('id').primaryKey(),
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  timeZone: text('time_zone').notNull(), // IANA, validated on input
  createdAt: created(),
});

export const units = pgTable(
  'units',
  {
    id: uuid('id').primaryKey(),
    facilityId: uuid('facility_id')
      .notNull()
      .references(() => facilities.id),
    code: text('code').notNull(),
    name: text('name').notNull(),
    // inpatient, icu, ed, or, outpatient, pharmacy, lab, radiology, admin, support
    kind: text('kind', { enum: UNIT_KINDS }).notNull(),
    clinical: boolean('clinical').notNull().default(true),
    createdAt: created(),
  },
  (t) => [unique('units_facility_code_key').on(t.facilityId, t.code)],
);

export const locations = pgTable(
  'locations',
  {
    id: uuid('id').primaryKey(),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
    name: text('name').notNull(), // "Room 412", "Bed 412-B", "Nurse station"
    kind: text('kind', { enum: LOCATION_KINDS }).notNull().default('room'),
    createdAt: created(),
  },
  (t) => [unique('locations_unit_name_key').on(t.unitId, t.name)],
);

export const assets = pgTable(
  'assets',
  {
    id: uuid('id').primaryKey(),
    tag: text('tag').notNull().unique(),
    deviceType: text('device_type', { enum: DEVICE_TYPES }).notNull(),
    unitId: uuid('unit_id').references(() => units.id),
    locationId: uuid('location_id').references(() => locations.id),
    description: text('description'),
    createdAt: created(),
  },
  (t) => [index('assets_unit_idx').on(t.unitId), index('assets_tag_lower_idx').on(sql`lower(${t.tag})`)],
);

export const providers = pgTable(
  'providers',
  {
    id: uuid('id').primaryKey(),
    name: text('name').notNull().unique(),
    kind: text('kind', { enum: PROVIDER_KINDS }).notNull(), // in_house, outsourcer, ehr_vendor, other_vendor
    createdAt: created(),
  },
  (t) => [check('providers_kind_check', sql`${t.kind} in ('in_house','outsourcer','ehr_vendor','other_vendor')`)],
);

export const people = pgTable(
  'people',
  {
    id: uuid('id').primaryKey(),
    employeeId: text('employee_id'),
    displayName: text('display_name').notNull(),
    clinicalRole: text('clinical_role', { enum: CLINICAL_ROLES }).notNull(),
    specialty: text('specialty'),
    facilityId: uuid('facility_id').references(() => facilities.id),
    unitId: uuid('unit_id').references(() => units.id),
    phones: text('phones').array().notNull().default(sql`'{}'::text[]`), // normalised digits, e.g. "15551234567"
    email: text('email'),
    managerId: uuid('manager_id'),
    provider: boolean('provider').notNull().default(false), // physician/APP: priority line
    sensitive: boolean('sensitive').notNull().default(false), // stricter identity checks
    superUser: boolean('super_user').notNull().default(false), // may open tickets for their unit
    userId: uuid('user_id').references(() => users.id),
    providerOrgId: uuid('provider_org_id').references(() => providers.id), // vendor/outsourcer staff
    active: boolean('active').notNull().default(true),
    createdAt: created(),
  },
  (t) => [
    uniqueIndex('people_employee_id_key').on(t.employeeId),
    uniqueIndex('people_user_id_key').on(t.userId),
    index('people_unit_idx').on(t.unitId),
    index('people_phones_idx').using('gin', t.phones),
    index('people_name_trgm_idx').using('gin', sql`lower(${t.displayName}) gin_trgm_ops`),
  ],
);

export const services = pgTable(
  'services',
  {
    id: uuid('id').primaryKey(),
    parentId: uuid('parent_id'), // a module's application
    kind: text('kind', { enum: SERVICE_KINDS }).notNull(), // application, module, device, infrastructure
    name: text('name').notNull(),
    clinicalCritical: boolean('clinical_critical').notNull().default(false),
    createdAt: created(),
  },
  (t) => [
    uniqueIndex('services_parent_name_key').on(
      sql`coalesce(${t.parentId}, '00000000-0000-0000-0000-000000000000'::uuid)`,
      t.name,
    ),
    check('services_kind_check', sql`${t.kind} in ('application','module','device','infrastructure')`),
  ],
);

export const groups = pgTable(
  'groups',
  {
    id: uuid('id').primaryKey(),
    name: text('name').notNull().unique(),
    tier: text('tier', { enum: TIERS }).notNull(), // tier1 (Tier 1-Plus), tier2, tier3, vendor
    providerId: uuid('provider_id')
      .notNull()
      .references(() => providers.id),
    description: text('description'),
    createdAt: created(),
  },
  (t) => [check('groups_tier_check', sql`${t.tier} in ('tier1','tier2','tier3','vendor')`)],
);

export const groupMembers = pgTable(
  'group_members',
  {
    groupId: uuid('group_id')
      .notNull()
      .references(() => groups.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.groupId, t.userId] }), index('group_members_user_idx').on(t.userId)],
);

/** What a staff member knows: an application/module, or a clinical credential (RN, PharmD…). */
export const skills = pgTable(
  'skills',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    skill: text('skill').notNull(), // "service:<uuid>" or "credential:RN"
  },
  (t) => [primaryKey({ columns: [t.userId, t.skill] })],
);

/** Which provider and group handle a service at a tier. */
export const coverage = pgTable(
  'coverage',
  {
    serviceId: uuid('service_id')
      .notNull()
      .references(() => services.id, { onDelete: 'cascade' }),
    tier: text('tier', { enum: TIERS }).notNull(),
    groupId: uuid('group_id')
      .notNull()
      .references(() => groups.id),
  },
  (t) => [primaryKey({ columns: [t.serviceId, t.tier] })],
);

/** Settings an administrator changes at run time (e.g. the priority matrix). */
export const settings = pgTable('settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(), // validated by the feature that owns the key
  updatedAt: tstz('updated_at').notNull().defaultNow(),
});

/** Who leads which unit (migration 0044): a person may lead several units, a unit have several leaders. */
export const unitLeaders = pgTable(
  'unit_leaders',
  {
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id, { onDelete: 'cascade' }),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    createdAt: tstz('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.unitId, t.personId] }), index('unit_leaders_person_idx').on(t.personId)],
);
