import { describe, expect, it } from 'vitest';
import { connectionBody } from '../../../../src/features/directory-sync/schemas.ts';
import { directoryRequest, NO_CONNECTION, PRESETS, valuesOf } from './directoryForms.ts';

const filled = {
  ...NO_CONNECTION,
  url: 'ldaps://dc1.hospital.org:636',
  startTls: false,
  bindDn: 'CN=svc-clinidesk,OU=Service Accounts,DC=hospital,DC=org',
  bindPassword: 's3cret',
  baseDn: 'DC=hospital,DC=org',
  mappings: 'ServiceDesk-Agents = agent\nAll-Staff = requester',
};

describe('the hospital directory form', () => {
  it('sends what the server’s schema accepts, with the mapping lines in order', () => {
    const body = directoryRequest(filled);
    expect(connectionBody.safeParse(body).success).toBe(true);
    expect(body.roleMappings).toEqual([
      { group: 'ServiceDesk-Agents', role: 'agent' },
      { group: 'All-Staff', role: 'requester' },
    ]);
    expect(body.attributes.accountControl).toBe('userAccountControl');
  });

  it('keeps the stored bind password when the field is left empty', () => {
    expect(directoryRequest({ ...filled, bindPassword: '' })).not.toHaveProperty('bindPassword');
  });

  it('fills the OpenLDAP preset’s attributes, and shows a saved connection without its password', () => {
    const body = directoryRequest({ ...filled, ...PRESETS.openldap });
    expect(body.attributes).toMatchObject({ entryId: 'entryUUID', employeeId: 'employeeNumber', accountControl: null });
    const view = {
      ...body,
      tlsCa: null,
      hasBindPassword: true,
      lastSyncAt: null,
      updatedAt: new Date(0).toISOString(),
    };
    expect(valuesOf(view)).toMatchObject({ bindPassword: '', mappings: filled.mappings });
  });
});
