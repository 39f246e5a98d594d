// Use cases of people: finding a caller by name or phone, the signed-in person, and keeping entries current.
import type { Actor, RequestMeta } from '../../platform/actor.ts';
import type { AppContext } from '../../platform/context.ts';
import type { Queryable } from '../../platform/db/connect.ts';
import { Invalid, NotFound } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { changeDirectory, changedFields, recordChange } from './commit.ts';
import type { PersonInput, PersonPatch, PersonQuery, PersonView } from './people-schemas.ts';
import * as store from './people-store.ts';
import { normalisePhone, phoneSearchDigits, placement } from './rules.ts';
import { findUnit } from './store.ts';

export function toPersonView(r: store.PersonWithPlace): PersonView {
  return {
    id: r.id,
    employeeId: r.employeeId,
    displayName: r.displayName,
    clinicalRole: r.clinicalRole,
    specialty: r.specialty,
    facilityId: r.facilityId,
    facility: r.facility,
    unitId: r.unitId,
    unit: r.unit,
    phones: r.phones,
    email: r.email,
    managerId: r.managerId,
    provider: r.provider,
    sensitive: r.sensitive,
    superUser: r.superUser,
    userId: r.userId,
    providerOrgId: r.providerOrgId,
    active: r.active,
    leadsUnitIds: r.leadsUnitIds,
    createdAt: r.createdAt.toISOString(),
  };
}

export async function listPeople(ctx: AppContext, query: PersonQuery) {
  const { q, ...filter } = query;
  const search = q ? { text: q, phoneDigits: phoneSearchDigits(q), phone: normalisePhone(q) } : undefined;
  const page = await store.listPeople(ctx.database.db, { ...filter, search });
  return { items: page.items.map(toPersonView), total: page.total };
}

export async function getPerson(ctx: AppContext, id: string): Promise<PersonView> {
  const row = await store.findPerson(ctx.database.db, id);
  if (!row) throw new NotFound('No such person in the directory.');
  return toPersonView(row);
}

/** The directory entry of the signed-in account: the portal fills in the unit and facility from it. */
export async function myPerson(ctx: AppContext, actor: Actor): Promise<PersonView> {
  const row = await store.findPersonOfUser(ctx.database.db, actor.userId);
  if (!row) {
    throw new NotFound(
      `Your account "${actor.username}" is not linked to a person in the directory, so your unit and facility ` +
        'cannot be filled in. Choose them yourself, or ask the service desk to link your account.',
    );
  }
  return toPersonView(row);
}

const invalid = (field: string, message: string) => new Invalid(`The ${field} ${message}.`, [{ field, message }]);

/** The unit decides the facility; a facility sent with a unit must be the unit's. */
async function placeOf(tx: Queryable, facilityId: string | null, unitId: string | null) {
  const unit = unitId ? await findUnit(tx, unitId) : null;
  if (unitId && !unit) throw invalid('unitId', 'is not a unit');
  const place = placement(facilityId, unit ?? null);
  if ('problem' in place) throw invalid('facilityId', place.problem);
  return place;
}

async function checkManager(tx: Queryable, personId: string, managerId: string | null | undefined) {
  if (!managerId) return;
  if (managerId === personId) throw invalid('managerId', 'cannot be the person themselves');
  if (!(await store.findPerson(tx, managerId))) throw invalid('managerId', 'is not a person in the directory');
}

const blankToNull = (s: string | null | undefined) => (s ? s : null);

/**
 * Makes the person lead exactly these units (unit leaders are told of incidents on their units); what changed, for
 * the audit trail. Every id must be a unit.
 */
async function setLeadership(tx: Queryable, personId: string, wanted: string[]) {
  const unitIds = [...new Set(wanted)].sort();
  const known = new Set(await store.existingUnitIds(tx, unitIds));
  const unknown = wanted.findIndex((id) => !known.has(id));
  if (unknown >= 0) throw invalid(`leadsUnitIds.${unknown}`, 'is not a unit');
  const before = await store.unitsLedBy(tx, personId);
  await store.setUnitsLed(tx, personId, unitIds);
  return {
    added: unitIds.filter((id) => !before.includes(id)),
    removed: before.filter((id) => !unitIds.includes(id)),
  };
}

export async function createPerson(ctx: AppContext, meta: RequestMeta, input: PersonInput): Promise<PersonView> {
  return changeDirectory(ctx, async (tx) => {
    const id = newId();
    const place = await placeOf(tx, input.facilityId ?? null, input.unitId ?? null);
    await checkManager(tx, id, input.managerId);
    const { leadsUnitIds, ...fields } = input;
    await store.insertPerson(tx, {
      ...fields,
      id,
      ...place,
      employeeId: blankToNull(input.employeeId),
      specialty: blankToNull(input.specialty),
      phones: [...new Set(input.phones ?? [])],
    });
    const leads = leadsUnitIds?.length ? await setLeadership(tx, id, leadsUnitIds) : null;
    await recordChange(tx, meta, {
      action: 'person.create',
      id,
      summary: { employeeId: input.employeeId ?? null, ...(leads ? { leadsUnits: leads } : {}) },
    });
    return toPersonView((await store.findPerson(tx, id))!);
  });
}

export async function updatePerson(
  ctx: AppContext,
  meta: RequestMeta,
  id: string,
  patch: PersonPatch,
): Promise<PersonView> {
  return changeDirectory(ctx, async (tx) => {
    const current = await store.findPerson(tx, id);
    if (!current) throw new NotFound('No such person in the directory.');
    const changed = changedFields(patch);
    if (!changed.length) return toPersonView(current);
    const { facilityId, unitId, leadsUnitIds, ...rest } = patch;
    const place =
      facilityId !== undefined || unitId !== undefined
        ? await placeOf(
            tx,
            // A new unit brings its facility along; clearing the unit keeps the facility.
            facilityId !== undefined ? facilityId : unitId ? null : current.facilityId,
            unitId !== undefined ? unitId : current.unitId,
          )
        : {};
    await checkManager(tx, id, patch.managerId);
    const set = {
      ...rest,
      ...place,
      ...(patch.employeeId !== undefined ? { employeeId: blankToNull(patch.employeeId) } : {}),
      ...(patch.specialty !== undefined ? { specialty: blankToNull(patch.specialty) } : {}),
      ...(patch.phones ? { phones: [...new Set(patch.phones)] } : {}),
    };
    if (changedFields(set).length) await store.updatePerson(tx, id, set);
    const leads = leadsUnitIds ? await setLeadership(tx, id, leadsUnitIds) : null;
    await recordChange(tx, meta, {
      action: 'person.update',
      id,
      summary: { employeeId: current.employeeId, changed, ...(leads ? { leadsUnits: leads } : {}) },
    });
    return toPersonView((await store.findPerson(tx, id))!);
  });
}

/** A directory person as single sign-on matches them: by employee ID or email, never by name (sso/rules.ts). */
export type SignInCandidate = {
  id: string;
  employeeId: string | null;
  active: boolean;
  userId: string | null;
  displayName: string;
  email: string | null;
};

const candidateOf = (p: store.PersonRow): SignInCandidate => ({
  id: p.id,
  employeeId: p.employeeId,
  active: p.active,
  userId: p.userId,
  displayName: p.displayName,
  email: p.email,
});

/** The people an identity provider's employee ID and email claims could be: the one with the ID, those with the email. */
export async function peopleForSignIn(
  db: Queryable,
  claims: { employeeId: string | null; email: string | null },
): Promise<{ byEmployeeId: SignInCandidate | null; byEmail: SignInCandidate[] }> {
  const byId = claims.employeeId ? await store.findPersonByEmployeeId(db, claims.employeeId) : undefined;
  const byEmail = claims.email ? await store.findPeopleByEmail(db, claims.email) : [];
  return { byEmployeeId: byId ? candidateOf(byId) : null, byEmail: byEmail.map(candidateOf) };
}

/**
 * Links a person to the account single sign-on created for them, inside the caller's transaction, audited and
 * announced like any directory change. False when the person got an account meanwhile.
 */
export async function linkPersonToAccount(
  tx: Queryable,
  meta: RequestMeta,
  personId: string,
  userId: string,
): Promise<boolean> {
  if (!(await store.linkPersonToUser(tx, personId, userId))) return false;
  await recordChange(tx, meta, { action: 'person.update', id: personId, summary: { changed: ['userId'] } });
  return true;
}

/** What the hospital directory (LDAP / Active Directory sync) keeps current on a person. */
export type DirectoryPersonFields = {
  employeeId: string | null;
  email: string | null;
  displayName: string;
  phones: string[];
  unitId: string | null;
  managerId: string | null;
};

/**
 * Adds a person the hospital directory holds, inside the caller's transaction (the sync's, or a sign-in's), audited
 * and announced like any directory change. Their clinical role is not in the directory: `other` until the desk sets it.
 */
export async function addPersonFromDirectoryTx(
  tx: Queryable,
  meta: RequestMeta,
  input: DirectoryPersonFields,
): Promise<store.PersonRow> {
  const id = newId();
  const place = await placeOf(tx, null, input.unitId);
  const row = await store.insertPerson(tx, { ...input, ...place, id, clinicalRole: 'other' });
  await recordChange(tx, meta, {
    action: 'person.create',
    id,
    summary: { via: 'ldap', employeeId: input.employeeId },
  });
  return row;
}

/** Changes what the hospital directory says of a person, inside the caller's transaction, audited. */
export async function updatePersonFromDirectoryTx(
  tx: Queryable,
  meta: RequestMeta,
  id: string,
  set: Partial<DirectoryPersonFields> & { active?: boolean },
): Promise<void> {
  const changed = changedFields(set);
  if (!changed.length) return;
  const { unitId, ...rest } = set;
  const place = unitId ? await placeOf(tx, null, unitId) : {};
  await store.updatePerson(tx, id, { ...rest, ...place });
  const employeeId = set.employeeId ?? (await store.findPerson(tx, id))?.employeeId ?? null;
  await recordChange(tx, meta, { action: 'person.update', id, summary: { via: 'ldap', employeeId, changed } });
}
