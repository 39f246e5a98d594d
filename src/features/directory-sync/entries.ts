// One directory entry applied to Clinidesk, inside the caller's transaction: the person found (linked entry, then
// employee ID, then exactly one email; never the name) or created, their fields kept as the directory says, and
// their account created, given its mapped role, switched off or back on. Sign-in and the sync both come here, so a
// person is the same whichever reached them first. Every change is audited where it is made.
import type { RequestMeta } from '../../platform/actor.ts';
import { recordAudit } from '../../platform/audit/service.ts';
import {
  addAccount,
  findAccount,
  findAccountByUsername,
  switchAccount,
  updateAccountProfile,
} from '../../platform/auth/service.ts';
import type { Queryable } from '../../platform/db/connect.ts';
import {
  addPersonFromDirectoryTx,
  linkPersonToAccount,
  peopleForSignIn,
  updatePersonFromDirectoryTx,
} from '../directory/people-service.ts';
import { findPerson } from '../directory/service.ts';
import { choosePerson, type SsoRole } from '../sso/rules.ts';
import { type AccountStep, accountStep, type DirectoryEntry, personChanges, type SyncChange } from './rules.ts';
import * as store from './store.ts';

/** An entry that cannot be applied (ambiguous email, an employee ID someone else has…): reported, nothing changed. */
export class EntryProblem extends Error {}

export type Applied = {
  personId: string;
  userId: string | null;
  step: AccountStep;
  /** The account has a local password (or is an integration account): the directory does not manage it. */
  localAccount: boolean;
  change: SyncChange | null;
};

export type EntryContext = {
  role: SsoRole | null;
  unitId: string | null;
  managerId: string | null;
  /** The name the person signs in with (the login attribute's value), for an account created for them. */
  loginName: string | null;
};

export async function applyEntry(
  tx: Queryable,
  meta: RequestMeta,
  entry: DirectoryEntry,
  at: EntryContext,
): Promise<Applied> {
  const { personId, created } = await personOf(tx, meta, entry, at);
  const person = (await findPerson(tx, personId))!;
  const notes: string[] = created ? ['person created'] : [];
  if (!created) {
    const set = personChanges(person, entry, { unitId: at.unitId, managerId: at.managerId });
    if (set.employeeId) {
      const holder = (await peopleForSignIn(tx, { employeeId: set.employeeId, email: null })).byEmployeeId;
      if (holder && holder.id !== personId) {
        throw new EntryProblem(`employee ID ${set.employeeId} belongs to another person in Clinidesk`);
      }
    }
    const changes = { ...set, ...(person.active ? {} : { active: true }) };
    if (Object.keys(changes).length) {
      await updatePersonFromDirectoryTx(tx, meta, personId, changes);
      notes.push(`changed ${Object.keys(changes).map(fieldWords).join(', ')}`);
    }
  }
  const link = await store.findLinkByPerson(tx, personId);
  await store.upsertLink(tx, { personId, entryId: entry.entryId, dn: entry.dn });

  const user = person.userId ? await findAccount(tx, person.userId) : undefined;
  const localAccount = Boolean(user?.passwordHash) || user?.role === 'integration';
  const step = accountStep(
    user
      ? {
          role: user.role,
          disabled: user.disabledAt !== null,
          hasPassword: localAccount,
          disabledBySync: link?.accountDisabledBySync ?? false,
        }
      : null,
    at.role,
    true,
    entry.disabledInDirectory,
  );
  const userId = await takeStep(tx, meta, step, { personId, entry, user, loginName: at.loginName });
  if (step.step !== 'none') notes.push(describe(step));
  if (user && step.step === 'none' && (user.displayName !== entry.displayName || user.email !== entry.email)) {
    if (!localAccount) {
      await updateAccountProfile(tx, user.id, {
        role: user.role,
        displayName: entry.displayName,
        email: entry.email ?? user.email,
      });
    }
  }
  const outcome = created ? 'created' : step.step === 'disable' ? 'disabled' : notes.length ? 'updated' : null;
  return {
    personId,
    userId: userId ?? user?.id ?? null,
    step,
    localAccount,
    change: outcome ? { dn: entry.dn, person: entry.displayName, outcome, detail: notes.join('; ') } : null,
  };
}

const FIELD_WORDS: Record<string, string> = {
  employeeId: 'employee ID',
  email: 'email',
  displayName: 'name',
  phones: 'phone',
  unitId: 'unit',
  managerId: 'manager',
  active: 'back as working here',
};

/** A changed field as the report says it to an administrator. */
export const fieldWords = (field: string) => FIELD_WORDS[field] ?? field;

function describe(step: AccountStep): string {
  switch (step.step) {
    case 'create':
      return `account created (${step.role})`;
    case 'role':
      return `role ${step.from} → ${step.to}`;
    case 'enable':
      return `account switched back on (${step.role})`;
    case 'disable':
      return `account switched off: ${step.reason}`;
    default:
      return '';
  }
}

/** The person an entry is: already linked, else matched by employee ID or one email, else a new person. */
async function personOf(
  tx: Queryable,
  meta: RequestMeta,
  entry: DirectoryEntry,
  at: EntryContext,
): Promise<{ personId: string; created: boolean }> {
  const link = await store.findLinkByEntry(tx, entry.entryId);
  if (link) return { personId: link.personId, created: false };
  const found = await peopleForSignIn(tx, entry);
  // The directory is the authority on who works here: a person marked as left whom it holds is matched (and made
  // active again), so `active` does not block the match.
  const asActive = <T extends { active: boolean }>(p: T) => ({ ...p, active: true });
  const choice = choosePerson(
    { ...entry, emailVerified: true },
    found.byEmployeeId ? asActive(found.byEmployeeId) : null,
    found.byEmail.map(asActive),
    true,
  );
  if ('refused' in choice) {
    if (choice.refused === 'ambiguous') {
      throw new EntryProblem(`the email ${entry.email} belongs to several people in Clinidesk`);
    }
    const person = await addPersonFromDirectoryTx(tx, meta, {
      employeeId: entry.employeeId,
      email: entry.email,
      displayName: entry.displayName,
      phones: [],
      unitId: at.unitId,
      managerId: at.managerId,
    });
    // The phone goes through the same rule as later updates (normalised, joined to the person's phones).
    const set = personChanges({ ...person, phones: [] }, entry, { unitId: null, managerId: null });
    if (set.phones) await updatePersonFromDirectoryTx(tx, meta, person.id, { phones: set.phones });
    return { personId: person.id, created: true };
  }
  if (await store.findLinkByPerson(tx, choice.person.id)) {
    throw new EntryProblem('the matching Clinidesk person is already linked to another directory entry');
  }
  return { personId: choice.person.id, created: false };
}

async function takeStep(
  tx: Queryable,
  meta: RequestMeta,
  step: AccountStep,
  on: {
    personId: string;
    entry: DirectoryEntry;
    user: Awaited<ReturnType<typeof findAccount>>;
    loginName: string | null;
  },
): Promise<string | null> {
  const { entry, user } = on;
  switch (step.step) {
    case 'none':
      return null;
    case 'create': {
      const base = on.loginName ?? entry.email ?? `emp-${entry.employeeId}`;
      const created = await addAccount(
        tx,
        meta,
        {
          username: await freeUsername(tx, base),
          displayName: entry.displayName,
          email: entry.email,
          role: step.role as SsoRole,
          passwordHash: null,
        },
        { action: 'user.create', summary: { via: 'ldap', person: on.personId, role: step.role } },
      );
      if (!(await linkPersonToAccount(tx, meta, on.personId, created.id))) {
        throw new EntryProblem('the person was linked to another account meanwhile');
      }
      await recordAudit(tx, meta, {
        action: 'ldap.link',
        targetType: 'user',
        targetId: created.id,
        summary: { dn: entry.dn, person: on.personId, role: step.role },
      });
      return created.id;
    }
    case 'role':
      await updateAccountProfile(tx, user!.id, {
        role: step.to as SsoRole,
        displayName: entry.displayName,
        email: entry.email ?? user!.email,
      });
      await recordAudit(tx, meta, {
        action: 'ldap.role_change',
        targetType: 'user',
        targetId: user!.id,
        summary: { from: step.from, to: step.to, dn: entry.dn },
      });
      return user!.id;
    case 'enable':
      await switchAccount(tx, meta, user!.id, true, { via: 'ldap', reason: 'back in a mapped group', dn: entry.dn });
      await store.setDisabledBySync(tx, on.personId, false);
      if (user!.role !== step.role) {
        await updateAccountProfile(tx, user!.id, {
          role: step.role as SsoRole,
          displayName: entry.displayName,
          email: entry.email ?? user!.email,
        });
        await recordAudit(tx, meta, {
          action: 'ldap.role_change',
          targetType: 'user',
          targetId: user!.id,
          summary: { from: user!.role, to: step.role, dn: entry.dn },
        });
      }
      return user!.id;
    case 'disable':
      await disableForDirectory(tx, meta, on.personId, user!.id, step.reason, entry.dn);
      return user!.id;
  }
}

/** Switches off the account of a person the directory no longer gives access (their sessions end at once). */
export async function disableForDirectory(
  tx: Queryable,
  meta: RequestMeta,
  personId: string,
  userId: string,
  reason: string,
  dn: string,
) {
  await switchAccount(tx, meta, userId, false, { via: 'ldap', reason, dn });
  await store.setDisabledBySync(tx, personId, true);
}

async function freeUsername(tx: Queryable, base: string): Promise<string> {
  const name = base.slice(0, 100);
  for (let n = 1; n < 100; n++) {
    const candidate = n === 1 ? name : `${name}-${n}`;
    if (!(await findAccountByUsername(tx, candidate))) return candidate;
  }
  throw new EntryProblem(`no free username near ${name}`);
}
