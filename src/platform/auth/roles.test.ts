import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { can, isStaff, PERMISSIONS, permissionsOf, ROLES } from './roles.ts';

describe('roles', () => {
  it('gives an administrator user management and audit verification', () => {
    expect(can('admin', 'users:manage')).toBe(true);
    expect(can('admin', 'audit:verify')).toBe(true);
  });

  it('keeps requesters and vendor engineers away from accounts and the audit trail', () => {
    for (const role of ['requester', 'vendor'] as const) {
      expect(can(role, 'users:read')).toBe(false);
      expect(can(role, 'audit:read')).toBe(false);
      expect(isStaff(role)).toBe(false);
    }
  });

  it('lets a desk manager read the audit trail but not change accounts', () => {
    expect(can('manager', 'audit:read')).toBe(true);
    expect(can('manager', 'users:manage')).toBe(false);
  });

  it('denies anything not granted, for every role and permission', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ROLES), fc.constantFrom(...PERMISSIONS), (role, permission) => {
        expect(can(role, permission)).toBe(permissionsOf(role).includes(permission));
      }),
    );
  });

  it('grants every role that signs in to the web its own session', () => {
    for (const role of ROLES.filter((r) => r !== 'integration')) expect(can(role, 'session:self')).toBe(true);
  });

  it('lets the phone-system integration post call events and nothing else', () => {
    expect(permissionsOf('integration')).toEqual(['cti:post']);
    expect(isStaff('integration')).toBe(false);
    for (const role of ROLES.filter((r) => r !== 'integration')) expect(can(role, 'cti:post')).toBe(false);
  });

  it('lets desk staff handle contacts and read the wallboard, but not requesters or vendors', () => {
    for (const role of ['agent', 'analyst', 'engineer', 'manager', 'admin'] as const) {
      expect(can(role, 'contacts:handle') && can(role, 'wallboard:read')).toBe(true);
    }
    for (const role of ['requester', 'vendor'] as const) expect(can(role, 'contacts:handle')).toBe(false);
  });
});
