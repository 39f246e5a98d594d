// Administrators' use cases for identity providers: list, add, change, remove. Each change is one transaction with
// its audit entry naming the fields changed (never the client secret's value).
import type { ActorMeta } from '../../platform/actor.ts';
import { recordAudit } from '../../platform/audit/service.ts';
import { seal } from '../../platform/auth/sealed.ts';
import { endSessionByHash } from '../../platform/auth/service.ts';
import type { AppContext } from '../../platform/context.ts';
import { PG, pgError } from '../../platform/db/errors.ts';
import { Conflict, Invalid, NotFound } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { issuerAllowed } from './oidc.ts';
import type { ProviderBody, ProviderPatch, ProviderView, SignInOption } from './schemas.ts';
import * as store from './store.ts';

export const CALLBACK_PATH = '/api/v1/auth/sso/callback';
export const SIGNED_OUT_PATH = '/signin';

export function toProviderView(ctx: AppContext, p: store.ProviderRow): ProviderView {
  return {
    id: p.id,
    name: p.name,
    issuer: p.issuer,
    clientId: p.clientId,
    hasClientSecret: p.clientSecretSealed !== null,
    scopes: p.scopes,
    employeeIdClaim: p.employeeIdClaim,
    emailClaim: p.emailClaim,
    groupsClaim: p.groupsClaim,
    matchByEmail: p.matchByEmail,
    defaultRole: p.defaultRole,
    roleMappings: p.roleMappings,
    enabled: p.enabled,
    redirectUri: `${ctx.config.publicUrl}${CALLBACK_PATH}`,
    postLogoutRedirectUri: `${ctx.config.publicUrl}${SIGNED_OUT_PATH}`,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}

export async function listProviders(ctx: AppContext): Promise<ProviderView[]> {
  return (await store.listProviders(ctx.database.db)).map((p) => toProviderView(ctx, p));
}

/** What the sign-in page offers: the enabled providers' names. */
export async function signInOptions(ctx: AppContext): Promise<SignInOption[]> {
  return (await store.listProviders(ctx.database.db)).filter((p) => p.enabled).map((p) => ({ id: p.id, name: p.name }));
}

function sealedSecret(ctx: AppContext, secret: string | null): string | null {
  if (secret === null) return null;
  if (!ctx.config.secretKey) {
    throw new Invalid(
      'A client secret can be stored only when the server has a key to seal it: set CLINIDESK_SECRET_KEY and restart.',
      [{ field: 'clientSecret', message: 'needs CLINIDESK_SECRET_KEY on the server' }],
    );
  }
  return seal(ctx.config.secretKey, secret);
}

function checkIssuer(issuer: string | undefined) {
  if (issuer !== undefined && !issuerAllowed(issuer).ok) {
    throw new Invalid('The issuer must be an https address (plain http only for a provider on this machine).', [
      { field: 'issuer', message: 'must be https' },
    ]);
  }
}

function duplicateName(err: unknown): never {
  const e = pgError(err);
  if (e?.code === PG.uniqueViolation && e.constraint === 'identity_providers_name_lower_key') {
    throw new Conflict('Another identity provider has that name.', [{ field: 'name', message: 'is taken' }]);
  }
  throw err;
}

export async function createProvider(ctx: AppContext, meta: ActorMeta, body: ProviderBody): Promise<ProviderView> {
  checkIssuer(body.issuer);
  const { clientSecret, ...rest } = body;
  const clientSecretSealed = sealedSecret(ctx, clientSecret);
  const row = await ctx.database.db
    .transaction(async (tx) => {
      const created = await store.insertProvider(tx, { id: newId(), ...rest, clientSecretSealed });
      await recordAudit(tx, meta, {
        action: 'identity_provider.create',
        targetType: 'identity_provider',
        targetId: created.id,
        summary: { name: created.name, issuer: created.issuer, clientSecret: clientSecret ? 'set' : 'none' },
      });
      return created;
    })
    .catch(duplicateName);
  return toProviderView(ctx, row);
}

export async function updateProvider(
  ctx: AppContext,
  meta: ActorMeta,
  id: string,
  patch: ProviderPatch,
): Promise<ProviderView> {
  checkIssuer(patch.issuer);
  const { clientSecret, ...rest } = patch;
  const secretChange = clientSecret === undefined ? {} : { clientSecretSealed: sealedSecret(ctx, clientSecret) };
  const row = await ctx.database.db
    .transaction(async (tx) => {
      const current = await store.findProvider(tx, id);
      if (!current) throw new NotFound('No such identity provider.');
      const updated = await store.updateProvider(tx, id, { ...rest, ...secretChange });
      const changed = Object.keys(rest).filter((k) => rest[k as keyof typeof rest] !== undefined);
      await recordAudit(tx, meta, {
        action: 'identity_provider.update',
        targetType: 'identity_provider',
        targetId: id,
        summary: {
          name: updated!.name,
          changed,
          ...(clientSecret === undefined ? {} : { clientSecret: clientSecret === null ? 'removed' : 'replaced' }),
          ...(rest.roleMappings ? { roleMappings: rest.roleMappings } : {}),
        },
      });
      return updated!;
    })
    .catch(duplicateName);
  return toProviderView(ctx, row);
}

export async function deleteProvider(ctx: AppContext, meta: ActorMeta, id: string): Promise<void> {
  await ctx.database.db.transaction(async (tx) => {
    const current = await store.findProvider(tx, id);
    if (!current) throw new NotFound('No such identity provider.');
    // Whoever signed in through it is signed out: the provider no longer vouches for them here.
    const hashes = await store.sessionHashesOfProvider(tx, id);
    for (const h of hashes) await endSessionByHash(tx, h);
    await store.deleteProvider(tx, id);
    await recordAudit(tx, meta, {
      action: 'identity_provider.delete',
      targetType: 'identity_provider',
      targetId: id,
      summary: { name: current.name, issuer: current.issuer, sessionsEnded: hashes.length },
    });
  });
}
