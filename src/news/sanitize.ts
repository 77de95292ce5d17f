import sanitizeHtml from 'sanitize-html';

/** The HTML an article body may hold. Everything else (scripts, handlers, styles, javascript: URLs) is dropped. */
const options: sanitizeHtml.IOptions = {
  allowedTags: [
    'p',
    'br',
    'h2',
    'h3',
    'h4',
    'strong',
    'b',
    'em',
    'i',
    'u',
    's',
    'ul',
    'ol',
    'li',
    'blockquote',
    'a',
    'figure',
    'figcaption',
    'img',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
    'span',
    'div',
  ],
  allowedAttributes: {
    a: ['href', 'title'],
    img: ['src', 'alt', 'width', 'height', 'loading', 'srcset', 'sizes'],
    figure: ['class'],
    div: ['class', 'role', 'aria-label'],
    span: ['class'],
    td: ['colspan', 'rowspan'],
    th: ['colspan', 'rowspan'],
  },
  allowedClasses: { figure: ['photo', 'photo-missing'], div: ['photo-placeholder'], span: ['photo-name'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['http', 'https'] },
  allowProtocolRelative: false,
  transformTags: {
    a: sanitizeHtml.simpleTransform('a', { rel: 'noopener nofollow' }),
    // The editor's attachments (and pasted pages) become the site's own figure markup.
    figure: (tagName, attribs) => ({
      tagName,
      attribs: attribs.class?.split(/\s+/).includes('photo-missing') ? { class: 'photo-missing' } : { class: 'photo' },
    }),
  },
  // Photos are served by the site only: no hot-linking, nothing the page's CSP would block.
  exclusiveFilter: (frame) => frame.tag === 'img' && !/^\/media\/[0-9a-f]{64}\/(thumb|large)\.jpg$/.test(frame.attribs.src ?? ''),
};

export function sanitizeArticleHtml(html: string): string {
  return sanitizeHtml(html, { ...options, allowedAttributes: { ...options.allowedAttributes, a: ['href', 'title', 'rel'] } });
}

/** Plain text of an HTML fragment, for search and summaries. */
export function htmlToText(html: string): string {
  return sanitizeHtml(html.replace(/<\/(p|h[2-4]|li|figcaption|blockquote|tr)>/g, '$&\n'), { allowedTags: [], allowedAttributes: {} })
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/[ \t]+/g, ' ')
    .replace(/\n\s*/g, '\n')
    .trim();
}
