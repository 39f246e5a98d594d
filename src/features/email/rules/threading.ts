// How a mail about a ticket says which ticket it is about, written by the desk's outbound mail (notifications) and
// read back from replies (email in) — one convention, one module. The Message-ID of a delivery is
// `<ticket-{ticketUuid}.{deliveryUuid}@domain>`, References/In-Reply-To carry the thread id `<ticket-{ticketUuid}@domain>`,
// and the subject `[CSD-000123]`; a reply carries them back in In-Reply-To/References and in "Re: …".
import { formatTicketNumber } from '../../tickets/rules/vocabulary.ts';

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const TICKET_ID = new RegExp(`<ticket-(${UUID})(?:\\.(${UUID}))?@[^>\\s]+>`, 'gi');
const SUBJECT_NUMBER = /\[CSD-(\d{1,15})\]/i;

/** Message ids in a header value (In-Reply-To, References), in order, lower-cased, without duplicates. */
export function messageIdsIn(value: string | string[] | undefined | null): string[] {
  const text = Array.isArray(value) ? value.join(' ') : (value ?? '');
  const ids = text.match(/<[^<>\s]+>/g) ?? [];
  return [...new Set(ids.map((id) => id.toLowerCase()))];
}

export type ThreadReference = { ticketId: string; deliveryId: string | null };

/** The desk's ticket named by the most recent reference (In-Reply-To first, then References from the newest). */
export function ticketIdFromReferences(inReplyTo: string[], references: string[]): ThreadReference | null {
  const newestFirst = [...inReplyTo, ...[...references].reverse()];
  for (const id of newestFirst) {
    const m = new RegExp(TICKET_ID.source, 'i').exec(id);
    if (m?.[1]) return { ticketId: m[1].toLowerCase(), deliveryId: m[2]?.toLowerCase() ?? null };
  }
  return null;
}

/** The ticket number in a subject ("Re: [CSD-000123] Printer"), or null. */
export function ticketNumberFromSubject(subject: string | undefined | null): number | null {
  const m = SUBJECT_NUMBER.exec(subject ?? '');
  if (!m?.[1]) return null;
  const n = Number(m[1]);
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}

/** The subject without reply/forward prefixes and the ticket tag: what a new ticket's summary starts from. */
export function cleanSubject(subject: string | undefined | null): string {
  let s = (subject ?? '').replace(SUBJECT_NUMBER, ' ');
  for (;;) {
    const next = s.replace(/^\s*(?:re|fw|fwd|aw|wg|sv|vs|tr|rv)\s*(?:\[\d+\])?\s*:\s*/i, '');
    if (next === s) break;
    s = next;
  }
  // Control characters (8-bit junk in headers) never reach a summary.
  const printable = [...s].map((c) => (c.charCodeAt(0) < 32 || c.charCodeAt(0) === 127 ? ' ' : c)).join('');
  return printable.replace(/\s+/g, ' ').trim();
}

/** Whether the subject says it is a forwarded message (its body is then kept whole, not cut at the quote). */
export function isForwardSubject(subject: string | undefined | null): boolean {
  return /^\s*(?:fw|fwd|wg|tr|rv)\s*:/i.test(subject ?? '');
}

/** The domain of a mail address ("desk@mail.hospital.org" → "mail.hospital.org"), lower case; null when none. */
export function mailDomainOf(address: string): string | null {
  const m = /@([A-Za-z0-9.-]+)>?\s*$/.exec(address.trim());
  return m ? m[1]!.toLowerCase() : null;
}

/** The Message-ID of one delivery about a ticket: `<ticket-{ticketId}.{deliveryId}@{mailDomain}>`. */
export function ticketMessageId(ticketId: string, deliveryId: string, mailDomain: string): string {
  return `<ticket-${ticketId.toLowerCase()}.${deliveryId.toLowerCase()}@${mailDomain.toLowerCase()}>`;
}

/** The ticket's thread id, used in References and In-Reply-To: `<ticket-{ticketId}@{mailDomain}>`. */
export function ticketThreadId(ticketId: string, mailDomain: string): string {
  return `<ticket-${ticketId.toLowerCase()}@${mailDomain.toLowerCase()}>`;
}

/** The subject tag a ticket's mail carries: "[CSD-000123]". */
export function ticketSubjectTag(ticketNumber: number): string {
  return `[${formatTicketNumber(ticketNumber)}]`;
}
