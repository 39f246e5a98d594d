// An HTML-only message as plain text for a comment: sanitised (no script, style or hidden content survives), block
// elements turned into line breaks, entities decoded, blank runs collapsed.
import sanitizeHtml from 'sanitize-html';

const BLOCKS = /<\s*\/?\s*(?:p|div|br|li|tr|h[1-6]|blockquote|table|ul|ol|hr)\b[^>]*>/gi;

export function htmlToText(html: string): string {
  const marked = html.replace(BLOCKS, (tag) => {
    if (/^<\s*li\b/i.test(tag)) return '\n- ';
    return /^<\s*\/\s*li\b/i.test(tag) ? '' : '\n';
  });
  const text = sanitizeHtml(marked, {
    allowedTags: [],
    allowedAttributes: {},
    nonTextTags: ['style', 'script', 'textarea', 'option', 'noscript', 'head', 'title'],
  });
  return decodeEntities(text)
    .replace(/[ \t\u00a0]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' || e[1] === 'X' ? Number.parseInt(e.slice(2), 16) : Number(e.slice(1));
      return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : whole;
    }
    return NAMED[e.toLowerCase()] ?? whole;
  });
}
