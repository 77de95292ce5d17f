import type { ArticleStatus } from '../../db/schema.js';
import { formatNumber } from '../../lib/format.js';
import { Pager } from '../../web/views/components.js';
import { unitsInTreeOrder, type TreeUnit } from '../../web/views/unit-options.js';
import { checkReasonLabels, STATUS_LABELS, STATUS_SLUGS } from '../schema.js';
import { articleEditPath, StatusBadge, When } from './components.js';

export interface ArticleRow {
  id: number;
  headline: string;
  status: ArticleStatus;
  updated_at: number | string;
  published_at: number | string | null;
  author_name: string | null;
  section_name: string;
  unit_name: string | null;
  check_reasons: number;
}

/** The list's filters as the address carries them (and the boxes show them). */
export interface ListFilters {
  status: ArticleStatus | null;
  q: string;
  sectionId: number | null;
  unitId: number | null;
  author: string;
  flagged: boolean;
}

export const NO_FILTERS: ListFilters = { status: null, q: '', sectionId: null, unitId: null, author: '', flagged: false };

export function listHref(f: ListFilters, page = 1): string {
  const params = new URLSearchParams();
  if (f.q) params.set('q', f.q);
  if (f.status) params.set('trang-thai', STATUS_SLUGS[f.status]);
  if (f.sectionId !== null) params.set('chuyen-muc', String(f.sectionId));
  if (f.unitId !== null) params.set('don-vi', String(f.unitId));
  if (f.author) params.set('tac-gia', f.author);
  if (f.flagged) params.set('can-kiem-tra', '1');
  if (page > 1) params.set('trang', String(page));
  const q = params.toString();
  return `/quan-tri/bai-viet${q ? `?${q}` : ''}`;
}

export interface ArticleListProps {
  rows: ArticleRow[];
  total: number;
  filters: ListFilters;
  sections: Array<{ id: number; name: string }>;
  units: TreeUnit[];
  page: number;
  pages: number;
  canWrite: boolean;
  /** The queue of imported articles waiting for a check (the list filtered on them). */
  queue?: boolean;
}

/** Indentation inside an <option>: four non-breaking spaces a level. */
const INDENT = '\u00a0\u00a0\u00a0\u00a0';

function ListFilterForm({ filters, sections, units }: Pick<ArticleListProps, 'filters' | 'sections' | 'units'>) {
  return (
    <form method="get" action="/quan-tri/bai-viet" class="filter-form article-filters" role="search">
      <div class="form-row">
        <label for="q">Tiêu đề có chữ</label>
        <input id="q" name="q" type="search" maxLength={300} value={filters.q} placeholder="không cần gõ dấu" />
      </div>
      <div class="form-row">
        <label for="trang-thai">Trạng thái</label>
        <select id="trang-thai" name="trang-thai">
          <option value="">Tất cả</option>
          {(Object.keys(STATUS_SLUGS) as ArticleStatus[]).map((s) => (
            <option key={s} value={STATUS_SLUGS[s]} selected={s === filters.status}>
              {STATUS_LABELS[s]}
            </option>
          ))}
        </select>
      </div>
      <div class="form-row">
        <label for="chuyen-muc">Chuyên mục</label>
        <select id="chuyen-muc" name="chuyen-muc">
          <option value="">Tất cả</option>
          {sections.map((s) => (
            <option key={s.id} value={String(s.id)} selected={s.id === filters.sectionId}>
              {s.name}
            </option>
          ))}
        </select>
      </div>
      <div class="form-row">
        <label for="don-vi">Đơn vị (cả đơn vị trực thuộc)</label>
        <select id="don-vi" name="don-vi">
          <option value="">Tất cả</option>
          {unitsInTreeOrder(units).map(({ unit, depth }) => (
            <option key={unit.id} value={String(unit.id)} selected={Number(unit.id) === filters.unitId}>
              {INDENT.repeat(depth)}
              {unit.short_name}
            </option>
          ))}
        </select>
      </div>
      <div class="form-row">
        <label for="tac-gia">Tác giả</label>
        <input id="tac-gia" name="tac-gia" type="search" maxLength={300} value={filters.author} />
      </div>
      <label class="check">
        <input type="checkbox" name="can-kiem-tra" value="1" checked={filters.flagged} /> Chỉ bài nhập cần kiểm tra
      </label>
      <button type="submit" class="secondary">
        Lọc
      </button>
      <a href="/quan-tri/bai-viet">Bỏ lọc</a>
    </form>
  );
}

export function ArticleListPage({ rows, total, filters, sections, units, page, pages, canWrite, queue }: ArticleListProps) {
  return (
    <>
      <div class="list-tools">
        {canWrite ? (
          <a class="button" href="/quan-tri/bai-viet/moi">
            Viết bài mới
          </a>
        ) : null}
        <a href="/quan-tri/bai-viet/can-kiem-tra">Bài nhập cần kiểm tra</a>
      </div>
      {queue ? (
        <p class="muted">
          Bài nhập từ trang cũ hoặc từ tệp có tiêu đề do máy tạo, hoặc còn chỗ giữ ảnh: chưa đăng được cho đến khi biên tập viên sửa (tiêu
          đề, ảnh) hoặc bấm “Xác nhận đã kiểm tra” trong trang sửa bài.
        </p>
      ) : null}
      <ListFilterForm filters={filters} sections={sections} units={units} />
      <p class="muted list-total">
        {formatNumber(total)} bài viết{filters.status ? ` ở trạng thái “${STATUS_LABELS[filters.status]}”` : ''}
        {filters.flagged ? ' cần kiểm tra' : ''}.
      </p>
      {rows.length === 0 ? (
        <p class="empty">Không có bài viết nào.</p>
      ) : (
        <table class="grid article-list">
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
                  {a.check_reasons !== 0 ? (
                    <span class="check-flag" title={checkReasonLabels(a.check_reasons).join('; ')}>
                      Cần kiểm tra: {checkReasonLabels(a.check_reasons).join('; ')}
                    </span>
                  ) : null}
                </td>
                <td>
                  <StatusBadge status={a.status} />
                  {a.status === 'scheduled' ? (
                    <span class="scheduled-at">
                      {' '}
                      đăng lúc <When at={a.published_at} />
                    </span>
                  ) : null}
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
      <Pager page={page} pages={pages} href={(p) => listHref(filters, p)} />
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
