import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { h, type ComponentChildren } from 'preact';
import { readContentVersion, type DbContext } from '../db/context.js';
import { searchArticles } from '../db/search/index.js';
import { parseSearchQuery } from '../db/search/query.js';
import { paginate, parsePageNumber, PAGE_SIZE } from '../lib/pagination.js';
import { mediaUrl } from '../media/urls.js';
import * as news from '../news/repo.js';
import { htmlToText } from '../news/sanitize.js';
import { readSiteSettings } from '../site/settings.js';
import { PageCache } from '../web/page-cache.js';
import { renderDocument } from '../web/render.js';
import { articlePath, Layout, sectionPath, type PageMeta } from '../web/views/layout.js';
import { ArticlePage, HomePage, NotFoundPage, SearchPage, SectionPage } from '../web/views/pages.js';
import { atomFeed, sitemap } from './feeds.js';

const MAX_QUERY_CHARS = 500;
const CACHEABLE_KEY_LENGTH = 700;

interface Rendered {
  status: number;
  contentType: string;
  body: string;
}

export interface PortalOptions {
  ctx: DbContext;
  publicUrl: string | undefined;
}

/** The public portal: home, sections, articles, search, feeds, sitemap. */
export function registerPortalRoutes(app: FastifyInstance, { ctx, publicUrl }: PortalOptions): void {
  const cache = new PageCache();
  const baseUrlOf = (req: FastifyRequest) => publicUrl ?? `${req.protocol}://${req.host}`;

  /** Serves a public response from the cache when content has not changed; answers 304 to a matching ETag. */
  async function respond(req: FastifyRequest, reply: FastifyReply, render: () => Promise<Rendered>) {
    const { version, changedAt } = await readContentVersion(ctx);
    const key = `${req.host}${req.url}`;
    let entry = key.length <= CACHEABLE_KEY_LENGTH ? cache.get(key, version) : undefined;
    if (!entry) {
      const r = await render();
      entry = cache.set(key.length <= CACHEABLE_KEY_LENGTH ? key : `${key.slice(0, CACHEABLE_KEY_LENGTH)}#`, version, {
        ...r,
        lastModified: changedAt,
      });
    }
    reply
      .header('ETag', entry.etag)
      .header('Last-Modified', new Date(entry.lastModified).toUTCString())
      .header('Cache-Control', 'public, no-cache')
      .header('Vary', 'Accept-Encoding');
    if (req.headers['if-none-match'] === entry.etag && entry.status === 200) return reply.code(304).send();
    return reply.code(entry.status).type(entry.contentType).send(entry.body);
  }

  async function page(
    req: FastifyRequest,
    meta: PageMeta,
    body: ComponentChildren,
    extra: { status?: number; query?: string; activeSectionId?: number } = {},
  ): Promise<Rendered> {
    const [site, sections] = await Promise.all([readSiteSettings(ctx), news.listSectionsWithCounts(ctx)]);
    const html = renderDocument(
      h(Layout, {
        site,
        sections,
        baseUrl: baseUrlOf(req),
        meta,
        query: extra.query,
        activeSectionId: extra.activeSectionId,
        children: body,
      }),
    );
    return { status: extra.status ?? 200, contentType: 'text/html; charset=utf-8', body: html };
  }

  const notFound = (req: FastifyRequest, message: string) =>
    page(req, { title: 'Không tìm thấy trang', path: req.url.split('?')[0] ?? '/', noindex: true }, h(NotFoundPage, { message }), {
      status: 404,
    });

  const pub = { config: { access: 'public' as const } };

  app.get('/', pub, (req, reply) =>
    respond(req, reply, async () => {
      const [latest, sections, perSection] = await Promise.all([
        news.listLatestPublished(ctx, 6),
        news.listSectionsWithCounts(ctx),
        news.listLatestPerSection(ctx, 5),
      ]);
      const bySection = new Map<number, news.ArticleSummary[]>();
      for (const a of perSection) bySection.set(a.section_id, [...(bySection.get(a.section_id) ?? []), a]);
      return page(req, { title: 'Trang chủ', path: '/', feedPath: '/feed.xml' }, h(HomePage, { latest, sections, bySection }));
    }),
  );

  async function sectionPage(req: FastifyRequest, slug: string, rawPage: unknown): Promise<Rendered> {
    const section = await news.findSectionBySlug(ctx, slug);
    if (!section) return notFound(req, 'Chuyên mục này không tồn tại.');
    const pageNo = parsePageNumber(rawPage);
    const total = await news.countPublishedInSection(ctx, section.id);
    const p = paginate(total, pageNo ?? 1);
    if (pageNo === null || pageNo > p.pages) {
      return notFound(req, `Chuyên mục “${section.name}” chỉ có ${p.pages} trang.`);
    }
    const articles = await news.listPublishedInSection(ctx, section.id, PAGE_SIZE, p.offset);
    const meta = {
      title: pageNo > 1 ? `${section.name} – Trang ${pageNo}` : section.name,
      path: sectionPath(section.slug, pageNo),
      feedPath: `/chuyen-muc/${section.slug}/feed.xml`,
    };
    return page(req, meta, h(SectionPage, { section, count: total, articles, page: pageNo, pages: p.pages }), {
      activeSectionId: section.id,
    });
  }

  app.get<{ Params: { slug: string } }>('/chuyen-muc/:slug', pub, (req, reply) =>
    respond(req, reply, () => sectionPage(req, req.params.slug, 1)),
  );
  app.get<{ Params: { slug: string; page: string } }>('/chuyen-muc/:slug/trang/:page', pub, (req, reply) =>
    respond(req, reply, () => sectionPage(req, req.params.slug, req.params.page)),
  );

  app.get<{ Params: { slug: string } }>('/bai-viet/:slug', pub, (req, reply) =>
    respond(req, reply, async () => {
      const article = await news.findPublishedBySlug(ctx, req.params.slug);
      if (!article) return notFound(req, 'Bài viết không tồn tại hoặc đã được gỡ xuống.');
      const section = await news.findSectionById(ctx, article.section_id);
      if (!section) return notFound(req, 'Bài viết không thuộc chuyên mục nào.');
      const [more, figures] = await Promise.all([news.listPublishedInSection(ctx, section.id, 6, 0), news.listFiguresOf(ctx, article.id)]);
      const ogImage = figures.find((f) => f.sha256)?.sha256;
      const meta: PageMeta = {
        title: article.headline,
        description: article.lead.slice(0, 300),
        path: articlePath(article.slug),
        ogType: 'article',
        ogImage: ogImage ? mediaUrl(ogImage, 'large') : null,
      };
      return page(req, meta, h(ArticlePage, { article, section, more: more.filter((m) => m.id !== article.id).slice(0, 5) }), {
        activeSectionId: section.id,
      });
    }),
  );

  app.get<{ Querystring: { q?: string; trang?: string } }>('/tim-kiem', pub, (req, reply) =>
    respond(req, reply, async () => {
      const raw = typeof req.query.q === 'string' ? req.query.q : '';
      const query = raw.slice(0, MAX_QUERY_CHARS);
      const notes: string[] = [];
      if (raw.length > MAX_QUERY_CHARS) notes.push(`Từ khóa quá dài: chỉ dùng ${MAX_QUERY_CHARS} ký tự đầu.`);
      const meta = { title: query ? `Tìm kiếm: ${query.slice(0, 80)}` : 'Tìm kiếm', path: '/tim-kiem', noindex: true };
      const parsed = parseSearchQuery(query);
      const empty = { query, terms: [], results: [], texts: new Map(), total: 0, page: 1, pages: 1 };
      if (!parsed) {
        if (query.trim()) notes.push('Từ khóa cần có ít nhất một chữ cái hoặc chữ số.');
        return page(req, meta, h(SearchPage, { ...empty, note: notes.join(' ') || undefined }), { query });
      }
      const pageNo = parsePageNumber(req.query.trang);
      const first = await searchArticles(ctx.db, ctx.dialect, parsed, PAGE_SIZE, ((pageNo ?? 1) - 1) * PAGE_SIZE);
      const p = paginate(first.total, pageNo ?? 1);
      if (pageNo === null || (pageNo > p.pages && first.total > 0)) {
        return page(
          req,
          meta,
          h(SearchPage, {
            ...empty,
            terms: parsed.terms,
            total: first.total,
            pages: p.pages,
            note: `Không có trang ${String(req.query.trang).slice(0, 10)}: kết quả chỉ có ${p.pages} trang.`,
          }),
          { query, status: 404 },
        );
      }
      const results = await news.listSummariesByIds(
        ctx,
        first.hits.map((hit) => hit.id),
      );
      const bodies = await news.listBodiesByIds(
        ctx,
        results.map((r) => r.id),
      );
      const texts = new Map(results.map((r) => [r.id, `${r.lead} ${htmlToText(bodies.get(r.id) ?? '')}`]));
      if (first.total === 0) notes.push('Không tìm thấy bài viết nào. Hãy thử từ khóa khác hoặc ít từ hơn.');
      return page(
        req,
        meta,
        h(SearchPage, {
          query,
          terms: parsed.terms,
          results,
          texts,
          total: first.total,
          page: p.page,
          pages: p.pages,
          note: notes.join(' ') || undefined,
        }),
        { query },
      );
    }),
  );

  const xml = 'application/atom+xml; charset=utf-8';
  app.get('/feed.xml', pub, (req, reply) =>
    respond(req, reply, async () => {
      const [site, entries] = await Promise.all([readSiteSettings(ctx), news.listForFeed(ctx, null, 30)]);
      const base = baseUrlOf(req);
      return {
        status: 200,
        contentType: xml,
        body: atomFeed({
          title: site.name,
          subtitle: site.description,
          selfUrl: `${base}/feed.xml`,
          siteUrl: `${base}/`,
          baseUrl: base,
          entries,
        }),
      };
    }),
  );

  app.get<{ Params: { slug: string } }>('/chuyen-muc/:slug/feed.xml', pub, (req, reply) =>
    respond(req, reply, async () => {
      const section = await news.findSectionBySlug(ctx, req.params.slug);
      if (!section) return notFound(req, 'Chuyên mục này không tồn tại.');
      const [site, entries] = await Promise.all([readSiteSettings(ctx), news.listForFeed(ctx, section.id, 30)]);
      const base = baseUrlOf(req);
      return {
        status: 200,
        contentType: xml,
        body: atomFeed({
          title: `${section.name} – ${site.name}`,
          subtitle: site.description,
          selfUrl: `${base}/chuyen-muc/${section.slug}/feed.xml`,
          siteUrl: `${base}${sectionPath(section.slug)}`,
          baseUrl: base,
          entries,
        }),
      };
    }),
  );

  app.get('/sitemap.xml', pub, (req, reply) =>
    respond(req, reply, async () => {
      const base = baseUrlOf(req);
      const [sections, articles] = await Promise.all([news.listSectionsWithCounts(ctx), news.listPublishedForSitemap(ctx, 45_000)]);
      const urls = [
        { loc: `${base}/` },
        ...sections.map((s) => ({ loc: `${base}${sectionPath(s.slug)}` })),
        ...articles.map((a) => ({ loc: `${base}${articlePath(a.slug)}`, lastmod: a.updated_at })),
      ];
      return { status: 200, contentType: 'application/xml; charset=utf-8', body: sitemap(urls) };
    }),
  );

  app.get('/robots.txt', pub, (req, reply) =>
    respond(req, reply, async () => ({
      status: 200,
      contentType: 'text/plain; charset=utf-8',
      body: `User-agent: *\nDisallow: /tim-kiem\nSitemap: ${baseUrlOf(req)}/sitemap.xml\n`,
    })),
  );

  app.setNotFoundHandler({}, async (req, reply) => {
    const r = await notFound(req, 'Địa chỉ bạn mở không có trên cổng thông tin.');
    return reply.code(404).type(r.contentType).send(r.body);
  });
}
