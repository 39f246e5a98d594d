// What the identity-provider form sends and how its problems are worded: checked first by the server's own schema
// (providerBody), with the form's names for the fields. The role mapping is typed one line per group
// ("ServiceDesk-Agents = agent"), in order. Pure, tested without a browser.
import type { ProviderBody } from '../../../../src/features/sso/schemas.ts';
import type { Wording } from '../../forms/schemaErrors.ts';

export type ProviderValues = {
  name: string;
  issuer: string;
  clientId: string;
  clientSecret: string;
  scopes: string;
  employeeIdClaim: string;
  emailClaim: string;
  groupsClaim: string;
  matchByEmail: boolean;
  defaultRole: 'requester' | 'refuse';
  mappings: string;
};

export const NO_PROVIDER: ProviderValues = {
  name: '',
  issuer: '',
  clientId: '',
  clientSecret: '',
  scopes: 'openid profile email',
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

export function providerRequest(v: ProviderValues): ProviderBody {
  return {
    kind: 'oidc',
    name: v.name,
    issuer: v.issuer.trim(),
    clientId: v.clientId,
    clientSecret: blankToNull(v.clientSecret),
    scopes: v.scopes,
    employeeIdClaim: blankToNull(v.employeeIdClaim),
    emailClaim: blankToNull(v.emailClaim),
    groupsClaim: blankToNull(v.groupsClaim),
    matchByEmail: v.matchByEmail,
    defaultRole: v.defaultRole === 'requester' ? 'requester' : null,
    roleMappings: mappingLines(v.mappings) as ProviderBody['roleMappings'],
    enabled: true,
  };
}

export const PROVIDER_WORDING: Wording = {
  fields: { roleMappings: 'mappings' },
  labels: {
    name: 'Name on the button',
    issuer: 'Issuer',
    clientId: 'Client ID',
    clientSecret: 'Client secret',
    scopes: 'Scopes',
    employeeIdClaim: 'Employee ID claim',
    emailClaim: 'Email claim',
    groupsClaim: 'Groups claim',
    roleMappings: 'Groups → roles',
  },
};
