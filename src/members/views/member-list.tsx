import type { Unit } from '../../db/schema.js';
import { formatNumber } from '../../lib/format.js';
import type { Pagination } from '../../lib/pagination.js';
import { Pager } from '../../web/views/components.js';
import { CsrfField } from '../../web/views/admin-layout.js';
import { UnitOptions } from '../../web/views/unit-options.js';
import type { MemberListRow } from '../service.js';
import { GENDER_LABELS } from '../schema.js';

export interface MemberListProps {
  csrf: string;
  units: Unit[];
  unitId: number | null;
  q: string;
  rows: MemberListRow[];
  pagination: Pagination;
}

/** The list's query string with its filters (and `extra`), empty values left out. */
function listQuery(q: string, unitId: number | null, extra: Record<string, string>): string {
  const entries = Object.entries({ q, don_vi: unitId ? String(unitId) : '', ...extra }).filter(([, v]) => v);
  return new URLSearchParams(entries).toString();
}

/** Current members in name order, with the search and unit filter, the export and the admission links. */
export function MemberList({ csrf, units, unitId, q, rows, pagination: p }: MemberListProps) {
  return (
    <>
      <form method="get" action="/quan-tri/doan-vien" class="panel form-grid">
        <div class="form-row">
          <label for="q">Họ tên (không cần dấu)</label>
          <input id="q" name="q" type="text" value={q} />
        </div>
        <div class="form-row">
          <label for="don_vi">Đơn vị (gồm cả cấp dưới)</label>
          <select id="don_vi" name="don_vi">
            <option value="">Tất cả trong phạm vi</option>
            <UnitOptions units={units} selected={unitId} />
          </select>
        </div>
        <div class="actions">
          <button type="submit" class="primary">
            Tìm
          </button>
          <button type="submit" class="secondary" form="member-export">
            Xuất Excel
          </button>
          <a class="button secondary" href="/quan-tri/doan-vien/moi">
            Kết nạp đoàn viên
          </a>
          <a class="button secondary" href="/quan-tri/doan-vien/chuyen-den">
            Đề nghị chuyển sinh hoạt
          </a>
        </div>
      </form>
      {/* The export writes a job: a POST of the filters shown, apart from the search form. */}
      <form id="member-export" method="post" action="/quan-tri/doan-vien/xuat" hidden>
        <CsrfField token={csrf} />
        {q ? <input type="hidden" name="q" value={q} /> : null}
        {unitId ? <input type="hidden" name="don_vi" value={String(unitId)} /> : null}
      </form>
      <p class="muted">{formatNumber(p.total)} đoàn viên đang sinh hoạt, xếp theo tên.</p>
      <table class="grid">
        <thead>
          <tr>
            <th>STT</th>
            <th>Họ và tên</th>
            <th>Giới tính</th>
            <th>Năm sinh</th>
            <th>Nghề nghiệp</th>
            <th>Đơn vị</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={r.id}>
              <td>{p.offset + i + 1}</td>
              <td>
                <a href={`/quan-tri/doan-vien/${r.id}`}>{r.full_name}</a>
              </td>
              <td>{r.gender ? GENDER_LABELS[r.gender] : ''}</td>
              <td>{r.birth_date?.slice(0, 4) ?? r.birth_year ?? ''}</td>
              <td>{r.job ?? ''}</td>
              <td>{r.unit_name}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pager page={p.page} pages={p.pages} href={(n) => `/quan-tri/doan-vien?${listQuery(q, unitId, n > 1 ? { trang: String(n) } : {})}`} />
    </>
  );
}
