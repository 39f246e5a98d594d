// The directory as other features use it (tickets, routing): the person behind an account, who covers a service
// at a tier, and the priority matrix in force. Also the one-call catalogue for the pickers.
// The other use cases: places-service.ts, catalogue-service.ts, people-service.ts, support-service.ts, import.ts.
import type { Tier } from '../../domain/vocabulary.ts';
import type { Actor, RequestMeta } from '../../platform/actor.ts';
import type { AppContext } from '../../platform/context.ts';
import type { Queryable } from '../../platform/db/connect.ts';
import { Invalid } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { DEFAULT_MATRIX, matrixProblems, type PriorityMatrix } from '../tickets/rules/priority.ts';
import { toProviderView } from './catalogue-service.ts';
import { catalogueRows, findService, findSetting, saveSetting } from './catalogue-store.ts';
import { changeDirectory, recordChange } from './commit.ts';
import { type ContextRefs, contextRows } from './context-store.ts';
import { findPersonOfUser, insertPerson, type PersonRow } from './people-store.ts';
import { chooseCoverage, intakeGroup, seesSupportDetails } from './rules.ts';
import { type CatalogueView, type PriorityMatrixView, priorityMatrix } from './schemas.ts';
import { coverageOf, firstLineGroups } from './support-store.ts';

/** The person linked to an account, or null when the account has no directory entry. */
export async function personOfUser(db: Queryable, userId: string): Promise<PersonRow | null> {
  const row = await findPersonOfUser(db, userId);
  if (!row) return null;
  const { facility: _f, unit: _u, ...person } = row;
  return person;
}

/** Who handles a service at a tier: its own coverage, else (for a module) its application's; null when nobody. */
export async function findCoverage(
  db: Queryable,
  serviceId: string,
  tier: Tier,
): Promise<{ groupId: string; providerId: string } | null> {
  const service = await findService(db, serviceId);
  if (!service) return null;
  const ids = service.parentId ? [service.id, service.parentId] : [service.id];
  return chooseCoverage(await coverageOf(db, ids, tier), service, tier);
}

/**
 * Everything a ticket's clinical context refers to, in one read (context-store.ts): the directory rows named, the
 * priority matrix in force, and the Tier 1-Plus group that receives the ticket (its service's coverage, else the
 * intake group). Rows that do not exist are undefined: the caller says which reference was wrong.
 */
export async function contextOf(db: Queryable, refs: Omit<ContextRefs, 'matrixKey'>) {
  const rows = await contextRows(db, { ...refs, matrixKey: PRIORITY_MATRIX_KEY });
  const matrix = matrixOfSetting(rows.matrix)?.matrix ?? DEFAULT_MATRIX;
  return {
    ...rows,
    matrix,
    /** The Tier 1-Plus queue for a ticket about `covered` (a module or service among the rows), else the intake's. */
    async firstLineQueue(covered: { id: string; parentId: string | null } | null) {
      const covering = covered ? chooseCoverage(rows.coverage, covered, 'tier1') : null;
      if (covering) return covering;
      // The intake groups came with the rows when no coverage of the services named was found; else they are read now.
      return intakeGroup(rows.firstLineGroups ?? (await firstLineGroups(db)));
    },
  };
}

// Look-ups other features make (tickets, routing, surveys): the directory's own store functions, one place to import them.
// Settings: each feature keeps its own under its key (routing, surveys).
export {
  existingProviderIds,
  existingServiceIds,
  findProvider,
  findSetting,
  saveSetting,
  servicesByIds,
} from './catalogue-store.ts';
export {
  findPerson,
  findPersonOfUserAndPerson,
  leadsOrSuperUser,
  type PersonWithPlace,
  userIdOfPerson,
} from './people-store.ts';
export { findAssetByTag, findFacility, findLocation, findUnit } from './store.ts';
export { findGroup } from './support-store.ts';

// The priority matrix ----------------------------------------------------------------------------------------------

export const PRIORITY_MATRIX_KEY = 'priority_matrix';

/** The stored matrix, or the default when none was saved (or what is stored is no longer valid). */
export async function getPriorityMatrix(db: Queryable): Promise<PriorityMatrix> {
  return (await storedMatrix(db))?.matrix ?? DEFAULT_MATRIX;
}

async function storedMatrix(db: Queryable) {
  return matrixOfSetting(await findSetting(db, PRIORITY_MATRIX_KEY));
}

function matrixOfSetting(row: { value: unknown; updatedAt: Date } | undefined) {
  const parsed = priorityMatrix.safeParse(row?.value);
  if (!row || !parsed.success || matrixProblems(parsed.data).length) return null;
  return { matrix: parsed.data, updatedAt: row.updatedAt };
}

export async function priorityMatrixSetting(ctx: AppContext): Promise<PriorityMatrixView> {
  const stored = await storedMatrix(ctx.database.db);
  if (!stored) return { matrix: DEFAULT_MATRIX, isDefault: true, updatedAt: null };
  return { matrix: stored.matrix, isDefault: false, updatedAt: stored.updatedAt.toISOString() };
}

export async function savePriorityMatrix(
  ctx: AppContext,
  meta: RequestMeta,
  matrix: PriorityMatrix,
): Promise<PriorityMatrixView> {
  const problems = matrixProblems(matrix);
  if (problems.length) {
    throw new Invalid(
      `The priority matrix is not consistent: ${problems.join('; ')}.`,
      problems.map((message) => ({ field: 'matrix', message })),
    );
  }
  return changeDirectory(ctx, async (tx) => {
    const before = await getPriorityMatrix(tx);
    const row = await saveSetting(tx, PRIORITY_MATRIX_KEY, matrix);
    await recordChange(tx, meta, {
      action: 'setting.set',
      id: PRIORITY_MATRIX_KEY,
      summary: { before, after: matrix },
    });
    return { matrix, isDefault: false, updatedAt: row.updatedAt.toISOString() };
  });
}

// The catalogue ----------------------------------------------------------------------------------------------------

/** Facilities with units, applications with modules, devices and infrastructure; providers and groups for staff. */
export async function catalogue(ctx: AppContext, actor: Actor): Promise<CatalogueView> {
  const withSupport = seesSupportDetails(actor.role);
  const rows = await catalogueRows(ctx.database.db, withSupport);
  const pickable = (s: (typeof rows.serviceRows)[number]) => ({
    id: s.id,
    name: s.name,
    clinicalCritical: s.clinicalCritical,
  });
  const services = (kind: string) => rows.serviceRows.filter((s) => s.kind === kind && s.parentId === null);
  return {
    facilities: rows.facilityRows.map((f) => ({
      id: f.id,
      code: f.code,
      name: f.name,
      timeZone: f.timeZone,
      units: rows.unitRows
        .filter((u) => u.facilityId === f.id)
        .map((u) => ({ id: u.id, code: u.code, name: u.name, kind: u.kind, clinical: u.clinical })),
    })),
    applications: services('application').map((a) => ({
      ...pickable(a),
      modules: rows.serviceRows.filter((m) => m.parentId === a.id).map(pickable),
    })),
    devices: services('device').map(pickable),
    infrastructure: services('infrastructure').map(pickable),
    providers: rows.providerRows.map(toProviderView),
    groups: rows.groupRows.map((g) => ({ id: g.id, name: g.name, tier: g.tier, providerId: g.providerId })),
  };
}

export { findPeopleByEmail } from './people-store.ts';

/** A requester the desk knows only by an email address (email intake): a person with no role detail, recorded as
 *  a directory change like any other, for an agent to confirm and complete. */
export async function addPersonFromEmailTx(
  tx: Queryable,
  meta: RequestMeta,
  input: { displayName: string; email: string },
): Promise<PersonRow> {
  const person = await insertPerson(tx, {
    id: newId(),
    displayName: input.displayName,
    email: input.email,
    clinicalRole: 'other',
  });
  await recordChange(tx, meta, { action: 'person.create', id: person.id, summary: { via: 'email', unverified: true } });
  return person;
}

/** The directory entry that binds a vendor account to its support provider (an e-bonding account: a provider's
 *  ticketing system acting for the provider), recorded as a directory change like any other. */
export async function bindAccountToProviderTx(
  tx: Queryable,
  meta: RequestMeta,
  input: { userId: string; providerId: string; displayName: string },
): Promise<PersonRow> {
  const person = await insertPerson(tx, {
    id: newId(),
    displayName: input.displayName,
    clinicalRole: 'it',
    userId: input.userId,
    providerOrgId: input.providerId,
  });
  await recordChange(tx, meta, { action: 'person.create', id: person.id, summary: { via: 'ebonding' } });
  return person;
}
