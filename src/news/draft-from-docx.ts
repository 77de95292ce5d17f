/**
 * Turns a reporter's Word file (.docx) into a draft article (see domain.md §4).
 *
 * mammoth converts the document to HTML, with each image captured as bytes rather than a data
 * URI; a small walk over that HTML then finds the headline, the lead, paragraphs, lists,
 * photos with their captions, and the byline with the author's unit. Bytes that are not a
 * .docx are refused with a DraftImportError whose Vietnamese message names the file and says
 * what is wrong with it.
 */
import { Parser } from 'htmlparser2';
import { asBuffer as clonedBuffer, runBounded, WorkerOverrun } from '../files/bounded-worker.js';
import { sniff, sniffImageMime } from '../files/sniff.js';
import { escapeHtml } from '../lib/html.js';
import { measureZip, ZipRefused, type ZipEntry, type ZipProblem } from '../zip/reader.js';
import { isUnitLike, parseLabelledByline, parseUnlabelledByline, startsWithUnitKeyword, type ParsedByline } from './import-parse.js';

export interface DraftImage {
  bytes: Buffer;
  contentType: string;
}
/** `image` indexes DraftContent.images. `html` of a paragraph is safe inline HTML (only
 * <strong>, <em>, <a href>, <br>); heading text, list items and captions are plain text. */
export type DraftBlock =
  | { type: 'p'; html: string }
  | { type: 'h'; text: string }
  | { type: 'list'; ordered: boolean; items: string[] }
  | { type: 'figure'; image: number | null; sourceName: string | null; caption: string };
export interface DraftContent {
  headline: string | null;
  lead: string;
  blocks: DraftBlock[];
  images: DraftImage[];
  byline: { label: string; author: string; unit: string | null } | null;
  unitLine: string | null;
  /** Vietnamese, for the editor: an image with no caption, an unsupported element dropped… */
  warnings: string[];
}

/** The file cannot be imported; the message, in Vietnamese, names the file and the problem. */
export class DraftImportError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DraftImportError';
  }
}

const MAX_FILE_BYTES = 100 * 1024 * 1024;
/** The document's XML once unzipped, counted as it inflates: 2 million characters of text take far less. */
const MAX_UNZIPPED_XML_BYTES = 64 * 1024 * 1024;
/** All parts once unzipped, pictures included. */
const MAX_UNZIPPED_BYTES = 256 * 1024 * 1024;
const MAX_ZIP_ENTRIES = 5000;
const MAX_IMAGES = 100;
const MAX_TEXT_CHARS = 2_000_000;
/** mammoth's HTML for 2 MB of text is a few times that; beyond this the rest is dropped unread. */
const MAX_HTML_CHARS = 8_000_000;
const CONVERSION_TIMEOUT_MS = 30_000;
const CAPTION_MAX_LENGTH = 250;
const BOLD_HEADLINE_MAX_LENGTH = 200;

export async function draftFromDocx(bytes: Buffer, fileName: string): Promise<DraftContent> {
  const name = displayName(fileName);
  const input = asBuffer(bytes);
  await assertLooksLikeDocx(input, name);
  const converted = await convertDocx(input, name);
  const units = htmlToUnits(converted.html);
  const draft = new DraftBuilder(converted.imageRefs).build(units.units);
  if (!hasAnyText(draft)) throw new DraftImportError(noTextMessage(name, draft.images.length));
  draft.warnings = [...new Set([...converted.warnings, ...units.warnings, ...draft.warnings, ...legacyFontWarnings(draft)])];
  return draft;
}

// ---------------------------------------------------------------------------------------------
// File checks: refuse what is not a .docx before handing it to mammoth
// ---------------------------------------------------------------------------------------------

function displayName(fileName: string): string {
  const base = (typeof fileName === 'string' ? fileName : '').split(/[\\/]/).pop() ?? '';
  const clean = base
    .normalize('NFC')
    // eslint-disable-next-line no-control-regex -- control characters have no place in a message
    .replace(/[\u0000-\u001F\u007F-\u009F]/g, '')
    .trim();
  if (clean === '') return 'tệp không tên';
  return clean.length > 80 ? `${clean.slice(0, 79)}…` : clean;
}

function asBuffer(bytes: Buffer | Uint8Array): Buffer {
  if (Buffer.isBuffer(bytes)) return bytes;
  if (bytes instanceof Uint8Array) return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Buffer.alloc(0);
}

function importError(name: string, reason: string): DraftImportError {
  return new DraftImportError(`Không nhập được «${name}»: ${reason}`);
}

async function assertLooksLikeDocx(bytes: Buffer, name: string): Promise<void> {
  if (bytes.length === 0) throw importError(name, 'tệp rỗng (0 byte), không có nội dung để nhập.');
  if (bytes.length > MAX_FILE_BYTES) {
    throw importError(
      name,
      `tệp quá lớn (${megabytes(bytes.length)} MB, tối đa ${megabytes(MAX_FILE_BYTES)} MB); hãy nén ảnh trong Word (Tệp › Nén ảnh) rồi gửi lại.`,
    );
  }
  const foreign = describeForeignFormat(bytes);
  if (foreign !== null) throw importError(name, foreign);
  assertWordPackage(await measuredEntries(bytes, name), name);
}

/** The package's entries, their sizes counted by inflating them (never as the zip declares them). */
async function measuredEntries(bytes: Buffer, name: string): Promise<ZipEntry[]> {
  try {
    return await measureZip(bytes, { maxEntries: MAX_ZIP_ENTRIES, maxTotalBytes: MAX_UNZIPPED_BYTES });
  } catch (error) {
    if (!(error instanceof ZipRefused)) throw error;
    throw importError(name, ZIP_REFUSALS[error.problem]);
  }
}

const ZIP_REFUSALS: Record<ZipProblem, string> = {
  unreadable:
    'tệp bị hỏng hoặc không đầy đủ (không đọc được cấu trúc tệp nén .docx); hãy mở lại trong Word, lưu lại dạng .docx rồi gửi lại.',
  zip64: 'tệp được nén theo kiểu zip64 (dành cho tệp rất lớn), chưa được hỗ trợ; hãy mở trong Word, lưu lại dạng .docx rồi gửi lại.',
  entries: `tệp có quá nhiều thành phần (hơn ${MAX_ZIP_ENTRIES.toLocaleString('vi-VN')}), không phải một văn bản Word thông thường.`,
  size: `nội dung tệp khi giải nén vượt quá ${MAX_UNZIPPED_BYTES / 1024 / 1024} MB, không thể nhập; hãy nén ảnh trong Word hoặc chia nhỏ văn bản.`,
};

function megabytes(bytes: number): string {
  return (bytes / (1024 * 1024)).toLocaleString('vi-VN', { maximumFractionDigits: 1 });
}

/** What the file is when it is recognisably not a .docx, as the end of an error message. */
function describeForeignFormat(bytes: Buffer): string | null {
  switch (sniff(bytes)?.kind) {
    case 'ole':
      return isEncryptedOfficeFile(bytes)
        ? 'tệp Word được đặt mật khẩu; hãy gỡ mật khẩu (Tệp › Thông tin › Bảo vệ tài liệu) rồi gửi lại.'
        : 'tệp .doc (Word 97-2003) chưa được hỗ trợ, hãy lưu lại dạng .docx (trong Word: Tệp › Lưu thành › Tài liệu Word).';
    case 'png':
      return 'đây là ảnh PNG, không phải văn bản Word (.docx).';
    case 'jpeg':
      return 'đây là ảnh JPEG, không phải văn bản Word (.docx).';
    case 'gif':
      return 'đây là ảnh GIF, không phải văn bản Word (.docx).';
    case 'pdf':
      return 'đây là tệp PDF, không phải văn bản Word (.docx); hãy gửi tệp .docx gốc.';
    case 'rtf':
      return 'tệp RTF chưa được hỗ trợ, hãy lưu lại dạng .docx.';
    case 'zip':
      return null;
  }
  return looksLikePlainText(bytes)
    ? 'đây là tệp văn bản thuần, không phải văn bản Word (.docx); hãy dán nội dung vào ô nhập văn bản.'
    : 'không phải văn bản Word (.docx) và không nhận ra định dạng tệp.';
}

/** A password-protected .docx is an OLE container holding an "EncryptedPackage" stream. */
function isEncryptedOfficeFile(bytes: Buffer): boolean {
  return bytes.subarray(0, 64 * 1024).includes(Buffer.from('EncryptedPackage', 'utf16le'));
}

function looksLikePlainText(bytes: Buffer): boolean {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, 4096), { stream: true });
  } catch {
    return false;
  }
  // eslint-disable-next-line no-control-regex -- counting control characters is the point
  const controls = text.match(/[\u0000-\u0008\u000E-\u001F]/g)?.length ?? 0;
  return text.length > 0 && controls / text.length < 0.02;
}

function assertWordPackage(entries: ZipEntry[], name: string): void {
  const names = new Set(entries.map((entry) => entry.name));
  if (names.has('xl/workbook.xml')) throw importError(name, 'đây là bảng tính Excel, không phải văn bản Word (.docx).');
  if (names.has('ppt/presentation.xml')) throw importError(name, 'đây là bản trình chiếu PowerPoint, không phải văn bản Word (.docx).');
  if (names.has('mimetype') && names.has('content.xml')) {
    throw importError(name, 'đây là văn bản OpenDocument (.odt), chưa được hỗ trợ; hãy lưu lại dạng .docx.');
  }
  if (!entries.some((entry) => entry.name.startsWith('word/'))) {
    throw importError(name, 'đây là tệp nén (zip) nhưng không phải văn bản Word (.docx).');
  }
  const xmlBytes = entries.filter((entry) => /\.(?:xml|rels)$/i.test(entry.name)).reduce((sum, entry) => sum + entry.uncompressedSize, 0);
  if (xmlBytes > MAX_UNZIPPED_XML_BYTES) {
    throw importError(name, 'nội dung tệp khi giải nén quá lớn, không thể nhập; hãy chia nhỏ văn bản.');
  }
}

// ---------------------------------------------------------------------------------------------
// Conversion with mammoth, capturing images
// ---------------------------------------------------------------------------------------------

/** What became of each image mammoth met. */
type ImageRef =
  { kind: 'captured'; image: DraftImage } | { kind: 'unsupported'; contentType: string } | { kind: 'unreadable' } | { kind: 'over-limit' };

const IMAGE_SRC_PREFIX = 'draft-image:';
const CENTRED_STYLE = 'Draft Centred Paragraph';

const STYLE_MAP = [
  "p[style-name='Title'] => h1:fresh",
  "p[style-name='Caption'] => p.caption:fresh",
  "p[style-name='Image Caption'] => p.caption:fresh",
  `p[style-name='${CENTRED_STYLE}'] => p.centred:fresh`,
];

interface Converted {
  html: string;
  imageRefs: ImageRef[];
  warnings: string[];
}

/**
 * mammoth in a bounded worker: the HTML, mammoth's messages, and the bytes of each image met
 * (`draft-image:<n>` in the HTML). Slots are taken synchronously, so the numbering holds
 * however mammoth interleaves the reads. Centred ordinary paragraphs get a style of our own,
 * which the style map turns into `p.centred` (mammoth keeps the alignment but does not print it).
 */
const CONVERT_SOURCE = `
function markCentredParagraphs(document, centredStyle) {
  const visit = (element) => {
    const ordinary = element.styleName === null || element.styleName === undefined || /^normal\\b/i.test(element.styleName);
    if (element.type === 'paragraph' && element.alignment === 'center' && ordinary) element.styleName = centredStyle;
    if (element.children) element.children.forEach(visit);
  };
  visit(document);
  return document;
}
async function run(data, { mammoth }) {
  const images = [];
  let accepted = 0;
  const result = await mammoth.convertToHtml(
    { buffer: Buffer.from(data.bytes.buffer, data.bytes.byteOffset, data.bytes.byteLength) },
    {
      styleMap: data.styleMap,
      includeEmbeddedStyleMap: false,
      externalFileAccess: false,
      transformDocument: (document) => markCentredParagraphs(document, data.centredStyle),
      convertImage: mammoth.images.imgElement(async (image) => {
        const index = images.length;
        const src = data.srcPrefix + index;
        if (accepted >= data.maxImages) {
          images.push({ kind: 'over-limit' });
          return { src };
        }
        accepted += 1;
        images.push({ kind: 'unreadable' });
        try {
          images[index] = { kind: 'read', bytes: await image.readAsBuffer(), contentType: image.contentType || '' };
        } catch {}
        return { src };
      }),
    },
  );
  const html = result.value.length > data.maxHtmlChars ? { cut: true, text: result.value.slice(0, data.maxHtmlChars) } : { cut: false, text: result.value };
  return { html, messages: result.messages.map((m) => ({ type: m.type, message: m.message })), images };
}
`;

type WorkerImage = { kind: 'over-limit' } | { kind: 'unreadable' } | { kind: 'read'; bytes: Uint8Array; contentType: string };

interface WorkerResult {
  html: { cut: boolean; text: string };
  messages: Array<{ type: string; message: string }>;
  images: WorkerImage[];
}

const WORKER_HEAP_MB = 256;

async function convertDocx(bytes: Buffer, name: string): Promise<Converted> {
  let result: WorkerResult;
  try {
    result = await runBounded<WorkerResult>({
      source: CONVERT_SOURCE,
      modules: { mammoth: 'mammoth' },
      data: {
        bytes,
        styleMap: STYLE_MAP,
        centredStyle: CENTRED_STYLE,
        srcPrefix: IMAGE_SRC_PREFIX,
        maxImages: MAX_IMAGES,
        maxHtmlChars: MAX_HTML_CHARS,
      },
      maxOldGenerationSizeMb: WORKER_HEAP_MB,
      timeoutMs: CONVERSION_TIMEOUT_MS,
    });
  } catch (error) {
    throw conversionError(error, name);
  }
  const warnings = describeMammothMessages(result.messages);
  if (result.html.cut) warnings.push(textLimitWarning());
  const imageRefs = result.images.map(imageRef);
  const overLimit = imageRefs.filter((ref) => ref.kind === 'over-limit').length;
  if (overLimit > 0) warnings.push(`Tệp có hơn ${MAX_IMAGES} ảnh; chỉ lấy ${MAX_IMAGES} ảnh đầu, ${overLimit} ảnh còn lại bị bỏ.`);
  return { html: result.html.text, imageRefs, warnings };
}

/** What became of an image the worker met: its bytes tell whether browsers can show it. */
function imageRef(image: WorkerImage): ImageRef {
  if (image.kind !== 'read') return image;
  const bytes = clonedBuffer(image.bytes);
  const contentType = sniffImageMime(bytes);
  return contentType === null
    ? { kind: 'unsupported', contentType: image.contentType || 'không rõ' }
    : { kind: 'captured', image: { bytes, contentType } };
}

function conversionError(error: unknown, name: string): DraftImportError {
  if (error instanceof WorkerOverrun) {
    return importError(
      name,
      'tệp quá phức tạp hoặc quá lớn để đọc trong giới hạn thời gian và bộ nhớ; hãy mở lại trong Word, lưu lại dạng .docx hoặc chia nhỏ văn bản.',
    );
  }
  const detail = error instanceof Error ? error.message : String(error);
  const reason = /main document part|body element/i.test(detail)
    ? 'đây là tệp nén (zip) nhưng không phải văn bản Word (.docx).'
    : 'tệp bị hỏng hoặc không phải văn bản Word (.docx); hãy mở lại trong Word, lưu lại dạng .docx rồi gửi lại.';
  return new DraftImportError(`Không nhập được «${name}»: ${reason}`, { cause: error });
}

/** mammoth's messages in Vietnamese: dropped elements and read errors. Style warnings are
 * noise for the newsroom and image-format warnings are reported per figure. */
function describeMammothMessages(messages: Array<{ type: string; message: string }>): string[] {
  const dropped = new Set<string>();
  let errors = 0;
  for (const message of messages) {
    const unrecognised = /^An unrecognised element was ignored: (.+)$/.exec(message.message);
    if (unrecognised) dropped.add(unrecognised[1] ?? '');
    else if (message.type === 'error') errors += 1;
  }
  const warnings: string[] = [];
  if (dropped.size > 0) {
    warnings.push(
      `Đã bỏ qua thành phần không hỗ trợ trong tệp Word (${[...dropped].slice(0, 5).join(', ')}); hãy kiểm tra xem có thiếu nội dung không.`,
    );
  }
  if (errors > 0) warnings.push(`Có ${errors} phần của tệp không đọc được và đã bị bỏ qua; hãy so lại với bản Word.`);
  return warnings;
}

function textLimitWarning(): string {
  return 'Văn bản quá dài (hơn 2 MB chữ); chỉ lấy phần đầu, phần còn lại bị bỏ.';
}

// ---------------------------------------------------------------------------------------------
// A small HTML tree from mammoth's output
// ---------------------------------------------------------------------------------------------

type HtmlNode = HtmlText | HtmlElement;
interface HtmlText {
  kind: 'text';
  text: string;
}
interface HtmlElement {
  kind: 'element';
  tag: string;
  attrs: Record<string, string>;
  children: HtmlNode[];
}

const MAX_DEPTH = 64;

function parseHtml(html: string): HtmlElement {
  const root: HtmlElement = { kind: 'element', tag: 'root', attrs: {}, children: [] };
  const stack: HtmlElement[] = [root];
  let ignoredDepth = 0;
  const current = (): HtmlElement => stack[stack.length - 1] ?? root;
  const parser = new Parser(
    {
      onopentag(tag, attrs) {
        if (stack.length >= MAX_DEPTH) {
          ignoredDepth += 1;
          return;
        }
        const element: HtmlElement = { kind: 'element', tag: tag.toLowerCase(), attrs, children: [] };
        current().children.push(element);
        stack.push(element);
      },
      ontext(text) {
        current().children.push({ kind: 'text', text });
      },
      onclosetag() {
        if (ignoredDepth > 0) ignoredDepth -= 1;
        else if (stack.length > 1) stack.pop();
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  parser.write(html);
  parser.end();
  return root;
}

function isElement(node: HtmlNode, ...tags: string[]): node is HtmlElement {
  return node.kind === 'element' && (tags.length === 0 || tags.includes(node.tag));
}

function findAll(node: HtmlElement, tag: string): HtmlElement[] {
  return node.children.flatMap((child) => {
    if (!isElement(child)) return [];
    return child.tag === tag ? [child, ...findAll(child, tag)] : findAll(child, tag);
  });
}

// eslint-disable-next-line no-control-regex -- removing control characters is the point
const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;
const INVISIBLE_CHARS = /[\u200B-\u200D\u2060\uFEFF\u00AD]/g;
const ODD_SPACES = /[\t\n\r\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]/g;

function normaliseText(text: string): string {
  return text.normalize('NFC').replace(CONTROL_CHARS, '').replace(INVISIBLE_CHARS, '').replace(ODD_SPACES, ' ');
}

function collapseSpaces(text: string): string {
  return text.replace(/ {2,}/g, ' ').trim();
}

/** Plain text of a subtree; a line break counts as a space. */
function textOf(node: HtmlNode): string {
  if (node.kind === 'text') return normaliseText(node.text);
  if (node.tag === 'br') return ' ';
  return node.children.map(textOf).join('');
}

// ---------------------------------------------------------------------------------------------
// Inline HTML: only <strong>, <em>, <a href> and <br>, everything escaped
// ---------------------------------------------------------------------------------------------

interface InlineContent {
  html: string;
  text: string;
  allBold: boolean;
  allItalic: boolean;
}

const SAFE_LINK = /^(?:https?:\/\/|mailto:)/i;

class InlineRenderer {
  private letters = 0;
  private boldLetters = 0;
  private italicLetters = 0;

  render(nodes: HtmlNode[]): InlineContent {
    const html = tidyInlineHtml(this.renderNodes(nodes, false, false));
    const text = collapseSpaces(nodes.map(textOf).join(''));
    const hasLetters = this.letters > 0;
    return {
      html,
      text,
      allBold: hasLetters && this.boldLetters === this.letters,
      allItalic: hasLetters && this.italicLetters === this.letters,
    };
  }

  private renderNodes(nodes: HtmlNode[], bold: boolean, italic: boolean): string {
    return nodes.map((node) => this.renderNode(node, bold, italic)).join('');
  }

  private renderNode(node: HtmlNode, bold: boolean, italic: boolean): string {
    if (node.kind === 'text') return this.renderText(node.text, bold, italic);
    switch (node.tag) {
      case 'br':
        return '<br>';
      case 'img':
        return '';
      case 'strong':
      case 'b':
        return wrapInline('strong', this.renderNodes(node.children, true, italic));
      case 'em':
      case 'i':
        return wrapInline('em', this.renderNodes(node.children, bold, true));
      case 'a':
        return this.renderLink(node, bold, italic);
      default:
        return this.renderNodes(node.children, bold, italic);
    }
  }

  private renderText(raw: string, bold: boolean, italic: boolean): string {
    const text = normaliseText(raw);
    const letters = text.replace(/\s/g, '').length;
    this.letters += letters;
    if (bold) this.boldLetters += letters;
    if (italic) this.italicLetters += letters;
    return escapeHtml(text);
  }

  /** Links to the web and e-mail stay; bookmarks, footnote anchors and other schemes
   * (javascript:, file:) keep only their text. */
  private renderLink(node: HtmlElement, bold: boolean, italic: boolean): string {
    const inner = this.renderNodes(node.children, bold, italic);
    const href = (node.attrs.href ?? '').trim();
    if (!SAFE_LINK.test(href) || inner.trim() === '') return inner;
    return `<a href="${escapeHtml(href)}">${inner}</a>`;
  }
}

function wrapInline(tag: 'strong' | 'em', inner: string): string {
  return inner.trim() === '' ? inner : `<${tag}>${inner}</${tag}>`;
}

/** Joins formatting Word split across runs, collapses spaces and trims line breaks at the ends. */
function tidyInlineHtml(html: string): string {
  return html
    .replace(/<\/(strong|em)><\1>/g, '')
    .replace(/ {2,}/g, ' ')
    .replace(/^(?:\s|<br>)+|(?:\s|<br>)+$/g, '');
}

// ---------------------------------------------------------------------------------------------
// From the tree to a flat sequence of units (headings, paragraphs, lists, images)
// ---------------------------------------------------------------------------------------------

interface ParagraphUnit extends InlineContent {
  kind: 'paragraph';
  centred: boolean;
  captionStyle: boolean;
}
type Unit =
  | ParagraphUnit
  | { kind: 'heading'; text: string }
  | { kind: 'list'; ordered: boolean; items: string[] }
  | { kind: 'image'; ref: number | null; alt: string | null };

const HEADINGS = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'];

function htmlToUnits(html: string): { units: Unit[]; warnings: string[] } {
  const flattener = new UnitFlattener();
  flattener.addBlocks(parseHtml(html).children);
  return { units: flattener.units, warnings: flattener.warnings() };
}

class UnitFlattener {
  readonly units: Unit[] = [];
  private tables = 0;

  warnings(): string[] {
    return this.tables === 0 ? [] : [`Tệp có ${this.tables} bảng; nội dung bảng đã được tách thành các đoạn văn, hãy kiểm tra lại.`];
  }

  addBlocks(nodes: HtmlNode[]): void {
    for (const node of nodes) this.addBlock(node);
  }

  private addBlock(node: HtmlNode): void {
    if (node.kind === 'text') {
      if (normaliseText(node.text).trim() !== '') this.addParagraph({ kind: 'element', tag: 'p', attrs: {}, children: [node] });
      return;
    }
    if (node.tag === 'p') this.addParagraph(node);
    else if (HEADINGS.includes(node.tag)) this.addHeading(node);
    else if (node.tag === 'ul' || node.tag === 'ol') this.addList(node);
    else if (node.tag === 'table') this.addTable(node);
    else if (node.tag === 'img') this.addImage(node);
    else if (node.tag !== 'br') this.addBlocks(node.children);
  }

  private addHeading(node: HtmlElement): void {
    const text = collapseSpaces(textOf(node));
    if (text !== '') this.units.push({ kind: 'heading', text });
    findAll(node, 'img').forEach((image) => this.addImage(image));
  }

  /** A paragraph holding images gives one unit per image plus one for its text, the text
   * first when it comes before the first image. */
  private addParagraph(node: HtmlElement): void {
    const classes = (node.attrs.class ?? '').split(/\s+/);
    const content = new InlineRenderer().render(node.children);
    const paragraph: ParagraphUnit = {
      kind: 'paragraph',
      ...content,
      centred: classes.includes('centred'),
      captionStyle: classes.includes('caption'),
    };
    const images = findAll(node, 'img');
    const hasText = content.text !== '';
    const textFirst = images.length === 0 || textPrecedesFirstImage(node);
    if (hasText && textFirst) this.units.push(paragraph);
    images.forEach((image) => this.addImage(image));
    if (hasText && !textFirst) this.units.push(paragraph);
  }

  /** Nested lists are flattened into their parent's items; images inside follow the list. */
  private addList(node: HtmlElement): void {
    const items = listItems(node);
    if (items.length > 0) this.units.push({ kind: 'list', ordered: node.tag === 'ol', items });
    findAll(node, 'img').forEach((image) => this.addImage(image));
  }

  /** Word users lay photos and captions out in tables: read the cells in order. */
  private addTable(node: HtmlElement): void {
    this.tables += 1;
    for (const cell of tableCells(node)) this.addBlocks(cell.children);
  }

  private addImage(node: HtmlElement): void {
    const src = node.attrs.src ?? '';
    const ref = src.startsWith(IMAGE_SRC_PREFIX) ? Number(src.slice(IMAGE_SRC_PREFIX.length)) : NaN;
    const alt = collapseSpaces(normaliseText(node.attrs.alt ?? '')).slice(0, 200);
    this.units.push({ kind: 'image', ref: Number.isInteger(ref) ? ref : null, alt: alt === '' ? null : alt });
  }
}

function textPrecedesFirstImage(node: HtmlElement): boolean {
  for (const child of node.children) {
    if (isElement(child, 'img')) return false;
    if (isElement(child) && findAll(child, 'img').length > 0) return textPrecedesFirstImage(child);
    if (textOf(child).trim() !== '') return true;
  }
  return false;
}

function listItems(list: HtmlElement): string[] {
  return list.children
    .filter((child): child is HtmlElement => isElement(child, 'li'))
    .flatMap((item) => {
      const own = collapseSpaces(
        item.children
          .filter((child) => !isElement(child, 'ul', 'ol'))
          .map(textOf)
          .join(' '),
      );
      const nested = item.children.filter((child): child is HtmlElement => isElement(child, 'ul', 'ol')).flatMap(listItems);
      return own === '' ? nested : [own, ...nested];
    });
}

/** The cells of a table row by row, without descending into tables nested in a cell. */
function tableCells(table: HtmlElement): HtmlElement[] {
  return table.children
    .filter((child): child is HtmlElement => isElement(child))
    .flatMap((child) => {
      if (child.tag === 'td' || child.tag === 'th') return [child];
      return ['thead', 'tbody', 'tfoot', 'tr'].includes(child.tag) ? tableCells(child) : [];
    });
}

// ---------------------------------------------------------------------------------------------
// From units to the draft
// ---------------------------------------------------------------------------------------------

const IMAGE_FORMAT_NAMES: Record<string, string> = {
  'image/x-emf': 'EMF',
  'image/x-wmf': 'WMF',
  'image/emf': 'EMF',
  'image/wmf': 'WMF',
  'image/tiff': 'TIFF',
  'image/bmp': 'BMP',
};
/** "Ảnh: …", "Ảnh 2: …", "Ảnh 3. …", "Ảnh Đồng chí …", "Ảnh minh họa" — but not "Ảnh hưởng …". */
const PHOTO_PREFIX = /^(?:[Ảả]nh|ẢNH)(?:\s*\d{1,3})?\s*[:.–-]\s*|^(?:[Ảả]nh|ẢNH)\s+(?=\p{Lu})/u;
const PHOTO_WORD = /^(?:[Ảả]nh|ẢNH)\s+(?![Hh]ưởng|HƯỞNG)\p{L}/u;

class DraftBuilder {
  private readonly draft: DraftContent = { headline: null, lead: '', blocks: [], images: [], byline: null, unitLine: null, warnings: [] };
  /** Figures met since the last text, waiting for a caption. */
  private uncaptioned: Array<Extract<DraftBlock, { type: 'figure' }>> = [];
  private figureCount = 0;
  private expectingUnitLine = false;
  private textLength = 0;
  private readonly uncaptionedFigures: number[] = [];

  constructor(private readonly imageRefs: ImageRef[]) {}

  build(units: Unit[]): DraftContent {
    for (let index = 0; index < units.length; index += 1) {
      const unit = units[index];
      if (!unit) continue;
      if (this.textLength > MAX_TEXT_CHARS) {
        this.draft.warnings.push(textLimitWarning());
        break;
      }
      this.addUnit(unit, units[index + 1] ?? null, units.length - index);
    }
    this.closeFigures();
    this.reportGaps();
    return this.draft;
  }

  private addUnit(unit: Unit, next: Unit | null, remaining: number): void {
    if (unit.kind === 'image') {
      this.addFigure(unit);
      return;
    }
    const wasExpectingUnitLine = this.expectingUnitLine;
    this.expectingUnitLine = false;
    if (unit.kind === 'paragraph') {
      this.addParagraph(unit, next, remaining, wasExpectingUnitLine);
      return;
    }
    this.closeFigures();
    if (unit.kind === 'heading') this.addHeading(unit.text);
    else this.pushBlock({ type: 'list', ordered: unit.ordered, items: unit.items }, unit.items.join(' ').length);
  }

  private addParagraph(unit: ParagraphUnit, next: Unit | null, remaining: number, expectingUnitLine: boolean): void {
    if (this.tryByline(unit.text, next, remaining)) return;
    if (this.tryCaption(unit)) return;
    this.closeFigures();
    if (expectingUnitLine && this.tryUnitLine(unit.text)) return;
    if (this.awaitsHeadline() && isBoldTitle(unit)) this.setHeadline(unit.text);
    else if (this.draft.lead === '') this.setLead(unit.text);
    else this.pushBlock({ type: 'p', html: unit.html }, unit.text.length);
  }

  private addHeading(text: string): void {
    if (this.awaitsHeadline()) this.setHeadline(text);
    else this.pushBlock({ type: 'h', text }, text.length);
  }

  private setHeadline(text: string): void {
    this.draft.headline = text;
    this.textLength += text.length;
  }

  private setLead(text: string): void {
    this.draft.lead = text;
    this.textLength += text.length;
  }

  /** No headline yet, and nothing but photos read so far. */
  private awaitsHeadline(): boolean {
    return this.draft.headline === null && this.draft.lead === '' && this.draft.blocks.every((block) => block.type === 'figure');
  }

  private pushBlock(block: DraftBlock, length: number): void {
    this.draft.blocks.push(block);
    this.textLength += length;
  }

  // --- figures and captions -----------------------------------------------------------------

  private addFigure(unit: Extract<Unit, { kind: 'image' }>): void {
    const ref = unit.ref === null ? undefined : this.imageRefs[unit.ref];
    if (ref?.kind === 'over-limit') return;
    this.figureCount += 1;
    const figure: Extract<DraftBlock, { type: 'figure' }> = {
      type: 'figure',
      image: this.placeImage(ref),
      sourceName: unit.alt,
      caption: '',
    };
    this.draft.blocks.push(figure);
    this.uncaptioned.push(figure);
  }

  private placeImage(ref: ImageRef | undefined): number | null {
    if (ref?.kind === 'captured') {
      this.draft.images.push(ref.image);
      return this.draft.images.length - 1;
    }
    if (ref?.kind === 'unsupported') {
      const format = IMAGE_FORMAT_NAMES[ref.contentType] ?? ref.contentType;
      this.draft.warnings.push(
        `Ảnh thứ ${this.figureCount} có định dạng ${format}, trình duyệt không hiển thị được; hãy chèn lại ảnh dạng JPG hoặc PNG.`,
      );
    } else {
      this.draft.warnings.push(`Ảnh thứ ${this.figureCount} không đọc được từ tệp; hãy chèn lại ảnh.`);
    }
    return null;
  }

  /** A short paragraph right after a photo is its caption when it is italic, centred, in
   * Word's caption style, or starts with "Ảnh". With several photos in a row, the caption
   * goes to the last of them. */
  private tryCaption(unit: ParagraphUnit): boolean {
    const figure = this.uncaptioned[this.uncaptioned.length - 1];
    if (!figure || !isCaptionLike(unit)) return false;
    figure.caption = stripPhotoPrefix(unit.text);
    this.textLength += figure.caption.length;
    this.uncaptioned.pop();
    this.closeFigures();
    return true;
  }

  private closeFigures(): void {
    for (const figure of this.uncaptioned) {
      this.uncaptionedFigures.push(this.draft.blocks.filter((block) => block.type === 'figure').indexOf(figure) + 1);
    }
    this.uncaptioned = [];
  }

  // --- byline and unit line -----------------------------------------------------------------

  /** "Tin & ảnh: …" anywhere; a bare "Name, Unit" only among the last two paragraphs. */
  private tryByline(text: string, next: Unit | null, remaining: number): boolean {
    const labelled = parseLabelledByline(text);
    const nextText = next?.kind === 'paragraph' ? next.text : null;
    const byline = labelled ?? (this.draft.lead !== '' && remaining <= 2 ? parseUnlabelledByline(text, nextText) : null);
    if (!byline) return false;
    if (this.draft.byline) {
      this.draft.warnings.push(`Bài đã có dòng tác giả; dòng «${shorten(text)}» được giữ lại như một đoạn văn.`);
      return false;
    }
    this.closeFigures();
    this.draft.byline = copyByline(byline);
    this.expectingUnitLine = true;
    return true;
  }

  /** As the page importer does: a unit keyword ("Ban …", "LĐLĐ …", "CĐN …"), or a very short
   * line when the byline named no unit. */
  private tryUnitLine(text: string): boolean {
    const byline = this.draft.byline;
    if (!byline || !isUnitLike(text)) return false;
    if (!startsWithUnitKeyword(text) && !(byline.unit === null && text.split(' ').length <= 5)) return false;
    this.draft.unitLine = text;
    return true;
  }

  // --- final checks -------------------------------------------------------------------------

  private reportGaps(): void {
    if (this.uncaptionedFigures.length > 0) {
      this.draft.warnings.push(
        `${figureList(this.uncaptionedFigures)} không có chú thích (đoạn ngay sau ảnh không in nghiêng, không căn giữa và không bắt đầu bằng «Ảnh:»); hãy nhập chú thích.`,
      );
    }
    if (this.draft.headline === null)
      this.draft.warnings.push('Không tìm thấy tiêu đề (đoạn đầu tiên kiểu Heading/Title hoặc in đậm); hãy nhập tiêu đề.');
    if (this.draft.lead === '') this.draft.warnings.push('Không tìm thấy đoạn mở đầu (sapo); hãy kiểm tra lại nội dung.');
  }
}

function isBoldTitle(unit: ParagraphUnit): boolean {
  return unit.allBold && unit.text.length <= BOLD_HEADLINE_MAX_LENGTH && !/[.,;:…]["”’)»]*$/u.test(unit.text);
}

function isCaptionLike(unit: ParagraphUnit): boolean {
  if (unit.text.length >= CAPTION_MAX_LENGTH) return false;
  return unit.allItalic || unit.centred || unit.captionStyle || PHOTO_WORD.test(unit.text) || PHOTO_PREFIX.test(unit.text);
}

function stripPhotoPrefix(text: string): string {
  const stripped = text.replace(PHOTO_PREFIX, '').trim();
  return stripped === '' ? text : stripped;
}

function copyByline(byline: ParsedByline): DraftContent['byline'] {
  return { label: byline.label, author: byline.author, unit: byline.unit };
}

function figureList(numbers: number[]): string {
  if (numbers.length === 1) return `Ảnh thứ ${numbers[0]}`;
  const shown = numbers.slice(0, 10).join(', ');
  return `Các ảnh thứ ${shown}${numbers.length > 10 ? '…' : ''}`;
}

function shorten(text: string): string {
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}

function hasAnyText(draft: DraftContent): boolean {
  if (draft.headline !== null || draft.lead !== '' || draft.byline !== null || draft.unitLine !== null) return true;
  return draft.blocks.some((block) => block.type !== 'figure' || block.caption !== '');
}

function noTextMessage(name: string, imageCount: number): string {
  const images = imageCount > 0 ? ` (chỉ có ${imageCount} ảnh)` : '';
  return `Không nhập được «${name}»: văn bản không có chữ nào${images}; hãy kiểm tra lại tệp.`;
}

/** Text typed with the old TCVN3 (.VnTime) fonts reaches Unicode as "C«ng ®oµn": Latin-1
 * look-alikes and no Vietnamese letters at all. */
function legacyFontWarnings(draft: DraftContent): string[] {
  const sample = [
    draft.headline ?? '',
    draft.lead,
    ...draft.blocks.slice(0, 20).map((block) => ('html' in block ? block.html : 'text' in block ? block.text : '')),
  ].join(' ');
  const legacy = sample.match(/[«®µ¬¸¹»¼½¾ø÷]/g)?.length ?? 0;
  const vietnamese = sample.match(/[ăâđêôơưĂÂĐÊÔƠƯ\u1EA0-\u1EF9]/g)?.length ?? 0;
  if (legacy < 5 || vietnamese > 0) return [];
  return [
    'Văn bản có vẻ gõ bằng phông chữ cũ (TCVN3/VNI) nên dấu tiếng Việt bị sai; hãy chuyển mã sang Unicode (ví dụ bằng Unikey) rồi gửi lại.',
  ];
}
