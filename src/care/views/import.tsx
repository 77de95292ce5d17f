import type { CareReason, Programme } from '../../db/schema.js';
import { formatIsoDate } from '../../lib/dates.js';
import { formatMoney, formatNumber } from '../../lib/format.js';
import { CsrfField } from '../../web/views/admin-layout.js';
import { mappedColumns } from '../../spreadsheet/columns.js';
import { ImportErrors, SHOWN_ERRORS } from '../../web/views/import-errors.js';
import { CARE_FIELDS } from '../import/columns.js';
import type { CareImportOutcome, CareImportPlan, PlannedCase } from '../import-service.js';
import { REASON_LABELS, RECIPIENT_KIND_LABELS } from '../schema.js';
import { period } from './fields.js';
import { CARE_IMPORT_PATH, CASES_PATH } from '../paths.js';
import { DateInput } from '../../web/views/date-input.js';

/** The pages of a care list import: upload, preview with every bad row, result. */

const SHOWN_ROWS = 300;

export interface UploadValues {
  programmeId: string;
  occurredOn: string;
  reason: string;
}

export function CareImportUpload({
  csrf,
  programmes,
  values,
}: {
  csrf: string;
  programmes: Array<Programme & { unit_name: string }>;
  values: UploadValues;
}) {
  if (programmes.length === 0) {
    return (
      <p class="panel">
        Chưa có chương trình chăm lo nào đang diễn ra mà bạn được đề nghị hỗ trợ. Danh sách chỉ nhập được vào một chương trình còn trong
        thời gian thực hiện.
      </p>
    );
  }
  return (
    <form method="post" action={CARE_IMPORT_PATH} enctype="multipart/form-data" class="panel care-import-form">
      <p class="muted">
        Tệp Excel (.xlsx) hoặc CSV như danh sách nhận quà Tết: các cột Họ và tên, Năm sinh, Giới tính, Số CCCD, Đối tượng (đoàn viên, con
        đoàn viên, người lao động), Đơn vị, Lý do – hoàn cảnh, Tiền mặt, Hiện vật, Ghi chú. Phần đầu văn bản phía trên dòng tiêu đề và dòng
        "Tổng cộng" ở cuối được bỏ qua. Ô tiền để trống nhận mức mặc định của chương trình. Bạn sẽ xem trước mọi dòng lỗi trước khi ghi; các
        hồ sơ nhập vào ở trạng thái "Đã đề nghị", chờ công đoàn cấp trên duyệt.
      </p>
      <CsrfField token={csrf} />
      <div class="form-row">
        <label for="programmeId">Chương trình</label>
        <select id="programmeId" name="programmeId" required>
          {programmes.map((p) => (
            <option key={p.id} value={String(p.id)} selected={String(p.id) === values.programmeId}>
              {p.name} ({period(p.starts_on, p.ends_on)}, {p.unit_name})
            </option>
          ))}
        </select>
      </div>
      <div class="form-grid">
        <div class="form-row">
          <label for="occurredOn">Ngày thăm hỏi, trao quà</label>
          <DateInput id="occurredOn" name="occurredOn" required value={values.occurredOn} />
        </div>
        <div class="form-row">
          <label for="reason">Lý do cho các dòng không ghi lý do</label>
          <select id="reason" name="reason">
            {(Object.keys(REASON_LABELS) as CareReason[]).map((r) => (
              <option key={r} value={r} selected={r === values.reason}>
                {REASON_LABELS[r]}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div class="form-row">
        <label for="file">Tệp danh sách (.xlsx, .csv; tối đa 10 MB)</label>
        <input id="file" name="file" type="file" required accept=".xlsx,.csv,text/csv" />
      </div>
      <div class="actions">
        <button type="submit" class="primary">
          Tải lên và xem trước
        </button>
        <a href={CASES_PATH}>Hồ sơ chăm lo</a>
      </div>
    </form>
  );
}

function Stat({ value, label }: { value: string; label: string }) {
  return (
    <div class="stat">
      <span class="stat-value">{value}</span>
      <span class="stat-label">{label}</span>
    </div>
  );
}

function Amount({ value, defaulted }: { value: number; defaulted: boolean }) {
  return (
    <td class="care-import-money">
      {formatNumber(value)}
      {defaulted ? <span class="muted"> (mặc định)</span> : null}
    </td>
  );
}

function columnOf(plan: CareImportPlan, field: (typeof CARE_FIELDS)[number]['field']): string {
  const cols = mappedColumns(plan.mapping[field]);
  return cols.map((c) => plan.table.headers[c] ?? '').join(' + ');
}

function Mapping({ plan }: { plan: CareImportPlan }) {
  return (
    <details class="panel care-import-mapping">
      <summary>
        Cột đã nhận ra trong tệp{plan.table.sheetName ? ` (trang "${plan.table.sheetName}")` : ''}, dòng tiêu đề là dòng{' '}
        {plan.table.headerRow}
      </summary>
      <table class="grid">
        <thead>
          <tr>
            <th>Thông tin</th>
            <th>Cột trong tệp</th>
          </tr>
        </thead>
        <tbody>
          {CARE_FIELDS.map(({ field, label }) => {
            const column = columnOf(plan, field);
            return (
              <tr key={field}>
                <td>{label}</td>
                <td>{column || <span class="muted">— không có —</span>}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {plan.unused.length > 0 ? <p class="muted">Các cột không dùng: {plan.unused.join(', ')}.</p> : null}
      <p class="muted">Muốn đổi cột nhận ra, hãy sửa tiêu đề cột trong tệp cho giống tên ở cột "Thông tin" rồi tải lên lại.</p>
    </details>
  );
}

function RowsToWrite({ rows }: { rows: PlannedCase[] }) {
  return (
    <>
      <table class="grid care-import-rows">
        <thead>
          <tr>
            <th>Dòng</th>
            <th>Người nhận</th>
            <th>Đối tượng</th>
            <th>Đơn vị đề nghị</th>
            <th class="care-import-money">Tiền mặt (đồng)</th>
            <th class="care-import-money">Hiện vật (đồng)</th>
          </tr>
        </thead>
        <tbody>
          {rows.slice(0, SHOWN_ROWS).map((r) => (
            <tr key={r.rowNumber}>
              <td>{r.rowNumber}</td>
              <td>{r.recipientName}</td>
              <td>{RECIPIENT_KIND_LABELS[r.kind]}</td>
              <td>{r.unitName}</td>
              <Amount value={r.cash} defaulted={r.defaulted.cash} />
              <Amount value={r.inKind} defaulted={r.defaulted.inKind} />
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length > SHOWN_ROWS ? <p class="muted">… và {formatNumber(rows.length - SHOWN_ROWS)} dòng khác.</p> : null}
    </>
  );
}

export function CareImportPreview({ csrf, token, plan }: { csrf: string; token: string; plan: CareImportPlan }) {
  const p = plan.programme;
  const rejectedRows = new Set(plan.errors.map((e) => e.rowNumber)).size;
  const cash = plan.toWrite.reduce((sum, r) => sum + r.cash, 0);
  const inKind = plan.toWrite.reduce((sum, r) => sum + r.inKind, 0);
  const count = formatNumber(plan.toWrite.length);
  return (
    <form method="post" action={`${CARE_IMPORT_PATH}/${token}`} class="care-import-preview">
      <CsrfField token={csrf} />
      <p>
        Chương trình <strong>{p.name}</strong> ({period(p.starts_on, p.ends_on)}), ngày thăm hỏi, trao quà{' '}
        {formatIsoDate(plan.options.occurredOn)}. Mức mặc định mỗi suất: {formatMoney(p.default_cash)} tiền mặt và{' '}
        {formatMoney(p.default_in_kind)} hiện vật.
      </p>
      <div class="stat-cards">
        <Stat value={formatNumber(plan.table.rowCount)} label="người trong danh sách" />
        <Stat value={count} label="hồ sơ mới hợp lệ" />
        <Stat value={formatNumber(plan.alreadyImported)} label="đã nhập trước đây (bỏ qua)" />
        <Stat value={formatNumber(rejectedRows)} label="dòng có lỗi" />
      </div>
      <p>
        Tổng số tiền các hồ sơ sẽ nhập: <strong>{formatMoney(cash + inKind)}</strong> (tiền mặt {formatMoney(cash)}, hiện vật{' '}
        {formatMoney(inKind)}).
      </p>
      {plan.totalsRow !== null ? (
        <p class="muted">Danh sách kết thúc ở dòng {plan.totalsRow} ("Tổng cộng"); các dòng từ đó trở xuống không được đọc.</p>
      ) : null}
      <Mapping plan={plan} />
      <ImportErrors errors={plan.errors} />
      {plan.warnings.length > 0 ? (
        <div class="panel warnings">
          <h2>Cần xem lại ({formatNumber(plan.warnings.length)})</h2>
          <p class="muted">Các dòng này không có lỗi và sẽ được nhập: hãy xem lại trước khi nhập.</p>
          <table class="grid care-import-warnings">
            <thead>
              <tr>
                <th>Dòng</th>
                <th>Cảnh báo</th>
              </tr>
            </thead>
            <tbody>
              {plan.warnings.slice(0, SHOWN_ERRORS).map((w, i) => (
                <tr key={i}>
                  <td>{w.rowNumber}</td>
                  <td>{w.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {plan.toWrite.length > 0 ? (
        <>
          <h2>Hồ sơ sẽ nhập ({count})</h2>
          <RowsToWrite rows={plan.toWrite} />
        </>
      ) : null}
      <div class="actions">
        {plan.errors.length === 0 ? (
          <button type="submit" name="mode" value="all" class="primary" disabled={plan.toWrite.length === 0}>
            Nhập tất cả {count} hồ sơ
          </button>
        ) : (
          <button type="submit" name="mode" value="valid-only" class="primary" disabled={plan.toWrite.length === 0}>
            Chỉ nhập {count} dòng hợp lệ
          </button>
        )}
        <a class="button secondary" href={`${CARE_IMPORT_PATH}?chuong_trinh=${p.id}`}>
          Tải lên tệp đã sửa
        </a>
      </div>
    </form>
  );
}

export function CareImportResult({ outcome, plan }: { outcome: CareImportOutcome; plan: CareImportPlan }) {
  const p = plan.programme;
  return (
    <div class="panel">
      <p class="flash flash-ok" role="status">
        Đã đề nghị {formatNumber(outcome.added)} hồ sơ trong chương trình "{p.name}" với tổng số tiền{' '}
        {formatMoney(outcome.cash + outcome.inKind)} (tiền mặt {formatMoney(outcome.cash)}, hiện vật {formatMoney(outcome.inKind)}).
      </p>
      <ul>
        {outcome.skipped > 0 ? <li>{formatNumber(outcome.skipped)} dòng đã nhập trước đây, được bỏ qua.</li> : null}
        {outcome.rejected > 0 ? (
          <li>
            {formatNumber(outcome.rejected)} dòng lỗi không được nhập: hãy sửa các dòng đó rồi tải lên lại; những dòng đã nhập sẽ được bỏ
            qua.
          </li>
        ) : null}
        <li>Các hồ sơ ở trạng thái "Đã đề nghị", chờ công đoàn cấp trên duyệt.</li>
      </ul>
      <p>
        <a href={`${CASES_PATH}?chuong_trinh=${p.id}&trang_thai=proposed`}>Xem các hồ sơ đã đề nghị</a> ·{' '}
        <a href={`${CARE_IMPORT_PATH}?chuong_trinh=${p.id}`}>Nhập danh sách khác</a>
      </p>
    </div>
  );
}
