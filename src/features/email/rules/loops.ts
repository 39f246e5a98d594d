// Mail that no person wrote: auto-replies (out of office), bulk and list mail, and bounces (delivery status
// notifications). Never answered — answering an auto-responder is how two of them loop forever.
export type AutomatedKind = 'auto_reply' | 'bulk' | 'bounce';

/** Header names lower-cased; values as strings (first value when repeated). */
export type HeaderView = {
  get(name: string): string | undefined;
  contentType: string;
  /** The report-type parameter of a multipart/report (RFC 6522), when present. */
  reportType?: string | undefined;
  /** The envelope sender (MAIL FROM); empty for a bounce ("<>"). */
  envelopeFrom?: string | undefined;
  fromAddress?: string | undefined;
};

export function automatedKind(h: HeaderView): AutomatedKind | null {
  const ct = h.contentType.toLowerCase();
  if (ct === 'multipart/report' && /delivery-status/i.test(h.reportType ?? '')) return 'bounce';
  if (ct === 'message/delivery-status') return 'bounce';
  if (h.envelopeFrom === '' && isMailerDaemon(h.fromAddress)) return 'bounce';
  if (
    isMailerDaemon(h.fromAddress) &&
    /undeliver|delivery status|returned mail|failure notice/i.test(h.get('subject') ?? '')
  )
    return 'bounce';
  const autoSubmitted = (h.get('auto-submitted') ?? '').trim().toLowerCase();
  if (autoSubmitted && autoSubmitted !== 'no') return 'auto_reply';
  if (h.get('x-autoreply') !== undefined || h.get('x-autorespond') !== undefined) return 'auto_reply';
  // Exchange marks mail its inbox rules sent (out-of-office, forwarding rules).
  if (h.get('x-ms-exchange-inbox-rules-loop') !== undefined) return 'auto_reply';
  const precedence = (h.get('precedence') ?? '').trim().toLowerCase();
  if (precedence === 'auto_reply') return 'auto_reply';
  if (['bulk', 'junk', 'list'].includes(precedence)) return 'bulk';
  if (h.get('list-id') !== undefined || h.get('list-unsubscribe') !== undefined) return 'bulk';
  return null;
}

function isMailerDaemon(address: string | undefined): boolean {
  return /^(mailer-daemon|postmaster)@/i.test(address ?? '');
}
