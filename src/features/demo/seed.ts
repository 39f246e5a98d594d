// Loads the demo hospital into an empty database.
import type { RequestMeta } from '../../platform/actor.ts';
import { recordAudit } from '../../platform/audit/service.ts';
import { hashPassword } from '../../platform/auth/secrets.ts';
import { countUsers, insertUser } from '../../platform/auth/store.ts';
import type { Database } from '../../platform/db/connect.ts';
import { newId } from '../../platform/ids.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from './accounts.ts';

export async function isEmpty(database: Database): Promise<boolean> {
  return (await countUsers(database.db)) === 0;
}

/** Seeds the demo hospital; returns false (and does nothing) when the database already has accounts. */
export async function seedDemo(database: Database, meta: RequestMeta): Promise<boolean> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  return database.db.transaction(async (tx) => {
    if ((await countUsers(tx)) > 0) return false;
    for (const account of DEMO_ACCOUNTS) {
      await insertUser(tx, { id: newId(), ...account, passwordHash });
    }
    await recordAudit(tx, meta, { action: 'demo.seed', summary: { accounts: DEMO_ACCOUNTS.length } });
    return true;
  });
}
