import { diffWords, type ChangeObject } from 'diff';
import type { Article, ArticleStatus } from '../../db/schema.js';
import { CsrfField } from '../../web/views/admin-layout.js';
import { htmlToText } from '../sanitize.js';
import { STATUS_LABELS } from '../schema.js';
import { articleEditPath, When } from './components.js';

export interface RevisionRow {
  id: number;
  version: number;
  headline: string;
  actor_label: string;
  created_at: number | string;
  status: ArticleStatus | null;
}
export interface RevisionText {
  id: number;
  version: number;
  headline: string;
  lead: string;
  body_html: string;
}

export interface RevisionsProps {
  csrf: string;
  article: Article;
  revisions: RevisionRow[];
  canRestore: boolean;
  compare: { a: RevisionText; b: RevisionText } | null;
}

export function RevisionsPage({ csrf, article, revisions, canRestore, compare }: RevisionsProps) {
  const [newest, previous] = revisions;
  const selectedA = compare?.a.id ?? previous?.id;
  const selectedB = compare?.b.id ?? newest?.id;
  return (
    <>
      <p>
        <a href={articleEditPath(article.id)}>« Quay lại bài viết</a>
      </p>
      {compare ? <Comparison a={compare.a} b={compare.b} /> : null}
      <form method="get" action={`${articleEditPath(article.id)}/phien-ban`} id="compare-form" />
      <table class="grid revisions">
        <thead>
          <tr>
            <th>Phiên bản</th>
            <th>Người lưu</th>
            <th>Thời gian</th>
            <th>Trạng thái</th>
            <th>Tiêu đề</th>
            <th>So sánh (cũ / mới)</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {revisions.map((r) => (
            <tr key={r.id}>
              <td>
                {r.version}
                {r.version === article.version ? ' (hiện tại)' : ''}
              </td>
              <td>{r.actor_label}</td>
              <td>
                <When at={r.created_at} />
              </td>
              <td>{r.status ? STATUS_LABELS[r.status] : '—'}</td>
              <td>{r.headline}</td>
              <td class="compare-pick">
                <input
                  type="radio"
                  name="a"
                  value={String(r.id)}
                  form="compare-form"
                  checked={r.id === selectedA}
                  aria-label={`Bản cũ: phiên bản ${r.version}`}
                />
                <input
                  type="radio"
                  name="b"
                  value={String(r.id)}
                  form="compare-form"
                  checked={r.id === selectedB}
                  aria-label={`Bản mới: phiên bản ${r.version}`}
                />
              </td>
              <td>
                {canRestore && r.version !== article.version ? (
                  <form method="post" action={`${articleEditPath(article.id)}/phien-ban/${r.id}/khoi-phuc`} class="inline">
                    <CsrfField token={csrf} />
                    <input type="hidden" name="version" value={String(article.version)} />
                    <button type="submit" class="secondary">
                      Khôi phục
                    </button>
                  </form>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {revisions.length > 1 ? (
        <div class="actions">
          <button type="submit" class="primary" form="compare-form">
            So sánh hai phiên bản đã chọn
          </button>
        </div>
      ) : null}
    </>
  );
}

function Comparison({ a, b }: { a: RevisionText; b: RevisionText }) {
  return (
    <section class="panel diff" aria-labelledby="so-sanh">
      <h2 id="so-sanh">
        So sánh phiên bản {a.version} với phiên bản {b.version}
      </h2>
      <p class="muted diff-legend">
        <del>chữ bị xóa</del> <ins>chữ được thêm</ins>
      </p>
      <h3>Tiêu đề</h3>
      <WordDiff before={a.headline} after={b.headline} />
      <h3>Sa-pô</h3>
      <WordDiff before={a.lead} after={b.lead} />
      <h3>Nội dung</h3>
      <WordDiff before={htmlToText(a.body_html)} after={htmlToText(b.body_html)} />
    </section>
  );
}

/** Word by word; text is escaped by the renderer. Very different long texts are shown whole. */
function WordDiff({ before, after }: { before: string; after: string }) {
  if (before === after) return <p class="diff-text muted">Không thay đổi.</p>;
  const changes: ChangeObject<string>[] | undefined = diffWords(before, after, { timeout: 2000 });
  if (!changes) {
    return (
      <div class="diff-text">
        <p class="muted">Hai bản khác nhau quá nhiều để so sánh từng từ.</p>
        <del>{before}</del>
        <ins>{after}</ins>
      </div>
    );
  }
  return (
    <div class="diff-text">
      {changes.map((c, i) =>
        c.added ? <ins key={i}>{c.value}</ins> : c.removed ? <del key={i}>{c.value}</del> : <span key={i}>{c.value}</span>,
      )}
    </div>
  );
}
