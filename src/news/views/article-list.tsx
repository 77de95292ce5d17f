import type { ArticleStatus } from '../../db/schema.js';
import { formatNumber } from '../../lib/format.js';
import { Pager } from '../../web/views/components.js';
import { STATUS_LABELS, STATUS_SLUGS } from '../schema.js';
import { articleEditPath, StatusBadge, When } from './components.js';

export interface ArticleRow {
  id: number;
  headline: string;
  status: ArticleStatus;
  updated_at: number | string;
  author_name: string | null;
  section_name: string;
  unit_name: string | null;
}

export function listHref(status: ArticleStatus | null, page = 1): string {
  const params = new URLSearchParams();
  if (status) params.set('trang-thai', STATUS_SLUGS[status]);
  if (page > 1) params.set('trang', String(page));
  const q = params.toString();
  return `/quan-tri/bai-viet${q ? `?${q}` : ''}`;
}

export interface ArticleListProps {
  rows: ArticleRow[];
  total: number;
  status: ArticleStatus | null;
  page: number;
  pages: number;
  canWrite: boolean;
}

export function ArticleListPage({ rows, total, status, page, pages, canWrite }: ArticleListProps) {
  return (
    <>
      <div class="list-tools">
        <form method="get" action="/quan-tri/bai-viet" class="filter-form">
          <label for="trang-thai">Trạng thái</label>
          <select id="trang-thai" name="trang-thai">
            <option value="">Tất cả</option>
            {(Object.keys(STATUS_SLUGS) as ArticleStatus[]).map((s) => (
              <option key={s} value={STATUS_SLUGS[s]} selected={s === status}>
                {STATUS_LABELS[s]}
              </option>
            ))}
          </select>
          <button type="submit" class="secondary">
            Lọc
          </button>
        </form>
        {canWrite ? (
          <a class="button" href="/quan-tri/bai-viet/moi">
            Viết bài mới
          </a>
        ) : null}
      </div>
      <p class="muted">
        {formatNumber(total)} bài viết{status ? ` ở trạng thái “${STATUS_LABELS[status]}”` : ''}.
      </p>
      {rows.length === 0 ? (
        <p class="empty">Không có bài viết nào.</p>
      ) : (
        <table class="grid">
          <thead>
            <tr>
              <th>Tiêu đề</th>
              <th>Trạng thái</th>
              <th>Chuyên mục</th>
              <th>Đơn vị</th>
              <th>Tác giả</th>
              <th>Cập nhật</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((a) => (
              <tr key={a.id}>
                <td>
                  <a href={articleEditPath(a.id)}>{a.headline}</a>
                </td>
                <td>
                  <StatusBadge status={a.status} />
                </td>
                <td>{a.section_name}</td>
                <td>{a.unit_name ?? '—'}</td>
                <td>{a.author_name ?? '—'}</td>
                <td>
                  <When at={a.updated_at} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager page={page} pages={pages} href={(p) => listHref(status, p)} />
    </>
  );
}

export interface QueueRow {
  id: number;
  headline: string;
  submitted_at: number | string | null;
  author_name: string | null;
  section_name: string;
  unit_name: string | null;
}

export function ReviewQueuePage({ rows, total, page, pages }: { rows: QueueRow[]; total: number; page: number; pages: number }) {
  return (
    <>
      <p class="muted">
        {total > 0 ? `${formatNumber(total)} bài đang chờ duyệt, bài gửi sớm nhất ở trên cùng.` : 'Không có bài nào chờ duyệt.'}
      </p>
      {rows.length > 0 ? (
        <table class="grid">
          <thead>
            <tr>
              <th>Tiêu đề</th>
              <th>Đơn vị</th>
              <th>Chuyên mục</th>
              <th>Tác giả</th>
              <th>Gửi lúc</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((a) => (
              <tr key={a.id}>
                <td>
                  <a href={articleEditPath(a.id)}>{a.headline}</a>
                </td>
                <td>{a.unit_name ?? '—'}</td>
                <td>{a.section_name}</td>
                <td>{a.author_name ?? '—'}</td>
                <td>
                  <When at={a.submitted_at} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <Pager page={page} pages={pages} href={(p) => `/quan-tri/duyet-bai${p > 1 ? `?trang=${p}` : ''}`} />
    </>
  );
}
