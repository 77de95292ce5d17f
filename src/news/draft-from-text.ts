/**
 * Turns pasted plain text into a draft article, with the page importer's parser: photo lines
 * become figures without an image (their file name or alt text kept as `sourceName`), the
 * byline and the author's unit are recognised, and a paste holding several articles is
 * merged into one draft with a warning.
 */
import { escapeHtml } from '../lib/html.js';
import { parsePageDump, type ParsedArticle, type ParsedBlock, type ParsedByline } from './import-parse.js';
import type { DraftBlock, DraftContent } from './draft-from-docx.js';

const MAX_TEXT_CHARS = 2_000_000;

export function draftFromText(text: string): DraftContent {
  const { text: bounded, truncated } = boundText(typeof text === 'string' ? text : '');
  const page = parsePageDump(guardListLines(bounded));
  const merged = mergeArticles(page.articles.map(unguardArticle));
  const warnings = page.warnings.map(unguard);
  if (page.articles.length > 1) {
    warnings.push(
      `Nội dung dán vào có ${page.articles.length} bài; đã gộp thành một bài nháp. Hãy kiểm tra lại, nếu cần thì tách thành các bài riêng.`,
    );
  }
  if (truncated) warnings.push('Văn bản dán vào quá dài (hơn 2 MB chữ); chỉ lấy phần đầu, phần còn lại bị bỏ.');
  return { ...merged, blocks: toDraftBlocks(merged.blocks), images: [], warnings };
}

function boundText(text: string): { text: string; truncated: boolean } {
  if (text.length <= MAX_TEXT_CHARS) return { text, truncated: false };
  const cut = text.lastIndexOf('\n', MAX_TEXT_CHARS);
  return { text: text.slice(0, cut > 0 ? cut : MAX_TEXT_CHARS), truncated: true };
}

// ---------------------------------------------------------------------------------------------
// List lines: the page parser takes a short line followed by another for a photo's alt text
// and caption, and list lines ("- Tư vấn", "1. Khám") are short. A guard holding a
// parenthesis, which alt text never has, is put in front of them and taken out after parsing.
// ---------------------------------------------------------------------------------------------

const LIST_GUARD = '\uE000()';
const LIST_LINE_START = /^([\t \u00A0\uFEFF]*)(?=(?:[-–•+*·]|\d{1,2}[.)])[\t \u00A0]+\S)/gmu;
const GUARD_PATTERN = /\uE000\(\) ?/gu;

function guardListLines(text: string): string {
  return text.replace(LIST_LINE_START, `$1${LIST_GUARD} `);
}

function unguard(text: string): string {
  return text.replace(GUARD_PATTERN, '');
}

function unguardArticle(article: ParsedArticle): ParsedArticle {
  const byline = article.byline && {
    ...article.byline,
    author: unguard(article.byline.author),
    unit: article.byline.unit && unguard(article.byline.unit),
  };
  return {
    ...article,
    headline: article.headline && unguard(article.headline),
    lead: unguard(article.lead),
    blocks: article.blocks.map(unguardBlock),
    byline,
    unitLine: article.unitLine && unguard(article.unitLine),
  };
}

function unguardBlock(block: ParsedBlock): ParsedBlock {
  return block.type === 'figure'
    ? { ...block, image: unguard(block.image), caption: unguard(block.caption) }
    : { ...block, text: unguard(block.text) };
}

// ---------------------------------------------------------------------------------------------
// Articles to one draft
// ---------------------------------------------------------------------------------------------

interface MergedArticle {
  headline: string | null;
  lead: string;
  blocks: ParsedBlock[];
  byline: ParsedByline | null;
  unitLine: string | null;
}

/** The first article gives the headline and the lead; each later one continues the body,
 * its headline as a subheading. The first byline found is the draft's; later bylines and
 * unit lines stay in the body as paragraphs so that nothing is lost. */
function mergeArticles(articles: ParsedArticle[]): MergedArticle {
  const [first, ...rest] = articles;
  const merged: MergedArticle = { headline: first?.headline ?? null, lead: first?.lead ?? '', blocks: [], byline: null, unitLine: null };
  if (!first) return merged;
  merged.blocks.push(...first.blocks);
  adoptByline(merged, first);
  for (const article of rest) {
    if (article.headline) merged.blocks.push({ type: 'h', text: article.headline });
    if (article.lead) merged.blocks.push({ type: 'p', text: article.lead });
    merged.blocks.push(...article.blocks);
    adoptByline(merged, article);
  }
  return merged;
}

function adoptByline(merged: MergedArticle, article: ParsedArticle): void {
  if (article.byline && merged.byline === null) {
    merged.byline = { label: article.byline.label, author: article.byline.author, unit: article.byline.unit };
    merged.unitLine = article.unitLine;
    return;
  }
  if (article.byline) merged.blocks.push({ type: 'p', text: bylineText(article.byline) });
  if (article.unitLine) merged.blocks.push({ type: 'p', text: article.unitLine });
}

function bylineText(byline: ParsedByline): string {
  const credit = byline.unit ? `${byline.author}, ${byline.unit}` : byline.author;
  return byline.label ? `${byline.label}: ${credit}` : credit;
}

// ---------------------------------------------------------------------------------------------
// Parsed blocks to draft blocks; bulleted and numbered lines become lists
// ---------------------------------------------------------------------------------------------

/** "- item", "• item", "+ item"; "1. item", "2) item". */
const BULLET = /^[-–•+*·]\s+(?=\S)/u;
const NUMBERED = /^\d{1,2}[.)]\s+(?=\S)/u;

interface ListItem {
  ordered: boolean;
  text: string;
}

function listItemOf(block: ParsedBlock): ListItem | null {
  if (block.type !== 'p') return null;
  const bullet = BULLET.exec(block.text);
  if (bullet) return { ordered: false, text: block.text.slice(bullet[0].length) };
  const numbered = NUMBERED.exec(block.text);
  return numbered ? { ordered: true, text: block.text.slice(numbered[0].length) } : null;
}

/** Two or more consecutive paragraphs with the same kind of marker become a list; a lone
 * marked line stays a paragraph. */
function toDraftBlocks(blocks: ParsedBlock[]): DraftBlock[] {
  const converted: DraftBlock[] = [];
  let index = 0;
  while (index < blocks.length) {
    const run = markedRun(blocks, index);
    if (run.length >= 2) {
      converted.push({ type: 'list', ordered: run[0]?.ordered ?? false, items: run.map((item) => item.text) });
      index += run.length;
      continue;
    }
    const block = blocks[index];
    if (block) converted.push(toDraftBlock(block));
    index += 1;
  }
  return converted;
}

function markedRun(blocks: ParsedBlock[], start: number): ListItem[] {
  const run: ListItem[] = [];
  for (let index = start; index < blocks.length; index += 1) {
    const block = blocks[index];
    const item = block ? listItemOf(block) : null;
    if (!item || (run.length > 0 && item.ordered !== run[0]?.ordered)) break;
    run.push(item);
  }
  return run;
}

function toDraftBlock(block: ParsedBlock): DraftBlock {
  switch (block.type) {
    case 'p':
      return { type: 'p', html: escapeHtml(block.text) };
    case 'h':
      return { type: 'h', text: block.text };
    case 'figure':
      return { type: 'figure', image: null, sourceName: block.image, caption: block.caption };
  }
}
