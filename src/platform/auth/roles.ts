// Roles and permissions: the one place access is decided. Pure, no I/O.
// Anything not granted here is denied.

export const ROLES = ['requester', 'agent', 'analyst', 'engineer', 'vendor', 'manager', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  'session:self', // see and end one's own session, list own tokens
  'events:subscribe', // live updates over SSE
  'tokens:create-own', // API tokens for oneself
  'users:read',
  'users:manage',
  'audit:read',
  'audit:verify',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const STAFF: Permission[] = ['session:self', 'events:subscribe', 'tokens:create-own'];

const GRANTS: Record<Role, readonly Permission[]> = {
  requester: ['session:self', 'events:subscribe'],
  vendor: ['session:self', 'events:subscribe'],
  agent: [...STAFF, 'users:read'],
  analyst: [...STAFF, 'users:read'],
  engineer: [...STAFF, 'users:read'],
  manager: [...STAFF, 'users:read', 'audit:read'],
  admin: [...STAFF, 'users:read', 'users:manage', 'audit:read', 'audit:verify'],
};

export function can(role: Role, permission: Permission): boolean {
  return GRANTS[role].includes(permission);
}

export function permissionsOf(role: Role): Permission[] {
  return [...GRANTS[role]];
}

export function isStaff(role: Role): boolean {
  return role !== 'requester' && role !== 'vendor';
}
