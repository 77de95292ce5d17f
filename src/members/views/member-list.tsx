import type { Unit } from '../../db/schema.js';
import { formatIsoDate } from '../../lib/dates.js';
import { formatNumber } from '../../lib/format.js';
import type { Pagination } from '../../lib/pagination.js';
import { Pager } from '../../web/views/components.js';
import { CsrfField } from '../../web/views/admin-layout.js';
import { DateInput } from '../../web/views/date-input.js';
import { UnitOptions } from '../../web/views/unit-options.js';
import { filterParams } from '../list-filter.js';
import type { MemberListRow } from '../service.js';
import {
  ETHNICITIES,
  GENDER_LABELS,
  LEAVE_REASON_LABELS,
  LIST_STATUS_LABELS,
  leaveReasonText,
  QUALIFICATION_LABELS,
  UNION_POSITION_LABELS,
  type ListFilterValues,
} from '../schema.js';

export interface MemberListProps {
  csrf: string;
  units: Unit[];
  unitId: number | null;
  q: string;
  /** The filters as parsed. */
  query: ListFilterValues;
  rows: MemberListRow[];
  pagination: Pagination;
}

/** A select of a filter: "Tất cả" first, the chosen value selected. */
function FilterSelect({
  id,
  label,
  value,
  options,
}: {
  id: string;
  label: string;
  value: string;
  options: Array<readonly [string, string]>;
}) {
  return (
    <div class="form-row">
      <label for={id}>{label}</label>
      <select id={id} name={id}>
        <option value="">Tất cả</option>
        {options.map(([code, text]) => (
          <option key={code} value={code} selected={code === value}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}

const pairs = (labels: Record<string, string>) => Object.entries(labels) as Array<[string, string]>;
const YES_NO = [
  ['co', 'Có'],
  ['khong', 'Không'],
] as const;

/** Where a listed member stands: their unit, or their departure's date and reason. */
function standing(r: MemberListRow): string {
  if (!r.ended_on) return 'Đang sinh hoạt';
  const why = leaveReasonText(r.end_reason ?? null, r.end_note ?? null);
  return `Đã thôi từ ${formatIsoDate(r.ended_on)}${why ? ` (${why})` : ''}`;
}

/** Members in name order, with the filters, the export and the admission links; a former member's page offers the rejoin. */
export function MemberList({ csrf, units, unitId, q, query, rows, pagination: p }: MemberListProps) {
  const params = filterParams({ ...query, q, don_vi: unitId });
  const v = (k: keyof ListFilterValues) => {
    const value = query[k];
    return value === null || value === undefined ? '' : String(value);
  };
  const status = query.tinh_trang ?? 'dang-sinh-hoat';
  const showsFormer = status !== 'dang-sinh-hoat' || Boolean(query.ly_do);
  return (
    <>
      <form method="get" action="/quan-tri/doan-vien" class="panel form-grid member-filters">
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
        <div class="form-row">
          <label for="tinh_trang">Tình trạng</label>
          <select id="tinh_trang" name="tinh_trang">
            {pairs(LIST_STATUS_LABELS).map(([code, text]) => (
              <option key={code} value={code} selected={code === status}>
                {text}
              </option>
            ))}
          </select>
        </div>
        <FilterSelect id="gioi_tinh" label="Giới tính" value={v('gioi_tinh')} options={pairs(GENDER_LABELS)} />
        <div class="form-row">
          <label for="tuoi_tu">Tuổi (theo năm sinh) từ … đến …</label>
          <span class="range">
            <input id="tuoi_tu" name="tuoi_tu" type="number" min={0} max={120} value={v('tuoi_tu')} aria-label="Từ tuổi" />
            <input id="tuoi_den" name="tuoi_den" type="number" min={0} max={120} value={v('tuoi_den')} aria-label="Đến tuổi" />
          </span>
        </div>
        <div class="form-row">
          <label for="vao_tu">Bắt đầu sinh hoạt từ ngày … đến ngày …</label>
          <span class="range">
            <DateInput id="vao_tu" name="vao_tu" value={v('vao_tu')} />
            <DateInput id="vao_den" name="vao_den" value={v('vao_den')} />
          </span>
        </div>
        <FilterSelect id="ly_do" label="Lý do thôi sinh hoạt (đã thôi)" value={v('ly_do')} options={pairs(LEAVE_REASON_LABELS)} />
        <FilterSelect
          id="dan_toc"
          label="Dân tộc (được ghi nhật ký)"
          value={v('dan_toc')}
          options={ETHNICITIES.map((e) => [e, e] as const)}
        />
        <FilterSelect id="chuc_vu" label="Chức vụ công đoàn" value={v('chuc_vu')} options={pairs(UNION_POSITION_LABELS)} />
        <FilterSelect id="dang_vien" label="Đảng viên" value={v('dang_vien')} options={[...YES_NO]} />
        <FilterSelect id="chuyen_trach" label="Cán bộ chuyên trách" value={v('chuyen_trach')} options={[...YES_NO]} />
        <FilterSelect id="chuyen_mon" label="Trình độ chuyên môn" value={v('chuyen_mon')} options={pairs(QUALIFICATION_LABELS)} />
        <div class="actions">
          <button type="submit" class="primary">
            Tìm
          </button>
          <a class="button secondary" href="/quan-tri/doan-vien">
            Bỏ lọc
          </a>
          <a class="button secondary" href="/quan-tri/doan-vien/moi">
            Kết nạp đoàn viên
          </a>
          <a class="button secondary" href="/quan-tri/doan-vien/chuyen-den">
            Đề nghị chuyển sinh hoạt
          </a>
        </div>
      </form>
      {/* The export writes a job: a POST of the filters shown, apart from the search form. */}
      <form id="member-export" method="post" action="/quan-tri/doan-vien/xuat" class="panel inline-form">
        <CsrfField token={csrf} />
        {Object.entries(params).map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
        <label>
          <input type="checkbox" name="nhay_cam" value="1" /> Gồm dữ liệu nhạy cảm (số CCCD, dân tộc, tôn giáo): chỉ khi thật cần, được ghi
          nhật ký
        </label>{' '}
        <button type="submit" class="secondary">
          Xuất Excel
        </button>
      </form>
      <p class="muted">
        {formatNumber(p.total)}{' '}
        {status === 'tat-ca' && !query.ly_do
          ? 'đoàn viên (đang sinh hoạt và đã thôi)'
          : showsFormer
            ? 'đoàn viên đã thôi sinh hoạt'
            : 'đoàn viên đang sinh hoạt'}
        , xếp theo tên.
        {showsFormer ? ' Mở hồ sơ một người đã thôi để kết nạp lại.' : ''}
      </p>
      <table class="grid">
        <thead>
          <tr>
            <th class="col-secondary">STT</th>
            <th>Họ và tên</th>
            <th>Giới tính</th>
            <th>Năm sinh</th>
            <th>Nghề nghiệp</th>
            <th>Đơn vị</th>
            {showsFormer ? <th>Tình trạng</th> : null}
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={r.id}>
              <td class="col-secondary">{p.offset + i + 1}</td>
              <td>
                <a href={`/quan-tri/doan-vien/${r.id}`}>{r.full_name}</a>
              </td>
              <td>{r.gender ? GENDER_LABELS[r.gender] : ''}</td>
              <td>{r.birth_date?.slice(0, 4) ?? r.birth_year ?? ''}</td>
              <td>{r.job ?? ''}</td>
              <td>{r.unit_name}</td>
              {showsFormer ? <td>{standing(r)}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
      <Pager
        page={p.page}
        pages={p.pages}
        href={(n) => `/quan-tri/doan-vien?${new URLSearchParams({ ...params, ...(n > 1 ? { trang: String(n) } : {}) }).toString()}`}
      />
    </>
  );
}
