// SAML 2.0 through @node-saml/node-saml: the AuthnRequest (HTTP-Redirect binding, unsigned), the IdP's answer
// (HTTP-POST) verified — the assertion's signature against the administrator's certificates (required; a signed
// response alone is not enough), audience = our entity id, NotBefore/NotOnOrAfter with a minute's skew, the
// response's InResponseTo = our request — and the service provider's metadata. One SAML object per use, built from
// the provider's row: nothing here is kept between requests, nothing touches the database.
import { SAML, SamlStatusError, ValidateInResponseTo } from '@node-saml/node-saml';
import type { SsoFailure } from './rules.ts';
import { CLOCK_SKEW_MS } from './saml-rules.ts';

export const SAML_METADATA_PATH = '/api/v1/auth/sso/saml/metadata';
export const SAML_ACS_PATH = '/api/v1/auth/sso/saml/acs';
export const SAML_FINISH_PATH = '/api/v1/auth/sso/saml/finish';
/** How long an AuthnRequest waits for its answer. */
export const REQUEST_MINUTES = 10;
// An IdP slower than this to answer the reachability check counts as down.
const PROBE_MS = 5_000;

/** The service provider's addresses: its entity id is its metadata address (stable, one for every IdP). */
export function spAddresses(publicUrl: string) {
  return {
    entityId: `${publicUrl}${SAML_METADATA_PATH}`,
    acsUrl: `${publicUrl}${SAML_ACS_PATH}`,
    metadataUrl: `${publicUrl}${SAML_METADATA_PATH}`,
  };
}

export type SamlSettings = { entityId: string; ssoUrl: string; certificates: string[] };

function samlFor(publicUrl: string, idp: SamlSettings | null, request?: { id: string; createdAt: Date }) {
  const sp = spAddresses(publicUrl);
  return new SAML({
    issuer: sp.entityId,
    callbackUrl: sp.acsUrl,
    audience: sp.entityId,
    entryPoint: idp?.ssoUrl,
    // Never empty: an IdP with no certificate verifies nothing (admin validation requires one).
    idpCert: idp?.certificates.length ? idp.certificates : 'no-certificate',
    idpIssuer: idp?.entityId,
    wantAssertionsSigned: true,
    wantAuthnResponseSigned: false,
    acceptedClockSkewMs: CLOCK_SKEW_MS,
    maxAssertionAgeMs: REQUEST_MINUTES * 60_000,
    identifierFormat: null, // the IdP's configured NameID (it must be persistent: saml-rules.ts)
    disableRequestedAuthnContext: true, // the hospital's IdP decides how staff authenticate (MFA, Kerberos…)
    validateInResponseTo: ValidateInResponseTo.always,
    requestIdExpirationPeriodMs: REQUEST_MINUTES * 60_000,
    generateUniqueId: () => request?.id ?? '',
    // The request is kept in the database (saml_requests) and claimed there once; node-saml only asks whether the
    // response's InResponseTo is the request this answer was claimed for.
    cacheProvider: {
      saveAsync: async () => null,
      getAsync: async (key: string) => (request && key === request.id ? request.createdAt.toISOString() : null),
      removeAsync: async () => null,
    },
    signatureAlgorithm: 'sha256',
  });
}

/** A fresh AuthnRequest ID (xs:ID: starts with a letter or underscore). */
export function newRequestId(random: string): string {
  return `_${random}`;
}

/** The IdP address to send the browser to, carrying the AuthnRequest and the request id as RelayState. */
export async function authorizeUrl(publicUrl: string, idp: SamlSettings, requestId: string): Promise<string> {
  const saml = samlFor(publicUrl, idp, { id: requestId, createdAt: new Date() });
  return saml.getAuthorizeUrlAsync(requestId, undefined, {});
}

export type VerifiedResponse = { nameId: string; attributes: Record<string, unknown>; assertion: unknown; xml: string };

/** Verifies the IdP's answer to one request; throws what `failureOf` explains. */
export async function verifyResponse(
  publicUrl: string,
  idp: SamlSettings,
  request: { id: string; createdAt: Date },
  samlResponse: string,
): Promise<VerifiedResponse> {
  const saml = samlFor(publicUrl, idp, request);
  const { profile } = await saml.validatePostResponseAsync({ SAMLResponse: samlResponse });
  if (!profile) throw new Error('the IdP sent no assertion');
  return {
    nameId: profile.nameID,
    attributes: (profile.attributes as Record<string, unknown> | undefined) ?? {},
    assertion: profile.getAssertion?.() ?? null,
    xml: Buffer.from(samlResponse, 'base64').toString('utf8'),
  };
}

/** The service provider's metadata for administrators to give their IdP (assertions must be signed). */
export function metadata(publicUrl: string): string {
  return samlFor(publicUrl, null).generateServiceProviderMetadata(null, null);
}

/** Whether the IdP's sign-in address answers at all: a refused connection, a timeout or a gateway error is "down". */
export async function reachable(ssoUrl: string): Promise<{ ok: true } | { ok: false; detail: string }> {
  try {
    const res = await fetch(ssoUrl, { redirect: 'manual', signal: AbortSignal.timeout(PROBE_MS) });
    await res.body?.cancel();
    if ([502, 503, 504].includes(res.status)) return { ok: false, detail: `the IdP answered ${res.status}` };
    return { ok: true };
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause;
    return { ok: false, detail: `the IdP did not answer: ${cause?.code ?? (err as Error).name}` };
  }
}

/** What a refused answer means for the person signing in. */
export function failureOf(err: unknown): SsoFailure {
  if (err instanceof SamlStatusError) {
    return /AuthnFailed|RequestDenied|NoPassive|NoAuthnContext/.test(err.xmlStatus) ? 'cancelled' : 'rejected';
  }
  return 'rejected';
}

/** Technical detail for the audit trail: the library's message, without XML. */
export function detailOf(err: unknown): string {
  return String((err as Error)?.message ?? err)
    .replace(/<[^>]{0,200}>/g, '')
    .slice(0, 300);
}
