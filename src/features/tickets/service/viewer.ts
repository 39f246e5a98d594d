// Who is looking: the signed-in account plus its directory person (unit, super-user, vendor organisation).
import type { Actor } from '../../../platform/actor.ts';
import type { Queryable } from '../../../platform/db/connect.ts';
import { personOfUser } from '../../directory/service.ts';
import type { Viewer } from '../rules/visibility.ts';

export async function loadViewer(db: Queryable, actor: Actor): Promise<Viewer> {
  const person = await personOfUser(db, actor.userId);
  return {
    userId: actor.userId,
    role: actor.role,
    personId: person?.id ?? null,
    unitId: person?.unitId ?? null,
    superUser: person?.superUser ?? false,
    providerOrgId: person?.providerOrgId ?? null,
  };
}
