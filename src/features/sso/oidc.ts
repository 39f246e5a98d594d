// OpenID Connect through openid-client: discovery, the authorization request (code + PKCE S256, state, nonce), the
// code exchange with full ID token validation (issuer, audience, expiry, nonce, and the signature against the
// provider's published keys: enableNonRepudiationChecks), and RP-initiated sign-out. Nothing here touches the
// database; a provider's discovered configuration is cached per process for ten minutes (a cache, not state).
import * as client from 'openid-client';
import type { SsoFailure } from './rules.ts';

export type ProviderSettings = {
  id: string;
  issuer: string;
  clientId: string;
  clientSecret: string | null;
  version: string; // changes whenever the administrator changes the provider
};

const CACHE_MS = 10 * 60_000;
// A provider slower than this counts as down (the nurse is told so and can use the local sign-in).
const TIMEOUT_SECONDS = 10;
const cache = new Map<string, { at: number; config: Promise<client.Configuration> }>();

/** Plain http is accepted only for a provider on this machine (tests, a local Keycloak); anything else needs https. */
export function issuerAllowed(issuer: string): { ok: true; insecure: boolean } | { ok: false } {
  let url: URL;
  try {
    url = new URL(issuer);
  } catch {
    return { ok: false };
  }
  if (url.protocol === 'https:') return { ok: true, insecure: false };
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  return url.protocol === 'http:' && loopback ? { ok: true, insecure: true } : { ok: false };
}

export function configurationFor(p: ProviderSettings): Promise<client.Configuration> {
  const key = `${p.id}:${p.version}`;
  const hit = cache.get(key);
  if (hit && Date.now() - hit.at < CACHE_MS) return hit.config;
  const allowed = issuerAllowed(p.issuer);
  if (!allowed.ok) return Promise.reject(new Error(`issuer ${p.issuer} must be an https address`));
  const config = client
    .discovery(
      new URL(p.issuer),
      p.clientId,
      { id_token_signed_response_alg: 'RS256' },
      p.clientSecret ? client.ClientSecretPost(p.clientSecret) : client.None(),
      {
        timeout: TIMEOUT_SECONDS,
        execute: [client.enableNonRepudiationChecks, ...(allowed.insecure ? [client.allowInsecureRequests] : [])],
      },
    )
    .then((c) => {
      c.timeout = TIMEOUT_SECONDS;
      return c;
    });
  cache.set(key, { at: Date.now(), config });
  // A provider that was down must be asked again next time, not remembered as down.
  config.catch(() => cache.delete(key));
  return config;
}

export type AuthorizationRequest = { url: URL; state: string; nonce: string; codeVerifier: string };

export async function authorizationRequest(
  config: client.Configuration,
  redirectUri: string,
  scopes: string,
): Promise<AuthorizationRequest> {
  const codeVerifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: scopes,
    response_type: 'code',
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  });
  return { url, state, nonce, codeVerifier };
}

/** Exchanges the code and validates the ID token; returns its claims and the token itself (for sign-out). */
export async function exchangeCode(
  config: client.Configuration,
  currentUrl: URL,
  checks: { state: string; nonce: string; codeVerifier: string },
): Promise<{ claims: Record<string, unknown>; idToken: string }> {
  const tokens = await client.authorizationCodeGrant(config, currentUrl, {
    pkceCodeVerifier: checks.codeVerifier,
    expectedState: checks.state,
    expectedNonce: checks.nonce,
    idTokenExpected: true,
  });
  const claims = tokens.claims();
  if (!claims || !tokens.id_token) throw new Error('the provider sent no ID token');
  return { claims: { ...claims }, idToken: tokens.id_token };
}

/** The provider's sign-out address for this session, or null when it offers none. */
export function endSessionUrl(config: client.Configuration, idToken: string, postLogoutRedirectUri: string) {
  if (!config.serverMetadata().end_session_endpoint) return null;
  return client.buildEndSessionUrl(config, {
    id_token_hint: idToken,
    post_logout_redirect_uri: postLogoutRedirectUri,
  }).href;
}

/** What a failed discovery or exchange means for the person signing in. */
export function failureOf(err: unknown): SsoFailure {
  if (err instanceof client.AuthorizationResponseError) {
    return err.error === 'access_denied' || err.error === 'login_required' ? 'cancelled' : 'rejected';
  }
  if (err instanceof client.ResponseBodyError) return err.status >= 500 ? 'unavailable' : 'rejected';
  if (unreachable(err)) return 'unavailable';
  return 'rejected';
}

function unreachable(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const x = e as { name?: string; code?: string; message?: string };
    if (x.name === 'TimeoutError' || x.name === 'AbortError') return true;
    if (
      x.code &&
      ['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH'].includes(x.code)
    )
      return true;
    if (x.name === 'TypeError' && x.message === 'fetch failed') return true;
    if (x instanceof client.ResponseBodyError && x.status >= 500) return true;
    if (x.code === 'OAUTH_RESPONSE_IS_NOT_CONFORM' && /status code/i.test(x.message ?? '')) return true;
  }
  return false;
}

/** Technical detail of a failure for the audit trail: the error's code and message, never a token. */
export function detailOf(err: unknown): string {
  const e = err as { code?: string; message?: string; error?: string; error_description?: string };
  const parts = [e.code, e.error, e.error_description, e.message].filter(Boolean);
  return parts
    .join(': ')
    .replace(/eyJ[\w-]+\.[\w-]+\.[\w-]*/g, '[token]')
    .slice(0, 300);
}
