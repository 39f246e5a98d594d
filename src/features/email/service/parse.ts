// A raw message read with mailparser into what the intake decides on: sender, subject, threading headers, the text
// (plain, or HTML sanitised to text), forwarded messages and attachments.
import { type Attachment, type HeaderValue, simpleParser } from 'mailparser';
import { htmlToText } from '../rules/html.ts';
import type { HeaderView } from '../rules/loops.ts';
import { printable } from '../rules/text.ts';
import { messageIdsIn } from '../rules/threading.ts';

export type ParsedMessage = {
  from: { address: string; name: string } | null;
  subject: string;
  inReplyTo: string[];
  references: string[];
  text: string;
  forwarded: { from: string; subject: string; text: string }[];
  attachments: { filename: string; contentType: string; data: Buffer }[];
  headers: HeaderView;
};

function headerString(v: HeaderValue | undefined): string | undefined {
  if (v === undefined) return undefined;
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return v.map(String).join(' ');
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'object' && 'value' in v) return String((v as { value: unknown }).value);
  if (typeof v === 'object' && 'text' in v) return String((v as { text: unknown }).text);
  return String(v);
}

/** The plain part when the message has one; else its HTML, sanitised to text (not mailparser's own conversion). */
function textOf(mail: { text?: string | undefined; html?: string | false | undefined }, hasPlainPart: boolean): string {
  const plain = hasPlainPart ? mail.text?.trim() : '';
  if (plain) return printable(plain);
  if (mail.html) return printable(htmlToText(mail.html));
  return printable(mail.text?.trim() ?? '');
}

function hasPlainPart(raw: Buffer, topType: string | undefined): boolean {
  if (!topType || topType === 'text/plain') return true;
  return /^content-type:\s*text\/plain/im.test(raw.toString('latin1'));
}

export async function parseMessage(raw: Buffer, envelopeFrom?: string): Promise<ParsedMessage> {
  const mail = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true, maxHtmlLengthToParse: 2_000_000 });
  const sender = mail.from?.value.find((a) => a.address);
  const ct = mail.headers.get('content-type') as { value?: string; params?: Record<string, string> } | undefined;
  const forwarded: ParsedMessage['forwarded'] = [];
  const attachments: ParsedMessage['attachments'] = [];
  for (const a of mail.attachments as Attachment[]) {
    if (a.contentType === 'message/rfc822') {
      const inner = await simpleParser(a.content).catch(() => null);
      if (inner)
        forwarded.push({
          from: printable(inner.from?.text ?? ''),
          subject: printable(inner.subject ?? ''),
          text: textOf(
            inner,
            hasPlainPart(a.content, (inner.headers.get('content-type') as { value?: string } | undefined)?.value),
          ),
        });
      continue;
    }
    attachments.push({
      filename: printable(a.filename ?? 'attachment')
        .replace(/[/\\]/g, '_')
        .slice(0, 200),
      contentType: a.contentType,
      data: a.content,
    });
  }
  return {
    from: sender?.address
      ? { address: printable(sender.address.toLowerCase()).trim(), name: printable(sender.name ?? '').trim() }
      : null,
    subject: printable(mail.subject ?? ''),
    inReplyTo: messageIdsIn(mail.inReplyTo),
    references: messageIdsIn(mail.references),
    text: textOf(mail, hasPlainPart(raw, ct?.value?.toLowerCase())),
    forwarded,
    attachments,
    headers: {
      get: (name) => headerString(mail.headers.get(name.toLowerCase())),
      contentType: (ct?.value ?? 'text/plain').toLowerCase(),
      reportType: ct?.params?.['report-type'],
      envelopeFrom,
      fromAddress: sender?.address,
    },
  };
}
