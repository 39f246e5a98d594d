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

  it('grants every signed-in role its own session', () => {
    for (const role of ROLES) expect(can(role, 'session:self')).toBe(true);
  });
});
