import { escapeHtml } from '../lib/html.js';

export interface FeedEntry {
  id: number;
  slug: string;
  headline: string;
  lead: string;
  published_at: number | null;
  updated_at: number;
  author_name: string | null;
}

/** An Atom 1.0 document. */
export function atomFeed(opts: {
  title: string;
  subtitle: string;
  selfUrl: string;
  siteUrl: string;
  baseUrl: string;
  entries: FeedEntry[];
}): string {
  const updated = new Date(Math.max(0, ...opts.entries.map((e) => e.updated_at))).toISOString();
  const entries = opts.entries
    .map((e) => {
      const url = `${opts.baseUrl}/bai-viet/${e.slug}`;
      return (
        `<entry><title>${escapeHtml(e.headline)}</title><link href="${escapeHtml(url)}"/><id>${escapeHtml(url)}</id>` +
        `<published>${new Date(e.published_at ?? e.updated_at).toISOString()}</published><updated>${new Date(e.updated_at).toISOString()}</updated>` +
        (e.author_name ? `<author><name>${escapeHtml(e.author_name)}</name></author>` : '') +
        `<summary>${escapeHtml(e.lead)}</summary></entry>`
      );
    })
    .join('');
  return (
    `<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="vi">` +
    `<title>${escapeHtml(opts.title)}</title><subtitle>${escapeHtml(opts.subtitle)}</subtitle>` +
    `<link rel="self" href="${escapeHtml(opts.selfUrl)}"/><link href="${escapeHtml(opts.siteUrl)}"/>` +
    `<id>${escapeHtml(opts.selfUrl)}</id><updated>${updated}</updated>${entries}</feed>`
  );
}

export function sitemap(urls: Array<{ loc: string; lastmod?: number }>): string {
  const items = urls
    .map((u) => `<url><loc>${escapeHtml(u.loc)}</loc>${u.lastmod ? `<lastmod>${new Date(u.lastmod).toISOString()}</lastmod>` : ''}</url>`)
    .join('');
  return `<?xml version="1.0" encoding="utf-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${items}</urlset>`;
}
