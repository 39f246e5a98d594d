// Roles and permissions: the one place access is decided. Pure, no I/O.
// Anything not granted here is denied.

// 'integration': an account for a system such as the phone system (CTI), used only through an API token.
export const ROLES = [
  'requester',
  'agent',
  'analyst',
  'engineer',
  'vendor',
  'manager',
  'admin',
  'integration',
] as const;
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
  'contacts:handle', // one's own presence, live contacts offered to one, linking a call to a ticket
  'wallboard:read', // the desk's live figures: contacts waiting, agents by state, today's ASA and abandonment
  'cti:post', // the phone system posts call events (integration accounts only)
  'knowledge:read', // search and read articles (requesters: published portal articles only, enforced in SQL)
  'knowledge:write', // draft and edit articles, submit them for review, use them on tickets
  'knowledge:publish', // review queue: approve, send back, retire; gaps and deflection figures
  'reports:read-own', // reports over the tickets one took oneself (agents, engineers)
  'reports:read-all', // every report, provider scorecards, drill-down and export (managers, analysts, admins)
  'surveys:manage', // survey policies, pulse runs, survey answers and response rates
  'verification:perform', // check a caller's identity before a credential change, and make the change
  'verification:confirm', // a supervisor on record confirms a report's credential request (portal)
  'incidents:read', // major incidents and EHR downtime with their internal timeline, roles and children
  'incidents:manage', // declare an incident, change it, record decisions, link and resolve its children
  'golive:read', // the go-live board, roster, roll-ups and huddle report; check in and out of one's own shift
  'golive:manage', // create and edit go-live events, zones and the roster; publish known issues
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
  'contacts:handle',
  'wallboard:read',
  'knowledge:read',
  'knowledge:write',
  'reports:read-own',
  'verification:perform',
  'verification:confirm',
  'incidents:read',
  'incidents:manage',
  'golive:read',
];

const GRANTS: Record<Role, readonly Permission[]> = {
  requester: [...SELF, 'tickets:create', 'tickets:read', 'tickets:comment', 'knowledge:read', 'verification:confirm'],
  // Vendor engineers work only the tickets escalated to their provider, never see PHI, attachments or the
  // hospital's internal notes and timeline: they read and write the thread shared with them (docs/vendors.md).
  vendor: [...SELF, 'tickets:read', 'tickets:comment', 'tickets:work'],
  agent: DESK,
  engineer: DESK,
  analyst: [...DESK, 'knowledge:publish', 'reports:read-all'],
  manager: [...DESK, 'audit:read', 'knowledge:publish', 'reports:read-all', 'surveys:manage', 'golive:manage'],
  admin: [
    ...DESK,
    'users:manage',
    'audit:read',
    'audit:verify',
    'directory:manage',
    'settings:manage',
    'knowledge:publish',
    'reports:read-all',
    'surveys:manage',
    'golive:manage',
  ],
  // Least privilege: the phone system posts call events and nothing else (not even a session of its own).
  integration: ['cti:post'],
};

export function can(role: Role, permission: Permission): boolean {
  return GRANTS[role].includes(permission);
}

export function permissionsOf(role: Role): Permission[] {
  return [...GRANTS[role]];
}

export function isStaff(role: Role): boolean {
  return role !== 'requester' && role !== 'vendor' && role !== 'integration';
}

/** The hospital's desk staff (every role but requesters, vendors and integrations): the audience of desk events. */
export const STAFF_ROLES: Role[] = ROLES.filter(isStaff);
