// Signing in through an identity provider (OpenID Connect, authorization code + PKCE; SAML starts here too and goes
// on in saml-service.ts) and out again.
// start: a single-use sign-in record (state, nonce, PKCE verifier; ten minutes) and the provider's address.
// finish: the record claimed once, the code exchanged and the ID token validated (oidc.ts), the person found in the
// directory by employee ID or email (rules.ts), the account created on first sign-in and linked to them, the role
// taken from the provider's groups, and a new session — in one transaction with its audit entries. Every refusal is
// audited and named by a code the sign-in page turns into a sentence for a nurse.
import type { RequestMeta } from '../../platform/actor.ts';
import { recordAuditNow } from '../../platform/audit/service.ts';
import { unseal } from '../../platform/auth/sealed.ts';
import { sha256 } from '../../platform/auth/secrets.ts';
import { logout } from '../../platform/auth/service.ts';
import type { AppContext } from '../../platform/context.ts';
import { CALLBACK_PATH, SIGNED_OUT_PATH } from './admin.ts';
import * as oidc from './oidc.ts';
import { type Identity, identityFromClaims, safeReturnTo } from './rules.ts';
import { startSamlSignIn } from './saml-service.ts';
import { audited, completeSignIn, type FinishedSignIn, SsoRefused } from './sign-in.ts';
import * as store from './store.ts';

const SIGN_IN_MINUTES = 10;

function settingsOf(ctx: AppContext, p: store.ProviderRow): oidc.ProviderSettings {
  let clientSecret: string | null = null;
  if (p.clientSecretSealed) {
    clientSecret = ctx.config.secretKey ? unseal(ctx.config.secretKey, p.clientSecretSealed) : null;
    if (clientSecret === null)
      throw new SsoRefused('unavailable', 'the client secret cannot be unsealed with this CLINIDESK_SECRET_KEY');
  }
  if (p.kind !== 'oidc' || !p.clientId) throw new SsoRefused('unavailable', 'not an OpenID Connect provider');
  return { id: p.id, issuer: p.issuer, clientId: p.clientId, clientSecret, version: p.updatedAt.toISOString() };
}

async function configOf(ctx: AppContext, p: store.ProviderRow) {
  try {
    return await oidc.configurationFor(settingsOf(ctx, p));
  } catch (err) {
    if (err instanceof SsoRefused) throw err;
    throw new SsoRefused('unavailable', `discovery failed: ${oidc.detailOf(err)}`);
  }
}

/** Begins a sign-in at a provider: the address to send the browser to, and the state to keep in its cookie. */
export async function startSignIn(
  ctx: AppContext,
  meta: RequestMeta,
  providerId: string,
  returnTo: string | undefined,
): Promise<{ url: string; state: string }> {
  const provider = await store.findProvider(ctx.database.db, providerId);
  return audited(
    ctx,
    meta,
    provider,
    () => undefined,
    async () => {
      if (!provider?.enabled)
        throw new SsoRefused('unavailable', provider ? 'provider is switched off' : 'no such provider');
      if (provider.kind === 'saml') return startSamlSignIn(ctx, provider, returnTo);
      const config = await configOf(ctx, provider);
      const req = await oidc.authorizationRequest(config, `${ctx.config.publicUrl}${CALLBACK_PATH}`, provider.scopes);
      await store.insertLogin(ctx.database.db, {
        stateHash: sha256(req.state),
        providerId: provider.id,
        codeVerifier: req.codeVerifier,
        nonce: req.nonce,
        returnTo: safeReturnTo(returnTo),
        expiresAt: new Date(Date.now() + SIGN_IN_MINUTES * 60_000),
      });
      return { url: req.url.href, state: req.state };
    },
  );
}

/**
 * Completes a sign-in from the provider's redirect. `callbackUrl` is the address the browser was sent to;
 * `browserState` the state from this browser's sign-in cookie (so a sign-in started elsewhere cannot be finished here).
 */
export async function finishSignIn(
  ctx: AppContext,
  meta: RequestMeta,
  callbackUrl: URL,
  browserState: string | undefined,
  userAgent: string | undefined,
): Promise<FinishedSignIn> {
  const state = callbackUrl.searchParams.get('state');
  let identity: Identity | null = null;
  const login = state && browserState === state ? await store.claimLogin(ctx.database.db, sha256(state)) : undefined;
  const provider = login ? await store.findProvider(ctx.database.db, login.providerId) : undefined;
  return audited(
    ctx,
    meta,
    provider,
    () => identity?.email ?? identity?.employeeId ?? identity?.subject,
    async () => {
      if (!state) throw new SsoRefused('expired', 'the provider sent no state');
      if (browserState !== state) throw new SsoRefused('expired', 'the state does not match this browser’s sign-in');
      if (!login) throw new SsoRefused('expired', 'unknown, used or expired state (replay)');
      if (!provider?.enabled) throw new SsoRefused('unavailable', 'provider removed or switched off');
      const config = await configOf(ctx, provider);
      let result: { claims: Record<string, unknown>; idToken: string };
      try {
        result = await oidc.exchangeCode(config, callbackUrl, {
          state,
          nonce: login.nonce,
          codeVerifier: login.codeVerifier,
        });
      } catch (err) {
        throw new SsoRefused(oidc.failureOf(err), oidc.detailOf(err));
      }
      identity = identityFromClaims(result.claims, provider);
      if (!identity) throw new SsoRefused('rejected', 'the ID token has no subject');
      return completeSignIn(ctx, meta, provider, identity, {
        returnTo: login.returnTo,
        userAgent,
        idToken: result.idToken,
      });
    },
  );
}

/**
 * Ends this session (audited as every sign-out) and, when it was started through a provider that offers sign-out,
 * returns the provider's sign-out address (RP-initiated logout) for the browser to open next.
 */
export async function signOut(ctx: AppContext, meta: RequestMeta): Promise<string | null> {
  const idHash = meta.actor?.sessionIdHash;
  const sso = idHash ? await store.findSsoSession(ctx.database.db, idHash) : undefined;
  await logout(ctx, meta);
  if (!sso) return null;
  const provider = await store.findProvider(ctx.database.db, sso.providerId);
  if (!provider) return null;
  let url: string | null = null;
  // SAML: signed out here only (SP-initiated single logout is not offered: docs/identity.md).
  if (provider.kind === 'oidc' && sso.idToken) {
    try {
      const config = await oidc.configurationFor(settingsOf(ctx, provider));
      url = oidc.endSessionUrl(config, sso.idToken, `${ctx.config.publicUrl}${SIGNED_OUT_PATH}`);
    } catch {
      url = null; // signed out here; the provider's own session ends when it does
    }
  }
  await recordAuditNow(ctx.database, meta, {
    action: 'sso.logout',
    targetType: 'identity_provider',
    targetId: provider.id,
    summary: { provider: provider.name, kind: provider.kind, providerSignOut: url !== null },
  });
  return url;
}

export async function cleanUp(ctx: AppContext) {
  await store.deleteOldLogins(ctx.database.db);
}
