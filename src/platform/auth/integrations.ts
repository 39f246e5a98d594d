// Integration accounts (the phone system) and their API tokens, managed by administrators while the desk runs.
// An integration account has no password: it acts only through tokens, which are shown once and stored hashed.
import type { RequestMeta } from '../actor.ts';
import { recordAudit } from '../audit/service.ts';
import type { AppContext } from '../context.ts';
import type { Queryable } from '../db/connect.ts';
import { Conflict, NotFound } from '../errors.ts';
import { appendEvent } from '../events/outbox.ts';
import { newId } from '../ids.ts';
import type {
  IntegrationBody,
  IntegrationTokenBody,
  IntegrationTokenView,
  IntegrationView,
} from './integration-schemas.ts';
import { permissionsOf } from './roles.ts';
import { randomToken, sha256 } from './secrets.ts';
import { TOKEN_PREFIX } from './service.ts';
import * as store from './store.ts';

type TokenRow = Awaited<ReturnType<typeof store.insertToken>>;

function tokenView(row: TokenRow, now = Date.now()): IntegrationTokenView {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scope: permissionsOf('integration'),
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt?.toISOString() ?? null,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    expired: row.expiresAt !== null && row.expiresAt.getTime() <= now,
  };
}

function integrationView(u: store.UserRow, tokens: TokenRow[]): IntegrationView {
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
    const row = await store.insertUser(tx, {
      id: newId(),
      username: input.username,
      displayName: input.displayName,
      purpose: input.purpose,
      role: 'integration',
      passwordHash: null,
    });
    await recordAudit(tx, meta, {
      action: 'integration.create',
      targetType: 'user',
      targetId: row.id,
      summary: { username: row.username, purpose: input.purpose },
    });
    await appendEvent(tx, {
      type: 'user.created',
      subjectType: 'user',
      subjectId: row.id,
      actorId: meta.actor?.userId,
      payload: { username: row.username, role: row.role },
      audience: { roles: ['admin'] },
    });
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
  const token = `${TOKEN_PREFIX}${randomToken()}`;
  const expiresAt = input.expiresInDays ? new Date(Date.now() + input.expiresInDays * 86_400_000) : null;
  return ctx.database.db.transaction(async (tx) => {
    const account = await integrationAccount(tx, integrationId);
    const row = await store.insertToken(tx, {
      id: newId(),
      userId: account.id,
      name: input.name,
      prefix: token.slice(0, 10),
      tokenHash: sha256(token),
      expiresAt,
    });
    await recordAudit(tx, meta, {
      action: 'token.create',
      targetType: 'api_token',
      targetId: row.id,
      summary: { name: row.name, owner: account.username, expiresAt: expiresAt?.toISOString() ?? null },
    });
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
