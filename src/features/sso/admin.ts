// Administrators' use cases for identity providers (OpenID Connect or SAML): list, add, change, remove. Each change is
// one transaction with its audit entry naming the fields changed (never the client secret's value; SAML certificates
// by fingerprint).
import type { ActorMeta } from '../../platform/actor.ts';
import { recordAudit } from '../../platform/audit/service.ts';
import { seal } from '../../platform/auth/sealed.ts';
import { endSessionByHash } from '../../platform/auth/service.ts';
import type { AppContext } from '../../platform/context.ts';
import { PG, pgError } from '../../platform/db/errors.ts';
import { Conflict, Invalid, NotFound } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { certificateOf } from './certificates.ts';
import { issuerAllowed } from './oidc.ts';
import { spAddresses } from './saml.ts';
import type { ProviderBody, ProviderPatch, ProviderView, SignInOption } from './schemas.ts';
import * as store from './store.ts';

export const CALLBACK_PATH = '/api/v1/auth/sso/callback';
export const SIGNED_OUT_PATH = '/signin';

export function toProviderView(ctx: AppContext, p: store.ProviderRow): ProviderView {
  const oidcKind = p.kind === 'oidc';
  return {
    id: p.id,
    kind: p.kind,
    name: p.name,
    issuer: p.issuer,
    clientId: p.clientId,
    hasClientSecret: p.clientSecretSealed !== null,
    scopes: oidcKind ? p.scopes : null,
    ssoUrl: p.ssoUrl,
    certificates: p.idpCertificates.flatMap((pem) => {
      const c = certificateOf(pem);
      return c.ok ? [c.view] : [];
    }),
    employeeIdClaim: p.employeeIdClaim,
    emailClaim: p.emailClaim,
    groupsClaim: p.groupsClaim,
    matchByEmail: p.matchByEmail,
    defaultRole: p.defaultRole,
    roleMappings: p.roleMappings,
    enabled: p.enabled,
    redirectUri: oidcKind ? `${ctx.config.publicUrl}${CALLBACK_PATH}` : null,
    postLogoutRedirectUri: oidcKind ? `${ctx.config.publicUrl}${SIGNED_OUT_PATH}` : null,
    serviceProvider: oidcKind ? null : spAddresses(ctx.config.publicUrl),
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

function checkAddress(field: 'issuer' | 'ssoUrl', address: string | undefined) {
  if (address === undefined || issuerAllowed(address).ok) return;
  const what = field === 'issuer' ? 'The issuer' : 'The sign-in (SSO) address';
  throw new Invalid(`${what} must be an https address (plain http only for a provider on this machine).`, [
    { field, message: 'must be https' },
  ]);
}

/** The certificates as PEM, each checked to be an X.509 certificate; refused with the one at fault named. */
function pemsOf(certificates: string[]): string[] {
  return certificates.map((text, i) => {
    const c = certificateOf(text);
    if (!c.ok) {
      throw new Invalid(
        `Certificate ${i + 1} is not an X.509 certificate: paste it in PEM (-----BEGIN CERTIFICATE-----).`,
        [{ field: `certificates.${i}`, message: 'is not a certificate' }],
      );
    }
    return c.pem;
  });
}

const fingerprints = (pems: string[]) =>
  pems.map((p) => certificateOf(p)).flatMap((c) => (c.ok ? [c.view.fingerprint] : []));

function duplicateName(err: unknown): never {
  const e = pgError(err);
  if (e?.code === PG.uniqueViolation && e.constraint === 'identity_providers_name_lower_key') {
    throw new Conflict('Another identity provider has that name.', [{ field: 'name', message: 'is taken' }]);
  }
  throw err;
}

export async function createProvider(ctx: AppContext, meta: ActorMeta, body: ProviderBody): Promise<ProviderView> {
  const values =
    body.kind === 'saml'
      ? (() => {
          const { certificates, ...rest } = body;
          checkAddress('ssoUrl', rest.ssoUrl);
          return { ...rest, idpCertificates: pemsOf(certificates), clientSecretSealed: null };
        })()
      : (() => {
          const { clientSecret, ...rest } = body;
          checkAddress('issuer', rest.issuer);
          return { ...rest, clientSecretSealed: sealedSecret(ctx, clientSecret) };
        })();
  const row = await ctx.database.db
    .transaction(async (tx) => {
      const created = await store.insertProvider(tx, { id: newId(), ...values });
      await recordAudit(tx, meta, {
        action: 'identity_provider.create',
        targetType: 'identity_provider',
        targetId: created.id,
        summary: {
          name: created.name,
          kind: created.kind,
          issuer: created.issuer,
          ...(created.kind === 'saml'
            ? { ssoUrl: created.ssoUrl, certificates: fingerprints(created.idpCertificates) }
            : { clientSecret: values.clientSecretSealed ? 'set' : 'none' }),
          roleMappings: created.roleMappings,
        },
      });
      return created;
    })
    .catch(duplicateName);
  return toProviderView(ctx, row);
}

const OIDC_ONLY = ['clientId', 'scopes', 'clientSecret'] as const;
const SAML_ONLY = ['ssoUrl', 'certificates'] as const;

export async function updateProvider(
  ctx: AppContext,
  meta: ActorMeta,
  id: string,
  patch: ProviderPatch,
): Promise<ProviderView> {
  const { clientSecret, certificates, ...rest } = patch;
  const row = await ctx.database.db
    .transaction(async (tx) => {
      const current = await store.findProvider(tx, id);
      if (!current) throw new NotFound('No such identity provider.');
      const foreign = (current.kind === 'saml' ? OIDC_ONLY : SAML_ONLY).filter((k) => patch[k] !== undefined);
      if (foreign.length > 0) {
        const kind = current.kind === 'saml' ? 'a SAML provider' : 'an OpenID Connect provider';
        throw new Invalid(
          `These settings do not apply to ${kind}: ${foreign.join(', ')}.`,
          foreign.map((field) => ({ field, message: `not a setting of ${kind}` })),
        );
      }
      if (current.kind === 'oidc') checkAddress('issuer', rest.issuer);
      checkAddress('ssoUrl', rest.ssoUrl);
      const secretChange = clientSecret === undefined ? {} : { clientSecretSealed: sealedSecret(ctx, clientSecret) };
      const certChange = certificates === undefined ? {} : { idpCertificates: pemsOf(certificates) };
      const updated = await store.updateProvider(tx, id, { ...rest, ...secretChange, ...certChange });
      const changed = Object.keys(rest).filter((k) => rest[k as keyof typeof rest] !== undefined);
      await recordAudit(tx, meta, {
        action: 'identity_provider.update',
        targetType: 'identity_provider',
        targetId: id,
        summary: {
          name: updated!.name,
          changed,
          ...(clientSecret === undefined ? {} : { clientSecret: clientSecret === null ? 'removed' : 'replaced' }),
          ...(certificates === undefined
            ? {}
            : {
                certificates: {
                  from: fingerprints(current.idpCertificates),
                  to: fingerprints(updated!.idpCertificates),
                },
              }),
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
