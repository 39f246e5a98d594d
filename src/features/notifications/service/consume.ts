// The outbox consumer: every committed event that concerns a ticket becomes the deliveries its recipients asked for.
// Its read position is a row locked with SKIP LOCKED and moved in the same transaction as the deliveries it queued
// (the house pattern, as surveys/service/invite.ts): whichever instance reads, each event is handled exactly once.
// Mail is rendered here, from templates that keep PHI out unless full text is on for the hospital's own domain.
import type { Role } from '../../../platform/auth/roles.ts';
import { isStaff } from '../../../platform/auth/roles.ts';
import type { AppContext } from '../../../platform/context.ts';
import type { Queryable } from '../../../platform/db/connect.ts';
import { type CommittedEvent, committedEventsAfter, declareWritesNoEvents } from '../../../platform/events/outbox.ts';
import { newId } from '../../../platform/ids.ts';
import { userIdOfPerson } from '../../directory/service.ts';
import { formatIncidentNumber } from '../../incidents/rules/vocabulary.ts';
import { invitationsReadPast } from '../../surveys/service/invite.ts';
import { surveyLinkOfTicket } from '../../surveys/service/links.ts';
import { CLOSED_STATUSES, formatTicketNumber } from '../../tickets/rules/vocabulary.ts';
import { type TicketRow, ticketsByIds } from '../../tickets/service/reads.ts';
import { deskGroupBefore } from '../../tickets/service/vendor-case.ts';
import { incidentPagerPayload, pagerPayload } from '../rules/delivery.ts';
import {
  affectedUnitIds,
  incidentAudience,
  incidentNoticeKind,
  mayNotifyIncident,
  noticeTime,
  STATE_WORDS,
} from '../rules/incident-notices.ts';
import { type Intent, intentsOf, isNeedsInfoEvent, mayNotify, withoutActor } from '../rules/intents.ts';
import { channelFor, incidentChannelFor } from '../rules/preferences.ts';
import {
  DEFAULT_TEMPLATES,
  fullTextAllowed,
  render,
  renderIncident,
  renderRefusal,
  type Template,
} from '../rules/templates.ts';
import { isVendorKind, KIND_LABELS, type NotificationKind, REQUESTER_KINDS } from '../rules/vocabulary.ts';
import * as store from '../store.ts';

/** Events read at most per transaction: short transactions let the drain give way to requests (jobs/pacing.ts). */
const BATCH = 25;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Reads the next batch of committed events; returns how many it read (0 when caught up or another reader holds it). */
export async function consumeEvents(ctx: AppContext, now = new Date()): Promise<number> {
  return ctx.database.db.transaction(async (tx) => {
    // It writes deliveries, never events: declared, its batch (seconds long under load) holds no live event back.
    await declareWritesNoEvents(tx);
    const cursor = await store.lockCursor(tx);
    if (!cursor) return 0;
    const events = await committedEventsAfter(tx, { txid: cursor.txid, id: String(cursor.eventId) }, BATCH);
    if (!events.length) return 0;
    let env: Env | undefined;
    let read = 0;
    for (const e of events) {
      // The resolution notice carries the survey link: wait (stop here) until the survey invitations are decided.
      if (e.type === 'ticket.resolved' && !(await invitationsReadPast(tx, { txid: e.txid, id: String(e.id) }))) break;
      read++;
      if (e.subjectType === 'incident' && mayNotifyIncident(e.type)) {
        env ??= await loadEnv(tx, ctx);
        await queueForIncident(tx, env, e);
        continue;
      }
      // Email in refused a vendor engineer's message (no ticket): the sender is answered about the message itself.
      if (e.type === 'email.reply_requested' && e.subjectType === 'email') {
        env ??= await loadEnv(tx, ctx);
        await answerRefusedSender(tx, env, e);
        continue;
      }
      if (!mayNotify(e.type) || e.subjectType !== 'ticket') continue;
      env ??= await loadEnv(tx, ctx);
      await queueFor(tx, env, e, now);
    }
    if (!read) return 0;
    const last = events[read - 1]!;
    await store.saveCursor(tx, { txid: last.txid, eventId: last.id });
    return read;
  });
}

type Env = { templates: Map<NotificationKind, Template>; fullTextDomain: string | null; publicUrl: string };

async function loadEnv(tx: Queryable, ctx: AppContext): Promise<Env> {
  const [rows, s] = await Promise.all([store.templates(tx), store.settings(tx)]);
  const templates = new Map<NotificationKind, Template>(
    Object.entries(DEFAULT_TEMPLATES) as [NotificationKind, Template][],
  );
  for (const r of rows) templates.set(r.kind, { subject: r.subject, body: r.body });
  return { templates, fullTextDomain: s.fullTextDomain, publicUrl: ctx.config.publicUrl };
}

async function queueFor(tx: Queryable, env: Env, e: CommittedEvent, now: Date): Promise<void> {
  if (e.type === 'email.bounced') {
    if (typeof e.payload.deliveryId === 'string' && UUID.test(e.payload.deliveryId))
      await store.markBounced(tx, e.payload.deliveryId);
    return;
  }
  const ticket = (await ticketsByIds(tx, [e.subjectId]))[0];
  if (!ticket) return;
  if (e.type === 'email.reply_requested') return answerEmail(tx, env, e, ticket);
  const actor = e.actorId ? (await store.recipients(tx, [e.actorId]))[0] : undefined;
  // "The vendor needs information": is the assignee desk staff, and which desk group did the ticket come from?
  const needsInfo = isNeedsInfoEvent(e);
  const assignee = needsInfo && ticket.assigneeId ? (await store.recipients(tx, [ticket.assigneeId]))[0] : undefined;
  const intents = intentsOf(
    {
      type: e.type,
      payload: e.payload,
      actorId: e.actorId ?? null,
      actorRole: (actor?.role as Role | undefined) ?? null,
      audienceUserIds: e.audience.userIds ?? [],
    },
    {
      requesterUserId: await userIdOfPerson(tx, ticket.requesterId),
      assigneeId: ticket.assigneeId,
      groupId: ticket.groupId,
      assigneeIsStaff: assignee ? isStaff(assignee.role as Role) && !assignee.disabled : undefined,
      holdingProviderId: ticket.providerId,
      deskGroupId: needsInfo ? await deskGroupBefore(tx, ticket) : null,
      priority: ticket.priority,
      closed: CLOSED_STATUSES.includes(ticket.status),
      urgentToldAt: ticket.groupId ? await store.urgentToldAt(tx, ticket.id, ticket.groupId) : null,
    },
  );
  for (const intent of intents) {
    await queueIntent(tx, env, e, ticket, intent, now);
    // Told once per ticket, group and level, in the same transaction as the deliveries (rules/intents.ts).
    if (intent.kind === 'new_urgent_in_group' && intent.groupId)
      await store.markUrgentTold(tx, ticket.id, intent.groupId, ticket.priority);
  }
}

async function queueIntent(tx: Queryable, env: Env, e: CommittedEvent, t: TicketRow, intent: Intent, now: Date) {
  if (intent.requesterWithoutAccount) return queueForPersonWithoutAccount(tx, env, e, t, intent, now);
  // The intent already left out the actor where it must; a group's members are read here, the actor left out too.
  const ids = intent.providerId
    ? withoutActor(await store.vendorUserIds(tx, intent.providerId), e.actorId ?? null)
    : intent.groupId
      ? withoutActor(await store.groupMemberIds(tx, intent.groupId), e.actorId ?? null)
      : [...new Set(intent.userIds)];
  const people = await store.recipients(tx, ids);
  const prefs = await store.preferencesOf(
    tx,
    people.map((p) => p.id),
  );
  const forRequester = REQUESTER_KINDS.includes(intent.kind);
  const forVendor = isVendorKind(intent.kind);
  let surveyLink: string | null | undefined;
  const deliveries: store.NewDeliveryRow[] = []; // written in one statement after the loop
  for (const p of people) {
    // Requester notices go to the requester alone; staff notices to desk staff alone (never a vendor engineer); a
    // provider's notices to its engineers alone.
    if (p.disabled) continue;
    if (forVendor ? p.role !== 'vendor' : !forRequester && !isStaff(p.role as Role)) continue;
    const chosen = prefs.find((x) => x.userId === p.id && x.kind === intent.kind)?.channel;
    const channel = channelFor(intent.kind, t.priority, chosen, isStaff(p.role as Role));
    if (channel === 'none') continue;
    const link = `${env.publicUrl}/${forRequester ? 'portal' : 'console'}/tickets/${formatTicketNumber(t.number)}`;
    const id = newId();
    if (channel === 'pager') {
      const payload = pagerPayload({
        kind: intent.kind,
        ticketNumber: t.number,
        priority: t.priority,
        link,
        deliveryId: id,
        at: new Date(e.at),
      });
      deliveries.push({
        id,
        eventId: e.id,
        kind: intent.kind,
        channel,
        ticketId: t.id,
        userId: p.id,
        toAddress: 'pager',
        subject: `${formatTicketNumber(t.number)} ${KIND_LABELS[intent.kind]}`,
        body: JSON.stringify(payload),
      });
      continue;
    }
    if (!p.email) continue;
    if (intent.kind === 'ticket_resolved' && surveyLink === undefined) {
      const path = await surveyLinkOfTicket(tx, t.id, now);
      surveyLink = path ? `${env.publicUrl}${path}` : null;
    }
    // A vendor's mail never carries ticket text, whatever the full-text setting (its templates cannot ask for it).
    const fullText = !forVendor && fullTextAllowed(env.fullTextDomain, p.email);
    const mail = render(env.templates.get(intent.kind) ?? DEFAULT_TEMPLATES[intent.kind], {
      ticketNumber: t.number,
      priority: t.priority,
      link,
      surveyLink: surveyLink ?? null,
      title: t.summary,
      text: fullText ? await freeTextOf(tx, e, t, intent.kind) : null,
      fullText,
    });
    deliveries.push({
      id,
      eventId: e.id,
      kind: intent.kind,
      channel,
      ticketId: t.id,
      userId: p.id,
      toAddress: p.email,
      subject: mail.subject,
      body: mail.body,
    });
  }
  await store.insertDeliveries(tx, deliveries);
}

/** The text a full-text notice may carry: the reply for a reply, the description for a new ticket. */
async function freeTextOf(tx: Queryable, e: CommittedEvent, t: TicketRow, kind: NotificationKind) {
  if (kind === 'ticket_received') return t.description;
  if (kind === 'public_reply' && typeof e.payload.commentId === 'string')
    return store.commentBody(tx, e.payload.commentId);
  return null;
}

/** A requester on file without an account: mail to the directory's address, by the default template and channel. */
async function queueForPersonWithoutAccount(
  tx: Queryable,
  env: Env,
  e: CommittedEvent,
  t: TicketRow,
  intent: Intent,
  now: Date,
) {
  const address = await store.personEmail(tx, t.requesterId);
  if (!address) return;
  const fullText = fullTextAllowed(env.fullTextDomain, address);
  const surveyPath = intent.kind === 'ticket_resolved' ? await surveyLinkOfTicket(tx, t.id, now) : null;
  const mail = render(env.templates.get(intent.kind) ?? DEFAULT_TEMPLATES[intent.kind], {
    ticketNumber: t.number,
    priority: t.priority,
    link: `${env.publicUrl}/portal/tickets/${formatTicketNumber(t.number)}`,
    surveyLink: surveyPath ? `${env.publicUrl}${surveyPath}` : null,
    title: t.summary,
    text: fullText ? await freeTextOf(tx, e, t, intent.kind) : null,
    fullText,
  });
  await store.insertDelivery(tx, {
    id: newId(),
    eventId: e.id,
    kind: intent.kind,
    channel: 'email',
    ticketId: t.id,
    userId: null,
    toAddress: address,
    subject: mail.subject,
    body: mail.body,
  });
}

/**
 * Email in asks for an answer to a sender (today: a request for a password, MFA or access change, which email never
 * authorises). Sent whatever the preferences: it is about safety. Threaded on the ticket and on the sender's mail.
 */
async function answerEmail(tx: Queryable, env: Env, e: CommittedEvent, t: TicketRow) {
  const { template, to, inReplyTo } = e.payload;
  if (template !== 'sensitive_request_by_email' || typeof to !== 'string' || !/^[^\s@]+@[^\s@]+$/.test(to)) return;
  const mail = render(env.templates.get(template) ?? DEFAULT_TEMPLATES[template], {
    ticketNumber: t.number,
    priority: t.priority,
    link: `${env.publicUrl}/portal/tickets/${formatTicketNumber(t.number)}`,
    surveyLink: null,
    title: null,
    text: null,
    fullText: false,
  });
  await store.insertDelivery(tx, {
    id: newId(),
    eventId: e.id,
    kind: template,
    channel: 'email',
    ticketId: t.id,
    userId: null,
    toAddress: to,
    subject: mail.subject,
    body: mail.body,
    inReplyTo: typeof inReplyTo === 'string' && /^<[^<>\s]+>$/.test(inReplyTo) ? inReplyTo : null,
  });
}

/**
 * Email in refused a message from a vendor engineer (or an integration account): vendor work happens in Clinidesk.
 * The sender is asked to reply there, with the link to their queue (the console), threaded on their message. Sent
 * whatever the preferences, like the other answers to email; the intake already keeps it to one per sender and window.
 */
async function answerRefusedSender(tx: Queryable, env: Env, e: CommittedEvent) {
  const { template, to, inReplyTo } = e.payload;
  if (template !== 'vendor_email_refused' || typeof to !== 'string' || !/^[^\s@]+@[^\s@]+$/.test(to)) return;
  const mail = renderRefusal(env.templates.get(template) ?? DEFAULT_TEMPLATES[template], {
    link: `${env.publicUrl}/console`,
  });
  await store.insertDelivery(tx, {
    id: newId(),
    eventId: e.id,
    kind: template,
    channel: 'email',
    userId: null,
    toAddress: to,
    subject: mail.subject,
    body: mail.body,
    inReplyTo: typeof inReplyTo === 'string' && /^<[^<>\s]+>$/.test(inReplyTo) ? inReplyTo : null,
  });
}

/**
 * An incident declared, updated in public, resolved, or a planned downtime coming up: the unit leaders and
 * super-users of the affected units are told, each by the channel they chose (email by default; the pager for an
 * unplanned outage declared). Only public parts go out: the number, the title, the state, the scheduled times, the
 * public text (the update's, or the public summary) and the status page's link — never the internal note.
 */
async function queueForIncident(tx: Queryable, env: Env, e: CommittedEvent): Promise<void> {
  const kind = incidentNoticeKind({ type: e.type, payload: e.payload });
  if (!kind) return;
  const incident = await store.incidentForNotice(tx, e.subjectId);
  if (!incident) return;
  const text =
    kind === 'incident_update'
      ? await store.incidentUpdatePublicText(tx, String(e.payload.updateId), incident.id)
      : kind === 'incident_resolved'
        ? null
        : incident.publicSummary;
  if (kind === 'incident_update' && text === null) return;
  const affected = affectedUnitIds(
    incident,
    incident.unitIds.length ? [] : await store.unitPlaces(tx, incident.facilityIds),
  );
  const userIds = incidentAudience(affected, await store.incidentAudienceCandidates(tx, affected), e.actorId ?? null);
  if (!userIds.length) return;
  const [people, prefs] = await Promise.all([store.recipients(tx, userIds), store.preferencesOf(tx, userIds)]);
  const number = formatIncidentNumber(incident.number);
  const link = `${env.publicUrl}/status`;
  const mail = renderIncident(env.templates.get(kind) ?? DEFAULT_TEMPLATES[kind], {
    number,
    link,
    title: incident.title,
    text,
    state: STATE_WORDS[incident.state] ?? incident.state,
    start: noticeTime(incident.scheduledStart, incident.timeZone),
    end: noticeTime(incident.scheduledEnd, incident.timeZone),
  });
  for (const p of people) {
    if (p.disabled) continue;
    const chosen = prefs.find((x) => x.userId === p.id && x.kind === kind)?.channel;
    const channel = incidentChannelFor(kind, incident.planned, chosen);
    if (channel === 'none') continue;
    const id = newId();
    if (channel === 'pager') {
      const payload = incidentPagerPayload({
        kind,
        incidentNumber: number,
        severity: incident.severity,
        title: incident.title,
        link,
        to: p.email,
        deliveryId: id,
        at: new Date(e.at),
      });
      await store.insertDelivery(tx, {
        id,
        eventId: e.id,
        kind,
        channel,
        userId: p.id,
        toAddress: 'pager',
        subject: `${number} ${KIND_LABELS[kind]}`,
        body: JSON.stringify(payload),
      });
      continue;
    }
    if (!p.email) continue;
    await store.insertDelivery(tx, {
      id,
      eventId: e.id,
      kind,
      channel,
      userId: p.id,
      toAddress: p.email,
      subject: mail.subject,
      body: mail.body,
    });
  }
}
