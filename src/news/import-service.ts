import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Actor } from '../audit/audit.js';
import { inTransaction, type DbContext } from '../db/context.js';
import { siteTime } from '../lib/format.js';
import { escapeHtml } from '../lib/html.js';
import { figureHtml, paragraphHtml } from './figure-html.js';
import { findRootUnit, findUnitByShortName } from '../org/repo.js';
import * as repo from './repo.js';
import { createArticleIn, ensureSectionIn } from './service.js';
import { deriveHeadline, parsePageDump, type ParsedArticle, type ParsedPage } from './import-parse.js';

export const FALLBACK_SECTION = 'Tin tức';
const MAX_FILE_BYTES = 20 * 1024 * 1024;

export interface FileReport {
  file: string;
  section: string | null;
  articles: number;
  added: number;
  alreadyThere: number;
  photos: number;
  bylines: number;
  flagged: number;
  warnings: string[];
  /** Set when the file could not be imported; nothing of it was written. */
  error: string | null;
}

export interface ImportOptions {
  /** Section for pages without a "Name (count)" heading. */
  defaultSection?: string;
  now?: Date;
}

/** Imports each file in its own transaction; a file that fails leaves no trace and the others go on. */
export async function importPageFiles(ctx: DbContext, actor: Actor, files: string[], options: ImportOptions = {}): Promise<FileReport[]> {
  const reports: FileReport[] = [];
  for (const file of files) reports.push(await importPageFile(ctx, actor, file, options));
  return reports;
}

export async function importPageFile(ctx: DbContext, actor: Actor, file: string, options: ImportOptions = {}): Promise<FileReport> {
  const report: FileReport = {
    file,
    section: null,
    articles: 0,
    added: 0,
    alreadyThere: 0,
    photos: 0,
    bylines: 0,
    flagged: 0,
    warnings: [],
    error: null,
  };
  let text: string;
  try {
    text = await readTextFile(file);
  } catch (e) {
    report.error = e instanceof Error ? e.message : String(e);
    return report;
  }
  const page = parsePageDump(text);
  report.warnings = page.warnings;
  if (page.articles.length === 0) {
    report.error = `Tệp ${path.basename(file)} không có bài viết nào (trống hoặc chỉ có khoảng trắng): không có gì được ghi, không tạo chuyên mục.`;
    return report;
  }
  report.section = page.section?.name ?? options.defaultSection ?? FALLBACK_SECTION;
  report.articles = page.articles.length;
  const now = options.now ?? new Date();
  try {
    await inTransaction(ctx, async (tx) => {
      const sectionName = report.section ?? FALLBACK_SECTION;
      // A section named like a unit that has none yet becomes that unit's section; articles belong to it, or to the root.
      const named = await findUnitByShortName(tx, sectionName);
      const namedIsFree = named && !(await repo.findSectionOfUnit(tx, named.id));
      const section = await ensureSectionIn(tx, actor, sectionName, namedIsFree ? named.id : null);
      const articleUnitId = section.unit_id ?? (await findRootUnit(tx))?.id ?? null;
      const fallbackYear = yearOf(page) ?? now.getFullYear();
      for (const article of page.articles) {
        const sourceKey = sourceKeyOf(article);
        report.photos += article.blocks.filter((b) => b.type === 'figure').length;
        if (article.byline) report.bylines++;
        if (!article.headline) report.flagged++;
        if (await repo.findArticleBySourceKey(tx, sourceKey)) {
          report.alreadyThere++;
          continue;
        }
        await createArticleIn(tx, actor, { ...toArticleInput(article, section.id, sourceKey, fallbackYear, now), unitId: articleUnitId });
        report.added++;
      }
    });
  } catch (e) {
    report.error = `Lỗi khi ghi bài viết của tệp ${path.basename(file)}: ${e instanceof Error ? e.message : String(e)}. Không có bài nào của tệp này được ghi.`;
    report.added = 0;
    report.alreadyThere = 0;
  }
  return report;
}

async function readTextFile(file: string): Promise<string> {
  const name = path.basename(file);
  let bytes: Buffer;
  let size: number;
  try {
    const stat = await fs.stat(file);
    if (!stat.isFile()) throw new Error('not a file');
    size = stat.size;
  } catch {
    throw new Error(`Không đọc được tệp ${file}: tệp không tồn tại, là thư mục, hoặc không có quyền đọc.`);
  }
  if (size > MAX_FILE_BYTES) throw new Error(`Tệp ${name} quá lớn (${Math.round(size / 1024 / 1024)} MB, tối đa 20 MB).`);
  try {
    bytes = await fs.readFile(file);
  } catch {
    throw new Error(`Không đọc được tệp ${file}: không có quyền đọc.`);
  }
  if (bytes.length === 0) throw new Error(`Tệp ${name} rỗng (0 byte).`);
  if (bytes.includes(0)) throw new Error(`Tệp ${name} không phải là tệp văn bản (có byte 0): hãy xuất trang cũ ra dạng văn bản UTF-8.`);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new Error(`Tệp ${name} không phải là văn bản UTF-8 hợp lệ: hãy lưu lại với bảng mã UTF-8.`);
  }
}

/** The same article text gives the same key, whichever file or page it came from. */
function sourceKeyOf(article: ParsedArticle): string {
  const text = [
    article.headline ?? '',
    article.lead,
    ...article.blocks.map((b) => (b.type === 'figure' ? `${b.image}|${b.caption}` : b.text)),
  ]
    .join('\n')
    .normalize('NFC')
    .replace(/\s+/g, ' ')
    .trim();
  return `page:${createHash('sha256').update(text).digest('hex').slice(0, 40)}`;
}

function yearOf(page: ParsedPage): number | null {
  for (const a of page.articles) {
    if (a.dateLine) return a.dateLine.year;
    if (a.leadDate?.year) return a.leadDate.year;
  }
  return null;
}

function publishedAtOf(article: ParsedArticle, fallbackYear: number, now: Date): number {
  const d = article.dateLine;
  if (d) return siteTime(d.year, d.month, d.day, d.hour, d.minute).getTime();
  const l = article.leadDate;
  if (l && l.month >= 1 && l.month <= 12 && l.day >= 1 && l.day <= 31)
    return siteTime(l.year ?? fallbackYear, l.month, l.day, 8, 0).getTime();
  return now.getTime();
}

function toArticleInput(article: ParsedArticle, sectionId: number, sourceKey: string, fallbackYear: number, now: Date) {
  const body = article.blocks
    .map((b) => {
      if (b.type === 'figure') return figureHtml({ sha256: null, sourceName: b.image, caption: b.caption });
      if (b.type === 'h') return `<h2>${escapeHtml(b.text)}</h2>`;
      return paragraphHtml(b.text);
    })
    .join('\n');
  const figures = article.blocks.flatMap((b) =>
    b.type === 'figure' ? [{ imageId: null, sourceName: b.image.slice(0, 300), caption: b.caption.slice(0, 2000) }] : [],
  );
  const headline = article.headline ?? deriveHeadline(article.lead);
  return {
    sectionId,
    headline: headline.slice(0, 500) || 'Bài viết chưa có tiêu đề',
    headlineNeedsReview: !article.headline,
    lead: article.lead.slice(0, 5000),
    bodyHtml: body,
    figures,
    byline: article.byline
      ? {
          label: article.byline.label.slice(0, 40),
          author: article.byline.author.slice(0, 200),
          unit: (article.unitLine ?? article.byline.unit)?.slice(0, 300) ?? null,
        }
      : null,
    status: 'published' as const,
    publishedAt: publishedAtOf(article, fallbackYear, now),
    sourceKey,
  };
}
