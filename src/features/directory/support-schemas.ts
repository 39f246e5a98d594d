// Wire shapes of support: groups (with tier, provider and members), skills, and coverage of services by tier.
// Imported by the web app too.
import { z } from 'zod';
import { TIERS } from '../../domain/vocabulary.ts';
import { text } from '../../platform/http/validation.ts';
import { parseSkill, SKILL_HINT } from './rules.ts';
import { nameInput, pageQuery, searchQuery } from './schemas.ts';

export const groupView = z.object({
  id: z.uuid(),
  name: z.string(),
  tier: z.enum(TIERS),
  providerId: z.uuid(),
  description: z.string().nullable(),
  memberIds: z.array(z.uuid()).describe('User ids of the members'),
});
export type GroupView = z.infer<typeof groupView>;
export const groupBody = z
  .object({
    name: nameInput(),
    tier: z.enum(TIERS),
    providerId: z.uuid(),
    description: text({ max: 2000 }).nullable().optional(),
    memberIds: z.array(z.uuid()).max(500).optional().describe('User ids; replaces the members when given'),
  })
  .strict();
export type GroupInput = z.infer<typeof groupBody>;
export const groupPatch = groupBody.partial().strict();
export type GroupPatch = z.infer<typeof groupPatch>;
export const groupQuery = z
  .object({ tier: z.enum(TIERS).optional(), providerId: z.uuid().optional(), q: searchQuery, ...pageQuery })
  .strict();

export const skillView = z.object({ userId: z.uuid(), skill: z.string() });
export const skillInput = text({ min: 1, max: 60 }).refine((s) => parseSkill(s) !== null, SKILL_HINT);
export const skillsBody = z
  .object({ skills: z.array(skillInput).max(200).describe("The user's skills; replaces them all") })
  .strict();
export const skillQuery = z
  .object({ userId: z.uuid().optional(), skill: skillInput.optional(), ...pageQuery })
  .strict();
export const userIdParam = z.object({ userId: z.uuid('must be a UUID') });

export const coverageView = z.object({
  serviceId: z.uuid(),
  tier: z.enum(TIERS),
  groupId: z.uuid(),
  providerId: z.uuid(),
});
export type CoverageView = z.infer<typeof coverageView>;
export const coverageBody = z
  .object({ serviceId: z.uuid(), tier: z.enum(TIERS), groupId: z.uuid().describe('A group of the same tier') })
  .strict();
export const coverageQuery = z
  .object({
    serviceId: z.uuid().optional(),
    tier: z.enum(TIERS).optional(),
    groupId: z.uuid().optional(),
    ...pageQuery,
  })
  .strict();
export const coverageParams = z.object({ serviceId: z.uuid('must be a UUID'), tier: z.enum(TIERS) });
