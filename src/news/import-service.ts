import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { recordAudit, type Actor } from '../audit/audit.js';
import { bumpContentVersion, inTransaction, type DbContext } from '../db/context.js';
import { removeArticle } from '../db/search/index.js';
import { formatNumber, siteTime } from '../lib/format.js';
import { escapeHtml } from '../lib/html.js';
import { figureHtml, paragraphHtml } from './figure-html.js';
import { findRootUnit, findUnitByShortName } from '../org/repo.js';
import * as repo from './repo.js';
import { createPreparedArticlesIn, ensureSectionIn, prepareArticle } from './service.js';
import { deriveHeadline, parsePageDump, type ParsedArticle, type ParsedPage } from './import-parse.js';

export const FALLBACK_SECTION = 'Tin tức';
const MAX_FILE_BYTES = 20 * 1024 * 1024;

/**
 * Articles are written in short transactions, so that a long file never holds SQLite's write
 * lock for long: a batch of this many articles is a handful of statements.
 */
export const BATCH_ARTICLES = 25;
/**
 * On SQLite, between batches the import leaves the lock free at least this long (and as long as
 * the batch held it, up to the most), preparing the next batch meanwhile: a writer waiting for
 * the lock polls for it every few to 100 ms, and would otherwise rarely find it free.
 * PostgreSQL queues waiting writers and needs no rest.
 */
const PAUSE_MIN_MS = 5;
const PAUSE_MAX_MS = 50;
/** Articles removed per transaction when a failed file is undone. */
const UNDO_BATCH = 100;

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
  /** Set when the file could not be imported; nothing of it was written (unless the message says what remains). */
  error: string | null;
  /** The run was stopped inside this file: the `added` articles stay, a re-run skips them and adds the rest. */
  interrupted: boolean;
}

export interface ImportOptions {
  /** Section for pages without a "Name (count)" heading. */
  defaultSection?: string;
  now?: Date;
  /** Stops the run after the batch being written; what was committed stays, and a re-run completes it. */
  signal?: AbortSignal;
}

/** What one file's run has committed, to be removed again if the file fails. */
interface Written {
  articleIds: number[];
  /** The section, when this run created it. */
  sectionId: number | null;
}

/**
 * Imports each file in short transactions; a file that fails is undone and leaves no trace, and the
 * others go on. Stops before the next batch once `options.signal` is aborted (the reports then end
 * with the interrupted file).
 */
export async function importPageFiles(ctx: DbContext, actor: Actor, files: string[], options: ImportOptions = {}): Promise<FileReport[]> {
  const reports: FileReport[] = [];
  for (const file of files) {
    if (options.signal?.aborted) break;
    const report = await importPageFile(ctx, actor, file, options);
    reports.push(report);
    if (report.interrupted) break;
  }
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
    interrupted: false,
  };
  let text: string;
  try {
    text = await readTextFile(file);
  } catch (e) {
    report.error = e instanceof Error ? e.message : String(e);
    return report;
  }
  // Parsing happens before any transaction is opened: it holds no lock however long it takes.
  const page = parsePageDump(text);
  report.warnings = page.warnings;
  if (page.articles.length === 0) {
    report.error = `Tệp ${path.basename(file)} không có bài viết nào (trống hoặc chỉ có khoảng trắng): không có gì được ghi, không tạo chuyên mục.`;
    return report;
  }
  const sectionName = page.section?.name ?? options.defaultSection ?? FALLBACK_SECTION;
  report.section = sectionName;
  report.articles = page.articles.length;
  for (const article of page.articles) {
    report.photos += article.blocks.filter((b) => b.type === 'figure').length;
    if (article.byline) report.bylines++;
    if (!article.headline) report.flagged++;
  }
  const now = options.now ?? new Date();
  const fallbackYear = yearOf(page) ?? now.getFullYear();
  const written: Written = { articleIds: [], sectionId: null };
  try {
    const target = await inTransaction(ctx, (tx) => sectionFor(tx, actor, sectionName));
    if (target.created) written.sectionId = target.section.id;
    // The costly part of each article (checking, cleaning the HTML, the search text) is done
    // outside the transactions: the next batch is prepared while the lock is left free.
    const prepare = (from: number) =>
      page.articles.slice(from, from + BATCH_ARTICLES).map((article) => {
        const sourceKey = sourceKeyOf(article);
        const input = toArticleInput(article, target.section.id, sourceKey, fallbackYear, now);
        return { sourceKey, prepared: prepareArticle({ ...input, unitId: target.articleUnitId }) };
      });
    let batch = prepare(0);
    for (let next = 0; batch.length > 0; next += BATCH_ARTICLES) {
      if (options.signal?.aborted) {
        report.interrupted = true;
        break;
      }
      const started = performance.now();
      const current = batch;
      const { ids, already } = await inTransaction(ctx, async (tx) => {
        const existing = await repo.existingSourceKeys(
          tx,
          current.map((b) => b.sourceKey),
        );
        // The same article twice in one file is written once.
        const fresh = current.filter((b) => !existing.has(b.sourceKey) && existing.add(b.sourceKey));
        const created = await createPreparedArticlesIn(
          tx,
          actor,
          fresh.map((b) => b.prepared),
        );
        return { ids: created.map((c) => c.id), already: current.length - fresh.length };
      });
      const committed = performance.now();
      written.articleIds.push(...ids);
      report.added += ids.length;
      report.alreadyThere += already;
      batch = prepare(next + BATCH_ARTICLES);
      if (ctx.dialect === 'sqlite' && batch.length > 0) {
        const rest = Math.min(PAUSE_MAX_MS, Math.max(PAUSE_MIN_MS, committed - started));
        await delay(Math.max(0, rest - (performance.now() - committed)));
      }
    }
    // Stopped before its first article: the section this run created would stay empty.
    if (report.interrupted && written.articleIds.length === 0 && written.sectionId !== null) await undoWritten(ctx, actor, written);
  } catch (e) {
    const cause = e instanceof Error ? e.message : String(e);
    const undo = await undoWritten(ctx, actor, written);
    report.added = undo.articlesLeft;
    report.alreadyThere = 0;
    report.error =
      undo.error === null
        ? `Lỗi khi ghi bài viết của tệp ${path.basename(file)}: ${cause}. Không có bài nào của tệp này được ghi.`
        : `Lỗi khi ghi bài viết của tệp ${path.basename(file)}: ${cause}. Gỡ lại phần đã ghi chưa xong (${undo.error}): ` +
          `còn ${formatNumber(undo.articlesLeft)} bài của tệp này` +
          (undo.sectionLeft ? ` và chuyên mục "${sectionName}" mới tạo` : '') +
          '. Chạy lại lệnh với tệp này sẽ bỏ qua các bài đã có và nhập nốt phần còn lại.';
  }
  return report;
}

/** The section of the file, created (and then owned by this run) when there is none of that name. */
async function sectionFor(tx: DbContext, actor: Actor, name: string) {
  const existing = await repo.findSectionByName(tx, name);
  // A section named like a unit that has none yet becomes that unit's section; articles belong to it, or to the root.
  const named = existing ? undefined : await findUnitByShortName(tx, name);
  const namedIsFree = named && !(await repo.findSectionOfUnit(tx, named.id));
  const section = existing ?? (await ensureSectionIn(tx, actor, name, namedIsFree ? named.id : null));
  const articleUnitId = section.unit_id ?? (await findRootUnit(tx))?.id ?? null;
  return { section, created: !existing, articleUnitId };
}

/**
 * Removes what a failed file's run committed, in short transactions, each with its audit rows.
 * The section it created goes too, unless someone has meanwhile written an article into it.
 */
async function undoWritten(
  ctx: DbContext,
  actor: Actor,
  written: Written,
): Promise<{ articlesLeft: number; sectionLeft: boolean; error: string | null }> {
  let removed = 0;
  let sectionLeft = written.sectionId !== null;
  try {
    for (let i = 0; i < written.articleIds.length; i += UNDO_BATCH) {
      const chunk = written.articleIds.slice(i, i + UNDO_BATCH);
      await inTransaction(ctx, async (tx) => {
        const rows = await repo.findArticlesByIds(tx, chunk);
        for (const a of rows) await removeArticle(tx.db, tx.dialect, a.id);
        await repo.deleteArticles(
          tx,
          rows.map((a) => a.id),
        );
        for (const a of rows)
          await recordAudit(tx, { actor, action: 'article.import_undo', entity: 'article', entityId: a.id, unitId: a.unit_id, before: a });
        if (rows.some((a) => a.status === 'published')) await bumpContentVersion(tx);
      });
      removed += chunk.length;
    }
    const sectionId = written.sectionId;
    if (sectionId !== null) {
      sectionLeft = await inTransaction(ctx, async (tx) => {
        const section = await repo.findSectionById(tx, sectionId);
        if (!section) return false;
        if ((await repo.countArticlesInSection(tx, sectionId)) > 0) return true;
        await repo.deleteSection(tx, sectionId);
        await recordAudit(tx, {
          actor,
          action: 'section.import_undo',
          entity: 'section',
          entityId: sectionId,
          unitId: section.unit_id,
          before: section,
        });
        await bumpContentVersion(tx);
        return false;
      });
    }
    return { articlesLeft: 0, sectionLeft, error: null };
  } catch (e) {
    return { articlesLeft: written.articleIds.length - removed, sectionLeft, error: e instanceof Error ? e.message : String(e) };
  }
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
