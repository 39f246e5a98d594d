// Who is looking: the signed-in account plus its directory person (unit, super-user, vendor organisation).
import type { Actor } from '../../../platform/actor.ts';
import type { Queryable } from '../../../platform/db/connect.ts';
import { personOfUser } from '../../directory/service.ts';
import type { Viewer } from '../rules/visibility.ts';
import type { ReaderPerson } from '../store.ts';

export async function loadViewer(db: Queryable, actor: Actor): Promise<Viewer> {
  return viewerOf(actor, await personOfUser(db, actor.userId));
}

/** The viewer, from the account's person already read (null or undefined: the account has none). */
export function viewerOf(actor: Actor, person: ReaderPerson | null | undefined): Viewer {
  return {
    userId: actor.userId,
    role: actor.role,
    personId: person?.id ?? null,
    unitId: person?.unitId ?? null,
    superUser: person?.superUser ?? false,
    providerOrgId: person?.providerOrgId ?? null,
  };
}
