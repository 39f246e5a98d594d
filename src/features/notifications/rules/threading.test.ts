import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  mailDomainOf,
  ticketIdFromReferences,
  ticketMessageId,
  ticketNumberFromSubject,
  ticketSubjectTag,
  ticketThreadId,
} from './threading.ts';

const TICKET = '0192f0a1-7c3e-7b2a-9f00-1234567890ab';
const DELIVERY = '0192f0a2-0000-7000-8000-abcdefabcdef';

describe('mail threading headers', () => {
  it('names the ticket and the delivery in the Message-ID, and the ticket alone in the thread id', () => {
    expect(ticketMessageId(TICKET, DELIVERY, 'desk.hospital.org')).toBe(
      `<ticket-${TICKET}.${DELIVERY}@desk.hospital.org>`,
    );
    expect(ticketThreadId(TICKET, 'desk.hospital.org')).toBe(`<ticket-${TICKET}@desk.hospital.org>`);
  });

  it('takes the mail domain from the from address, with or without a display name', () => {
    expect(mailDomainOf('servicedesk@Mail.Hospital.org')).toBe('mail.hospital.org');
    expect(mailDomainOf('"Service desk" <servicedesk@hospital.org>')).toBe('hospital.org');
    expect(mailDomainOf('no address')).toBeNull();
  });

  it("finds the ticket in a clinician's reply by In-Reply-To or References", () => {
    const inReplyTo = ticketMessageId(TICKET, DELIVERY, 'hospital.org');
    expect(ticketIdFromReferences([inReplyTo])).toBe(TICKET);
    const refs = `<abc@outlook.com> ${ticketThreadId(TICKET, 'hospital.org')} <reply-1@outlook.com>`;
    expect(ticketIdFromReferences(['', refs])).toBe(TICKET);
  });

  it('ignores message ids that name no ticket, and ids of another domain when the domain is given', () => {
    expect(ticketIdFromReferences(['<1234@outlook.com>', '<ticket-not-a-uuid@hospital.org>'])).toBeNull();
    const other = ticketThreadId(TICKET, 'elsewhere.org');
    expect(ticketIdFromReferences([other], 'hospital.org')).toBeNull();
    expect(ticketIdFromReferences([other])).toBe(TICKET);
  });

  it('prefers the header given first and, inside it, the newest id', () => {
    const other = '0192f0a1-7c3e-7b2a-9f00-ffffffffffff';
    const refs = `${ticketThreadId(other, 'h.org')} ${ticketThreadId(TICKET, 'h.org')}`;
    expect(ticketIdFromReferences([refs])).toBe(TICKET);
    expect(ticketIdFromReferences([ticketThreadId(other, 'h.org'), refs])).toBe(other);
  });

  it('reads the ticket number from the subject tag, whatever the case or reply prefixes', () => {
    expect(ticketNumberFromSubject('RE: [CSD-000123] Your ticket has a reply')).toBe('CSD-000123');
    expect(ticketNumberFromSubject('AW: Fwd: [csd-123] printer')).toBe('CSD-000123');
    expect(ticketNumberFromSubject('about CSD-000123 without brackets')).toBeNull();
    expect(ticketNumberFromSubject('[CSD-000000]')).toBeNull();
    expect(ticketSubjectTag(123)).toBe('[CSD-000123]');
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
          expect(ticketIdFromReferences([ticketMessageId(ticket, delivery, domain)])).toBe(t);
          expect(ticketIdFromReferences([ticketThreadId(ticket, domain)], domain)).toBe(t);
          const tag = ticketSubjectTag(n);
          expect(ticketNumberFromSubject(`Re: ${tag} anything`)).toBe(tag.slice(1, -1));
        },
      ),
    );
  });
});
