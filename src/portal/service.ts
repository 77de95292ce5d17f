import { readContentVersion, type DbContext } from '../db/context.js';
import { searchArticles } from '../db/search/index.js';
import { parseSearchQuery } from '../db/search/query.js';
import type { Article, Section } from '../db/schema.js';
import { paginate, PAGE_SIZE } from '../lib/pagination.js';
import { htmlToText } from '../news/sanitize.js';
import { listSectionsWithCounts, type SectionWithCount } from '../news/section-service.js';
import { readSiteSettings } from '../site/service.js';
import type { SiteSettings } from '../site/schema.js';
import * as repo from './repo.js';
import { MAX_QUERY_CHARS, type SearchInput } from './schema.js';

/** The public portal's reads. A page that does not exist is `{ missing }`, with what to tell the reader. */
export interface Missing {
  missing: string;
}

/** The version of the public content, which keys every cached response. */
export const contentVersion = readContentVersion;

/** What every public page is framed with: the site's identity and the section bar. */
export async function portalFrame(ctx: DbContext): Promise<{ site: SiteSettings; sections: SectionWithCount[] }> {
  const [site, sections] = await Promise.all([readSiteSettings(ctx), listSectionsWithCounts(ctx)]);
  return { site, sections };
}

export async function homePage(ctx: DbContext) {
  const [latest, sections, perSection] = await Promise.all([
    repo.listLatestPublished(ctx, 6),
    listSectionsWithCounts(ctx),
    repo.listLatestPerSection(ctx, 5),
  ]);
  const bySection = new Map<number, repo.ArticleSummary[]>();
  for (const a of perSection) bySection.set(a.section_id, [...(bySection.get(a.section_id) ?? []), a]);
  return { latest, sections, bySection };
}

export interface SectionListing {
  section: Section;
  count: number;
  articles: repo.ArticleSummary[];
  page: number;
  pages: number;
}

/** One page of a section's published articles; `page` null is a page number that does not read. */
export async function sectionPage(ctx: DbContext, slug: string, page: number | null): Promise<SectionListing | Missing> {
  const section = await repo.findSectionBySlug(ctx, slug);
  if (!section) return { missing: 'Chuyên mục này không tồn tại.' };
  const total = await repo.countPublishedInSection(ctx, section.id);
  const p = paginate(total, page ?? 1);
  if (page === null || page > p.pages) return { missing: `Chuyên mục “${section.name}” chỉ có ${p.pages} trang.` };
  const articles = await repo.listPublishedInSection(ctx, section.id, PAGE_SIZE, p.offset);
  return { section, count: total, articles, page, pages: p.pages };
}

export interface ArticleReading {
  article: Article;
  section: Section;
  more: repo.ArticleSummary[];
  /** The first photo, for the link preview. */
  ogImage: string | null;
}

export async function articlePage(ctx: DbContext, slug: string): Promise<ArticleReading | Missing> {
  const article = await repo.findPublishedBySlug(ctx, slug);
  if (!article) return { missing: 'Bài viết không tồn tại hoặc đã được gỡ xuống.' };
  const section = await repo.findSectionById(ctx, article.section_id);
  if (!section) return { missing: 'Bài viết không thuộc chuyên mục nào.' };
  const [more, figures] = await Promise.all([repo.listPublishedInSection(ctx, section.id, 6, 0), repo.listFiguresOf(ctx, article.id)]);
  return {
    article,
    section,
    more: more.filter((m) => m.id !== article.id).slice(0, 5),
    ogImage: figures.find((f) => f.sha256)?.sha256 ?? null,
  };
}

export interface SearchResults {
  query: string;
  terms: string[];
  results: repo.ArticleSummary[];
  texts: Map<number, string>;
  total: number;
  page: number;
  pages: number;
  note?: string;
  status: number;
}

/** A search: every word must match; a page past the last answers 404 with a note. */
export async function searchPage(ctx: DbContext, input: SearchInput): Promise<SearchResults> {
  const query = input.q.slice(0, MAX_QUERY_CHARS);
  const notes: string[] = [];
  if (input.q.length > MAX_QUERY_CHARS) notes.push(`Từ khóa quá dài: chỉ dùng ${MAX_QUERY_CHARS} ký tự đầu.`);
  const parsed = parseSearchQuery(query);
  const empty = { query, terms: [], results: [], texts: new Map<number, string>(), total: 0, page: 1, pages: 1, status: 200 };
  if (!parsed) {
    if (query.trim()) notes.push('Từ khóa cần có ít nhất một chữ cái hoặc chữ số.');
    return { ...empty, note: notes.join(' ') || undefined };
  }
  const pageNo = input.page;
  const first = await searchArticles(ctx.db, ctx.dialect, parsed, PAGE_SIZE, ((pageNo ?? 1) - 1) * PAGE_SIZE);
  const p = paginate(first.total, pageNo ?? 1);
  if (pageNo === null || (pageNo > p.pages && first.total > 0)) {
    const note = `Không có trang ${input.rawPage}: kết quả chỉ có ${p.pages} trang.`;
    return { ...empty, terms: parsed.terms, total: first.total, pages: p.pages, note, status: 404 };
  }
  const results = await repo.listSummariesByIds(
    ctx,
    first.hits.map((hit) => hit.id),
  );
  const bodies = await repo.listBodiesByIds(
    ctx,
    results.map((r) => r.id),
  );
  const texts = new Map(results.map((r) => [r.id, `${r.lead} ${htmlToText(bodies.get(r.id) ?? '')}`]));
  if (first.total === 0) notes.push('Không tìm thấy bài viết nào. Hãy thử từ khóa khác hoặc ít từ hơn.');
  return {
    query,
    terms: parsed.terms,
    results,
    texts,
    total: first.total,
    page: p.page,
    pages: p.pages,
    note: notes.join(' ') || undefined,
    status: 200,
  };
}

const FEED_ENTRIES = 30;

/** The newest articles of the whole portal, or of one section (by its slug). */
export async function feedEntries(
  ctx: DbContext,
  sectionSlug: string | null,
): Promise<{ site: SiteSettings; section: Section | null; entries: Awaited<ReturnType<typeof repo.listForFeed>> } | Missing> {
  const section = sectionSlug === null ? null : ((await repo.findSectionBySlug(ctx, sectionSlug)) ?? null);
  if (sectionSlug !== null && !section) return { missing: 'Chuyên mục này không tồn tại.' };
  const [site, entries] = await Promise.all([readSiteSettings(ctx), repo.listForFeed(ctx, section?.id ?? null, FEED_ENTRIES)]);
  return { site, section, entries };
}

/** Every address of the portal a search engine should know: the sections and the published articles. */
export async function sitemapEntries(ctx: DbContext) {
  const [sections, articles] = await Promise.all([listSectionsWithCounts(ctx), repo.listPublishedForSitemap(ctx, 45_000)]);
  return { sections, articles };
}
