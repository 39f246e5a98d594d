import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { htmlToText } from './html.ts';
import { automatedKind, type HeaderView } from './loops.ts';
import { stripQuotedReply } from './quoting.ts';
import { answersRefusal, refusalReason, refusedSenderRole } from './senders.ts';
import { sensitiveRequest } from './sensitive.ts';
import { DEFAULT_STORM, stormDecision } from './storm.ts';
import {
  cleanSubject,
  isForwardSubject,
  messageIdsIn,
  ticketIdFromReferences,
  ticketNumberFromSubject,
} from './threading.ts';

const TICKET = '0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
const DELIVERY = '0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a99';

import { rawRetention, retentionCutoff } from './retention.ts';

describe('threading', () => {
  it('finds the ticket in a reply to a notification (In-Reply-To carries the delivery)', () => {
    const ref = ticketIdFromReferences(messageIdsIn(`<ticket-${TICKET}.${DELIVERY}@desk.example.org>`), []);
    expect(ref).toEqual({ ticketId: TICKET, deliveryId: DELIVERY });
  });

  it('finds the ticket in References when In-Reply-To names someone else’s message', () => {
    const refs = messageIdsIn(`<abc@mail.gmail.com>\r\n <ticket-${TICKET}@desk.example.org> <x@y>`);
    expect(ticketIdFromReferences(messageIdsIn('<other@outlook.com>'), refs)).toEqual({
      ticketId: TICKET,
      deliveryId: null,
    });
  });

  it('ignores message ids that only look like the desk’s', () => {
    expect(ticketIdFromReferences(['<ticket-123@desk>'], ['<ticket-not-a-uuid@desk>'])).toBeNull();
  });

  it('reads the ticket number in a subject', () => {
    expect(ticketNumberFromSubject('RE: [CSD-000123] Printer on 4 West')).toBe(123);
    expect(ticketNumberFromSubject('Re: AW: [csd-1234567] x')).toBe(1234567);
    expect(ticketNumberFromSubject('CSD-000123 without brackets')).toBeNull();
  });

  it('cleans a subject of reply prefixes, the tag and control characters', () => {
    expect(cleanSubject('RE: Fwd: [CSD-000123] Printer\u0007 jammed')).toBe('Printer jammed');
    expect(isForwardSubject('FW: printer')).toBe(true);
    expect(isForwardSubject('Re: FW: printer')).toBe(false);
  });

  it('never throws and finds any ticket id embedded among random ids (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.string()), fc.uuid(), fc.nat(5), (noise, uuid, at) => {
        const ids = noise.map((n) => `<${n.replace(/[<>\s]/g, 'x') || 'a'}@h>`);
        ids.splice(Math.min(at, ids.length), 0, `<ticket-${uuid}@desk.example.org>`);
        const found = ticketIdFromReferences([], messageIdsIn(ids.join(' ')));
        expect(found?.ticketId).toBe(uuid.toLowerCase());
      }),
    );
  });

  it('reads back any number written as a subject tag (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 999_999_999 }), fc.string(), (n, rest) => {
        const subject = `Re: [CSD-${String(n).padStart(6, '0')}] ${rest}`;
        expect(ticketNumberFromSubject(subject)).toBe(n);
      }),
    );
  });
});

function headers(h: Record<string, string>, contentType = 'text/plain', extra: Partial<HeaderView> = {}): HeaderView {
  const lower = Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v]));
  return { get: (n) => lower[n.toLowerCase()], contentType, ...extra };
}

describe('loops: mail no person wrote', () => {
  it('recognises an out-of-office by Auto-Submitted, X-Autoreply and Precedence', () => {
    expect(automatedKind(headers({ 'Auto-Submitted': 'auto-replied' }))).toBe('auto_reply');
    expect(automatedKind(headers({ 'X-Autoreply': 'yes' }))).toBe('auto_reply');
    expect(automatedKind(headers({ Precedence: 'auto_reply' }))).toBe('auto_reply');
    expect(automatedKind(headers({ 'X-MS-Exchange-Inbox-Rules-Loop': 'nurse@h.org' }))).toBe('auto_reply');
  });

  it('recognises bulk and list mail', () => {
    for (const p of ['bulk', 'junk', 'list', ' Bulk ']) expect(automatedKind(headers({ Precedence: p }))).toBe('bulk');
    expect(automatedKind(headers({ 'List-Id': '<x.lists>' }))).toBe('bulk');
  });

  it('recognises a delivery status notification', () => {
    expect(automatedKind(headers({}, 'multipart/report', { reportType: 'delivery-status' }))).toBe('bounce');
    expect(automatedKind(headers({}, 'text/plain', { envelopeFrom: '', fromAddress: 'MAILER-DAEMON@mx' }))).toBe(
      'bounce',
    );
  });

  it('lets a person’s mail through, including Auto-Submitted: no', () => {
    expect(automatedKind(headers({ 'Auto-Submitted': 'no', Subject: 'Printer' }))).toBeNull();
    expect(automatedKind(headers({ 'X-Auto-Response-Suppress': 'All' }))).toBeNull();
  });

  it('any non-"no" Auto-Submitted value is automated (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }).filter((s) => s.trim() !== '' && s.trim().toLowerCase() !== 'no'),
        (v) => {
          expect(automatedKind(headers({ 'Auto-Submitted': v }))).not.toBeNull();
        },
      ),
    );
  });
});

describe('quoting: the reply’s own words', () => {
  it('cuts Outlook’s header block', () => {
    const text = [
      'Thanks, the printer works again.',
      '',
      'Maria',
      '',
      '________________________________',
      'From: Clinical Service Desk <desk@hospital.org>',
      'Sent: Tuesday, December 1, 2026 10:02 AM',
      'To: Maria Lopez <maria.lopez@hospital.org>',
      'Subject: [CSD-001234] Printer',
      '',
      'Your ticket has a reply.',
    ].join('\r\n');
    expect(stripQuotedReply(text)).toBe('Thanks, the printer works again.\n\nMaria');
  });

  it('cuts Outlook’s "Original Message" separator', () => {
    const text = 'Still broken.\n\n-----Original Message-----\nFrom: desk\nSent: today\n\nold';
    expect(stripQuotedReply(text)).toBe('Still broken.');
  });

  it('cuts Gmail’s wrapped "On … wrote:" and the quote', () => {
    const text = [
      'It happened again at 14:00.',
      '',
      'On Tue, Dec 1, 2026 at 10:02 AM Clinical Service Desk <',
      'desk@hospital.org> wrote:',
      '',
      '> Your ticket has a reply.',
      '>',
    ].join('\n');
    expect(stripQuotedReply(text)).toBe('It happened again at 14:00.');
  });

  it('cuts Apple Mail’s quote and "Sent from my iPhone"', () => {
    const text = [
      'Yes please call me on the unit.',
      '',
      'Sent from my iPhone',
      '',
      'On 1 Dec 2026, at 10:02, Clinical Service Desk <desk@hospital.org> wrote:',
      '',
      '> Your ticket has a reply.',
    ].join('\n');
    expect(stripQuotedReply(text)).toBe('Yes please call me on the unit.');
  });

  it('cuts a signature after "-- "', () => {
    expect(stripQuotedReply('Works now.\n-- \nDr A. Patel\nCardiology ext 4411')).toBe('Works now.');
  });

  it('cuts a reply from Outlook for Windows: its own words kept, "-----Original Message-----" and all below cut', () => {
    const text = [
      'Hi,',
      '',
      'The label printer in 4 West med room is still printing blank wristbands after the restart.',
      'Can someone come up before 3pm?',
      '',
      'Thanks',
      'Rosa',
      '',
      '-----Original Message-----',
      "From: St Mary's Service Desk <servicedesk@stmarys.example>",
      'Sent: Tuesday, December 1, 2026 9:14 AM',
      'To: Delgado, Rosa <rosa.delgado@stmarys.example>',
      'Subject: [CSD-000123] Your ticket CSD-000123 has a reply',
      '',
      'Your ticket CSD-000123 has a reply.',
      'Open it here: https://desk.stmarys.example/portal/tickets/CSD-000123',
    ].join('\r\n');
    expect(stripQuotedReply(text)).toBe(
      'Hi,\n\nThe label printer in 4 West med room is still printing blank wristbands after the restart.\nCan someone come up before 3pm?\n\nThanks\nRosa',
    );
  });

  it('cuts Outlook on the web: the line of underscores, the bold header block, and a German Outlook header', () => {
    const web = [
      'Restarted, same error.',
      '',
      '________________________________',
      "*From:* St Mary's Service Desk <servicedesk@stmarys.example>",
      '*Sent:* 01 December 2026 09:14',
      '*To:* Rosa Delgado <rosa.delgado@stmarys.example>',
      '*Cc:* 4 West Charge Nurse <4west.charge@stmarys.example>',
      '*Subject:* [CSD-000123] Your ticket has a reply',
      '',
      'Your ticket CSD-000123 has a reply.',
    ].join('\n');
    expect(stripQuotedReply(web)).toBe('Restarted, same error.');
    const german = [
      'Geht wieder, danke!',
      '',
      "Von: St Mary's Service Desk <servicedesk@stmarys.example>",
      'Gesendet: Dienstag, 1. Dezember 2026 09:14',
      'An: Anna Weber <a.weber@stmarys.example>',
      'Betreff: [CSD-000124] Ihr Ticket',
    ].join('\n');
    expect(stripQuotedReply(german)).toBe('Geht wieder, danke!');
    const flattened =
      'Fixed after the update.\n\nFrom: Service Desk <desk@stmarys.example> Sent: Tuesday, December 1, 2026 9:14 AM To: Rosa Subject: [CSD-000123] reply';
    expect(stripQuotedReply(flattened)).toBe('Fixed after the update.');
  });

  it('cuts the mobile signatures of Outlook for iOS and Android, and of phones, wherever they sit', () => {
    expect(
      stripQuotedReply(
        'Yes, ok to remote in now.\n\nGet Outlook for iOS<https://aka.ms/o0ukef>\n________________________________\nFrom: Service Desk <desk@stmarys.example>\nSent: Tuesday, December 1, 2026 9:14:02 AM\nTo: Dr Osei <s.osei@stmarys.example>\nSubject: RE: [CSD-000125] Dictation',
      ),
    ).toBe('Yes, ok to remote in now.');
    expect(stripQuotedReply('Calling you back in 5.\n\nGet Outlook for Android')).toBe('Calling you back in 5.');
    expect(stripQuotedReply('On my way to 5 North.\n\nSent from my Galaxy')).toBe('On my way to 5 North.');
    expect(stripQuotedReply('Thanks\nSent from my iPad')).toBe('Thanks');
  });

  it('cuts a signature after "--" and a hospital confidentiality footer, keeping the name above it', () => {
    expect(stripQuotedReply('Works now.\n--\nDr A. Patel\nCardiology ext 4411')).toBe('Works now.');
    const footer = [
      'Please reset the scanner profile on WOW-4W-07.',
      '',
      'Rosa Delgado, RN',
      '4 West | ext 4412',
      '',
      'CONFIDENTIALITY NOTICE: This e-mail, including any attachments, is for the sole use of the intended',
      'recipient(s) and may contain confidential and privileged information.',
    ].join('\n');
    expect(stripQuotedReply(footer)).toBe(
      'Please reset the scanner profile on WOW-4W-07.\n\nRosa Delgado, RN\n4 West | ext 4412',
    );
    expect(
      stripQuotedReply(
        'Still down.\n\nThis message and any attachments are confidential and intended solely for the addressee.',
      ),
    ).toBe('Still down.');
  });

  it('keeps legitimate lines that only look like headers, signatures or quotes', () => {
    // A nurse describing a handover: "From:" and "Date:" lines, but no To or Subject: not a header block.
    const handover = [
      'The transfer order prints twice.',
      'From: 4 West nurses station',
      'Date: every shift change since Monday',
      'Printer: 4W-MED-01',
      '',
      'It says "Sent from my iPhone" in the footer of the printout, odd.',
    ].join('\n');
    expect(stripQuotedReply(handover)).toBe(handover);
    // An inline answer below a quoted line is the sender's own words, not history.
    const inline =
      '> Which workstation?\nWOW-4W-07, the one by bed 12.\n> And the error?\nNothing shows, it just freezes.';
    expect(stripQuotedReply(inline)).toBe(inline);
    // "Original message" in a sentence is not Outlook's separator; nor is a short dashed line in a list.
    const prose = 'The original message from pharmacy was lost.\n- step 1: sign in\n- step 2: scan';
    expect(stripQuotedReply(prose)).toBe(prose);
  });

  it('keeps the whole text when nothing new would be left', () => {
    expect(stripQuotedReply('> only a quote\n> nothing else')).toBe('> only a quote\n> nothing else');
  });

  it('keeps text with no quote as it is, and never grows a message (property)', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const out = stripQuotedReply(s);
        expect(out.length).toBeLessThanOrEqual(s.replace(/\r\n?/g, '\n').trim().length || s.trim().length);
      }),
    );
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[a-zA-Z0-9 ,.]{1,40}$/), { minLength: 1 }), (lines) => {
        const text = lines.join('\n').trim();
        fc.pre(text.length > 0 && !/^\s*(On|Le|Am|Op|El)\s/i.test(text) && !/^-- ?$/m.test(text));
        expect(stripQuotedReply(text)).toBe(text);
      }),
    );
  });
});

describe('sensitive requests never authorised by email', () => {
  it.each([
    ['Password reset', 'Please reset my password, I am locked out'],
    ['MFA', 'I got a new phone, can you reset my MFA?'],
    ['Access', 'Please grant access to the ED tracking board for Dr Kim'],
    ['Help', 'My account is locked'],
  ])('flags "%s: %s"', (subject, body) => {
    expect(sensitiveRequest(subject, body)).toBe('credential_or_access');
  });

  it('does not flag an ordinary printer problem', () => {
    expect(sensitiveRequest('Printer', 'The wristband printer on 4 West prints blank labels')).toBeNull();
  });
});

describe('senders whose mail is refused', () => {
  it('refuses vendor engineers and integration accounts, and takes every other role and no account', () => {
    expect(refusedSenderRole('vendor')).toBe('vendor');
    expect(refusedSenderRole('integration')).toBe('integration');
    for (const role of ['requester', 'agent', 'analyst', 'engineer', 'manager', 'admin'] as const)
      expect(refusedSenderRole(role)).toBeNull();
    expect(refusedSenderRole(null)).toBeNull();
    expect(refusedSenderRole(undefined)).toBeNull();
  });

  it('answers only the first refused message of a sender in the window, however many follow', () => {
    expect(answersRefusal(0)).toBe(true);
    fc.assert(fc.property(fc.integer({ min: 1, max: 10_000 }), (earlier) => !answersRefusal(earlier)));
  });

  it('says who sent it and whether they were answered, without the message', () => {
    expect(refusalReason('vendor', true, 10)).toMatch(
      /^Sent by a vendor engineer: .* asked, once, to reply in Clinidesk\.$/,
    );
    expect(refusalReason('integration', false, 10)).toContain('within 10 minutes');
  });
});

describe('storm decision', () => {
  it('opens tickets normally up to the storm threshold', () => {
    for (let n = 1; n <= DEFAULT_STORM.stormThreshold; n++)
      expect(stormDecision({ receivedInWindow: n, recentEmailTicket: 't' })).toEqual({ kind: 'normal' });
  });

  it('folds messages past the threshold into the latest ticket, marking the first of the storm', () => {
    const n = DEFAULT_STORM.stormThreshold + 1;
    expect(stormDecision({ receivedInWindow: n, recentEmailTicket: 't' })).toEqual({
      kind: 'fold',
      ticketId: 't',
      firstOfStorm: true,
    });
    expect(stormDecision({ receivedInWindow: n + 1, recentEmailTicket: 't' })).toMatchObject({ firstOfStorm: false });
  });

  it('adds the same subject again to the ticket it opened, whatever the count', () => {
    expect(stormDecision({ receivedInWindow: 2, recentEmailTicket: 'a', sameSubjectTicket: 'b' })).toEqual({
      kind: 'fold',
      ticketId: 'b',
      firstOfStorm: false,
    });
  });

  it('never opens a ticket past the threshold when one exists, and never writes past the rate limit (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 500 }), fc.option(fc.uuid()), (n, recent) => {
        const d = stormDecision({ receivedInWindow: n, recentEmailTicket: recent });
        if (n > DEFAULT_STORM.rateLimit) expect(d.kind).toBe('rate_limited');
        else if (n > DEFAULT_STORM.stormThreshold && recent) expect(d.kind).toBe('fold');
        else expect(d.kind).toBe('normal');
      }),
    );
  });
});

describe('HTML to text', () => {
  it('keeps the words and line breaks, drops scripts, styles and tags, decodes entities', () => {
    const html =
      '<html><head><style>p{color:red}</style><title>x</title></head><body><p>Scanner on 5&nbsp;East&#39;s cart</p>' +
      '<script>alert(1)</script><ul><li>beeps</li><li>no scan &amp; no light</li></ul><img src=x onerror=alert(1)></body></html>';
    expect(htmlToText(html)).toBe("Scanner on 5 East's cart\n\n- beeps\n- no scan & no light");
  });

  it('never lets markup through, whatever the input (property)', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        const out = htmlToText(`<div>${a}</div><script>${b}</script><b onclick="x">${a}</b>`);
        expect(out).not.toMatch(/<script|<div|<b /i);
      }),
    );
  });
});

describe('raw message retention', () => {
  const now = new Date('2026-12-01T12:00:00Z');
  const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);

  it('keeps a raw message for the period, then purges it; a quarantined one is discarded with it', () => {
    const m = { state: 'processed' as const, receivedAt: daysAgo(29), rawPurgedAt: null };
    expect(rawRetention(m, now, 30)).toBe('keep');
    expect(rawRetention({ ...m, receivedAt: daysAgo(30) }, now, 30)).toBe('purge');
    expect(rawRetention({ ...m, state: 'ignored', receivedAt: daysAgo(90) }, now, 30)).toBe('purge');
    expect(rawRetention({ ...m, state: 'quarantined', receivedAt: daysAgo(31) }, now, 30)).toBe('purge_and_discard');
  });

  it('never purges a message still waiting to be processed, nor one already purged', () => {
    expect(rawRetention({ state: 'received', receivedAt: daysAgo(400), rawPurgedAt: null }, now, 30)).toBe('keep');
    expect(rawRetention({ state: 'processed', receivedAt: daysAgo(400), rawPurgedAt: daysAgo(300) }, now, 30)).toBe(
      'keep',
    );
  });

  it('purges exactly what is older than the period, whatever the period (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3650 }),
        fc.integer({ min: 0, max: 4000 * 86_400_000 }),
        fc.constantFrom('processed', 'ignored', 'quarantined', 'discarded', 'received') as fc.Arbitrary<
          'processed' | 'ignored' | 'quarantined' | 'discarded' | 'received'
        >,
        (days, ageMs, state) => {
          const receivedAt = new Date(now.getTime() - ageMs);
          const verdict = rawRetention({ state, receivedAt, rawPurgedAt: null }, now, days);
          const old = receivedAt.getTime() <= retentionCutoff(now, days).getTime();
          expect(verdict === 'keep').toBe(!old || state === 'received');
        },
      ),
    );
  });
});
