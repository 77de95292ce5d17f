import type { Article, Section } from '../../db/schema.js';
import { DateLine } from './components.js';
import { articlePath, sectionPath } from './layout.js';

/** Another article, as a link under the one being read. */
export interface ArticleLink {
  id: number;
  slug: string;
  headline: string;
  published_at: number | null;
}

/** The public article page: the portal shows it, and the newsroom's preview. */
export function ArticlePage({ article, section, more }: { article: Article; section: Section; more: ArticleLink[] }) {
  return (
    <div class="article-layout">
      <article class="article">
        <p class="breadcrumb">
          <a href="/">Trang chủ</a> › <a href={sectionPath(section.slug)}>{section.name}</a>
        </p>
        <h1>{article.headline}</h1>
        <DateLine at={article.published_at} />
        {article.lead ? <p class="lead">{article.lead}</p> : null}
        <div class="article-body" dangerouslySetInnerHTML={{ __html: article.body_html }} />
        {article.author_name ? (
          <footer class="byline">
            <p class="byline-line">
              {article.byline_label ? `${article.byline_label}: ` : ''}
              <span class="author">{article.author_name}</span>
            </p>
            {article.author_unit ? <p class="byline-unit">{article.author_unit}</p> : null}
          </footer>
        ) : null}
      </article>
      {more.length > 0 ? (
        <aside class="more-from" aria-labelledby="cung-chuyen-muc">
          <h2 id="cung-chuyen-muc">Cùng chuyên mục</h2>
          <ul>
            {more.map((a) => (
              <li key={a.id}>
                <a href={articlePath(a.slug)}>{a.headline}</a> <DateLine at={a.published_at} short />
              </li>
            ))}
          </ul>
        </aside>
      ) : null}
    </div>
  );
}

export function NotFoundPage({ message }: { message: string }) {
  return (
    <div class="not-found">
      <h1>Không tìm thấy trang</h1>
      <p>{message}</p>
      <p>
        <a href="/">Về trang chủ</a> hoặc tìm bài viết:
      </p>
      <form action="/tim-kiem" method="get" role="search" class="search-big">
        <label for="q404" class="visually-hidden">
          Từ khóa
        </label>
        <input id="q404" name="q" type="search" maxLength={500} />
        <button type="submit">Tìm</button>
      </form>
    </div>
  );
}

export function ErrorPage() {
  return (
    <div class="not-found">
      <h1>Đã có lỗi xảy ra</h1>
      <p>Hệ thống gặp sự cố khi xử lý yêu cầu. Xin vui lòng thử lại sau ít phút.</p>
      <p>
        <a href="/">Về trang chủ</a>
      </p>
    </div>
  );
}
