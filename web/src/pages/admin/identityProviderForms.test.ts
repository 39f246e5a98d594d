import { describe, expect, it } from 'vitest';
import { providerBody } from '../../../../src/features/sso/schemas.ts';
import { mappingLines, mappingText, NO_PROVIDER, providerRequest } from './identityProviderForms.ts';

describe('the identity provider form', () => {
  it('reads "group = role" lines in order, and writes them back the same way', () => {
    const text = 'ServiceDesk-Managers = manager\n\n  Desk = Agents = agent \n';
    const lines = mappingLines(text);
    expect(lines).toEqual([
      { group: 'ServiceDesk-Managers', role: 'manager' },
      { group: 'Desk = Agents', role: 'agent' },
    ]);
    expect(mappingLines(mappingText(lines))).toEqual(lines);
  });

  it('sends what the server accepts, blanks as null and "refuse" as no default role', () => {
    const body = providerRequest({
      ...NO_PROVIDER,
      name: 'Entra ID',
      issuer: ' https://login.microsoftonline.com/tenant/v2.0 ',
      clientId: 'abc',
      employeeIdClaim: ' ',
      defaultRole: 'refuse',
      mappings: 'g1 = agent',
    });
    expect(providerBody.safeParse(body).success).toBe(true);
    expect(body).toMatchObject({ clientSecret: null, employeeIdClaim: null, defaultRole: null });
  });

  it('lets the server’s schema refuse a line without a role', () => {
    const body = providerRequest({
      ...NO_PROVIDER,
      name: 'x',
      issuer: 'https://x.example',
      clientId: 'a',
      mappings: 'g1',
    });
    expect(providerBody.safeParse(body).success).toBe(false);
  });

  it('sends a SAML provider with its one or two signing certificates, and no OpenID Connect fields', () => {
    const pem = `-----BEGIN CERTIFICATE-----\n${'A'.repeat(120)}\n-----END CERTIFICATE-----`;
    const body = providerRequest({
      ...NO_PROVIDER,
      kind: 'saml',
      name: 'ADFS',
      issuer: ' http://adfs.hospital.example/adfs/services/trust ',
      ssoUrl: 'https://adfs.hospital.example/adfs/ls/',
      certificate: pem,
      nextCertificate: '  ',
      mappings: 'ServiceDesk-Agents = agent',
    });
    expect(providerBody.safeParse(body).success).toBe(true);
    expect(body).toMatchObject({
      kind: 'saml',
      issuer: 'http://adfs.hospital.example/adfs/services/trust',
      certificates: [pem],
    });
    expect(body).not.toHaveProperty('clientId');
  });
});
