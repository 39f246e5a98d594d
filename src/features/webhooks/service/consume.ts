// The outbox consumer: every committed event a subscription asked for becomes one delivery per matching
// subscription. Its read position is a row locked with SKIP LOCKED and moved in the same transaction as the
// deliveries it made (the house pattern, as notifications/service/consume.ts): whichever instance reads, each event
// is handled once, and the unique (subscription, event) pair makes a replay add nothing.
import type { AppContext } from '../../../platform/context.ts';
import type { Tx } from '../../../platform/db/connect.ts';
import { type CommittedEvent, committedEventsAfter } from '../../../platform/events/outbox.ts';
import { newId } from '../../../platform/ids.ts';
import { type TicketRow, ticketsByIds } from '../../tickets/service/reads.ts';
import { isWebhookEventType, matches, type WebhookEventType } from '../rules/delivery.ts';
import * as store from '../store.ts';
import { hospitalPayload, subjectOf, vendorPayload, type WebhookPayload } from './payload.ts';

/** Events read at most per transaction. */
const BATCH = 500;
/** A transaction stops after the event that brings its deliveries to this many: with 20 subscriptions, 500 events
 *  made 10,000 deliveries in one transaction, seconds of PGlite's only connection that no pacing could break up. */
const MAX_DELIVERIES = 200;

type NewDelivery = Parameters<typeof store.insertDeliveries>[1][number];

/** Reads the next batch of committed events; returns how many it read (0 when caught up or another reader holds it). */
export async function consumeWebhookEvents(ctx: AppContext): Promise<number> {
  return ctx.database.db.transaction(async (tx) => {
    const cursor = await store.lockCursor(tx);
    if (!cursor) return 0;
    const events = await committedEventsAfter(tx, { txid: cursor.txid, id: String(cursor.eventId) }, BATCH);
    if (!events.length) return 0;
    let subscriptions: store.SubscriptionRow[] | undefined;
    const deliveries: NewDelivery[] = [];
    let read = 0;
    for (const e of events) {
      read++;
      const type = e.type;
      if (isWebhookEventType(type)) {
        subscriptions ??= await store.activeSubscriptions(tx);
        deliveries.push(...(await deliveriesOf(ctx, tx, e, type, subscriptions)));
      }
      if (deliveries.length >= MAX_DELIVERIES) break;
    }
    await store.insertDeliveries(tx, deliveries);
    const last = events[read - 1]!;
    await store.saveCursor(tx, { txid: last.txid, eventId: last.id });
    return read;
  });
}

/** One delivery per active subscription that wants the event and whose filter it passes. */
async function deliveriesOf(
  ctx: AppContext,
  tx: Tx,
  e: CommittedEvent,
  type: WebhookEventType,
  subscriptions: store.SubscriptionRow[],
): Promise<NewDelivery[]> {
  const wanting = subscriptions.filter((s) => s.eventTypes.includes(type));
  if (!wanting.length) return [];
  const ticket: TicketRow | undefined =
    e.subjectType === 'ticket' ? (await ticketsByIds(tx, [e.subjectId]))[0] : undefined;
  if (e.subjectType === 'ticket' && !ticket) return [];
  const subject = subjectOf(ticket, e);
  // One vendor view per provider and event, whatever the number of its subscriptions.
  const vendorViews = new Map<string, WebhookPayload | null>();
  const made: NewDelivery[] = [];
  for (const s of wanting) {
    const filter = {
      eventTypes: s.eventTypes,
      providerIds: s.filterProviderIds,
      facilityIds: s.filterFacilityIds,
      serviceIds: s.filterServiceIds,
    };
    if (!matches(filter, e.type, subject)) continue;
    let payload: WebhookPayload | null;
    if (s.ownerKind === 'vendor') {
      const providerId = s.providerId!;
      if (!vendorViews.has(providerId))
        vendorViews.set(providerId, await vendorPayload(tx, e, ticket, providerId, ctx.config.publicUrl));
      payload = vendorViews.get(providerId) ?? null;
    } else {
      payload = hospitalPayload(e, ticket, ctx.config.publicUrl);
    }
    if (!payload) continue;
    made.push({ id: newId(), subscriptionId: s.id, eventId: e.id, eventType: e.type, body: JSON.stringify(payload) });
  }
  return made;
}
