// Wire shapes of the hospital directory (LDAP / Active Directory): the connection an administrator sets, the test of
// it, and the sync's runs and reports. Imported by the web app. The bind password goes in (write-only) and never
// comes out: views say only whether one is set.
import { z } from 'zod';
import { text } from '../../platform/http/validation.ts';
import { roleMapping } from '../sso/schemas.ts';
import { filterProblem } from './rules.ts';

const attribute = text({ min: 1, max: 100 }).regex(
  /^([A-Za-z][A-Za-z0-9-]*|\d+(\.\d+)+)$/,
  'an attribute name (letters, digits and -) or an OID',
);
const filter = text({ min: 3, max: 2000 }).refine((f) => filterProblem(f) === null, {
  error: (i) => filterProblem(String(i.input)) ?? 'is not a filter',
});

export const attributeMap = z
  .object({
    entryId: attribute.describe('A stable id: entryUUID (OpenLDAP), objectGUID (Active Directory)'),
    employeeId: attribute.nullable().describe('employeeNumber (OpenLDAP), employeeID (AD)'),
    email: attribute.nullable(),
    displayName: attribute,
    phone: attribute.nullable(),
    manager: attribute.nullable().describe("The manager's DN"),
    department: attribute.nullable().describe('Matched against the units’ names and codes'),
    accountControl: attribute.nullable().describe('userAccountControl on AD: the ACCOUNTDISABLE bit switches off'),
  })
  .strict();

const connectionFields = {
  url: text({ min: 8, max: 500 }).describe('ldaps://host:636, or ldap://host:389 with StartTLS'),
  startTls: z.boolean().describe('StartTLS before any password is sent (for ldap:// addresses)'),
  tlsCa: text({ min: 1, max: 20_000 })
    .nullable()
    .describe('PEM certificates to trust for the directory (a hospital CA), beside the system’s; null: system only'),
  bindDn: text({ min: 3, max: 500 }).describe("The sync's service account (read-only)"),
  baseDn: text({ min: 3, max: 500 }).describe('Where people are searched (and groups)'),
  userFilter: filter.describe(
    'Who is staff, e.g. (objectClass=inetOrgPerson) or (&(objectClass=user)(objectCategory=person))',
  ),
  loginAttribute: attribute.describe('What people type as their username: uid (OpenLDAP), sAMAccountName (AD)'),
  groupFilter: filter
    .refine((f) => f.includes('{dn}'), 'must contain {dn}, which becomes the person’s DN')
    .describe('The groups a person is in; {dn} is their DN, e.g. (&(objectClass=groupOfNames)(member={dn}))'),
  attributes: attributeMap,
  roleMappings: z
    .array(roleMapping)
    .max(200)
    .describe('In order: the first line whose group (name or DN) the person is in gives the role; none: no access'),
  syncEveryMinutes: z.number().int().min(5).max(10_080),
  enabled: z.boolean().describe('Sign-in with directory passwords and the scheduled sync'),
};

export const connectionBody = z
  .object({
    ...connectionFields,
    bindPassword: text({ min: 1, max: 1000 })
      .nullable()
      .optional()
      .describe('Write-only, sealed with CLINIDESK_SECRET_KEY. Omit to keep the stored one; null removes it'),
  })
  .strict();
export type ConnectionBody = z.infer<typeof connectionBody>;

export const connectionView = z.object({
  url: z.string(),
  startTls: z.boolean(),
  tlsCa: z.string().nullable(),
  bindDn: z.string(),
  baseDn: z.string(),
  userFilter: z.string(),
  loginAttribute: z.string(),
  groupFilter: z.string(),
  attributes: attributeMap,
  roleMappings: z.array(roleMapping),
  syncEveryMinutes: z.number(),
  enabled: z.boolean(),
  hasBindPassword: z.boolean().describe('Whether a bind password is stored (it is never shown)'),
  lastSyncAt: z.iso.datetime().nullable(),
  updatedAt: z.iso.datetime(),
});
export type ConnectionView = z.infer<typeof connectionView>;

export const syncChange = z.object({
  dn: z.string(),
  person: z.string(),
  outcome: z.enum(['created', 'updated', 'disabled', 'error']),
  detail: z.string(),
});

export const syncReport = z.object({
  ok: z.boolean(),
  dryRun: z.boolean(),
  entries: z.number().describe('People the user filter found'),
  created: z.number(),
  updated: z.number(),
  disabled: z.number(),
  unchanged: z.number(),
  errors: z.number(),
  changes: z.array(syncChange),
  failure: z.string().nullable().describe('Why the whole run stopped with nothing changed, or null'),
});
export type SyncReportView = z.infer<typeof syncReport>;

export const syncRunView = z.object({
  id: z.uuid(),
  dryRun: z.boolean(),
  trigger: z.enum(['schedule', 'admin']),
  startedAt: z.iso.datetime(),
  finishedAt: z.iso.datetime(),
  report: syncReport,
});
export type SyncRunView = z.infer<typeof syncRunView>;

export const directoryStatus = z.object({
  connection: connectionView.nullable(),
  runs: z.array(syncRunView).describe('The latest runs, newest first'),
});
export type DirectoryStatus = z.infer<typeof directoryStatus>;

export const runBody = z.object({ dryRun: z.boolean().describe('Report what would change, change nothing') }).strict();

export const connectionTest = z.object({
  ok: z.boolean(),
  message: z.string().describe('What the test found, in plain words'),
  people: z.number().nullable().describe('How many people the user filter finds'),
});
export type ConnectionTest = z.infer<typeof connectionTest>;
