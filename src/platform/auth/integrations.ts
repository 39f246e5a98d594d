// Integration accounts (the phone system) and their API tokens, managed by administrators while the desk runs.
// An integration account has no password: it acts only through tokens, which are shown once and stored hashed.
import type { RequestMeta } from '../actor.ts';
import { recordAudit } from '../audit/service.ts';
import type { AppContext } from '../context.ts';
import type { Queryable } from '../db/connect.ts';
import { Conflict, NotFound } from '../errors.ts';
import type {
  IntegrationBody,
  IntegrationTokenBody,
  IntegrationTokenView,
  IntegrationView,
} from './integration-schemas.ts';
import { permissionsOf } from './roles.ts';
import { addAccount, issueToken, tokenViewOf } from './service.ts';
import * as store from './store.ts';

function tokenView(row: store.TokenRow, now = Date.now()): IntegrationTokenView {
  return {
    ...tokenViewOf(row),
    scope: permissionsOf('integration'),
    expired: row.expiresAt !== null && row.expiresAt.getTime() <= now,
  };
}

function integrationView(u: store.UserRow, tokens: store.TokenRow[]): IntegrationView {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    purpose: u.purpose,
    createdAt: u.createdAt.toISOString(),
    disabled: u.disabledAt !== null,
    tokens: tokens.filter((t) => t.userId === u.id).map((t) => tokenView(t)),
  };
}

export async function listIntegrations(ctx: AppContext): Promise<IntegrationView[]> {
  const accounts = await store.listUsersOfRole(ctx.database.db, 'integration');
  const tokens = await store.listTokensOfUsers(
    ctx.database.db,
    accounts.map((a) => a.id),
  );
  return accounts.map((a) => integrationView(a, tokens));
}

export async function createIntegration(
  ctx: AppContext,
  meta: RequestMeta,
  input: IntegrationBody,
): Promise<IntegrationView> {
  return ctx.database.db.transaction(async (tx) => {
    if (await store.findUserByUsername(tx, input.username)) {
      throw new Conflict(`The account name "${input.username}" is taken; choose another.`, [
        { field: 'username', message: 'is taken' },
      ]);
    }
    const row = await addAccount(
      tx,
      meta,
      { ...input, role: 'integration', passwordHash: null },
      { action: 'integration.create', summary: { username: input.username, purpose: input.purpose } },
    );
    return integrationView(row, []);
  });
}

async function integrationAccount(tx: Queryable, id: string) {
  const account = await store.findUserById(tx, id);
  if (account?.role !== 'integration') throw new NotFound('No integration account with that id.');
  return account;
}

export async function issueIntegrationToken(
  ctx: AppContext,
  meta: RequestMeta,
  integrationId: string,
  input: IntegrationTokenBody,
) {
  return ctx.database.db.transaction(async (tx) => {
    const { row, token } = await issueToken(tx, meta, await integrationAccount(tx, integrationId), input);
    return { ...tokenView(row), token };
  });
}

export async function revokeIntegrationToken(
  ctx: AppContext,
  meta: RequestMeta,
  integrationId: string,
  tokenId: string,
) {
  await ctx.database.db.transaction(async (tx) => {
    const account = await integrationAccount(tx, integrationId);
    if (!(await store.revokeToken(tx, account.id, tokenId))) {
      throw new NotFound('That token is already revoked, or belongs to another account.');
    }
    await recordAudit(tx, meta, {
      action: 'token.revoke',
      targetType: 'api_token',
      targetId: tokenId,
      summary: { owner: account.username },
    });
  });
}
