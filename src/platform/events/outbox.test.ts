import { describe, expect, it } from 'vitest';
import { canReceive } from './outbox.ts';

describe('event audiences', () => {
  const audience = { roles: ['agent' as const], userIds: ['u-nurse'], vendorProviderIds: ['prov-ehr'] };

  it('reaches named roles and named people only', () => {
    expect(canReceive(audience, { userId: 'u-1', role: 'agent' })).toBe(true);
    expect(canReceive(audience, { userId: 'u-nurse', role: 'requester' })).toBe(true);
    expect(canReceive(audience, { userId: 'u-other', role: 'requester' })).toBe(false);
  });

  it("reaches a vendor engineer only for their provider's tickets", () => {
    expect(canReceive(audience, { userId: 'u-v', role: 'vendor', providerOrgId: 'prov-ehr' })).toBe(true);
    expect(canReceive(audience, { userId: 'u-v', role: 'vendor', providerOrgId: 'prov-other' })).toBe(false);
    expect(canReceive(audience, { userId: 'u-v', role: 'vendor', providerOrgId: null })).toBe(false);
    // A requester whose directory entry names a provider is still not a vendor.
    expect(canReceive(audience, { userId: 'u-r', role: 'requester', providerOrgId: 'prov-ehr' })).toBe(false);
  });

  it('reaches nobody when the audience is empty', () => {
    expect(canReceive({}, { userId: 'u-1', role: 'admin' })).toBe(false);
  });
});
