// Article bodies are Markdown written by staff; they are rendered to HTML and then sanitised with an allow-list,
// so a hostile or careless body (script tags, event handlers, javascript: links, raw HTML) renders inert.
import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';

// html: false — raw HTML in the Markdown is shown as text, never passed through; the sanitiser is a second wall.
const md = new MarkdownIt({ html: false, linkify: true, breaks: false });

const SANITISE: sanitizeHtml.IOptions = {
  allowedTags: [
    'h1',
    'h2',
    'h3',
    'h4',
    'h5',
    'h6',
    'p',
    'br',
    'hr',
    'ul',
    'ol',
    'li',
    'strong',
    'em',
    'code',
    'pre',
    'blockquote',
    'a',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
    's',
    'del',
    'kbd',
  ],
  allowedAttributes: { a: ['href', 'title', 'rel', 'target'], ol: ['start'], th: ['style'], td: ['style'] },
  allowedStyles: { th: { 'text-align': [/^(left|right|center)$/] }, td: { 'text-align': [/^(left|right|center)$/] } },
  allowedSchemes: ['http', 'https', 'mailto', 'tel'],
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  transformTags: {
    a: (tagName, attribs) => ({
      tagName,
      attribs: { ...attribs, rel: 'noopener noreferrer nofollow', target: '_blank' },
    }),
  },
};

/** Markdown → safe HTML. */
export function renderMarkdown(markdown: string): string {
  return sanitizeHtml(md.render(markdown), SANITISE);
}

/** Only sanitises (for HTML from elsewhere, e.g. search snippets with <mark>). */
export function sanitiseSnippet(html: string): string {
  return sanitizeHtml(html, { allowedTags: ['mark'], allowedAttributes: {} });
}

/** Markdown → plain text for a ticket reply: list numbers kept, emphasis and links flattened, no HTML. */
export function markdownToPlain(markdown: string): string {
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  const out: string[] = [];
  for (const raw of lines) {
    let line = raw
      .replace(/^#{1,6}\s+/, '')
      .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/\[([^\]]+)\]\(([^)\s]+)[^)]*\)/g, (_m, text: string, href: string) =>
        /^https?:|^mailto:|^tel:/i.test(href) ? `${text} (${href})` : text,
      )
      .replace(/(\*\*|__)(.+?)\1/g, '$2')
      .replace(/(\*|_)(\S.*?)\1/g, '$2')
      .replace(/`([^`]+)`/g, '$1')
      .replace(/^\s*[-*+]\s+/, '• ')
      .replace(/^>\s?/, '');
    line = sanitizeHtml(line, { allowedTags: [], allowedAttributes: {} })
      .replace(/&amp;/g, '&')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'");
    out.push(line.trimEnd());
  }
  return out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/**
 * The part of an article a clinician needs in a reply: the section headed "Steps" (or "Workaround", "What to do"),
 * else the whole body. Returned as plain text.
 */
export function stepsOf(markdown: string): string {
  const text = markdown.replace(/\r\n?/g, '\n');
  const heading = /^#{1,6}\s+(steps|what to do|workaround|how to|fix|do this)\b.*$/im.exec(text);
  if (!heading) return markdownToPlain(text);
  const rest = text.slice(heading.index + heading[0].length);
  const next = /^#{1,6}\s+/m.exec(rest);
  return markdownToPlain(next ? rest.slice(0, next.index) : rest);
}

/** The reply an agent sends when using an article on a ticket. */
export function replyFromArticle(a: { number: string; title: string; body: string }): string {
  return `${a.title} (${a.number})\n\n${stepsOf(a.body)}`;
}
