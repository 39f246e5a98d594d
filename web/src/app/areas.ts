// The desk's areas and which roles work in each. Navigation only: the server decides access to data.
import { can, type Permission, type Role } from '../../../src/platform/auth/roles.ts';

export type AreaPath = '/console' | '/portal' | '/knowledge' | '/reports' | '/admin' | '/wallboard';

export type Area = {
  path: AreaPath;
  label: string;
  description: string;
  roles: readonly Role[];
};

const SUPPORT_STAFF: readonly Role[] = ['agent', 'analyst', 'engineer', 'manager', 'admin'];

export const AREAS: readonly Area[] = [
  {
    path: '/console',
    label: 'Console',
    description: 'Calls, queues and tickets',
    roles: ['vendor', ...SUPPORT_STAFF],
  },
  { path: '/portal', label: 'Portal', description: 'Get help from IT', roles: ['requester', ...SUPPORT_STAFF] },
  { path: '/knowledge', label: 'Knowledge', description: 'How-to articles', roles: ['requester', ...SUPPORT_STAFF] },
  {
    path: '/reports',
    label: 'Reports',
    description: 'Service levels, trends and provider scorecards',
    roles: ['agent', 'engineer', 'analyst', 'manager', 'admin'],
  },
  {
    path: '/wallboard',
    label: 'Wallboard',
    description: "Calls waiting and today's phone figures",
    roles: SUPPORT_STAFF,
  },
  // Managers see the Surveys tab only (policies, pulses and their links: surveys:manage); the page shows each role
  // the tabs its permissions allow.
  { path: '/admin', label: 'Admin', description: 'Accounts and settings', roles: ['manager', 'admin'] },
];

export function areasFor(role: Role): Area[] {
  return AREAS.filter((area) => area.roles.includes(role));
}

export function canUseArea(role: Role, path: AreaPath): boolean {
  return AREAS.some((area) => area.path === path && area.roles.includes(role));
}

/** Where a person lands after signing in: requesters ask for help, everyone else works the console. */
export function homePathFor(role: Role): AreaPath {
  return role === 'requester' ? '/portal' : '/console';
}

export const ROLE_LABELS: Record<Role, string> = {
  requester: 'Requester',
  agent: 'Service desk agent',
  analyst: 'Analyst',
  engineer: 'Engineer',
  vendor: 'Vendor',
  manager: 'Manager',
  admin: 'Administrator',
  integration: 'Integration (phone system)',
};

/** The Admin page's tabs, each with the permission its changes need on the server (the page shows those allowed). */
export const ADMIN_TABS: readonly { value: string; label: string; permission: Permission }[] = [
  { value: 'places', label: 'Facilities & units', permission: 'directory:manage' },
  { value: 'people', label: 'People', permission: 'directory:manage' },
  { value: 'services', label: 'Services', permission: 'directory:manage' },
  { value: 'coverage', label: 'Providers & coverage', permission: 'directory:manage' },
  { value: 'priority', label: 'Priority matrix', permission: 'settings:manage' },
  { value: 'sla', label: 'SLA policies & calendars', permission: 'settings:manage' },
  { value: 'phones', label: 'Desk phones', permission: 'settings:manage' },
  { value: 'surveys', label: 'Surveys', permission: 'surveys:manage' },
  { value: 'notifications', label: 'Notifications', permission: 'settings:manage' },
  { value: 'import', label: 'CSV import', permission: 'directory:manage' },
  { value: 'integrations', label: 'Integrations', permission: 'users:manage' },
  { value: 'ebonding', label: 'E-bonding', permission: 'users:manage' },
  { value: 'signon', label: 'Hospital sign-in', permission: 'users:manage' },
  { value: 'ldap', label: 'Hospital directory', permission: 'users:manage' },
  { value: 'email', label: 'Email', permission: 'settings:manage' },
  { value: 'webhooks', label: 'Webhooks', permission: 'settings:manage' },
];

export function adminTabsFor(role: Role) {
  return ADMIN_TABS.filter((tab) => can(role, tab.permission));
}
