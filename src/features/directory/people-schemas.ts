// Wire shapes of people: requesters and staff in the directory. Imported by the web app too.
import { z } from 'zod';
import { CLINICAL_ROLES } from '../../domain/vocabulary.ts';
import { text } from '../../platform/http/validation.ts';
import { normalisePhone, PHONE_HINT } from './rules.ts';
import { flagQuery, nameInput, pageQuery } from './schemas.ts';

export const phoneInput = text({ min: 1, max: 40 })
  .transform((raw, ctx) => {
    const digits = normalisePhone(raw);
    if (digits) return digits;
    ctx.addIssue({ code: 'custom', message: `"${raw}" ${PHONE_HINT}` });
    return z.NEVER;
  })
  .describe('Any common format; stored as digits with the country code, e.g. 15551234567');

const personFields = {
  employeeId: text({ min: 1, max: 50 }).nullable(),
  displayName: nameInput(),
  clinicalRole: z.enum(CLINICAL_ROLES),
  specialty: text({ max: 100 }).nullable(),
  facilityId: z.uuid().nullable(),
  unitId: z.uuid().nullable().describe('The unit decides the facility'),
  phones: z.array(phoneInput).max(10),
  email: z.email().max(320).nullable(),
  managerId: z.uuid().nullable().describe('The manager on record, who can confirm identity'),
  provider: z.boolean().describe('Physician or APP: the priority line'),
  sensitive: z.boolean().describe('Finance or privileged account: stricter identity checks'),
  superUser: z.boolean().describe("May open tickets for their unit's staff"),
  userId: z.uuid().nullable().describe('The sign-in account of this person'),
  providerOrgId: z.uuid().nullable().describe('For vendor or outsourcer staff: their support provider'),
  active: z.boolean(),
  leadsUnitIds: z
    .array(z.uuid('must be unit ids'))
    .max(50, 'at most 50 units')
    .describe('The units this person leads (unit leaders are told of incidents on their units); replaces the list'),
};

export const personBody = z.object(personFields).partial().required({ displayName: true, clinicalRole: true }).strict();
export type PersonInput = z.infer<typeof personBody>;
export const personPatch = z.object(personFields).partial().strict();
export type PersonPatch = z.infer<typeof personPatch>;

export const personQuery = z
  .object({
    q: text({ max: 200 }).optional().describe('Part of the name, or phone digits (the last 4 are enough)'),
    unitId: z.uuid().optional(),
    facilityId: z.uuid().optional(),
    provider: flagQuery.optional(),
    active: flagQuery.optional(),
    ...pageQuery,
  })
  .strict();
export type PersonQuery = z.infer<typeof personQuery>;

export const personView = z.object({
  id: z.uuid(),
  employeeId: z.string().nullable(),
  displayName: z.string(),
  clinicalRole: z.string(),
  specialty: z.string().nullable(),
  facilityId: z.uuid().nullable(),
  facility: z.string().nullable().describe('Facility name'),
  unitId: z.uuid().nullable(),
  unit: z.string().nullable().describe('Unit name'),
  phones: z.array(z.string()),
  email: z.string().nullable(),
  managerId: z.uuid().nullable(),
  provider: z.boolean(),
  sensitive: z.boolean(),
  superUser: z.boolean(),
  userId: z.uuid().nullable(),
  providerOrgId: z.uuid().nullable(),
  active: z.boolean(),
  leadsUnitIds: z.array(z.uuid()).describe('The units this person leads'),
  createdAt: z.iso.datetime(),
});
export type PersonView = z.infer<typeof personView>;
