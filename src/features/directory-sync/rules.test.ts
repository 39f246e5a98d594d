// The directory rules without a directory: filter escaping (checked against ldapts's own RFC 4515 parser), which
// addresses may carry passwords, what an entry says, what the sync does to a person and their account.
import fc from 'fast-check';
import { EqualityFilter, FilterParser } from 'ldapts';
import { describe, expect, it } from 'vitest';
import {
  ACTIVE_DIRECTORY_ATTRIBUTES,
  type AccountState,
  accountStep,
  type DirectoryEntry,
  entryFromAttributes,
  escapeFilterValue,
  filterProblem,
  groupSearchFilter,
  OPENLDAP_ATTRIBUTES,
  personChanges,
  urlAllowed,
  usernameProblem,
  userSearchFilter,
} from './rules.ts';

describe('escaping a username into a search filter', () => {
  it('leaves any typed text a single equality value, whatever filter syntax it holds', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.constantFrom('*)(uid=*))(|(uid=*', '*', 'admin)(|(objectClass=*', '\\2a', 'a\\)b', 'x\u0000y'),
        ),
        (typed) => {
          const parsed = FilterParser.parseString(`(uid=${escapeFilterValue(typed)})`);
          expect(parsed).toBeInstanceOf(EqualityFilter);
          expect((parsed as EqualityFilter).attribute).toBe('uid');
          expect(String((parsed as EqualityFilter).value)).toBe(typed);
        },
      ),
    );
  });

  it('writes the classic injection as a harmless value inside the configured filter', () => {
    expect(userSearchFilter('(objectClass=inetOrgPerson)', 'uid', '*)(uid=*))(|(uid=*')).toBe(
      '(&(objectClass=inetOrgPerson)(uid=\\2a\\29\\28uid=\\2a\\29\\29\\28|\\28uid=\\2a))',
    );
  });

  it('escapes the DN put into the group filter', () => {
    expect(groupSearchFilter('(&(objectClass=groupOfNames)(member={dn}))', 'cn=A (B)*,dc=x')).toBe(
      '(&(objectClass=groupOfNames)(member=cn=A \\28B\\29\\2a,dc=x))',
    );
  });

  it('refuses names with control characters or absurd length before the directory sees them', () => {
    expect(usernameProblem('rdelgado')).toBeNull();
    expect(usernameProblem('r\ndelgado')).toBe('control characters');
    expect(usernameProblem('a'.repeat(257))).toBe('too long');
    expect(usernameProblem('  ')).toBe('empty');
  });

  it('finds unbalanced administrator filters', () => {
    expect(filterProblem('(&(objectClass=user)(objectCategory=person))')).toBeNull();
    expect(filterProblem('(&(objectClass=user)')).toMatch(/without its "\)"/);
    expect(filterProblem('objectClass=user')).toMatch(/parentheses/);
    expect(filterProblem('(cn=a\\29b)')).toBeNull();
  });
});

describe('which addresses may carry passwords', () => {
  it('allows ldaps:// and StartTLS anywhere, plain ldap:// only to this machine', () => {
    expect(urlAllowed('ldaps://dc1.hospital.org:636', false).ok).toBe(true);
    expect(urlAllowed('ldap://dc1.hospital.org:389', true).ok).toBe(true);
    expect(urlAllowed('ldap://dc1.hospital.org:389', false).ok).toBe(false);
    expect(urlAllowed('ldap://127.0.0.1:389', false).ok).toBe(true);
    expect(urlAllowed('ldap://localhost', false).ok).toBe(true);
    expect(urlAllowed('http://dc1.hospital.org', true).ok).toBe(false);
    expect(urlAllowed('ldaps://dc1.hospital.org/dc=x', false).ok).toBe(false);
  });
});

describe('what an entry says about a person', () => {
  it('reads OpenLDAP attributes, case-insensitively, and lower-cases the email', () => {
    const entry = entryFromAttributes(
      'uid=a,dc=x',
      { entryuuid: 'u-1', employeeNumber: 'E1', MAIL: 'A.B@Hospital.Example', displayName: 'A B' },
      OPENLDAP_ATTRIBUTES,
    );
    expect(entry).toMatchObject({
      entryId: 'u-1',
      employeeId: 'E1',
      email: 'a.b@hospital.example',
      displayName: 'A B',
    });
  });

  it('reads a binary objectGUID as hex and the AD disabled bit', () => {
    const guid = new Uint8Array([0x01, 0xff, 0x10, 0x00]);
    const on = entryFromAttributes(
      'cn=a',
      { objectGUID: guid, mail: 'a@h.example', userAccountControl: '512' },
      ACTIVE_DIRECTORY_ATTRIBUTES,
    );
    const off = entryFromAttributes(
      'cn=a',
      { objectGUID: guid, mail: 'a@h.example', userAccountControl: '514' },
      ACTIVE_DIRECTORY_ATTRIBUTES,
    );
    expect(on).toMatchObject({ entryId: '01ff1000', disabledInDirectory: false });
    expect(off).toMatchObject({ disabledInDirectory: true });
  });

  it('refuses an entry with neither employee ID nor email: it could never be matched', () => {
    expect(entryFromAttributes('cn=a', { entryUUID: 'u' }, OPENLDAP_ATTRIBUTES)).toHaveProperty('problem');
  });
});

const entry = (over: Partial<DirectoryEntry> = {}): DirectoryEntry => ({
  entryId: 'u',
  dn: 'uid=a',
  employeeId: 'E1',
  email: 'a@h.example',
  displayName: 'A',
  phone: null,
  managerDn: null,
  department: null,
  disabledInDirectory: false,
  ...over,
});

describe('what the sync changes on a person', () => {
  const person = {
    employeeId: 'E1',
    email: 'a@h.example',
    displayName: 'A',
    phones: ['4521'],
    unitId: null,
    managerId: null,
  };

  it('changes nothing when the directory agrees', () => {
    expect(personChanges(person, entry(), { unitId: null, managerId: null })).toEqual({});
  });

  it('never blanks a field the directory lacks, and adds its phone to the person’s', () => {
    const set = personChanges(person, entry({ email: null, phone: '(555) 201-1000' }), {
      unitId: null,
      managerId: null,
    });
    expect(set).toEqual({ phones: ['15552011000', '4521'] });
  });
});

const roles = fc.constantFrom('requester', 'agent', 'manager', 'admin', null);
const account: fc.Arbitrary<AccountState | null> = fc.option(
  fc.record({
    role: fc.constantFrom('requester', 'agent', 'manager', 'admin'),
    disabled: fc.boolean(),
    hasPassword: fc.boolean(),
    disabledBySync: fc.boolean(),
  }),
);

describe('what the sync does to an account', () => {
  it('never touches an account with a local password (the break-glass administrator)', () => {
    fc.assert(
      fc.property(account, roles, fc.boolean(), fc.boolean(), (a, role, present, off) => {
        if (a?.hasPassword) expect(accountStep(a, role, present, off)).toEqual({ step: 'none' });
      }),
    );
  });

  it('gives access only with a mapped role, and switches off whoever left or lost every mapped group', () => {
    fc.assert(
      fc.property(account, roles, fc.boolean(), fc.boolean(), (a, role, present, off) => {
        const step = accountStep(a, role, present, off);
        if (step.step === 'create' || step.step === 'enable') expect(step.role).toBe(role);
        if (step.step === 'role') expect(step.to).toBe(role);
        const shouldLoseAccess = !present || off || role === null;
        if (shouldLoseAccess) expect(['none', 'disable']).toContain(step.step);
        if (shouldLoseAccess && a && !a.hasPassword && !a.disabled) expect(step.step).toBe('disable');
      }),
    );
  });

  it('switches back on only what the sync itself switched off', () => {
    const off = { role: 'agent', disabled: true, hasPassword: false };
    expect(accountStep({ ...off, disabledBySync: true }, 'agent', true, false)).toEqual({
      step: 'enable',
      role: 'agent',
    });
    expect(accountStep({ ...off, disabledBySync: false }, 'agent', true, false)).toEqual({ step: 'none' });
  });
});
