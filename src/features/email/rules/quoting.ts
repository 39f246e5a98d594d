// The new words of a reply: the quoted history (Outlook's "Original Message" separator and From/Sent/To/Subject
// header block, its line of underscores, Gmail's and Apple Mail's "On … wrote:", ">" lines) and the signature (the
// "-- " delimiter, "Sent from my iPhone" and "Get Outlook for iOS", a confidentiality disclaimer) are cut, so a
// ticket's comments do not repeat the whole conversation each time. Anything less certain is kept: a line that only
// looks like a header ("From: 4 West") or a quote in the middle of the reply stays.

const OUTLOOK_SEPARATOR =
  /^\s*-{2,}\s*(?:Original Message|Original message|Message d'origine|Ursprüngliche Nachricht|Oorspronkelijk bericht|Mensaje original)\s*-{2,}\s*$/i;
const UNDERSCORES = /^\s*_{10,}\s*$/;
const HEADER_FROM = /^\s*\*?(?:From|De|Von|Van)\s*:\*?\s+\S/i;
const HEADER_SENT = /^\s*\*?(?:Sent|Date|Envoyé|Gesendet|Verzonden|Enviado)\s*:\*?\s+\S/i;
const HEADER_TO = /^\s*\*?(?:To|Cc|Subject|À|A|Objet|An|Betreff|Aan|Onderwerp|Para|Asunto)\s*:/i;
/** Outlook's header block flattened onto one line by an HTML-to-text conversion. */
const HEADER_ONE_LINE = /^\s*\*?From:\*?\s.+\s\*?Sent:\*?\s.+\s\*?To:\*?\s.+\s\*?Subject:/i;
const WROTE = /(?:wrote|a écrit|schrieb|schreef|escribió)\s*:\s*$/i;
const ON_LINE = /^\s*(?:On|Le|Am|Op|El)\s+\S/i;
const SIGNATURE_DELIMITER = /^-- ?$/;
const DEVICE_SIGNATURE =
  /^\s*(?:Sent from my (?:iPhone|iPad|Android|mobile device|BlackBerry|Galaxy|Samsung.*|Verizon.*|T-Mobile.*)|Sent via the Samsung .*|Sent from Yahoo Mail (?:for|on) .*|Get Outlook for (?:iOS|Android)|Sent from (?:Mail|Outlook) for (?:Windows|iOS|Android|Mac).*|Sent from Outlook(?: for (?:iOS|Android|Mac))?)\s*(?:<https?:\/\/[^>\s]*>)?\s*$/i;
/** The start of a mail system's confidentiality footer (hospitals add one to every message). */
const DISCLAIMER =
  /^\s*(?:\*+\s*)?(?:CONFIDENTIALITY NOTICE|Confidentiality Notice|CONFIDENTIAL(?:ITY)?:|This (?:e-?mail|message|communication)(?: and any (?:attachments|files)(?: transmitted with it)?| \(including any attachments\)|, including any attachments,)? (?:is|are|may contain|contains) (?:confidential|privileged|intended (?:only|solely)))/i;

/** An Outlook header block starts here: From, then Sent (or Date) and To (or Subject, Cc) within the next lines. */
function outlookHeaderAt(lines: string[], i: number): boolean {
  const line = lines[i] ?? '';
  if (HEADER_ONE_LINE.test(line)) return true;
  if (!HEADER_FROM.test(line)) return false;
  const next = lines.slice(i + 1, i + 6);
  return next.some((l) => HEADER_SENT.test(l)) && next.some((l) => HEADER_TO.test(l));
}

/** Where the quoted history starts (a line index), or the number of lines when nothing is quoted. */
function quoteStart(lines: string[]): number {
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (OUTLOOK_SEPARATOR.test(line)) return i;
    if (UNDERSCORES.test(line) && lines.slice(i + 1, i + 3).some((_l, k) => outlookHeaderAt(lines, i + 1 + k)))
      return i;
    if (outlookHeaderAt(lines, i)) return i;
    if (ON_LINE.test(line)) {
      // Gmail wraps a long "On …, Name <address> wrote:" over two or three lines.
      for (let k = i; k < Math.min(i + 3, lines.length); k++) {
        const l = lines[k] ?? '';
        if (WROTE.test(l)) return i;
        if (!l.trim()) break;
      }
    }
    if (line.startsWith('>') && lines.slice(i).every((l) => !l.trim() || l.startsWith('>'))) return i;
  }
  return lines.length;
}

/** The reply's own words: quoted history and signature removed; the whole text when nothing new would be left. */
export function stripQuotedReply(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  let kept = lines.slice(0, quoteStart(lines));
  const sig = kept.findIndex((l) => SIGNATURE_DELIMITER.test(l) || DISCLAIMER.test(l));
  if (sig >= 0) kept = kept.slice(0, sig);
  kept = kept.filter((l) => !DEVICE_SIGNATURE.test(l));
  const result = kept.join('\n').trim();
  return result || text.trim();
}
