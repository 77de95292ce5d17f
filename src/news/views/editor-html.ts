/**
 * The article body as the rich-text editor (Trix) holds it, and back.
 *
 * Trix writes every paragraph as a <div> (line breaks as <br>), keeps photos as attachment
 * <figure>s inside those divs, and only knows one heading level. The site stores
 * paragraphs as <p> and figures at the top level (sanitize.ts, figures.ts). These two
 * functions translate between the forms; sanitising stays the service's job.
 */
import { escapeHtml } from '../../lib/html.js';
import { figureHtml } from '../figure-html.js';
import { sanitizeArticleHtml } from '../sanitize.js';

/** Content type of the editor's stand-in for a photo the old page had but the site does not. */
export const PHOTO_MISSING_TYPE = 'application/vnd.congdoan.photo-missing';

const FIGURE = /<figure class="(photo|photo-missing)">([\s\S]*?)<\/figure>/g;
const IMAGE = /<img\b[^>]*\bsrc="(\/media\/[0-9a-f]{64}\/(?:thumb|large)\.jpg)"[^>]*>/;
const CAPTION = /<figcaption>([\s\S]*?)<\/figcaption>/;
const PHOTO_NAME = /<span class="photo-name">([\s\S]*?)<\/span>/;

const decodeText = (html: string) =>
  html
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
const numberAttr = (tag: string, name: string) => {
  const m = new RegExp(`\\b${name}="(\\d+)"`).exec(tag);
  return m ? Number(m[1]) : undefined;
};
const attachmentFigure = (attachment: object, caption: string) =>
  `<figure data-trix-attachment="${escapeHtml(JSON.stringify(attachment))}" data-trix-attributes="${escapeHtml(JSON.stringify(caption ? { caption } : {}))}"></figure>`;

/** A stored (sanitised) body as the editor loads it: photos become attachments with their captions. */
export function toEditorHtml(bodyHtml: string): string {
  return bodyHtml
    .replace(FIGURE, (_all, kind: string, inner: string) => {
      const caption = decodeText(CAPTION.exec(inner)?.[1] ?? '');
      const img = kind === 'photo' ? IMAGE.exec(inner) : null;
      if (img?.[1]) {
        return attachmentFigure(
          { contentType: 'image/jpeg', url: img[1], width: numberAttr(img[0], 'width'), height: numberAttr(img[0], 'height') },
          caption,
        );
      }
      const name = decodeText(PHOTO_NAME.exec(inner)?.[1] ?? '') || 'Ảnh';
      const content = `<div class="photo-placeholder" role="img" aria-label="${escapeHtml(name)}"><span class="photo-name">${escapeHtml(name)}</span></div>`;
      return attachmentFigure({ contentType: PHOTO_MISSING_TYPE, content }, caption);
    })
    .replace(/<(\/?)p>/g, '<$1div>')
    .replace(/<(\/?)h[34]>/g, '<$1h2>');
}

/** What the editor sent, as the site's article HTML: sanitised, paragraphs as <p>, figures at the top level. */
export function fromEditorHtml(editorHtml: string): string {
  const safe = sanitizeArticleHtml(plainSpaces(expandBareAttachments(editorHtml)).replace(/<(\/?)h1\b/gi, '<$1h2'));
  return parse(safe).map(normaliseTopLevel).map(serialise).join('');
}

/**
 * The editor keeps a space typed at the end of a run (before bold ends, say) as a no-break
 * space; a lone one is an ordinary space (for wrapping and search), a run of them is kept.
 */
function plainSpaces(html: string): string {
  return html.replace(/(?<!&nbsp;|\u00a0|\s)(?:&nbsp;|\u00a0)(?!&nbsp;|\u00a0|\s)/g, ' ');
}

const BARE_ATTACHMENT = /<figure\b([^>]*\bdata-trix-attachment="[^"]*"[^>]*)>\s*<\/figure>/g;
const MEDIA_URL = /^\/media\/([0-9a-f]{64})\/(?:thumb|large)\.jpg$/;

const decodeAttr = (value: string) =>
  value
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
function jsonAttr(attrs: string, name: string): Record<string, unknown> {
  const raw = new RegExp(`\\b${name}="([^"]*)"`).exec(attrs)?.[1];
  try {
    const value: unknown = raw ? JSON.parse(decodeAttr(raw)) : {};
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
const asText = (v: unknown) => (typeof v === 'string' ? v : '');
const asSize = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : undefined);

/**
 * Attachments as toEditorHtml writes them, still empty: what the form sends back when the
 * editor did not start (no JavaScript). They become the site's figures again, nothing lost.
 */
function expandBareAttachments(html: string): string {
  return html.replace(BARE_ATTACHMENT, (all, attrs: string) => {
    const attachment = jsonAttr(attrs, 'data-trix-attachment');
    const caption = asText(jsonAttr(attrs, 'data-trix-attributes').caption);
    const sha256 = MEDIA_URL.exec(asText(attachment.url))?.[1];
    if (sha256)
      return figureHtml({ sha256, width: asSize(attachment.width), height: asSize(attachment.height), sourceName: null, caption });
    if (attachment.contentType !== PHOTO_MISSING_TYPE) return all;
    const name = decodeText(PHOTO_NAME.exec(asText(attachment.content))?.[1] ?? '').replace(/^Ảnh:\s*/, '');
    return figureHtml({ sha256: null, sourceName: name || null, caption });
  });
}

// A small tree over sanitised HTML, whose tags and double-quoted attributes are known.

interface ElementNode {
  tag: string;
  open: string;
  children: HtmlNode[];
}
type HtmlNode = ElementNode | string;

const VOID_TAGS = new Set(['br', 'img']);
const INLINE_TAGS = new Set(['strong', 'b', 'em', 'i', 'u', 's', 'a', 'span', 'br']);
const TOKEN = /<(\/?)([a-z0-9]+)\b[^>]*>|[^<]+/g;

function parse(html: string): HtmlNode[] {
  const root: ElementNode = { tag: '', open: '', children: [] };
  const stack: ElementNode[] = [root];
  for (const m of html.matchAll(TOKEN)) {
    const parent = stack[stack.length - 1] ?? root;
    const [token, closing, tag] = m;
    if (!tag) parent.children.push(token);
    else if (closing) {
      const at = stack.map((e) => e.tag).lastIndexOf(tag);
      if (at > 0) stack.length = at;
    } else {
      const element: ElementNode = { tag, open: token, children: [] };
      parent.children.push(element);
      if (!VOID_TAGS.has(tag) && !token.endsWith('/>')) stack.push(element);
    }
  }
  return root.children;
}

function serialise(node: HtmlNode): string {
  if (typeof node === 'string') return node;
  if (node.tag === '') return node.children.map(serialise).join('');
  if (VOID_TAGS.has(node.tag)) return node.open;
  return `${node.open}${node.children.map(serialise).join('')}</${node.tag}>`;
}

const isElement = (node: HtmlNode, tag: string): node is ElementNode => typeof node !== 'string' && node.tag === tag;
const isInline = (node: HtmlNode) => typeof node === 'string' || INLINE_TAGS.has(node.tag);

/** A div of the editor (inline content, line breaks and figures) becomes paragraphs and figures. */
function normaliseTopLevel(node: HtmlNode): HtmlNode {
  if (isElement(node, 'figure')) return normaliseFigure(node);
  if (!isElement(node, 'div') || node.open !== '<div>' || !node.children.every((c) => isInline(c) || isElement(c, 'figure'))) return node;
  const out: HtmlNode[] = [];
  let run: HtmlNode[] = [];
  const flush = () => {
    for (const paragraph of splitAtDoubleBreaks(run)) out.push({ tag: 'p', open: '<p>', children: paragraph });
    run = [];
  };
  for (const child of node.children) {
    if (isElement(child, 'figure')) {
      flush();
      out.push(normaliseFigure(child));
    } else run.push(child);
  }
  flush();
  return { tag: '', open: '', children: out };
}

function splitAtDoubleBreaks(nodes: HtmlNode[]): HtmlNode[][] {
  const paragraphs: HtmlNode[][] = [[]];
  nodes.forEach((node, i) => {
    const current = paragraphs[paragraphs.length - 1] ?? [];
    if (isElement(node, 'br') && isElement(nodes[i + 1] ?? '', 'br')) paragraphs.push([]);
    else if (isElement(node, 'br') && i > 0 && isElement(nodes[i - 1] ?? '', 'br')) return;
    else current.push(node);
  });
  return paragraphs.map(trimBreaks).filter((p) => p.some((n) => typeof n !== 'string' || n.trim() !== ''));
}

/** Line breaks and blanks at either end of a paragraph, also at the end of its last inline element, show nothing. */
function trimBreaks(nodes: HtmlNode[]): HtmlNode[] {
  const blank = (n: HtmlNode) => isElement(n, 'br') || (typeof n === 'string' && n.trim() === '');
  let start = 0;
  let end = nodes.length;
  while (start < end && blank(nodes[start] ?? '')) start++;
  while (end > start && blank(nodes[end - 1] ?? '')) end--;
  const kept = nodes.slice(start, end);
  const last = kept[kept.length - 1];
  if (last !== undefined && typeof last !== 'string' && !VOID_TAGS.has(last.tag))
    kept[kept.length - 1] = { ...last, children: trimEnd(last.children) };
  return kept;
}

function trimEnd(nodes: HtmlNode[]): HtmlNode[] {
  let end = nodes.length;
  while (end > 0 && isElement(nodes[end - 1] ?? '', 'br')) end--;
  return nodes.slice(0, end);
}

/** A figure without a photo but with the placeholder is a missing photo; an empty caption goes. */
function normaliseFigure(figure: ElementNode): ElementNode {
  const inner = serialise({ ...figure, tag: '', open: '' });
  const missing = !/<img\b/.test(inner) && /class="photo-placeholder"/.test(inner);
  const children = figure.children.filter(
    (c) => !(isElement(c, 'figcaption') && c.children.every((n) => typeof n === 'string' && n.trim() === '')),
  );
  return { tag: 'figure', open: `<figure class="${missing ? 'photo-missing' : 'photo'}">`, children };
}
