// What the Add webhook form sends and how its problems are worded, checked first by the server's own schema
// (createSubscriptionBody). The events offered are the server's list (rules/delivery.ts): a vendor's system is offered
// only those a vendor's subscription may receive. Pure, tested without a browser.
import {
  EVENT_LABELS,
  type OwnerKind,
  VENDOR_EVENT_TYPES,
  WEBHOOK_EVENT_TYPES,
  type WebhookEventType,
} from '../../../../src/features/webhooks/rules/delivery.ts';
import type { NewWebhook } from '../../api/webhooks.ts';
import type { Wording } from '../../forms/schemaErrors.ts';

export type WebhookValues = {
  name: string;
  url: string;
  ownerKind: OwnerKind;
  providerId: string | null;
  eventTypes: string[];
  providerIds: string[];
  facilityIds: string[];
  serviceIds: string[];
};

export const NEW_WEBHOOK: WebhookValues = {
  name: '',
  url: '',
  ownerKind: 'hospital',
  providerId: null,
  eventTypes: [],
  providerIds: [],
  facilityIds: [],
  serviceIds: [],
};

/** The events a subscription of this kind may ask for, with the words the screen shows. */
export function eventChoices(kind: OwnerKind): { value: WebhookEventType; label: string }[] {
  const allowed = kind === 'vendor' ? VENDOR_EVENT_TYPES : WEBHOOK_EVENT_TYPES;
  return allowed.map((value) => ({ value, label: EVENT_LABELS[value] }));
}

export function eventLabel(type: string): string {
  return (EVENT_LABELS as Record<string, string>)[type] ?? type;
}

export function webhookRequest(v: WebhookValues): NewWebhook {
  const vendor = v.ownerKind === 'vendor';
  const allowed = new Set<string>(eventChoices(v.ownerKind).map((c) => c.value));
  return {
    name: v.name.trim(),
    url: v.url.trim(),
    ownerKind: v.ownerKind,
    providerId: vendor ? v.providerId : null,
    // Events chosen before switching to a vendor's system that it may not receive are left out, not sent.
    eventTypes: v.eventTypes.filter((t) => allowed.has(t)) as WebhookEventType[],
    providerIds: vendor ? [] : v.providerIds,
    facilityIds: v.facilityIds,
    serviceIds: v.serviceIds,
  };
}

export const WEBHOOK_WORDING: Wording = {
  labels: {
    name: 'Name',
    url: 'Address (URL)',
    eventTypes: 'Events',
    providerId: 'Vendor',
    providerIds: 'Providers',
    facilityIds: 'Facilities',
    serviceIds: 'Services',
  },
  required: { name: 'Give it a name', url: 'Enter the address to send to', eventTypes: 'Choose at least one event' },
};
