import type { Section } from '../../db/schema.js';
import { formatNumber } from '../../lib/format.js';
import { highlight, snippet } from '../../lib/highlight.js';
import { mediaUrl } from '../../media/urls.js';
import type { SectionWithCount } from '../../news/section-service.js';
import { DateLine, Marked, Pager } from '../../web/views/components.js';
import { articlePath, sectionPath } from '../../web/views/layout.js';
import type { ArticleSummary } from '../repo.js';
import { ArticleCard, Thumb } from './components.js';

export function HomePage({
  latest,
  sections,
  bySection,
}: {
  latest: ArticleSummary[];
  sections: SectionWithCount[];
  bySection: Map<number, ArticleSummary[]>;
}) {
  // The top story is the newest one with a photo, so the lead spot is never an empty frame.
  const top = latest.find((a) => a.thumb_sha) ?? latest[0];
  const rest = latest.filter((a) => a !== top);
  return (
    <>
      <h1 class="visually-hidden">Trang chủ</h1>
      {top ? (
        <section class="top-story" aria-label="Tin nổi bật">
          <ArticleCard a={top} />
          <ul class="headlines">
            {rest.map((a) => (
              <li key={a.id}>
                <a href={articlePath(a.slug)}>{a.headline}</a> <DateLine at={a.published_at} short />
              </li>
            ))}
          </ul>
        </section>
      ) : (
        <p class="empty">Chưa có bài viết nào được đăng.</p>
      )}
      <div class="section-grid">
        {sections
          .filter((s) => (bySection.get(s.id)?.length ?? 0) > 0)
          .map((s) => {
            const [first, ...others] = bySection.get(s.id) ?? [];
            return (
              <section class="home-section" key={s.id} aria-labelledby={`cm-${s.id}`}>
                <h2 id={`cm-${s.id}`} class="section-title">
                  <a href={sectionPath(s.slug)}>
                    {s.name} ({formatNumber(s.article_count)})
                  </a>
                </h2>
                {first ? (
                  <div class="home-first">
                    <a href={articlePath(first.slug)} tabIndex={-1}>
                      <Thumb sha={first.thumb_sha} caption={first.thumb_caption} />
                    </a>
                    <h3>
                      <a href={articlePath(first.slug)}>{first.headline}</a>
                    </h3>
                    <p class="card-lead">{first.lead}</p>
                  </div>
                ) : null}
                <ul class="headlines">
                  {others.map((a) => (
                    <li key={a.id}>
                      <a href={articlePath(a.slug)}>{a.headline}</a>
                    </li>
                  ))}
                </ul>
                <p class="more">
                  <a href={sectionPath(s.slug)}>Xem tất cả »</a>
                </p>
              </section>
            );
          })}
      </div>
    </>
  );
}

export function SectionPage({
  section,
  count,
  articles,
  page,
  pages,
}: {
  section: Section;
  count: number;
  articles: ArticleSummary[];
  page: number;
  pages: number;
}) {
  return (
    <>
      <h1 class="section-heading">
        {section.name} ({formatNumber(count)})
      </h1>
      {articles.length === 0 ? <p class="empty">Chuyên mục chưa có bài viết.</p> : null}
      <div class="listing">
        {articles.map((a) => (
          <ArticleCard key={a.id} a={a} />
        ))}
      </div>
      <Pager page={page} pages={pages} href={(p) => sectionPath(section.slug, p)} />
    </>
  );
}

export function SearchPage({
  query,
  terms,
  results,
  texts,
  total,
  page,
  pages,
  note,
}: {
  query: string;
  terms: string[];
  results: ArticleSummary[];
  texts: Map<number, string>;
  total: number;
  page: number;
  pages: number;
  note?: string;
}) {
  const href = (p: number) => `/tim-kiem?q=${encodeURIComponent(query)}${p > 1 ? `&trang=${p}` : ''}`;
  return (
    <>
      <h1>Tìm kiếm</h1>
      <form class="search-big" action="/tim-kiem" method="get" role="search">
        <label for="q2" class="visually-hidden">
          Từ khóa
        </label>
        <input id="q2" name="q" type="search" value={query} maxLength={500} placeholder="Nhập từ khóa, ví dụ: công đoàn" />
        <button type="submit">Tìm</button>
      </form>
      {note ? <p class="notice">{note}</p> : null}
      {terms.length > 0 ? (
        <p class="result-count">
          Tìm thấy {formatNumber(total)} bài viết cho “{query}”.
        </p>
      ) : null}
      <ol class="results">
        {results.map((a) => (
          <li key={a.id} class="result">
            {a.thumb_sha ? <img class="result-thumb" src={mediaUrl(a.thumb_sha, 'thumb')} alt="" loading="lazy" /> : null}
            <h2>
              <a href={articlePath(a.slug)}>
                <Marked segments={highlight(a.headline, terms)} />
              </a>
            </h2>
            <DateLine at={a.published_at} />
            <p>
              <Marked segments={highlight(snippet(texts.get(a.id) ?? a.lead, terms), terms)} />
            </p>
          </li>
        ))}
      </ol>
      {total > 0 ? <Pager page={page} pages={pages} href={href} /> : null}
    </>
  );
}
