// The threading convention both ways: what outbound mail writes, email in reads back.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  mailDomainOf,
  messageIdsIn,
  ticketIdFromReferences,
  ticketMessageId,
  ticketNumberFromSubject,
  ticketSubjectTag,
  ticketThreadId,
} from './threading.ts';

const TICKET = '0190a0b2-1c3d-7e4f-8a9b-0c1d2e3f4a5b';
const DELIVERY = '0190a0b2-1c3d-7e4f-8a9b-0c1d2e3f4a5c';

describe('threading headers', () => {
  it('names the ticket and the delivery in the Message-ID and the ticket in the thread id', () => {
    expect(ticketMessageId(TICKET, DELIVERY, 'desk.hospital.org')).toBe(
      `<ticket-${TICKET}.${DELIVERY}@desk.hospital.org>`,
    );
    expect(ticketThreadId(TICKET, 'desk.hospital.org')).toBe(`<ticket-${TICKET}@desk.hospital.org>`);
    expect(ticketSubjectTag(123)).toBe('[CSD-000123]');
  });

  it('takes the mail domain from the sender address, with or without a display name', () => {
    expect(mailDomainOf('servicedesk@Mail.Hospital.org')).toBe('mail.hospital.org');
    expect(mailDomainOf('"Service desk" <servicedesk@hospital.org>')).toBe('hospital.org');
    expect(mailDomainOf('no address')).toBeNull();
  });

  it('reads back every id and number it writes (property)', () => {
    fc.assert(
      fc.property(
        fc.uuid(),
        fc.uuid(),
        fc.domain(),
        fc.integer({ min: 1, max: 10 ** 12 }),
        (ticket, delivery, domain, n) => {
          const t = ticket.toLowerCase();
          expect(ticketIdFromReferences(messageIdsIn(ticketMessageId(ticket, delivery, domain)), [])).toEqual({
            ticketId: t,
            deliveryId: delivery.toLowerCase(),
          });
          expect(ticketIdFromReferences([], messageIdsIn(ticketThreadId(ticket, domain)))).toEqual({
            ticketId: t,
            deliveryId: null,
          });
          expect(ticketNumberFromSubject(`Re: ${ticketSubjectTag(n)} anything`)).toBe(n);
        },
      ),
    );
  });
});
