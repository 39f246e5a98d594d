// How a mail about a ticket says which ticket it is about, so a clinician's reply finds its way back:
// the subject carries "[CSD-000123]", the Message-ID names the ticket and the delivery, and References/In-Reply-To
// point at the ticket's thread id. Outbound mail writes these; inbound mail reads them back with the same rules.
import { formatTicketNumber, parseTicketNumber } from '../../tickets/rules/vocabulary.ts';

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const MESSAGE_ID = /<([^<>\s]+)>/g;
const TICKET_LOCAL = new RegExp(`^ticket-(${UUID})(?:\\.${UUID})?@(.+)$`, 'i');
const SUBJECT_NUMBER = /\[\s*(CSD-\d{1,15})\s*\]/i;

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

/**
 * The ticket id named by message ids in these header values (In-Reply-To first, then References, as the caller
 * passes them). Within one header the newest id (the last) is tried first. When `mailDomain` is given, only ids of
 * that domain count (a forwarded thread from another Clinidesk is not ours). Null when none names a ticket.
 */
export function ticketIdFromReferences(headers: string[], mailDomain?: string): string | null {
  const domain = mailDomain?.toLowerCase();
  for (const header of headers) {
    const ids = [...(header ?? '').matchAll(MESSAGE_ID)].map((m) => m[1]!).reverse();
    for (const id of ids) {
      const m = TICKET_LOCAL.exec(id);
      if (!m) continue;
      if (domain && m[2]!.toLowerCase() !== domain) continue;
      return m[1]!.toLowerCase();
    }
  }
  return null;
}

/** The ticket number in a subject's "[CSD-000123]" tag, as the app shows it ("CSD-000123"); null when none. */
export function ticketNumberFromSubject(subject: string): string | null {
  const m = SUBJECT_NUMBER.exec(subject ?? '');
  if (!m) return null;
  const n = parseTicketNumber(m[1]!);
  return n === null ? null : formatTicketNumber(n);
}
