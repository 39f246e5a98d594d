// Claim mapping rules: pure, with properties over generated claims, groups and directories.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Candidate,
  choosePerson,
  groupsOf,
  identityFromClaims,
  type RoleMapping,
  roleFor,
  SSO_FAILURE_MESSAGES,
  SSO_FAILURES,
  SSO_ROLES,
  safeReturnTo,
  usernameFor,
} from './rules.ts';

const names = { employeeIdClaim: 'employee_id', emailClaim: 'email', groupsClaim: 'groups' };
const group = fc.stringMatching(/^[A-Za-z][\w-]{0,12}$/);
const mapping = fc.record({ group, role: fc.constantFrom(...SSO_ROLES) }) as fc.Arbitrary<RoleMapping>;
const candidate = (over: Partial<Candidate> = {}): Candidate => ({
  id: 'p1',
  employeeId: null,
  active: true,
  userId: null,
  ...over,
});

describe('reading claims', () => {
  it('reads employee ID, email (lower case), groups and name from the configured claims', () => {
    const id = identityFromClaims(
      {
        sub: 'abc',
        employee_id: 12345,
        email: ' Pat.Ward@Hospital.Example ',
        email_verified: true,
        groups: ['Nursing', 'Nursing', ' All-Staff '],
        name: 'Pat Ward',
      },
      names,
    );
    expect(id).toEqual({
      subject: 'abc',
      employeeId: '12345',
      email: 'pat.ward@hospital.example',
      emailVerified: true,
      groups: ['Nursing', 'All-Staff'],
      displayName: 'Pat Ward',
    });
  });

  it('needs a subject, and ignores claims it is not configured to read', () => {
    expect(identityFromClaims({ email: 'a@b.c' }, names)).toBeNull();
    const id = identityFromClaims(
      { sub: 's', employee_id: 'E1', email: 'a@b.c', groups: ['x'] },
      { employeeIdClaim: null, emailClaim: null, groupsClaim: null },
    );
    expect(id).toMatchObject({ employeeId: null, email: null, groups: [] });
  });

  it('reads groups sent as one string, and refuses an "email" without @', () => {
    expect(groupsOf('a, b c')).toEqual(['a', 'b', 'c']);
    expect(groupsOf({ not: 'groups' })).toEqual([]);
    expect(identityFromClaims({ sub: 's', email: 'not-an-address' }, names)?.email).toBeNull();
  });
});

describe('roles from groups', () => {
  it('gives the first mapping line the groups match, case-insensitively', () => {
    const m: RoleMapping[] = [
      { group: 'Desk-Managers', role: 'manager' },
      { group: 'Desk-Agents', role: 'agent' },
    ];
    expect(roleFor(['desk-agents', 'DESK-MANAGERS'], m, null)).toEqual({ role: 'manager', group: 'Desk-Managers' });
    expect(roleFor(['Desk-Agents'], m, null)).toEqual({ role: 'agent', group: 'Desk-Agents' });
    expect(roleFor(['Nursing'], m, 'requester')).toEqual({ role: 'requester', group: null });
    expect(roleFor(['Nursing'], m, null)).toEqual({ refused: 'no-role' });
  });

  it('never gives a role that no matching line or the default names (least privilege)', () => {
    fc.assert(
      fc.property(
        fc.array(group, { maxLength: 6 }),
        fc.array(mapping, { maxLength: 6 }),
        fc.constantFrom('requester' as const, null),
        (groups, mappings, fallback) => {
          const d = roleFor(groups, mappings, fallback);
          const have = new Set(groups.map((g) => g.toLowerCase()));
          const allowed = mappings.filter((m) => have.has(m.group.toLowerCase())).map((m) => m.role);
          if ('refused' in d) expect(allowed.length === 0 && fallback === null).toBe(true);
          else if (allowed.length) expect(d.role).toBe(allowed[0]);
          else expect(d).toEqual({ role: fallback, group: null });
        },
      ),
    );
  });

  it('does not depend on the order of the person’s groups', () => {
    fc.assert(
      fc.property(fc.array(group, { maxLength: 6 }), fc.array(mapping, { maxLength: 6 }), (groups, mappings) => {
        expect(roleFor([...groups].reverse(), mappings, 'requester')).toEqual(roleFor(groups, mappings, 'requester'));
      }),
    );
  });
});

describe('which directory person', () => {
  it('matches by employee ID first, then by email', () => {
    const byId = candidate({ id: 'by-id', employeeId: 'E1' });
    const byMail = candidate({ id: 'by-mail' });
    const id = { employeeId: 'E1', email: 'a@b.c', emailVerified: null };
    expect(choosePerson(id, byId, [byMail], true)).toEqual({ person: byId, matchedBy: 'employee-id' });
    expect(choosePerson({ ...id, employeeId: null }, null, [byMail], true)).toEqual({
      person: byMail,
      matchedBy: 'email',
    });
  });

  it('refuses email matching when turned off, unverified, ambiguous, or contradicted by the employee ID', () => {
    const p = candidate();
    const mail = { employeeId: null, email: 'a@b.c', emailVerified: null };
    expect(choosePerson(mail, null, [p], false)).toEqual({ refused: 'no-person' });
    expect(choosePerson({ ...mail, emailVerified: false }, null, [p], true)).toEqual({ refused: 'no-person' });
    expect(choosePerson(mail, null, [p, candidate({ id: 'p2' })], true)).toEqual({ refused: 'ambiguous' });
    const other = candidate({ employeeId: 'E2' });
    expect(choosePerson({ ...mail, employeeId: 'E1' }, null, [other], true)).toEqual({ refused: 'no-person' });
  });

  it('refuses a person marked as left', () => {
    const gone = candidate({ employeeId: 'E1', active: false });
    expect(choosePerson({ employeeId: 'E1', email: null, emailVerified: null }, gone, [], true)).toEqual({
      refused: 'inactive',
    });
  });

  it('only ever picks a person found by the employee ID or the email — never anyone else (e.g. by name)', () => {
    const cand = fc.record({
      id: fc.uuid(),
      employeeId: fc.option(fc.constantFrom('E1', 'E2', 'E3'), { nil: null }),
      active: fc.boolean(),
      userId: fc.constant(null),
    });
    fc.assert(
      fc.property(
        fc.record({
          employeeId: fc.option(fc.constantFrom('E1', 'E2'), { nil: null }),
          email: fc.option(fc.constant('a@b.c'), { nil: null }),
          emailVerified: fc.option(fc.boolean(), { nil: null }),
        }),
        fc.option(cand, { nil: null }),
        fc.array(cand, { maxLength: 3 }),
        fc.boolean(),
        (identity, byId, byEmail, matchByEmail) => {
          const d = choosePerson(
            identity,
            identity.employeeId ? byId : null,
            identity.email ? byEmail : [],
            matchByEmail,
          );
          if ('refused' in d) return;
          expect(d.person.active).toBe(true);
          if (d.matchedBy === 'employee-id') expect(d.person).toBe(byId);
          else {
            expect(matchByEmail && identity.email && identity.emailVerified !== false).toBeTruthy();
            expect(byEmail).toContain(d.person);
            if (identity.employeeId && d.person.employeeId) expect(d.person.employeeId).toBe(identity.employeeId);
          }
        },
      ),
    );
  });
});

describe('small things', () => {
  it('returns only to paths inside Clinidesk', () => {
    expect(safeReturnTo('/console?q=1')).toBe('/console?q=1');
    for (const bad of ['https://evil.example', '//evil.example', '/\\evil.example', 'console', '', null, '/a\nb']) {
      expect(safeReturnTo(bad)).toBe('/');
    }
    fc.assert(
      fc.property(fc.string(), (s) => {
        const r = safeReturnTo(s);
        expect(r.startsWith('/') && !r.startsWith('//') && !r.startsWith('/\\')).toBe(true);
      }),
    );
  });

  it('names accounts by email, else employee ID, else subject', () => {
    expect(usernameFor({ email: 'a@b.c', employeeId: 'E1', subject: 's' })).toBe('a@b.c');
    expect(usernameFor({ email: null, employeeId: 'E1', subject: 's' })).toBe('emp-E1');
    expect(usernameFor({ email: null, employeeId: null, subject: 's' })).toBe('sso-s');
  });

  it('has a sentence for every refusal', () => {
    for (const code of SSO_FAILURES) expect(SSO_FAILURE_MESSAGES[code].length).toBeGreaterThan(20);
  });
});
