// SAML 2.0 rules, pure: what a verified assertion says about a person (its NameID and the attributes an
// administrator named), and the checks node-saml leaves to its caller — the assertion's issuer, its bearer
// subject confirmation (recipient = our ACS address, InResponseTo = our request), the response's Destination —
// and how long a used assertion ID must be remembered.
import type { ClaimNames, Identity } from './rules.ts';

export const TRANSIENT_NAME_ID = 'urn:oasis:names:tc:SAML:2.0:nameid-format:transient';
const BEARER = 'urn:oasis:names:tc:SAML:2.0:cm:bearer';
/** Clock difference tolerated between the IdP and Clinidesk. */
export const CLOCK_SKEW_MS = 60_000;

const first = (v: unknown): string | null => {
  const x = Array.isArray(v) ? v[0] : v;
  if (typeof x !== 'string') return null;
  const t = x.trim();
  return t ? t : null;
};

/** Group values as SAML sends them: one AttributeValue per group (never split: an AD DN holds commas). */
export function samlGroupsOf(v: unknown): string[] {
  const raw = Array.isArray(v) ? v : [v];
  return [...new Set(raw.map((g) => (typeof g === 'string' ? g.trim() : '')).filter(Boolean))];
}

/** The identity an assertion names: the NameID as subject, the rest from the attributes an administrator named. */
export function identityFromAttributes(
  nameId: string | null | undefined,
  attributes: Record<string, unknown>,
  names: ClaimNames,
): Identity | null {
  const subject = nameId?.trim();
  if (!subject) return null;
  const email = names.emailClaim ? first(attributes[names.emailClaim]) : null;
  return {
    subject,
    employeeId: names.employeeIdClaim ? first(attributes[names.employeeIdClaim]) : null,
    email: email?.includes('@') ? email.toLowerCase() : null,
    emailVerified: null, // SAML has no such statement; the IdP vouches for its attribute
    groups: names.groupsClaim ? samlGroupsOf(attributes[names.groupsClaim]) : [],
    displayName:
      first(attributes.displayName) ??
      first(attributes['http://schemas.microsoft.com/identity/claims/displayname']) ??
      null,
  };
}

/** The parts of a signature-verified assertion the checks below read (node-saml's xml2js form, flattened). */
export type AssertionFacts = {
  id: string | null;
  issuer: string | null;
  nameIdFormat: string | null;
  confirmations: {
    method: string | null;
    recipient: string | null;
    inResponseTo: string | null;
    notOnOrAfter: string | null;
  }[];
  conditionsNotOnOrAfter: string | null;
};

type Xml = Record<string, unknown> & { $?: Record<string, string>; _?: string };
const nodes = (v: unknown): Xml[] => (Array.isArray(v) ? (v as Xml[]) : []);
const textOf = (v: unknown): string | null => {
  const n = nodes(v)[0];
  if (!n) return typeof v === 'string' ? v : null;
  return typeof n === 'string' ? n : (n._ ?? null);
};

/** Reads the facts from node-saml's parsed assertion (`profile.getAssertion()`): `{ Assertion: { $, Issuer, … } }`. */
export function assertionFacts(parsed: unknown): AssertionFacts {
  const a = ((parsed as { Assertion?: Xml } | null)?.Assertion ?? {}) as Xml;
  const subject = nodes(a.Subject)[0] ?? {};
  const nameId = nodes(subject.NameID)[0];
  return {
    id: a.$?.ID ?? null,
    issuer: textOf(a.Issuer),
    nameIdFormat: nameId?.$?.Format ?? null,
    confirmations: nodes(subject.SubjectConfirmation).map((c) => {
      const data = nodes(c.SubjectConfirmationData)[0]?.$ ?? {};
      return {
        method: c.$?.Method ?? null,
        recipient: data.Recipient ?? null,
        inResponseTo: data.InResponseTo ?? null,
        notOnOrAfter: data.NotOnOrAfter ?? null,
      };
    }),
    conditionsNotOnOrAfter: nodes(a.Conditions)[0]?.$?.NotOnOrAfter ?? null,
  };
}

export type AssertionCheck = { ok: true; expiresAt: Date } | { ok: false; detail: string };

/**
 * The checks node-saml does not make (it checks signature, audience, times and the response's InResponseTo):
 * the assertion comes from this IdP, has an ID, names a persistent subject, and one bearer confirmation is for our
 * ACS address and our request (SAML profiles §4.1.4.2). Returns until when the assertion ID must be remembered.
 */
export function checkAssertion(
  facts: AssertionFacts,
  expected: { issuer: string; acsUrl: string; requestId: string },
  nowMs: number,
): AssertionCheck {
  if (facts.issuer !== expected.issuer) return { ok: false, detail: `assertion issuer ${facts.issuer ?? 'missing'}` };
  if (!facts.id) return { ok: false, detail: 'the assertion has no ID' };
  if (facts.nameIdFormat === TRANSIENT_NAME_ID)
    return { ok: false, detail: 'transient NameID: the IdP must send a persistent NameID' };
  const bearer = facts.confirmations.filter((c) => c.method === BEARER);
  if (bearer.length === 0) return { ok: false, detail: 'no bearer subject confirmation' };
  const mine = bearer.find((c) => c.recipient === expected.acsUrl && c.inResponseTo === expected.requestId);
  if (!mine) {
    const c = bearer[0]!;
    return {
      ok: false,
      detail: `subject confirmation for recipient ${c.recipient ?? 'none'}, in response to ${c.inResponseTo ?? 'none'}`,
    };
  }
  const ends = [mine.notOnOrAfter, facts.conditionsNotOnOrAfter]
    .map((t) => (t ? Date.parse(t) : Number.NaN))
    .filter((t) => Number.isFinite(t));
  if (ends.length === 0) return { ok: false, detail: 'the assertion has no NotOnOrAfter' };
  const end = Math.min(...ends);
  if (nowMs - CLOCK_SKEW_MS >= end) return { ok: false, detail: 'the assertion has expired' };
  return { ok: true, expiresAt: new Date(end + CLOCK_SKEW_MS) };
}

/** The Destination a response names on its root element, if any (it must then be our ACS address). */
export function responseDestination(xml: string): string | null {
  const root = /^\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--[\s\S]*?-->\s*)*<(?:[\w.-]+:)?Response\s([^>]*)>/.exec(xml);
  if (!root) return null;
  const m = /(?:^|\s)Destination\s*=\s*("([^"]*)"|'([^']*)')/.exec(root[1]!);
  return m ? (m[2] ?? m[3] ?? null) : null;
}
