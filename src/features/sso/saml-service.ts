// Signing in through a SAML 2.0 identity provider (SP-initiated, HTTP-Redirect out, HTTP-POST back).
// start: the IdP is checked to answer, an AuthnRequest is recorded (its ID, this browser's state, ten minutes) and the
// browser sent to the IdP with the request id as RelayState.
// answer (the ACS): the request is claimed once; the response verified (saml.ts: signed assertion, audience, times,
// InResponseTo) and checked further (saml-rules.ts: issuer, recipient, our request, Destination); the assertion ID
// recorded (a replay is refused on every instance); the identity kept on the request.
// finish: the browser that started (its state cookie: the IdP's POST is cross-site, so the cookie only comes back on
// the redirect that follows) signs in as that identity through the same rules as OpenID Connect (sign-in.ts).
import { randomBytes } from 'node:crypto';
import type { RequestMeta } from '../../platform/actor.ts';
import { sha256 } from '../../platform/auth/secrets.ts';
import type { AppContext } from '../../platform/context.ts';
import type { Identity } from './rules.ts';
import { safeReturnTo } from './rules.ts';
import * as saml from './saml.ts';
import { assertionFacts, checkAssertion, identityFromAttributes, responseDestination } from './saml-rules.ts';
import { audited, completeSignIn, type FinishedSignIn, SsoRefused } from './sign-in.ts';
import * as store from './store.ts';

function settingsOf(p: store.ProviderRow): saml.SamlSettings {
  if (p.kind !== 'saml' || !p.ssoUrl) throw new SsoRefused('unavailable', 'not a SAML provider');
  return { entityId: p.issuer, ssoUrl: p.ssoUrl, certificates: p.idpCertificates };
}

/** Begins a sign-in at a SAML IdP (the caller audits refusals): the address to send the browser to and its state. */
export async function startSamlSignIn(
  ctx: AppContext,
  provider: store.ProviderRow,
  returnTo: string | undefined,
): Promise<{ url: string; state: string }> {
  const idp = settingsOf(provider);
  const up = await saml.reachable(idp.ssoUrl);
  if (!up.ok) throw new SsoRefused('unavailable', up.detail);
  const requestId = saml.newRequestId(randomBytes(20).toString('hex'));
  const state = randomBytes(32).toString('base64url');
  const url = await saml.authorizeUrl(ctx.config.publicUrl, idp, requestId);
  await store.insertSamlRequest(ctx.database.db, {
    requestId,
    stateHash: sha256(state),
    providerId: provider.id,
    returnTo: safeReturnTo(returnTo),
    expiresAt: new Date(Date.now() + saml.REQUEST_MINUTES * 60_000),
  });
  return { url, state };
}

/** The IdP's POST to the ACS: verifies the answer to one of our requests and keeps the identity it names. */
export async function receiveSamlResponse(
  ctx: AppContext,
  meta: RequestMeta,
  form: { SAMLResponse?: string; RelayState?: string },
): Promise<void> {
  const requestId = form.RelayState ?? '';
  const request = requestId ? await store.claimSamlAnswer(ctx.database.db, requestId) : undefined;
  const provider = request ? await store.findProvider(ctx.database.db, request.providerId) : undefined;
  let identity: Identity | null = null;
  await audited(
    ctx,
    meta,
    provider,
    () => identity?.email ?? identity?.employeeId ?? identity?.subject,
    async () => {
      if (!form.SAMLResponse) throw new SsoRefused('rejected', 'no SAMLResponse in the form');
      if (!request)
        throw new SsoRefused('expired', 'no request under way for this RelayState (unknown, used or expired)');
      if (!provider?.enabled) throw new SsoRefused('unavailable', 'provider removed or switched off');
      const idp = settingsOf(provider);
      const { acsUrl } = saml.spAddresses(ctx.config.publicUrl);
      let verified: saml.VerifiedResponse;
      try {
        verified = await saml.verifyResponse(
          ctx.config.publicUrl,
          idp,
          { id: request.requestId, createdAt: request.createdAt },
          form.SAMLResponse,
        );
      } catch (err) {
        throw new SsoRefused(saml.failureOf(err), saml.detailOf(err));
      }
      const destination = responseDestination(verified.xml);
      if (destination !== null && destination !== acsUrl) {
        throw new SsoRefused('rejected', `response Destination ${destination.slice(0, 200)}`);
      }
      const facts = assertionFacts(verified.assertion);
      const check = checkAssertion(facts, { issuer: idp.entityId, acsUrl, requestId: request.requestId }, Date.now());
      if (!check.ok) throw new SsoRefused('rejected', check.detail);
      identity = identityFromAttributes(verified.nameId, verified.attributes, provider);
      if (!identity) throw new SsoRefused('rejected', 'the assertion names no subject');
      const who = identity;
      await ctx.database.db.transaction(async (tx) => {
        if (!(await store.useAssertion(tx, provider.id, facts.id!, check.expiresAt))) {
          throw new SsoRefused('expired', `assertion ${facts.id} was used before (replay)`);
        }
        await store.saveSamlIdentity(tx, request.requestId, who);
      });
    },
  );
}

/** The redirect after the ACS, in the browser that started: signs in as the identity its request received. */
export async function finishSamlSignIn(
  ctx: AppContext,
  meta: RequestMeta,
  browserState: string | undefined,
  userAgent: string | undefined,
): Promise<FinishedSignIn> {
  const request = browserState ? await store.claimSamlFinish(ctx.database.db, sha256(browserState)) : undefined;
  const provider = request ? await store.findProvider(ctx.database.db, request.providerId) : undefined;
  const identity = request?.identity ?? null;
  return audited(
    ctx,
    meta,
    provider,
    () => identity?.email ?? identity?.employeeId ?? identity?.subject,
    async () => {
      if (!browserState) throw new SsoRefused('expired', 'no sign-in under way in this browser');
      if (!request || !identity) throw new SsoRefused('expired', 'no verified answer for this browser’s sign-in');
      if (!provider?.enabled) throw new SsoRefused('unavailable', 'provider removed or switched off');
      return completeSignIn(ctx, meta, provider, identity, { returnTo: request.returnTo, userAgent, idToken: null });
    },
  );
}

export function spMetadata(ctx: AppContext): string {
  return saml.metadata(ctx.config.publicUrl);
}
