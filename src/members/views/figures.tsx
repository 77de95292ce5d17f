import type { Unit } from '../../db/schema.js';
import { formatIsoDate } from '../../lib/dates.js';
import { formatNumber } from '../../lib/format.js';
import { UNIT_LEVEL_LABELS, UNIT_TYPE_LABELS } from '../../org/schema.js';
import { LineChart } from '../../web/views/chart.js';
import { UnitOptions } from '../../web/views/unit-options.js';
import type { SubtreeFigures } from '../service.js';
import { DateInput } from '../../web/views/date-input.js';

export interface FiguresProps {
  units: Unit[];
  root: Unit;
  date: string;
  from: string;
  figures: SubtreeFigures;
  series: Array<{ date: string; members: number }>;
}

/** A subtree's members, women, admissions and departures as of a date, the last year's chart and its units by level and type. */
export function Figures({ units, root, date, from, figures: f, series }: FiguresProps) {
  const pct = f.members ? ` (${formatNumber(Math.round((f.women / f.members) * 1000) / 10)}%)` : '';
  return (
    <>
      <form method="get" action="/quan-tri/thong-ke" class="panel form-grid">
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
      <div class="stat-cards">
        <div class="stat">
          <span class="stat-value">{formatNumber(f.members)}</span>
          <span class="stat-label">đoàn viên</span>
        </div>
        <div class="stat">
          <span class="stat-value">{formatNumber(f.women)}</span>
          <span class="stat-label">nữ{pct}</span>
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
      <div class="form-grid">
        <table class="grid">
          <thead>
            <tr>
              <th>Cấp</th>
              <th>Số đơn vị</th>
            </tr>
          </thead>
          <tbody>
            {Object.entries(f.unitsByLevel).map(([level, n]) => (
              <tr key={level}>
                <td>{UNIT_LEVEL_LABELS[level as keyof typeof UNIT_LEVEL_LABELS] ?? level}</td>
                <td>{formatNumber(n)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <table class="grid">
          <thead>
            <tr>
              <th>Loại hình</th>
              <th>Số đơn vị</th>
            </tr>
          </thead>
          <tbody>
            {Object.entries(f.unitsByType).map(([type, n]) => (
              <tr key={type}>
                <td>{UNIT_TYPE_LABELS[type as keyof typeof UNIT_TYPE_LABELS] ?? type}</td>
                <td>{formatNumber(n)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
