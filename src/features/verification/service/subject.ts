// The account's owner and their supervisor on record, as the directory has them: the only source of the numbers the
// desk calls back and of who may confirm.
import type { Queryable } from '../../../platform/db/connect.ts';
import { findPerson } from '../../directory/service.ts';
import type { Subject } from '../rules/risk.ts';

export type PersonBrief = { personId: string; displayName: string; phones: string[] };

export async function loadSubject(db: Queryable, personId: string): Promise<Subject & { active: boolean }> {
  const p = await findPerson(db, personId);
  if (!p) throw new Error(`person ${personId} of a verification is missing`);
  return {
    personId: p.id,
    displayName: p.displayName,
    clinicalRole: p.clinicalRole,
    sensitive: p.sensitive,
    managerId: p.managerId,
    phones: p.phones,
    active: p.active,
  };
}

export async function loadSupervisor(db: Queryable, subject: Subject): Promise<PersonBrief | null> {
  if (!subject.managerId) return null;
  const p = await findPerson(db, subject.managerId);
  return p ? { personId: p.id, displayName: p.displayName, phones: p.phones } : null;
}
