import { formatDateLine, formatShortDate } from '../../lib/format.js';
import type { Segment } from '../../lib/highlight.js';
import { pageWindow } from '../../lib/pagination.js';

export function DateLine({ at, short }: { at: number | null; short?: boolean }) {
  if (at === null) return null;
  const date = new Date(at);
  return (
    <time class="date-line" dateTime={date.toISOString()}>
      {short ? formatShortDate(date) : formatDateLine(date)}
    </time>
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
