// What the identity-provider form sends and how its problems are worded: checked first by the server's own schema
// (providerBody), with the form's names for the fields. One form for both kinds: OpenID Connect (issuer, client) or
// SAML 2.0 (entity id, SSO address, one or two signing certificates). The role mapping is typed one line per group
// ("ServiceDesk-Agents = agent"), in order. Pure, tested without a browser.
import type { ProviderBody } from '../../../../src/features/sso/schemas.ts';
import type { Wording } from '../../forms/schemaErrors.ts';

export type ProviderValues = {
  kind: 'oidc' | 'saml';
  name: string;
  issuer: string;
  clientId: string;
  clientSecret: string;
  scopes: string;
  ssoUrl: string;
  certificate: string;
  nextCertificate: string;
  employeeIdClaim: string;
  emailClaim: string;
  groupsClaim: string;
  matchByEmail: boolean;
  defaultRole: 'requester' | 'refuse';
  mappings: string;
};

export const NO_PROVIDER: ProviderValues = {
  kind: 'oidc',
  name: '',
  issuer: '',
  clientId: '',
  clientSecret: '',
  scopes: 'openid profile email',
  ssoUrl: '',
  certificate: '',
  nextCertificate: '',
  employeeIdClaim: 'employee_id',
  emailClaim: 'email',
  groupsClaim: 'groups',
  matchByEmail: true,
  defaultRole: 'requester',
  mappings: '',
};

const blankToNull = (s: string) => (s.trim() ? s.trim() : null);

/** "group = role" lines → mapping lines; a line without "=" keeps its text as the group (the schema then refuses it). */
export function mappingLines(text: string): { group: string; role: string }[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const at = line.lastIndexOf('=');
      return at < 0 ? { group: line, role: '' } : { group: line.slice(0, at).trim(), role: line.slice(at + 1).trim() };
    });
}

export function mappingText(lines: readonly { group: string; role: string }[]): string {
  return lines.map((l) => `${l.group} = ${l.role}`).join('\n');
}

/** Attribute names ADFS and Entra ID send by default (their claim type URIs); the test IdP and others differ. */
export const SAML_ATTRIBUTE_DEFAULTS = {
  employeeIdClaim: 'http://schemas.microsoft.com/identity/claims/employeeid',
  emailClaim: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress',
  groupsClaim: 'http://schemas.microsoft.com/ws/2008/06/identity/claims/groups',
} as const;

export function providerRequest(v: ProviderValues): ProviderBody {
  const common = {
    name: v.name,
    employeeIdClaim: blankToNull(v.employeeIdClaim),
    emailClaim: blankToNull(v.emailClaim),
    groupsClaim: blankToNull(v.groupsClaim),
    matchByEmail: v.matchByEmail,
    defaultRole: v.defaultRole === 'requester' ? ('requester' as const) : null,
    roleMappings: mappingLines(v.mappings) as ProviderBody['roleMappings'],
    enabled: true,
  };
  if (v.kind === 'saml') {
    return {
      kind: 'saml',
      ...common,
      issuer: v.issuer.trim(),
      ssoUrl: v.ssoUrl.trim(),
      certificates: [v.certificate, v.nextCertificate].map((c) => c.trim()).filter(Boolean),
    };
  }
  return {
    kind: 'oidc',
    ...common,
    issuer: v.issuer.trim(),
    clientId: v.clientId,
    clientSecret: blankToNull(v.clientSecret),
    scopes: v.scopes,
  };
}

export const PROVIDER_WORDING: Wording = {
  fields: {
    roleMappings: 'mappings',
    certificates: 'certificate',
    'certificates.0': 'certificate',
    'certificates.1': 'nextCertificate',
  },
  labels: {
    name: 'Name on the button',
    issuer: 'Issuer',
    clientId: 'Client ID',
    clientSecret: 'Client secret',
    scopes: 'Scopes',
    ssoUrl: 'Sign-in (SSO) address',
    certificates: 'Signing certificate',
    'certificates.0': 'Signing certificate',
    'certificates.1': 'Next signing certificate',
    employeeIdClaim: 'Employee ID claim',
    emailClaim: 'Email claim',
    groupsClaim: 'Groups claim',
    roleMappings: 'Groups → roles',
  },
};
