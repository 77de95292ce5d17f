import type { Unit } from '../../db/schema.js';
import { formatNumber } from '../../lib/format.js';
import { CsrfField } from '../../web/views/admin-layout.js';
import { ImportErrors } from '../../web/views/import-errors.js';
import { UnitOptions } from '../../web/views/unit-options.js';
import type { JobView } from '../import-job-service.js';
import type { ImportPlan } from '../import-service.js';
import { FIELD_LABELS, MEMBER_FIELDS, type ColumnMapping, type MemberField } from '../import/columns.js';
import { DateInput } from '../../web/views/date-input.js';

/** The upload form: a file, and the unit and joining date for rows that give none. */
export function UploadForm({ csrf, units, today }: { csrf: string; units: Unit[]; today: string }) {
  return (
    <form method="post" action="/quan-tri/doan-vien/nhap" enctype="multipart/form-data" class="panel">
      <CsrfField token={csrf} />
      <p class="muted">
        Tệp Excel (.xlsx) hoặc CSV, dòng đầu là tiêu đề cột (Họ và tên, Giới tính, Ngày sinh, Số CCCD, Đơn vị, Ngày kết nạp…). Bạn sẽ xem
        trước, chọn lại cột nếu cần và thấy mọi dòng lỗi trước khi ghi.
      </p>
      <p>
        <a href="/quan-tri/doan-vien/nhap/mau.xlsx" download>
          Tải tệp mẫu (.xlsx)
        </a>{' '}
        — có sẵn các cột được nhận, một dòng ví dụ và trang “Hướng dẫn” giải thích từng cột.
      </p>
      <div class="form-grid">
        <div class="form-row">
          <label for="defaultUnitId">Đơn vị cho các dòng không ghi đơn vị</label>
          <select id="defaultUnitId" name="defaultUnitId">
            <option value="">(tệp có cột Đơn vị)</option>
            <UnitOptions units={units} />
          </select>
        </div>
        <div class="form-row">
          <label for="joinedOn">Ngày kết nạp cho các dòng không ghi</label>
          <DateInput id="joinedOn" name="joinedOn" required value={today} />
        </div>
      </div>
      <div class="form-row">
        <label for="file">Tệp (.xlsx, .csv; tối đa 100 MB)</label>
        <input id="file" name="file" type="file" required accept=".xlsx,.csv,text/csv" />
      </div>
      <div class="actions">
        <button type="submit" class="primary">
          Tải lên và xem trước
        </button>
      </div>
    </form>
  );
}

/** A field's column as the preview's select shows it: an index, none (''), or several chosen automatically. */
const simpleColumn = (v: ColumnMapping[MemberField]) => (typeof v === 'number' ? String(v) : v === null ? '' : 'auto');

/** The columns the preview chose, as the query of a link (`col_<field>=<index>`, empty for none). */
function chosenQuery(mapping: ColumnMapping): string {
  const q = new URLSearchParams();
  for (const { field } of MEMBER_FIELDS) {
    const column = simpleColumn(mapping[field]);
    if (column !== 'auto') q.set(`col_${field}`, column);
  }
  return q.toString();
}

/** What importing the file would do, the columns to choose again, every bad row, and the buttons that import. */
export function ImportPreview({ csrf, token, plan }: { csrf: string; token: string; plan: ImportPlan }) {
  const rejectedRows = new Set(plan.errors.map((e) => e.rowNumber)).size;
  const { headers } = plan.table;
  return (
    <form method="post" action={`/quan-tri/doan-vien/nhap/${token}`} class="import-preview">
      <CsrfField token={csrf} />
      <div class="stat-cards">
        <div class="stat">
          <span class="stat-value">{formatNumber(plan.table.rowCount)}</span>
          <span class="stat-label">dòng dữ liệu</span>
        </div>
        <div class="stat">
          <span class="stat-value">{formatNumber(plan.newRows)}</span>
          <span class="stat-label">đoàn viên mới hợp lệ</span>
        </div>
        <div class="stat">
          <span class="stat-value">{formatNumber(plan.alreadyImported)}</span>
          <span class="stat-label">đã nhập trước đây (bỏ qua)</span>
        </div>
        <div class="stat">
          <span class="stat-value">{formatNumber(rejectedRows)}</span>
          <span class="stat-label">dòng có lỗi</span>
        </div>
      </div>
      <h2>Cột trong tệp</h2>
      <div class="panel form-grid">
        {MEMBER_FIELDS.map(({ field }) => {
          const current = simpleColumn(plan.mapping[field]);
          return (
            <div class="form-row" key={field}>
              <label for={`col_${field}`}>{FIELD_LABELS[field]}</label>
              <select id={`col_${field}`} name={current === 'auto' ? undefined : `col_${field}`} disabled={current === 'auto'}>
                {current === 'auto' ? <option>(nhiều cột, nhận tự động)</option> : null}
                <option value="">— không có —</option>
                {headers.map((h, i) => (
                  <option key={i} value={i} selected={current === String(i)}>
                    {h || `Cột ${i + 1}`}
                  </option>
                ))}
              </select>
            </div>
          );
        })}
        <div class="actions">
          <button type="submit" name="mode" value="preview" class="secondary">
            Kiểm tra lại với các cột đã chọn
          </button>
        </div>
      </div>
      <ImportErrors errors={plan.errors} />
      {plan.errors.length > 0 ? (
        <p>
          <a href={`/quan-tri/doan-vien/nhap/${token}/dong-loi.xlsx?${chosenQuery(plan.mapping)}`} download>
            Tải các dòng lỗi (.xlsx)
          </a>{' '}
          — đủ các cột của tệp và cột “Lý do”, để sửa rồi tải lên lại.
        </p>
      ) : null}
      <div class="actions">
        {plan.errors.length === 0 ? (
          <button type="submit" name="mode" value="all" class="primary" disabled={plan.newRows === 0}>
            Nhập {formatNumber(plan.newRows)} đoàn viên
          </button>
        ) : (
          <button type="submit" name="mode" value="valid-only" class="primary" disabled={plan.newRows === 0}>
            Chỉ nhập {formatNumber(plan.newRows)} dòng hợp lệ
          </button>
        )}
        <a class="button secondary" href="/quan-tri/doan-vien/nhap">
          Tải lên tệp đã sửa
        </a>
      </div>
    </form>
  );
}

/** A running import's progress (the page refreshes itself), or how it ended. */
export function ImportProgress({ job, csrf }: { job: JobView; csrf: string }) {
  const pct = job.total ? Math.floor((job.done / job.total) * 100) : 100;
  return (
    <div class="panel">
      {job.status === 'running' && job.waiting ? (
        <p role="status">Đang chờ một lần nhập khác chạy xong; lần nhập này sẽ tự bắt đầu ngay sau đó. Trang tự cập nhật.</p>
      ) : job.status === 'running' ? (
        <>
          <p>
            Đang kiểm tra và ghi: {formatNumber(job.done)} / {formatNumber(job.total)} dòng ({pct}%). Trang tự cập nhật.
          </p>
          <progress max={job.total || 1} value={job.done}>
            {pct}%
          </progress>
        </>
      ) : job.status === 'done' && job.outcome ? (
        <p class="flash flash-ok" role="status">
          Đã nhập {formatNumber(job.outcome.added)} đoàn viên mới; {formatNumber(job.outcome.skipped)} dòng đã có từ trước;{' '}
          {formatNumber(job.outcome.rejected)} dòng lỗi không được nhập.
        </p>
      ) : job.status === 'interrupted' ? (
        <div class="actions">
          <a class="button" href="/quan-tri/doan-vien/nhap">
            {job.written ? 'Tải tệp lên lại để nhập tiếp' : 'Tải tệp lên lại để nhập'}
          </a>
          {job.written > 0 && (
            <form method="post" action={`/quan-tri/doan-vien/nhap/tien-do/${job.id}/huy`}>
              <CsrfField token={csrf} />
              <button type="submit" class="danger">
                Hủy phần đã nhập ({formatNumber(job.written)} đoàn viên)
              </button>
            </form>
          )}
        </div>
      ) : job.undone ? (
        <p class="flash flash-ok" role="status">
          Đã hủy phần đã nhập: xóa {formatNumber(job.undone.removed)} đoàn viên
          {job.undone.kept > 0 &&
            `; giữ lại ${formatNumber(job.undone.kept)} đoàn viên đã được sửa hoặc có hồ sơ liên quan từ sau khi nhập`}
          .
        </p>
      ) : (
        <p>Không có dòng nào được ghi.</p>
      )}
      {job.status !== 'running' && job.rejectedRows > 0 ? (
        <p>
          <a href={`/quan-tri/doan-vien/nhap/tien-do/${job.id}/dong-loi.xlsx`} download>
            Tải {formatNumber(job.rejectedRows)} dòng bị từ chối (.xlsx)
          </a>{' '}
          — đủ các cột của tệp và cột “Lý do”.
        </p>
      ) : null}
      <p>
        <a href="/quan-tri/doan-vien">Danh sách đoàn viên</a> · <a href="/quan-tri/doan-vien/nhap">Nhập tệp khác</a>
      </p>
    </div>
  );
}
