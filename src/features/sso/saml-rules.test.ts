// SAML rules: pure, with properties over generated attributes and subject confirmations.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AssertionFacts,
  assertionFacts,
  CLOCK_SKEW_MS,
  checkAssertion,
  identityFromAttributes,
  responseDestination,
  samlGroupsOf,
  TRANSIENT_NAME_ID,
} from './saml-rules.ts';

const names = { employeeIdClaim: 'employeeNumber', emailClaim: 'mail', groupsClaim: 'memberOf' };
const BEARER = 'urn:oasis:names:tc:SAML:2.0:cm:bearer';
const expected = { issuer: 'https://idp.example/', acsUrl: 'https://desk.example/acs', requestId: '_r1' };
const NOW = Date.parse('2026-12-01T10:00:00Z');
const facts = (over: Partial<AssertionFacts> = {}): AssertionFacts => ({
  id: '_a1',
  issuer: expected.issuer,
  nameIdFormat: 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent',
  confirmations: [
    { method: BEARER, recipient: expected.acsUrl, inResponseTo: '_r1', notOnOrAfter: '2026-12-01T10:05:00Z' },
  ],
  conditionsNotOnOrAfter: '2026-12-01T10:10:00Z',
  ...over,
});

describe('what an assertion says about a person', () => {
  it('never splits a group value: an AD distinguished name with commas stays one group', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ minLength: 1, maxLength: 40 }), { maxLength: 6 }), (groups) => {
        const got = samlGroupsOf(groups);
        const wanted = [...new Set(groups.map((g) => g.trim()).filter(Boolean))];
        expect(got).toEqual(wanted);
      }),
    );
    expect(samlGroupsOf('CN=ServiceDesk-Agents,OU=Groups,DC=hospital,DC=org')).toEqual([
      'CN=ServiceDesk-Agents,OU=Groups,DC=hospital,DC=org',
    ]);
  });

  it('reads the named attributes (first value), lower-cases the email, and needs a NameID', () => {
    const identity = identityFromAttributes(
      ' kim ',
      { employeeNumber: ['E-1', 'E-2'], mail: 'Kim@Hospital.Example', memberOf: ['A', 'B'], displayName: 'Kim' },
      names,
    );
    expect(identity).toEqual({
      subject: 'kim',
      employeeId: 'E-1',
      email: 'kim@hospital.example',
      emailVerified: null,
      groups: ['A', 'B'],
      displayName: 'Kim',
    });
    expect(identityFromAttributes('  ', { mail: 'a@b.c' }, names)).toBeNull();
    expect(identityFromAttributes('x', { mail: 'not-an-email' }, names)?.email).toBeNull();
  });

  it('reads nothing from an attribute the administrator did not name', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.string()), (attributes) => {
        const none = { employeeIdClaim: null, emailClaim: null, groupsClaim: null };
        const identity = identityFromAttributes('s', attributes, none)!;
        expect([identity.employeeId, identity.email, identity.groups]).toEqual([null, null, []]);
      }),
    );
  });
});

describe('the checks node-saml leaves to Clinidesk', () => {
  it('accepts a bearer confirmation for our ACS and our request, remembering the ID until it expires plus skew', () => {
    expect(checkAssertion(facts(), expected, NOW)).toEqual({
      ok: true,
      expiresAt: new Date(Date.parse('2026-12-01T10:05:00Z') + CLOCK_SKEW_MS),
    });
  });

  it.each([
    ['another issuer', facts({ issuer: 'https://evil.example/' }), /issuer/],
    ['no assertion ID', facts({ id: null }), /no ID/],
    ['a transient NameID', facts({ nameIdFormat: TRANSIENT_NAME_ID }), /transient/],
    ['no bearer confirmation', facts({ confirmations: [] }), /no bearer/],
    [
      'another recipient',
      facts({
        confirmations: [{ method: BEARER, recipient: 'https://evil/acs', inResponseTo: '_r1', notOnOrAfter: null }],
      }),
      /recipient https:\/\/evil\/acs/,
    ],
    [
      'a confirmation without InResponseTo (unsolicited, or for another request)',
      facts({
        confirmations: [{ method: BEARER, recipient: expected.acsUrl, inResponseTo: null, notOnOrAfter: null }],
      }),
      /in response to none/,
    ],
    [
      'no NotOnOrAfter anywhere',
      facts({
        confirmations: [{ method: BEARER, recipient: expected.acsUrl, inResponseTo: '_r1', notOnOrAfter: null }],
        conditionsNotOnOrAfter: null,
      }),
      /no NotOnOrAfter/,
    ],
  ])('refuses %s', (_name, f, detail) => {
    const result = checkAssertion(f, expected, NOW);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.detail).toMatch(detail);
  });

  it('refuses an assertion past its NotOnOrAfter by more than the skew, whatever the times', () => {
    fc.assert(
      fc.property(fc.integer({ min: -3_600_000, max: 3_600_000 }), (offset) => {
        const end = new Date(NOW + offset).toISOString();
        const f = facts({
          confirmations: [{ method: BEARER, recipient: expected.acsUrl, inResponseTo: '_r1', notOnOrAfter: end }],
          conditionsNotOnOrAfter: null,
        });
        expect(checkAssertion(f, expected, NOW).ok).toBe(NOW - CLOCK_SKEW_MS < NOW + offset);
      }),
    );
  });

  it('reads facts from node-saml’s parsed assertion', () => {
    const parsed = {
      Assertion: {
        $: { ID: '_a9' },
        Issuer: [{ _: 'https://idp.example/' }],
        Subject: [
          {
            NameID: [{ _: 'kim', $: { Format: 'persistent' } }],
            SubjectConfirmation: [
              {
                $: { Method: BEARER },
                SubjectConfirmationData: [
                  { $: { Recipient: 'https://desk/acs', InResponseTo: '_r', NotOnOrAfter: '2026-12-01T10:05:00Z' } },
                ],
              },
            ],
          },
        ],
        Conditions: [{ $: { NotOnOrAfter: '2026-12-01T10:10:00Z' } }],
      },
    };
    expect(assertionFacts(parsed)).toEqual({
      id: '_a9',
      issuer: 'https://idp.example/',
      nameIdFormat: 'persistent',
      confirmations: [
        { method: BEARER, recipient: 'https://desk/acs', inResponseTo: '_r', notOnOrAfter: '2026-12-01T10:05:00Z' },
      ],
      conditionsNotOnOrAfter: '2026-12-01T10:10:00Z',
    });
    expect(assertionFacts(null)).toMatchObject({ id: null, issuer: null, confirmations: [] });
  });

  it('reads the response’s Destination from its root element only', () => {
    expect(
      responseDestination(
        '<?xml version="1.0"?>\n<samlp:Response ID="_x" Destination="https://desk/acs" Version="2.0">',
      ),
    ).toBe('https://desk/acs');
    expect(responseDestination('<samlp:Response ID="_x"><a Destination="https://evil/"/></samlp:Response>')).toBeNull();
  });
});
