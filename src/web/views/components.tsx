import { formatDateLine, formatShortDate } from '../../lib/format.js';
import type { Segment } from '../../lib/highlight.js';
import { pageWindow } from '../../lib/pagination.js';
import { mediaUrl } from '../../media/urls.js';
import type { ArticleSummary } from '../../news/repo.js';
import { articlePath } from './layout.js';

export function DateLine({ at, short }: { at: number | null; short?: boolean }) {
  if (at === null) return null;
  const date = new Date(at);
  return (
    <time class="date-line" dateTime={date.toISOString()}>
      {short ? formatShortDate(date) : formatDateLine(date)}
    </time>
  );
}

export function Thumb({ sha, caption }: { sha: string | null; caption: string | null }) {
  if (!sha) return null;
  return <img class="thumb" src={mediaUrl(sha, 'thumb')} alt={caption ?? ''} loading="lazy" width={400} height={267} />;
}

export function ArticleCard({ a, headingLevel = 2 }: { a: ArticleSummary; headingLevel?: 2 | 3 }) {
  const H = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <article class="card">
      {a.thumb_sha ? (
        <a class="card-thumb" href={articlePath(a.slug)} tabIndex={-1}>
          <Thumb sha={a.thumb_sha} caption={a.thumb_caption} />
        </a>
      ) : null}
      <div class="card-body">
        <H class="card-title">
          <a href={articlePath(a.slug)}>{a.headline}</a>
        </H>
        <DateLine at={a.published_at} />
        <p class="card-lead">{a.lead}</p>
      </div>
    </article>
  );
}

export function Marked({ segments }: { segments: Segment[] }) {
  return <>{segments.map((s, i) => (s.mark ? <mark key={i}>{s.text}</mark> : s.text))}</>;
}

export function Pager({ page, pages, href }: { page: number; pages: number; href: (page: number) => string }) {
  if (pages <= 1)
    return (
      <p class="pager-status">
        Trang {page} / {pages}
      </p>
    );
  return (
    <nav class="pager" aria-label="Phân trang">
      <p class="pager-status">
        Trang {page} / {pages}
      </p>
      <ul>
        {page > 1 ? (
          <li>
            <a href={href(page - 1)} rel="prev">
              « Trước
            </a>
          </li>
        ) : null}
        {pageWindow(page, pages).map((p, i) =>
          p === 0 ? (
            <li key={`gap${i}`} class="gap">
              …
            </li>
          ) : (
            <li key={p}>{p === page ? <span aria-current="page">{p}</span> : <a href={href(p)}>{p}</a>}</li>
          ),
        )}
        {page < pages ? (
          <li>
            <a href={href(page + 1)} rel="next">
              Sau »
            </a>
          </li>
        ) : null}
      </ul>
    </nav>
  );
}
