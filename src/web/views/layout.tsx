import type { ComponentChildren } from 'preact';
import type { Section } from '../../db/schema.js';
import { formatNumber } from '../../lib/format.js';

/** The site's identity as the layout shows it (the site area's settings). */
export interface SiteIdentity {
  name: string;
  englishName: string | null;
  slogan: string | null;
  banner: string | null;
  description: string;
}

/** A section of the menu, with its published articles. */
export type MenuSection = Section & { article_count: number };

export interface PageMeta {
  title: string;
  description?: string;
  /** Path of this page, for the canonical link and Open Graph. */
  path: string;
  ogType?: 'website' | 'article';
  ogImage?: string | null;
  feedPath?: string;
  noindex?: boolean;
}

export interface LayoutProps {
  site: SiteIdentity;
  sections: MenuSection[];
  baseUrl: string;
  meta: PageMeta;
  query?: string;
  activeSectionId?: number;
  children: ComponentChildren;
}

export function sectionPath(slug: string, page = 1): string {
  return page > 1 ? `/chuyen-muc/${slug}/trang/${page}` : `/chuyen-muc/${slug}`;
}

export function articlePath(slug: string): string {
  return `/bai-viet/${slug}`;
}

export function Layout({ site, sections, baseUrl, meta, query, activeSectionId, children }: LayoutProps) {
  const title = meta.path === '/' ? site.name : `${meta.title} – ${site.name}`;
  const description = meta.description ?? site.description;
  const url = `${baseUrl}${meta.path}`;
  return (
    <html lang="vi">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title}</title>
        <meta name="description" content={description} />
        {meta.noindex ? <meta name="robots" content="noindex" /> : null}
        <link rel="canonical" href={url} />
        <meta property="og:site_name" content={site.name} />
        <meta property="og:locale" content="vi_VN" />
        <meta property="og:type" content={meta.ogType ?? 'website'} />
        <meta property="og:title" content={meta.title} />
        <meta property="og:description" content={description} />
        <meta property="og:url" content={url} />
        {meta.ogImage ? <meta property="og:image" content={`${baseUrl}${meta.ogImage}`} /> : null}
        <link rel="alternate" type="application/atom+xml" title={site.name} href="/feed.xml" />
        {meta.feedPath ? <link rel="alternate" type="application/atom+xml" title={meta.title} href={meta.feedPath} /> : null}
        <link rel="stylesheet" href="/assets/site.css" />
        <link rel="icon" href="/favicon.ico" type="image/svg+xml" />
      </head>
      <body>
        <a class="skip" href="#noi-dung">
          Bỏ qua đến nội dung
        </a>
        {site.slogan ? (
          <div class="slogan" role="note">
            <div class="wrap">{site.slogan}</div>
          </div>
        ) : null}
        <header class="masthead">
          <div class="wrap masthead-inner">
            <a class="brand" href="/">
              <span class="brand-mark" aria-hidden="true">
                CĐ
              </span>
              <span class="brand-text">
                <span class="brand-name">{site.name}</span>
                {site.englishName ? <span class="brand-en">{site.englishName}</span> : null}
              </span>
            </a>
            <form class="search-box" action="/tim-kiem" method="get" role="search">
              <label class="visually-hidden" for="q">
                Tìm kiếm
              </label>
              <input id="q" name="q" type="search" placeholder="Tìm kiếm tin bài…" value={query ?? ''} maxLength={500} />
              <button type="submit">Tìm</button>
            </form>
          </div>
          {site.banner ? (
            <div class="banner">
              <div class="wrap">{site.banner}</div>
            </div>
          ) : null}
        </header>
        <nav class="sections" aria-label="Chuyên mục">
          <div class="wrap">
            {/* On a phone the menu folds behind this button: a checkbox and its label, no script needed. */}
            <input type="checkbox" id="mo-chuyen-muc" class="menu-toggle" aria-label="Mở danh sách chuyên mục" />
            <label for="mo-chuyen-muc" class="menu-button" aria-hidden="true">
              Chuyên mục
            </label>
            <ul>
              <li>
                <a href="/" aria-current={meta.path === '/' ? 'page' : undefined}>
                  Trang chủ
                </a>
              </li>
              {sections.map((s) => (
                <li key={s.id}>
                  <a href={sectionPath(s.slug)} aria-current={s.id === activeSectionId ? 'page' : undefined}>
                    {s.name} <span class="count">({formatNumber(s.article_count)})</span>
                  </a>
                </li>
              ))}
            </ul>
          </div>
        </nav>
        <main id="noi-dung" class="wrap">
          {children}
        </main>
        <p class="print-only print-source">
          {site.name} – {url}
        </p>
        <footer class="site-footer">
          <div class="wrap">
            <p>
              <strong>{site.name}</strong>
            </p>
            <p>{site.description}</p>
            <p>
              <a href="/cham-lo">Chăm lo đoàn viên</a> · <a href="/feed.xml">Tin mới (Atom)</a> · <a href="/sitemap.xml">Sơ đồ trang</a>
            </p>
          </div>
        </footer>
      </body>
    </html>
  );
}
