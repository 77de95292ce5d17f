import type { CareCaseStatus, Programme, Unit } from '../../db/schema.js';
import { formatIsoDate } from '../../lib/dates.js';
import { formatNumber } from '../../lib/format.js';
import { Pager } from '../../web/views/components.js';
import type { CaseListRow } from '../repo.js';
import { CARE_WORK_LABELS, REASON_LABELS, STATUS_LABELS, type CareWorkParam } from '../schema.js';
import { StatusBadge } from './fields.js';
import { CARE_IMPORT_PATH, CASES_PATH, PROGRAMMES_PATH } from '../paths.js';
import { UnitOptions } from '../../web/views/unit-options.js';
import { DateInput } from '../../web/views/date-input.js';
import { ScrollTable } from '../../web/views/table.js';

export const casePath = (id: number) => `${CASES_PATH}/ho-so/${id}`;

export interface CaseListFilterValues {
  /** Only the cases waiting for this work of the user's (a link from the desk). */
  work: CareWorkParam | null;
  programmeId: number | null;
  status: CareCaseStatus | null;
  unitId: number | null;
  from: string | null;
  to: string | null;
}

export interface CaseListProps {
  rows: CaseListRow[];
  total: number;
  offset: number;
  page: number;
  pages: number;
  filter: CaseListFilterValues;
  programmes: Array<Programme & { unit_name: string }>;
  units: Unit[];
  canPropose: boolean;
  href: (page: number) => string;
}

export function CaseListPage({ rows, total, offset, page, pages, filter, programmes, units, canPropose, href }: CaseListProps) {
  const programmeName = new Map(programmes.map((p) => [p.id, p.name]));
  return (
    <>
      <div class="actions">
        {canPropose ? (
          <a class="button" href={`${CASES_PATH}/ho-so/moi`}>
            Đề xuất hỗ trợ
          </a>
        ) : null}
        {canPropose ? (
          <a
            class="button secondary"
            href={filter.programmeId ? `${CARE_IMPORT_PATH}?chuong_trinh=${filter.programmeId}` : CARE_IMPORT_PATH}
          >
            Nhập danh sách từ Excel
          </a>
        ) : null}
        <a class="button secondary" href={PROGRAMMES_PATH}>
          Chương trình chăm lo
        </a>
      </div>
      {filter.work ? (
        <p class="panel waiting-filter">
          <strong>{CARE_WORK_LABELS[filter.work]}</strong> · <a href={CASES_PATH}>Xem tất cả hồ sơ</a>
        </p>
      ) : null}
      <form method="get" action={CASES_PATH} class="panel form-grid care-filter">
        {filter.work ? <input type="hidden" name="viec" value={filter.work} /> : null}
        <div class="form-row">
          <label for="chuong_trinh">Chương trình</label>
          <select id="chuong_trinh" name="chuong_trinh">
            <option value="">Tất cả</option>
            {programmes.map((p) => (
              <option key={p.id} value={String(p.id)} selected={p.id === filter.programmeId}>
                {p.name}
              </option>
            ))}
          </select>
        </div>
        <div class="form-row">
          <label for="trang_thai">Trạng thái</label>
          <select id="trang_thai" name="trang_thai">
            <option value="">Tất cả</option>
            {(Object.keys(STATUS_LABELS) as CareCaseStatus[]).map((s) => (
              <option key={s} value={s} selected={s === filter.status}>
                {STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </div>
        <div class="form-row">
          <label for="don_vi">Đơn vị đề nghị (gồm cả cấp dưới)</label>
          <select id="don_vi" name="don_vi">
            <option value="">Tất cả trong phạm vi</option>
            <UnitOptions units={units} selected={filter.unitId} />
          </select>
        </div>
        <div class="form-row">
          <label for="tu">Từ ngày</label>
          <DateInput id="tu" name="tu" value={filter.from ?? ''} />
        </div>
        <div class="form-row">
          <label for="den">Đến ngày</label>
          <DateInput id="den" name="den" value={filter.to ?? ''} />
        </div>
        <div class="actions">
          <button type="submit" class="primary">
            Lọc
          </button>
          <a href={CASES_PATH}>Bỏ lọc</a>
        </div>
      </form>
      <p class="muted">{formatNumber(total)} hồ sơ, mới nhất trước.</p>
      <ScrollTable label="Danh sách hồ sơ">
        <table class="grid care-table">
          <thead>
            <tr>
              <th class="col-secondary">Số</th>
              <th>Người nhận</th>
              <th>Lý do</th>
              <th>Ngày</th>
              <th>Chương trình</th>
              <th>Đơn vị đề nghị</th>
              <th class="num">Tiền mặt (đồng)</th>
              <th class="num">Hiện vật (đồng)</th>
              <th>Trạng thái</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              <tr key={r.id}>
                <td class="col-secondary">{offset + i + 1}</td>
                <td>
                  <a href={casePath(r.id)}>{r.recipient_name}</a>
                </td>
                <td>{REASON_LABELS[r.reason]}</td>
                <td>{formatIsoDate(r.occurred_on)}</td>
                <td>{r.programme_id ? (programmeName.get(r.programme_id) ?? `Số ${r.programme_id}`) : '—'}</td>
                <td>{r.unit_name}</td>
                <td class="num">{formatNumber(r.cash_amount)}</td>
                <td class="num">{formatNumber(r.in_kind_amount)}</td>
                <td>
                  <StatusBadge status={r.status} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollTable>
      <Pager page={page} pages={pages} href={href} />
    </>
  );
}
