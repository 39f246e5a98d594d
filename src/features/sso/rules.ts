// Single sign-on rules, pure: what the identity provider's claims say about a person, which directory person they
// are (by employee ID or email, never by display name), which role the provider's groups give, and what a nurse is
// told when a sign-in is refused.
import type { Role } from '../../platform/auth/roles.ts';

/** Roles an identity provider's groups may give: every person's role (integration accounts never sign in). */
export const SSO_ROLES = ['requester', 'agent', 'analyst', 'engineer', 'vendor', 'manager', 'admin'] as const;
export type SsoRole = (typeof SSO_ROLES)[number] & Role;

/** How Clinidesk talks to an identity provider. */
export const PROVIDER_KINDS = ['oidc', 'saml'] as const;
export type ProviderKind = (typeof PROVIDER_KINDS)[number];

/** One line of an administrator's mapping: members of `group` get `role`. The first line that matches wins. */
export type RoleMapping = { group: string; role: SsoRole };

export type ClaimNames = { employeeIdClaim: string | null; emailClaim: string | null; groupsClaim: string | null };

/** What Clinidesk reads from a validated ID token's claims. */
export type Identity = {
  subject: string;
  employeeId: string | null;
  email: string | null;
  /** The provider's `email_verified`: null when it does not say (Microsoft Entra ID sends none). */
  emailVerified: boolean | null;
  groups: string[];
  displayName: string | null;
};

const text = (v: unknown): string | null => {
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v !== 'string') return null;
  const t = v.trim();
  return t ? t : null;
};

/** Groups as providers send them: an array of names or ids, or one string separated by commas or spaces. */
export function groupsOf(v: unknown): string[] {
  const raw = Array.isArray(v) ? v.map(text) : typeof v === 'string' ? v.split(/[,\s]+/) : [];
  return [...new Set(raw.map((g) => g?.trim() ?? '').filter(Boolean))];
}

/** Reads the claims the provider is configured to send; the subject (`sub`) is always required. */
export function identityFromClaims(claims: Record<string, unknown>, names: ClaimNames): Identity | null {
  const subject = text(claims.sub);
  if (!subject) return null;
  const email = names.emailClaim ? text(claims[names.emailClaim]) : null;
  const verified = claims.email_verified;
  return {
    subject,
    employeeId: names.employeeIdClaim ? text(claims[names.employeeIdClaim]) : null,
    email: email?.includes('@') ? email.toLowerCase() : null,
    emailVerified:
      typeof verified === 'boolean' ? verified : verified === 'true' ? true : verified === 'false' ? false : null,
    groups: names.groupsClaim ? groupsOf(claims[names.groupsClaim]) : [],
    displayName:
      text(claims.name) ?? ([text(claims.given_name), text(claims.family_name)].filter(Boolean).join(' ') || null),
  };
}

export type RoleDecision = { role: SsoRole; group: string | null } | { refused: 'no-role' };

/**
 * The role an identity's groups give: the first mapping line (in the administrator's order) whose group the person
 * is in; none → the provider's default role (requester) or, without one, refused. Groups compare case-insensitively.
 */
export function roleFor(groups: readonly string[], mappings: readonly RoleMapping[], defaultRole: 'requester' | null) {
  const have = new Set(groups.map((g) => g.toLowerCase()));
  const hit = mappings.find((m) => have.has(m.group.trim().toLowerCase()));
  if (hit) return { role: hit.role, group: hit.group } satisfies RoleDecision;
  if (defaultRole) return { role: defaultRole, group: null } satisfies RoleDecision;
  return { refused: 'no-role' } satisfies RoleDecision;
}

/** A directory person as far as matching needs: display names are deliberately absent. */
export type Candidate = { id: string; employeeId: string | null; active: boolean; userId: string | null };

export type PersonDecision =
  | { person: Candidate; matchedBy: 'employee-id' | 'email' }
  | { refused: 'no-person' | 'ambiguous' | 'inactive' };

/**
 * Which directory person an identity is. By employee ID first; by email only when the provider allows it, the address
 * is not declared unverified, exactly one person has it, and that person's employee ID (if any) does not contradict
 * the claim's. Never by name.
 */
export function choosePerson(
  identity: Pick<Identity, 'employeeId' | 'email' | 'emailVerified'>,
  byEmployeeId: Candidate | null,
  byEmail: readonly Candidate[],
  matchByEmail: boolean,
): PersonDecision {
  if (identity.employeeId && byEmployeeId) {
    return byEmployeeId.active ? { person: byEmployeeId, matchedBy: 'employee-id' } : { refused: 'inactive' };
  }
  if (!matchByEmail || !identity.email || identity.emailVerified === false) return { refused: 'no-person' };
  const fits = byEmail.filter((p) => !identity.employeeId || !p.employeeId || p.employeeId === identity.employeeId);
  if (fits.length > 1) return { refused: 'ambiguous' };
  const person = fits[0];
  if (!person) return { refused: 'no-person' };
  return person.active ? { person, matchedBy: 'email' } : { refused: 'inactive' };
}

/** A path inside Clinidesk to return to after signing in; anything else (other sites, `//host`) becomes "/". */
export function safeReturnTo(path: string | null | undefined): string {
  if (!path?.startsWith('/') || path.startsWith('//') || path.startsWith('/\\')) return '/';
  if ([...path].some((c) => c.charCodeAt(0) < 32) || path.length > 500) return '/';
  return path;
}

/** The username of an account created at first sign-in: the email, else the employee ID, else the subject. */
export function usernameFor(identity: Pick<Identity, 'email' | 'employeeId' | 'subject'>): string {
  return (identity.email ?? (identity.employeeId ? `emp-${identity.employeeId}` : `sso-${identity.subject}`)).slice(
    0,
    100,
  );
}

/** Why a single sign-on did not complete; the sign-in page shows the matching sentence (`?sso=<code>`). */
export const SSO_FAILURES = [
  'unavailable',
  'cancelled',
  'expired',
  'rejected',
  'no-person',
  'ambiguous',
  'inactive',
  'no-role',
  'disabled',
  'local-account',
] as const;
export type SsoFailure = (typeof SSO_FAILURES)[number];

export const SSO_FAILURE_MESSAGES: Record<SsoFailure, string> = {
  unavailable:
    'The hospital sign-in service is not answering right now. Sign in with your Clinidesk username and password ' +
    'if you have one, or call the service desk.',
  cancelled: 'Sign-in was cancelled at the hospital sign-in page. Try again when you are ready.',
  expired: 'That sign-in link has already been used or took too long. Start again with the sign-in button.',
  rejected:
    'The hospital sign-in service sent an answer Clinidesk cannot trust, so you were not signed in. Try again; if it ' +
    'happens again, call the service desk.',
  'no-person':
    'You signed in at the hospital, but no one in the Clinidesk directory has your employee ID or email address. ' +
    'Call the service desk to be added.',
  ambiguous:
    'Your email address belongs to more than one person in the Clinidesk directory, so you were not signed in. ' +
    'Call the service desk to sort out the entry.',
  inactive: 'Your entry in the Clinidesk directory is marked as left. Call the service desk if you still work here.',
  'no-role':
    'You signed in at the hospital, but none of your groups gives access to Clinidesk. Ask your manager to request ' +
    'access.',
  disabled: 'Your Clinidesk account is switched off. Call the service desk.',
  'local-account':
    'Your directory entry is linked to a local administrator account, which signs in only with its own password.',
};
