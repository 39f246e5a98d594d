// What the hospital directory form sends and how its problems are worded: checked first by the server's own schema
// (connectionBody), with the form's names for the fields. The role mapping is typed one line per group
// ("ServiceDesk-Agents = agent"), in order. The bind password is sent only when typed (empty keeps the stored one).
// Pure, tested without a browser.
import {
  ACTIVE_DIRECTORY_ATTRIBUTES,
  type AttributeMap,
  OPENLDAP_ATTRIBUTES,
} from '../../../../src/features/directory-sync/rules.ts';
import type { ConnectionBody, ConnectionView } from '../../../../src/features/directory-sync/schemas.ts';
import type { Wording } from '../../forms/schemaErrors.ts';
import { mappingLines, mappingText } from './identityProviderForms.ts';

type AttributeValues = { [K in keyof AttributeMap]: string };

export type DirectoryValues = {
  url: string;
  startTls: boolean;
  tlsCa: string;
  bindDn: string;
  bindPassword: string;
  baseDn: string;
  userFilter: string;
  loginAttribute: string;
  groupFilter: string;
  attributes: AttributeValues;
  mappings: string;
  syncEveryMinutes: number;
  enabled: boolean;
};

const attributeValues = (m: AttributeMap): AttributeValues => ({
  entryId: m.entryId,
  employeeId: m.employeeId ?? '',
  email: m.email ?? '',
  displayName: m.displayName,
  phone: m.phone ?? '',
  manager: m.manager ?? '',
  department: m.department ?? '',
  accountControl: m.accountControl ?? '',
});

/** Starting points for the two common directories: the fields that differ between them. */
export const PRESETS = {
  openldap: {
    userFilter: '(objectClass=inetOrgPerson)',
    loginAttribute: 'uid',
    groupFilter: '(&(objectClass=groupOfNames)(member={dn}))',
    attributes: attributeValues(OPENLDAP_ATTRIBUTES),
  },
  'active-directory': {
    userFilter: '(&(objectClass=user)(objectCategory=person))',
    loginAttribute: 'sAMAccountName',
    groupFilter: '(&(objectClass=group)(member={dn}))',
    attributes: attributeValues(ACTIVE_DIRECTORY_ATTRIBUTES),
  },
} as const;

export const NO_CONNECTION: DirectoryValues = {
  url: '',
  startTls: true,
  tlsCa: '',
  bindDn: '',
  bindPassword: '',
  baseDn: '',
  ...PRESETS['active-directory'],
  mappings: '',
  syncEveryMinutes: 60,
  enabled: false,
};

export function valuesOf(view: ConnectionView | null): DirectoryValues {
  if (!view) return NO_CONNECTION;
  return {
    url: view.url,
    startTls: view.startTls,
    tlsCa: view.tlsCa ?? '',
    bindDn: view.bindDn,
    bindPassword: '',
    baseDn: view.baseDn,
    userFilter: view.userFilter,
    loginAttribute: view.loginAttribute,
    groupFilter: view.groupFilter,
    attributes: attributeValues(view.attributes),
    mappings: mappingText(view.roleMappings),
    syncEveryMinutes: view.syncEveryMinutes,
    enabled: view.enabled,
  };
}

const blankToNull = (s: string) => (s.trim() ? s.trim() : null);

export function directoryRequest(v: DirectoryValues): ConnectionBody {
  const a = v.attributes;
  return {
    url: v.url.trim(),
    startTls: v.startTls,
    tlsCa: blankToNull(v.tlsCa),
    bindDn: v.bindDn,
    ...(v.bindPassword ? { bindPassword: v.bindPassword } : {}),
    baseDn: v.baseDn,
    userFilter: v.userFilter,
    loginAttribute: v.loginAttribute.trim(),
    groupFilter: v.groupFilter,
    attributes: {
      entryId: a.entryId.trim(),
      employeeId: blankToNull(a.employeeId),
      email: blankToNull(a.email),
      displayName: a.displayName.trim(),
      phone: blankToNull(a.phone),
      manager: blankToNull(a.manager),
      department: blankToNull(a.department),
      accountControl: blankToNull(a.accountControl),
    },
    roleMappings: mappingLines(v.mappings) as ConnectionBody['roleMappings'],
    syncEveryMinutes: Number(v.syncEveryMinutes),
    enabled: v.enabled,
  };
}

export const DIRECTORY_WORDING: Wording = {
  fields: { roleMappings: 'mappings' },
  labels: {
    url: 'Directory address',
    tlsCa: 'Trusted certificate',
    bindDn: 'Service account (bind DN)',
    bindPassword: 'Service account password',
    baseDn: 'Base DN',
    userFilter: 'User filter',
    loginAttribute: 'Login attribute',
    groupFilter: 'Group filter',
    roleMappings: 'Groups → roles',
    syncEveryMinutes: 'Sync every (minutes)',
  },
};
