// The new words of a reply: the quoted history (Outlook's header block, Gmail's and Apple Mail's "On … wrote:",
// ">" lines) and the signature are cut, so a ticket's comments do not repeat the whole conversation each time.

const OUTLOOK_SEPARATOR =
  /^\s*-{2,}\s*(?:Original Message|Original message|Message d'origine|Ursprüngliche Nachricht)\s*-{2,}\s*$/i;
const UNDERSCORES = /^\s*_{10,}\s*$/;
const HEADER_FROM = /^\s*\*?(?:From|De|Von|Van)\s*:\*?\s+\S/i;
const HEADER_SENT = /^\s*\*?(?:Sent|Date|Envoyé|Gesendet|Verzonden)\s*:\*?\s+\S/i;
const WROTE = /(?:wrote|a écrit|schrieb|schreef|escribió)\s*:\s*$/i;
const ON_LINE = /^\s*(?:On|Le|Am|Op|El)\s+\S/i;
const SIGNATURE_DELIMITER = /^-- ?$/;
const DEVICE_SIGNATURE =
  /^\s*(?:Sent from my (?:iPhone|iPad|Android|mobile device|BlackBerry|Samsung.*)|Get Outlook for (?:iOS|Android)|Sent from (?:Mail|Outlook) for (?:Windows|iOS|Android).*|Sent from Outlook)\s*$/i;

/** Where the quoted history starts (a line index), or the number of lines when nothing is quoted. */
function quoteStart(lines: string[]): number {
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (OUTLOOK_SEPARATOR.test(line)) return i;
    if (UNDERSCORES.test(line) && lines.slice(i + 1, i + 3).some((l) => HEADER_FROM.test(l))) return i;
    if (HEADER_FROM.test(line) && lines.slice(i + 1, i + 5).some((l) => HEADER_SENT.test(l))) return i;
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
  const sig = kept.findIndex((l) => SIGNATURE_DELIMITER.test(l));
  if (sig >= 0) kept = kept.slice(0, sig);
  kept = kept.filter((l) => !DEVICE_SIGNATURE.test(l));
  const result = kept.join('\n').trim();
  return result || text.trim();
}
