import ExcelJS from 'exceljs';
import { formatIsoDate } from '../lib/dates.js';
import { slugify } from '../lib/slug.js';
import type { CareReport, FigureRow, Figures } from './report-service.js';

const COUNT_AND_MONEY = ['Số người', 'Số lượt', 'Tiền mặt (đồng)', 'Hiện vật (đồng)', 'Tổng trị giá (đồng)'];
const NUMBER_FORMAT = '#,##0';

const values = (f: Figures) => [f.people, f.cases, f.cash, f.inKind, f.total];

function title(ws: ExcelJS.Worksheet, report: CareReport, heading: string): void {
  ws.addRow([`${heading} – ${report.root.fullName}`]).font = { bold: true, size: 14 };
  ws.addRow([`Từ ngày ${formatIsoDate(report.from)} đến ngày ${formatIsoDate(report.to)}`]).font = { italic: true };
  ws.addRow([]);
}

/** One breakdown as a sheet: a numbered row per line, then the totals row. */
function breakdownSheet(wb: ExcelJS.Workbook, report: CareReport, name: string, column: string, rows: FigureRow[]): void {
  const ws = wb.addWorksheet(name);
  title(ws, report, `Kết quả chăm lo ${name.toLowerCase()}`);
  ws.addRow(['STT', column, ...COUNT_AND_MONEY]).font = { bold: true };
  rows.forEach((r, i) => ws.addRow([i + 1, r.label, ...values(r)]));
  ws.addRow(['', 'Tổng cộng', ...values(report.totals)]).font = { bold: true };
  for (let col = 3; col <= 7; col++) ws.getColumn(col).numFmt = NUMBER_FORMAT;
  [6, 40, 12, 12, 18, 18, 20].forEach((w, i) => {
    ws.getColumn(i + 1).width = w;
  });
}

/**
 * The report as an .xlsx workbook: the summary with the sentence, then a sheet per breakdown.
 * Money and counts are numbers with a thousands format, so offices can add them up again.
 */
export async function careReportWorkbook(report: CareReport): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'congdoan';
  const summary = wb.addWorksheet('Tổng hợp');
  title(summary, report, 'Báo cáo kết quả chăm lo đoàn viên, người lao động');
  summary.addRow([report.sentence]).alignment = { wrapText: true, vertical: 'top' };
  summary.mergeCells(4, 1, 4, 2);
  summary.getRow(4).height = 60;
  summary.addRow([]);
  summary.addRow(['Chỉ tiêu', 'Giá trị']).font = { bold: true };
  COUNT_AND_MONEY.forEach((label, i) => summary.addRow([label, values(report.totals)[i]]));
  summary.getColumn(2).numFmt = NUMBER_FORMAT;
  summary.getColumn(1).width = 60;
  summary.getColumn(2).width = 22;

  breakdownSheet(wb, report, 'Theo chương trình', 'Chương trình', report.byProgramme);
  breakdownSheet(wb, report, 'Theo lý do', 'Lý do hỗ trợ', report.byReason);
  breakdownSheet(wb, report, 'Theo đơn vị', 'Đơn vị', report.byUnit);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** "bao-cao-cham-lo-cd-vien-chuc-tinh-2026-01-01-2026-06-30.xlsx": plain letters, so every browser keeps it. */
export function careReportFileName(report: CareReport): string {
  return `bao-cao-cham-lo-${slugify(report.root.shortName, 50)}-${report.from}-${report.to}.xlsx`;
}
