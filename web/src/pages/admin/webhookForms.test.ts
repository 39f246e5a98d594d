import { describe, expect, it } from 'vitest';
import { createSubscriptionBody } from '../../../../src/features/webhooks/schemas.ts';
import { eventChoices, NEW_WEBHOOK, webhookRequest } from './webhookForms.ts';

describe('the Add webhook form', () => {
  it("offers a vendor's system only the events a vendor's subscription may receive", () => {
    const vendor = eventChoices('vendor').map((c) => c.value);
    expect(vendor).toContain('sla.at_risk');
    expect(vendor.some((t) => t.startsWith('incident.'))).toBe(false);
    expect(eventChoices('hospital').map((c) => c.value)).toContain('incident.declared');
  });

  it('sends what the server accepts, leaving out what a vendor may not have', () => {
    const body = webhookRequest({
      ...NEW_WEBHOOK,
      name: ' Vendor ITSM ',
      url: ' https://itsm.vendor.example/hooks ',
      ownerKind: 'vendor',
      providerId: '01a2375b-2012-736a-bc83-8423be8abb04',
      eventTypes: ['ticket.escalated', 'incident.declared'],
      providerIds: ['01a2375b-2012-736a-bc83-8423be8abb05'],
    });
    expect(body).toMatchObject({ name: 'Vendor ITSM', eventTypes: ['ticket.escalated'], providerIds: [] });
    expect(createSubscriptionBody.safeParse(body).success).toBe(true);
  });
});
