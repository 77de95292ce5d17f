import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { h, type ComponentChildren } from 'preact';
import type { DbContext } from '../db/context.js';
import { mediaUrl } from '../media/urls.js';
import { PageCache } from '../web/page-cache.js';
import { parseParams, parseQuery } from '../web/parse.js';
import { renderDocument } from '../web/render.js';
import { articlePath, Layout, sectionPath, type PageMeta } from '../web/views/layout.js';
import { ArticlePage, NotFoundPage } from '../web/views/pages.js';
import { atomFeed, sitemap } from './feeds.js';
import { searchQuery, sectionParams, slugParams } from './schema.js';
import { articlePage, contentVersion, feedEntries, homePage, portalFrame, searchPage, sectionPage, sitemapEntries } from './service.js';
import { HomePage, SearchPage, SectionPage } from './views/pages.js';

const CACHEABLE_KEY_LENGTH = 700;
const HTML = 'text/html; charset=utf-8';
const ATOM = 'application/atom+xml; charset=utf-8';

interface Rendered {
  status: number;
  contentType: string;
  body: string;
}

export interface PortalOptions {
  ctx: DbContext;
  publicUrl: string | undefined;
}

/** What the public handlers share: the database, the response cache, and the address the portal is published at. */
interface Portal {
  ctx: DbContext;
  cache: PageCache;
  publicUrl: string | undefined;
}

const baseUrlOf = (portal: Portal, req: FastifyRequest) => portal.publicUrl ?? `${req.protocol}://${req.host}`;

/** Serves a public response from the cache when content has not changed; answers 304 to a matching ETag. */
async function respond(portal: Portal, req: FastifyRequest, reply: FastifyReply, render: () => Promise<Rendered>) {
  const { version, changedAt } = await contentVersion(portal.ctx);
  // The address the page names is part of the key: a page built for one host or scheme is never served for another.
  const key = `${baseUrlOf(portal, req)}${req.url}`;
  let entry = key.length <= CACHEABLE_KEY_LENGTH ? portal.cache.get(key, version) : undefined;
  if (!entry) {
    const r = await render();
    entry = portal.cache.set(key.length <= CACHEABLE_KEY_LENGTH ? key : `${key.slice(0, CACHEABLE_KEY_LENGTH)}#`, version, {
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

/** A public page in the portal's layout. */
async function page(
  portal: Portal,
  req: FastifyRequest,
  meta: PageMeta,
  body: ComponentChildren,
  extra: { status?: number; query?: string; activeSectionId?: number } = {},
): Promise<Rendered> {
  const { site, sections } = await portalFrame(portal.ctx);
  const html = renderDocument(
    h(Layout, {
      site,
      sections,
      baseUrl: baseUrlOf(portal, req),
      meta,
      query: extra.query,
      activeSectionId: extra.activeSectionId,
      children: body,
    }),
  );
  return { status: extra.status ?? 200, contentType: HTML, body: html };
}

function notFound(portal: Portal, req: FastifyRequest, message: string): Promise<Rendered> {
  const meta = { title: 'Không tìm thấy trang', path: req.url.split('?')[0] ?? '/', noindex: true };
  return page(portal, req, meta, h(NotFoundPage, { message }), { status: 404 });
}

async function renderHome(portal: Portal, req: FastifyRequest): Promise<Rendered> {
  const props = await homePage(portal.ctx);
  return page(portal, req, { title: 'Trang chủ', path: '/', feedPath: '/feed.xml' }, h(HomePage, props));
}

async function renderSection(portal: Portal, req: FastifyRequest): Promise<Rendered> {
  const { slug, page: pageNo } = parseParams(sectionParams, req.params);
  const listing = await sectionPage(portal.ctx, slug, pageNo);
  if ('missing' in listing) return notFound(portal, req, listing.missing);
  const { section } = listing;
  const meta = {
    title: listing.page > 1 ? `${section.name} – Trang ${listing.page}` : section.name,
    path: sectionPath(section.slug, listing.page),
    feedPath: `/chuyen-muc/${section.slug}/feed.xml`,
  };
  return page(portal, req, meta, h(SectionPage, listing), { activeSectionId: section.id });
}

async function renderArticle(portal: Portal, req: FastifyRequest): Promise<Rendered> {
  const reading = await articlePage(portal.ctx, parseParams(slugParams, req.params).slug);
  if ('missing' in reading) return notFound(portal, req, reading.missing);
  const { article, section, more, ogImage } = reading;
  const meta: PageMeta = {
    title: article.headline,
    description: article.lead.slice(0, 300),
    path: articlePath(article.slug),
    ogType: 'article',
    ogImage: ogImage ? mediaUrl(ogImage, 'large') : null,
  };
  return page(portal, req, meta, h(ArticlePage, { article, section, more }), { activeSectionId: section.id });
}

async function renderSearch(portal: Portal, req: FastifyRequest): Promise<Rendered> {
  const { status, ...results } = await searchPage(portal.ctx, parseQuery(searchQuery, req.query));
  const { query } = results;
  const meta = { title: query ? `Tìm kiếm: ${query.slice(0, 80)}` : 'Tìm kiếm', path: '/tim-kiem', noindex: true };
  return page(portal, req, meta, h(SearchPage, results), { query, status });
}

async function renderFeed(portal: Portal, req: FastifyRequest, sectionSlug: string | null): Promise<Rendered> {
  const feed = await feedEntries(portal.ctx, sectionSlug);
  if ('missing' in feed) return notFound(portal, req, feed.missing);
  const base = baseUrlOf(portal, req);
  const { site, section, entries } = feed;
  const body = atomFeed({
    title: section ? `${section.name} – ${site.name}` : site.name,
    subtitle: site.description,
    selfUrl: section ? `${base}/chuyen-muc/${section.slug}/feed.xml` : `${base}/feed.xml`,
    siteUrl: section ? `${base}${sectionPath(section.slug)}` : `${base}/`,
    baseUrl: base,
    entries,
  });
  return { status: 200, contentType: ATOM, body };
}

async function renderSitemap(portal: Portal, req: FastifyRequest): Promise<Rendered> {
  const base = baseUrlOf(portal, req);
  const { sections, articles } = await sitemapEntries(portal.ctx);
  const urls = [
    { loc: `${base}/` },
    ...sections.map((s) => ({ loc: `${base}${sectionPath(s.slug)}` })),
    ...articles.map((a) => ({ loc: `${base}${articlePath(a.slug)}`, lastmod: a.updated_at })),
  ];
  return { status: 200, contentType: 'application/xml; charset=utf-8', body: sitemap(urls) };
}

async function renderRobots(portal: Portal, req: FastifyRequest): Promise<Rendered> {
  const body = `User-agent: *\nDisallow: /tim-kiem\nSitemap: ${baseUrlOf(portal, req)}/sitemap.xml\n`;
  return { status: 200, contentType: 'text/plain; charset=utf-8', body };
}

/** The public portal: home, sections, articles, search, feeds, sitemap. */
export function registerPortalRoutes(app: FastifyInstance, { ctx, publicUrl }: PortalOptions): void {
  const portal: Portal = { ctx, cache: new PageCache(), publicUrl };
  const pub = { config: { access: 'public' as const } };
  const cached = (render: (portal: Portal, req: FastifyRequest) => Promise<Rendered>) => (req: FastifyRequest, reply: FastifyReply) =>
    respond(portal, req, reply, () => render(portal, req));

  app.get('/', pub, cached(renderHome));
  app.get('/chuyen-muc/:slug', pub, cached(renderSection));
  app.get('/chuyen-muc/:slug/trang/:page', pub, cached(renderSection));
  app.get('/bai-viet/:slug', pub, cached(renderArticle));
  app.get('/tim-kiem', pub, cached(renderSearch));
  app.get(
    '/feed.xml',
    pub,
    cached((p, req) => renderFeed(p, req, null)),
  );
  app.get(
    '/chuyen-muc/:slug/feed.xml',
    pub,
    cached((p, req) => renderFeed(p, req, parseParams(slugParams, req.params).slug)),
  );
  app.get('/sitemap.xml', pub, cached(renderSitemap));
  app.get('/robots.txt', pub, cached(renderRobots));

  app.setNotFoundHandler({}, async (req, reply) => {
    const r = await notFound(portal, req, 'Địa chỉ bạn mở không có trên cổng thông tin.');
    return reply.code(404).type(r.contentType).send(r.body);
  });
}
