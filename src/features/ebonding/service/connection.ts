// An administrator's side of e-bonding: the provider's connection (on or off, the state mapping) and the tokens of
// its account. The first save makes the account: password-less, role vendor, bound to the provider in the
// directory, so that it sees exactly what the provider's engineers see (never PHI) and acts only through tokens.
import type { ActorMeta } from '../../../platform/actor.ts';
import { recordAudit } from '../../../platform/audit/service.ts';
import { permissionsOf } from '../../../platform/auth/roles.ts';
import { addAccount, issueToken, tokenViewOf } from '../../../platform/auth/service.ts';
import * as users from '../../../platform/auth/store.ts';
import type { AppContext } from '../../../platform/context.ts';
import type { Queryable } from '../../../platform/db/connect.ts';
import { Conflict, Invalid, NotFound } from '../../../platform/errors.ts';
import { bindAccountToProviderTx, findProvider } from '../../directory/service.ts';
import { accountUsername } from '../rules/account.ts';
import { normaliseStateMap, stateMapProblems } from '../rules/state-map.ts';
import type { ConnectionBody, ConnectionView } from '../schemas.ts';
import * as store from '../store.ts';

async function providerOf(db: Queryable, id: string) {
  const provider = await findProvider(db, id);
  if (!provider) throw new NotFound('No support provider with that id.');
  return provider;
}

function tokenView(row: users.TokenRow, now = Date.now()) {
  return {
    ...tokenViewOf(row),
    scope: permissionsOf('vendor'),
    expired: row.expiresAt !== null && row.expiresAt.getTime() <= now,
  };
}

async function viewOf(db: Queryable, c: store.ConnectionRow | undefined): Promise<ConnectionView> {
  if (!c) return { enabled: false, stateMap: {}, account: null, tokens: [] };
  const account = await users.findUserById(db, c.accountUserId);
  const tokens = await users.listTokensOfUsers(db, [c.accountUserId]);
  return {
    enabled: c.enabled,
    stateMap: c.stateMap,
    account: account ? { id: account.id, username: account.username } : null,
    tokens: tokens.map((t) => tokenView(t)),
  };
}

export async function getConnection(ctx: AppContext, providerId: string): Promise<ConnectionView> {
  const db = ctx.database.db;
  await providerOf(db, providerId);
  return viewOf(db, await store.findConnection(db, providerId));
}

/** A free account name for the provider's system: `ebond-<slug>`, with a piece of the provider's id if taken. */
async function freeUsername(tx: Queryable, providerName: string, providerId: string) {
  for (const candidate of [accountUsername(providerName), accountUsername(providerName, providerId)]) {
    if (!(await users.findUserByUsername(tx, candidate))) return candidate;
  }
  throw new Conflict('No free account name for this provider’s e-bonding account; rename the provider and retry.');
}

export async function saveConnection(
  ctx: AppContext,
  meta: ActorMeta,
  providerId: string,
  input: ConnectionBody,
): Promise<ConnectionView> {
  const problems = stateMapProblems(input.stateMap);
  if (problems.length)
    throw new Invalid(
      `The state mapping is not usable: ${problems.join(' ')}`,
      problems.map((message) => ({ field: 'body.stateMap', message })),
    );
  const stateMap = normaliseStateMap(input.stateMap);
  return ctx.database.db.transaction(async (tx) => {
    const provider = await providerOf(tx, providerId);
    const existing = await store.findConnection(tx, providerId);
    let saved: store.ConnectionRow;
    if (existing) {
      saved = await store.updateConnection(tx, providerId, { enabled: input.enabled, stateMap });
    } else {
      const username = await freeUsername(tx, provider.name, provider.id);
      const account = await addAccount(
        tx,
        meta,
        {
          username,
          displayName: `${provider.name} (e-bonding)`,
          email: null,
          role: 'vendor',
          passwordHash: null,
          purpose: `${provider.name}'s ticketing system updates the vendor cases of the tickets it holds`,
        },
        { action: 'user.create', summary: { username, role: 'vendor', ebondingProviderId: provider.id } },
      );
      await bindAccountToProviderTx(tx, meta, {
        userId: account.id,
        providerId: provider.id,
        displayName: account.displayName,
      });
      saved = await store.insertConnection(tx, {
        providerId,
        enabled: input.enabled,
        stateMap,
        accountUserId: account.id,
      });
    }
    await recordAudit(tx, meta, {
      action: 'ebonding.connection',
      targetType: 'provider',
      targetId: providerId,
      summary: {
        created: !existing,
        enabled: { from: existing?.enabled ?? null, to: saved.enabled },
        stateMap,
      },
    });
    return viewOf(tx, saved);
  });
}

async function connectionOf(tx: Queryable, providerId: string) {
  await providerOf(tx, providerId);
  const c = await store.findConnection(tx, providerId);
  if (!c)
    throw new Conflict('Save the provider’s e-bonding connection first: its tokens belong to the account it makes.');
  const account = await users.findUserById(tx, c.accountUserId);
  if (!account) throw new Conflict('The e-bonding account of this provider is gone.');
  return account;
}

export async function issueConnectionToken(
  ctx: AppContext,
  meta: ActorMeta,
  providerId: string,
  input: { name: string; expiresInDays: number | null },
) {
  return ctx.database.db.transaction(async (tx) => {
    const { row, token } = await issueToken(tx, meta, await connectionOf(tx, providerId), input);
    return { ...tokenView(row), token };
  });
}

export async function revokeConnectionToken(ctx: AppContext, meta: ActorMeta, providerId: string, tokenId: string) {
  await ctx.database.db.transaction(async (tx) => {
    const account = await connectionOf(tx, providerId);
    if (!(await users.revokeToken(tx, account.id, tokenId)))
      throw new NotFound('That token is already revoked, or belongs to another account.');
    await recordAudit(tx, meta, {
      action: 'token.revoke',
      targetType: 'api_token',
      targetId: tokenId,
      summary: { owner: account.username, ebondingProviderId: providerId },
    });
  });
}
