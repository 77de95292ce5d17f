import type { Unit } from '../../db/schema.js';
import { formatIsoDate } from '../../lib/dates.js';
import { formatNumber } from '../../lib/format.js';
import type { Issuer } from '../../lib/letterhead.js';
import { UNIT_LEVEL_LABELS, UNIT_TYPE_LABELS } from '../../org/schema.js';
import { LineChart } from '../../web/views/chart.js';
import { DateInput } from '../../web/views/date-input.js';
import { periodLine, PrintButton, PrintFrame } from '../../web/views/print-frame.js';
import { UnitOptions } from '../../web/views/unit-options.js';
import type { ChildRow, SubtreeFigures } from '../figures-service.js';

export const FIGURES_PATH = '/quan-tri/thong-ke';

export interface FiguresProps {
  units: Unit[];
  root: Unit;
  date: string;
  from: string;
  figures: SubtreeFigures;
  series: Array<{ date: string; members: number }>;
  children: ChildRow[];
  issuer: Issuer;
}

const percent = (part: number, whole: number) => (whole ? `${formatNumber(Math.round((part / whole) * 1000) / 10)}%` : '—');

/** The table by child unit: each direct child's members, women, admissions and departures; the totals row. */
function ChildTable({ children, total, from, date }: { children: ChildRow[]; total: SubtreeFigures; from: string; date: string }) {
  return (
    <section class="figures-children" aria-labelledby="theo-don-vi">
      <h2 id="theo-don-vi">Theo đơn vị trực thuộc</h2>
      {children.length === 0 ? (
        <p class="muted">Đơn vị không có đơn vị trực thuộc vào ngày {formatIsoDate(date)}.</p>
      ) : (
        <table class="grid figures-child-table">
          <thead>
            <tr>
              <th>STT</th>
              <th>Đơn vị</th>
              <th class="num">Đoàn viên</th>
              <th class="num">Nữ</th>
              <th class="num">Tỷ lệ nữ</th>
              <th class="num">Kết nạp từ {formatIsoDate(from)}</th>
              <th class="num">Thôi sinh hoạt từ {formatIsoDate(from)}</th>
            </tr>
          </thead>
          <tbody>
            {children.map((c, i) => (
              <tr key={`${c.unitId}-${c.direct ? 'd' : 'c'}`}>
                <td>{i + 1}</td>
                <td>{c.direct ? c.name : <a href={`${FIGURES_PATH}?don_vi=${c.unitId}&ngay=${date}&tu=${from}`}>{c.name}</a>}</td>
                <td class="num">{formatNumber(c.members)}</td>
                <td class="num">{formatNumber(c.women)}</td>
                <td class="num">{percent(c.women, c.members)}</td>
                <td class="num">{formatNumber(c.joined)}</td>
                <td class="num">{formatNumber(c.left)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <td></td>
              <th scope="row">Tổng cộng</th>
              <td class="num">{formatNumber(total.members)}</td>
              <td class="num">{formatNumber(total.women)}</td>
              <td class="num">{percent(total.women, total.members)}</td>
              <td class="num">{formatNumber(total.joined)}</td>
              <td class="num">{formatNumber(total.left)}</td>
            </tr>
          </tfoot>
        </table>
      )}
    </section>
  );
}

/** A subtree's members, women, admissions and departures as of a date, the last year's chart, a line per child unit, and its units by level (and type, when units have one). */
export function Figures({ units, root, date, from, figures: f, series, children, issuer }: FiguresProps) {
  const query = `don_vi=${root.id}&ngay=${date}&tu=${from}`;
  return (
    <PrintFrame issuer={issuer} title={`Số liệu đoàn viên ${root.full_name}`} period={periodLine(from, date)}>
      <form method="get" action={FIGURES_PATH} class="panel form-grid">
        <div class="form-row">
          <label for="don_vi">Đơn vị (gồm cả cấp dưới)</label>
          <select id="don_vi" name="don_vi">
            <UnitOptions units={units} selected={root.id} />
          </select>
        </div>
        <div class="form-row">
          <label for="tu">Kết nạp, thôi sinh hoạt từ ngày</label>
          <DateInput id="tu" name="tu" value={from} />
        </div>
        <div class="form-row">
          <label for="ngay">Tính đến ngày</label>
          <DateInput id="ngay" name="ngay" value={date} />
        </div>
        <div class="actions">
          <button type="submit" class="primary">
            Xem
          </button>
        </div>
      </form>
      <p class="no-print figures-tools">
        <a href={`${FIGURES_PATH}/xuat.xlsx?${query}`}>Tải bảng theo đơn vị (.xlsx)</a> <PrintButton label="In số liệu" />
      </p>
      <div class="stat-cards">
        <div class="stat">
          <span class="stat-value">{formatNumber(f.members)}</span>
          <span class="stat-label">đoàn viên</span>
        </div>
        <div class="stat">
          <span class="stat-value">{formatNumber(f.women)}</span>
          <span class="stat-label">nữ{f.members ? ` (${percent(f.women, f.members)})` : ''}</span>
        </div>
        <div class="stat">
          <span class="stat-value">{formatNumber(f.joined)}</span>
          <span class="stat-label">kết nạp từ {formatIsoDate(from)}</span>
        </div>
        <div class="stat">
          <span class="stat-value">{formatNumber(f.left)}</span>
          <span class="stat-label">thôi sinh hoạt từ {formatIsoDate(from)}</span>
        </div>
      </div>
      <p>
        Số liệu của <strong>{root.full_name}</strong> và các đơn vị trực thuộc, theo hệ thống tổ chức tại ngày {formatIsoDate(date)}.
      </p>
      <LineChart
        title={`Số đoàn viên cuối mỗi tháng đến ${formatIsoDate(date)}`}
        points={series.map((s) => ({ label: `${s.date.slice(5, 7)}/${s.date.slice(2, 4)}`, value: s.members }))}
      />
      <ChildTable children={children} total={f} from={from} date={date} />
      <div class="form-grid">
        <table class="grid figures-levels">
          <thead>
            <tr>
              <th>Cấp</th>
              <th class="num">Số đơn vị</th>
            </tr>
          </thead>
          <tbody>
            {f.unitsByLevel.map(({ level, count }) => (
              <tr key={level}>
                <td>{UNIT_LEVEL_LABELS[level as keyof typeof UNIT_LEVEL_LABELS] ?? level}</td>
                <td class="num">{formatNumber(count)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {f.unitsByType.length > 0 ? (
          <table class="grid figures-types">
            <thead>
              <tr>
                <th>Loại hình</th>
                <th class="num">Số đơn vị</th>
              </tr>
            </thead>
            <tbody>
              {f.unitsByType.map(({ type, count }) => (
                <tr key={type}>
                  <td>{UNIT_TYPE_LABELS[type as keyof typeof UNIT_TYPE_LABELS] ?? type}</td>
                  <td class="num">{formatNumber(count)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </div>
    </PrintFrame>
  );
}
