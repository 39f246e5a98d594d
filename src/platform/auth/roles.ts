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
  'directory:read', // facilities, units, people, services, providers, groups
  'directory:manage',
  'settings:manage', // priority matrix and other run-time settings
  'tickets:create',
  'tickets:read', // always narrowed by ticket visibility (own, unit, provider)
  'tickets:comment',
  'tickets:work', // assign, change status, escalate, resolve, internal notes
  'tickets:read-internal', // internal notes
  'attachments:download', // attachments may contain PHI
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const SELF: Permission[] = ['session:self', 'events:subscribe'];
const DESK: Permission[] = [
  ...SELF,
  'tokens:create-own',
  'users:read',
  'directory:read',
  'tickets:create',
  'tickets:read',
  'tickets:comment',
  'tickets:work',
  'tickets:read-internal',
  'attachments:download',
];

const GRANTS: Record<Role, readonly Permission[]> = {
  requester: [...SELF, 'tickets:create', 'tickets:read', 'tickets:comment'],
  // Vendor engineers work only the tickets escalated to their provider, never see PHI or attachments.
  vendor: [...SELF, 'tickets:read', 'tickets:comment', 'tickets:work', 'tickets:read-internal'],
  agent: DESK,
  analyst: DESK,
  engineer: DESK,
  manager: [...DESK, 'audit:read'],
  admin: [...DESK, 'users:manage', 'audit:read', 'audit:verify', 'directory:manage', 'settings:manage'],
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
