// How a directory change is committed: one transaction, with its audit entry and its event, and a database
// constraint that refuses it explained by field (a duplicate code is a 409 naming "code", not a bare SQL error).
import type { RequestMeta } from '../../platform/actor.ts';
import type { DirectoryAction } from '../../platform/audit/actions.ts';
import { recordAudit } from '../../platform/audit/service.ts';
import type { Role } from '../../platform/auth/roles.ts';
import type { AppContext } from '../../platform/context.ts';
import type { Queryable, Tx } from '../../platform/db/connect.ts';
import { PG, pgError } from '../../platform/db/errors.ts';
import { type AppError, Conflict, Invalid } from '../../platform/errors.ts';
import { appendEvent } from '../../platform/events/outbox.ts';

/** Directory changes are the desk's business: its staff receive them live. */
export const DESK_AUDIENCE: { roles: Role[] } = { roles: ['agent', 'analyst', 'engineer', 'manager', 'admin'] };

const DUPLICATES: Record<string, [field: string, message: string]> = {
  facilities_code_unique: ['code', 'is taken by another facility'],
  units_facility_code_key: ['code', 'is taken by another unit of this facility'],
  locations_unit_name_key: ['name', 'is taken by another location of this unit'],
  assets_tag_unique: ['tag', 'is taken by another asset'],
  providers_name_unique: ['name', 'is taken by another provider'],
  services_parent_name_key: ['name', 'is taken (names are unique among top-level services and within an application)'],
  groups_name_unique: ['name', 'is taken by another group'],
  people_employee_id_key: ['employeeId', 'is taken by another person'],
  people_user_id_key: ['userId', 'is linked to another person'],
};

const REFERENCES: Record<string, [field: string, message: string]> = {
  units_facility_id_facilities_id_fk: ['facilityId', 'is not a facility'],
  locations_unit_id_units_id_fk: ['unitId', 'is not a unit'],
  assets_unit_id_units_id_fk: ['unitId', 'is not a unit'],
  assets_location_id_locations_id_fk: ['locationId', 'is not a location'],
  people_facility_id_facilities_id_fk: ['facilityId', 'is not a facility'],
  people_unit_id_units_id_fk: ['unitId', 'is not a unit'],
  people_user_id_users_id_fk: ['userId', 'is not an account'],
  people_provider_org_id_providers_id_fk: ['providerOrgId', 'is not a support provider'],
  groups_provider_id_providers_id_fk: ['providerId', 'is not a support provider'],
  group_members_user_id_users_id_fk: ['memberIds', 'names an account that does not exist'],
  skills_user_id_users_id_fk: ['userId', 'is not an account'],
  coverage_service_id_services_id_fk: ['serviceId', 'is not a service'],
  coverage_group_id_groups_id_fk: ['groupId', 'is not a group'],
};

/** The domain error a refused constraint means, or null when it is not one of ours. */
export function explainConstraint(err: unknown): AppError | null {
  const { code, constraint } = pgError(err) ?? {};
  if (!constraint) return null;
  const duplicate = code === PG.uniqueViolation ? DUPLICATES[constraint] : undefined;
  if (duplicate) {
    const [field, message] = duplicate;
    return new Conflict(`The ${field} ${message}.`, [{ field, message }]);
  }
  const reference = code === PG.foreignKeyViolation ? REFERENCES[constraint] : undefined;
  if (reference) {
    const [field, message] = reference;
    return new Invalid(`The ${field} ${message}.`, [{ field, message }]);
  }
  return null;
}

/** Runs one directory change in a transaction of its own. */
export async function changeDirectory<T>(ctx: AppContext, work: (tx: Tx) => Promise<T>): Promise<T> {
  try {
    return await ctx.database.db.transaction(work);
  } catch (err) {
    throw explainConstraint(err) ?? err;
  }
}

/** The fields a PATCH actually sends. */
export function changedFields(patch: Record<string, unknown>): string[] {
  return Object.keys(patch).filter((k) => patch[k] !== undefined);
}

const PAST = { create: 'created', update: 'updated', set: 'set', delete: 'deleted', import: 'imported' } as const;
const isVerb = (verb: string): verb is keyof typeof PAST => Object.hasOwn(PAST, verb);

/** A directory action's subject and the event that announces it: "facility.create" → "facility", "facility.created". */
export function changeOf(action: DirectoryAction): { subject: string; event: string } {
  const [subject = '', verb = ''] = action.split('.');
  if (!isVerb(verb)) throw new Error(`The directory action ${action} does not end with a known verb.`);
  return { subject, event: `${subject}.${PAST[verb]}` };
}

/** Audits a change and announces it, e.g. "facility.create" → audit "facility.create", event "facility.created". */
export async function recordChange(
  tx: Queryable,
  meta: RequestMeta,
  change: { action: DirectoryAction; id: string; summary?: Record<string, unknown> },
): Promise<void> {
  const summary = change.summary ?? {};
  const { subject, event } = changeOf(change.action);
  await recordAudit(tx, meta, { action: change.action, targetType: subject, targetId: change.id, summary });
  await appendEvent(tx, {
    type: event,
    subjectType: subject,
    subjectId: change.id,
    actorId: meta.actor?.userId,
    payload: summary,
    audience: DESK_AUDIENCE,
  });
}
