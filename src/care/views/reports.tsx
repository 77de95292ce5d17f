import type { Unit } from '../../db/schema.js';
import { addDays, formatIsoDate, isoDate, type IsoDate } from '../../lib/dates.js';
import { formatMoney, formatNumber } from '../../lib/format.js';
import { LineChart } from '../../web/views/chart.js';
import type { CareReport, FigureRow, Figures } from '../report-service.js';
import { REPORT_PATH } from '../paths.js';
import { UnitOptions } from '../../web/views/unit-options.js';
import { DateInput } from '../../web/views/date-input.js';
import { periodLine, PrintButton, PrintHead, SignatureBlock } from '../../web/views/print-frame.js';

export interface QuickPeriod {
  label: string;
  from: IsoDate;
  to: IsoDate;
}

/** The periods offices report on, around `today`: this month, quarter, half-year and year, and last year. */
export function quickPeriods(today: IsoDate): QuickPeriod[] {
  const [y, m] = [Number(today.slice(0, 4)), Number(today.slice(5, 7))];
  const monthEnd = (month: number) => addDays(month === 12 ? isoDate(y + 1, 1, 1) : isoDate(y, month + 1, 1), -1);
  const q = Math.floor((m - 1) / 3);
  const firstHalf = m <= 6;
  return [
    { label: 'Tháng này', from: isoDate(y, m, 1), to: monthEnd(m) },
    { label: 'Quý này', from: isoDate(y, q * 3 + 1, 1), to: monthEnd(q * 3 + 3) },
    { label: firstHalf ? '6 tháng đầu năm' : '6 tháng cuối năm', from: isoDate(y, firstHalf ? 1 : 7, 1), to: monthEnd(firstHalf ? 6 : 12) },
    { label: 'Năm nay', from: isoDate(y, 1, 1), to: isoDate(y, 12, 31) },
    { label: 'Năm trước', from: isoDate(y - 1, 1, 1), to: isoDate(y - 1, 12, 31) },
  ];
}

export function reportQuery(unitId: number, from: string, to: string): string {
  return new URLSearchParams({ don_vi: String(unitId), tu: from, den: to }).toString();
}

function FigureCells({ f }: { f: Figures }) {
  return (
    <>
      <td class="care-report-num">{formatNumber(f.people)}</td>
      <td class="care-report-num">{formatNumber(f.cases)}</td>
      <td class="care-report-num">{formatNumber(f.cash)}</td>
      <td class="care-report-num">{formatNumber(f.inKind)}</td>
      <td class="care-report-num">{formatNumber(f.total)}</td>
    </>
  );
}

function Breakdown({ id, title, column, rows, totals }: { id: string; title: string; column: string; rows: FigureRow[]; totals: Figures }) {
  return (
    <section class="care-report-table" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      <table class="grid">
        <thead>
          <tr>
            <th>STT</th>
            <th>{column}</th>
            <th class="care-report-num">Số người</th>
            <th class="care-report-num">Số lượt</th>
            <th class="care-report-num">Tiền mặt (đồng)</th>
            <th class="care-report-num">Hiện vật (đồng)</th>
            <th class="care-report-num">Tổng trị giá (đồng)</th>
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td colSpan={7} class="muted">
                Không có khoản chi nào trong khoảng thời gian này.
              </td>
            </tr>
          ) : null}
          {rows.map((r, i) => (
            <tr key={r.key}>
              <td>{i + 1}</td>
              <td>{r.label}</td>
              <FigureCells f={r} />
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr class="care-report-total">
            <td />
            <th scope="row">Tổng cộng</th>
            <FigureCells f={totals} />
          </tr>
        </tfoot>
      </table>
    </section>
  );
}

export interface CareReportPageProps {
  units: Unit[];
  unitId: number;
  /** What the user typed, shown back as is. */
  fromText: string;
  toText: string;
  quick: QuickPeriod[];
  report: CareReport | null;
}

export function CareReportPage({ units, unitId, fromText, toText, quick, report }: CareReportPageProps) {
  return (
    <div class="care-report">
      <form method="get" action={REPORT_PATH} class="panel">
        <div class="form-grid">
          <div class="form-row">
            <label for="don_vi">Đơn vị (gồm cả cấp dưới)</label>
            <select id="don_vi" name="don_vi">
              <UnitOptions units={units} selected={unitId} />
            </select>
          </div>
          <div class="form-row">
            <label for="tu">Từ ngày</label>
            <DateInput id="tu" name="tu" required value={fromText} />
          </div>
          <div class="form-row">
            <label for="den">Đến ngày</label>
            <DateInput id="den" name="den" required value={toText} />
          </div>
        </div>
        <div class="actions">
          <button type="submit" class="primary">
            Xem báo cáo
          </button>
          <span class="muted">Chọn nhanh:</span>
          {quick.map((p) => (
            <a key={p.label} href={`${REPORT_PATH}?${reportQuery(unitId, p.from, p.to)}`}>
              {p.label}
            </a>
          ))}
        </div>
      </form>
      {report ? <ReportBody report={report} /> : null}
    </div>
  );
}

function ReportBody({ report }: { report: CareReport }) {
  const t = report.totals;
  // In millions or thousands of đồng: the chart's axis has room for a few digits only.
  const max = Math.max(0, ...report.series.map((p) => p.total));
  const [unit, divisor] = max >= 10_000_000 ? ['triệu đồng', 1_000_000] : ['nghìn đồng', 1_000];
  const chartTitle = `Tổng trị giá đã chi theo ${report.bucket === 'day' ? 'ngày' : report.bucket === 'month' ? 'tháng' : 'năm'} (${unit})`;
  return (
    <>
      <PrintHead
        issuer={report.issuer}
        title="Báo cáo kết quả chăm lo đoàn viên, người lao động"
        period={periodLine(report.from, report.to)}
      />
      <div class="panel">
        <p class="care-report-sentence">{report.sentence}</p>
        <p class="muted">
          Tính các hồ sơ đã chi có ngày chi từ {formatIsoDate(report.from)} đến {formatIsoDate(report.to)}, theo hệ thống tổ chức tại ngày{' '}
          {formatIsoDate(report.to)}; khoản chi đã hủy không được tính. Một người được hỗ trợ nhiều lần chỉ tính một lần ở cột “Số người”.
        </p>
        <div class="actions">
          <a class="button secondary" href={`${REPORT_PATH}/xuat.xlsx?${reportQuery(report.root.id, report.from, report.to)}`}>
            Tải về Excel (.xlsx)
          </a>{' '}
          <PrintButton label="In báo cáo" />
        </div>
      </div>
      <div class="stat-cards">
        <div class="stat">
          <span class="stat-value">{formatNumber(t.people)}</span>
          <span class="stat-label">người được thăm hỏi, hỗ trợ</span>
        </div>
        <div class="stat">
          <span class="stat-value">{formatNumber(t.cases)}</span>
          <span class="stat-label">lượt</span>
        </div>
        <div class="stat">
          <span class="stat-value care-report-money">{formatMoney(t.cash)}</span>
          <span class="stat-label">tiền mặt</span>
        </div>
        <div class="stat">
          <span class="stat-value care-report-money">{formatMoney(t.inKind)}</span>
          <span class="stat-label">hiện vật</span>
        </div>
        <div class="stat">
          <span class="stat-value care-report-money">{formatMoney(t.total)}</span>
          <span class="stat-label">tổng trị giá</span>
        </div>
      </div>
      {report.series.length > 1 ? (
        <LineChart title={chartTitle} points={report.series.map((p) => ({ label: p.label, value: p.total / divisor }))} />
      ) : null}
      <Breakdown id="theo-chuong-trinh" title="Theo chương trình" column="Chương trình" rows={report.byProgramme} totals={t} />
      <Breakdown id="theo-ly-do" title="Theo lý do hỗ trợ" column="Lý do" rows={report.byReason} totals={t} />
      <Breakdown id="theo-don-vi" title="Theo đơn vị" column="Đơn vị" rows={report.byUnit} totals={t} />
      <SignatureBlock />
    </>
  );
}
