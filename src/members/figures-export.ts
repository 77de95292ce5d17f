import ExcelJS from 'exceljs';
import { formatIsoDate } from '../lib/dates.js';
import type { ChildRow, Flows } from './figures-service.js';

/** The figures page's table by child unit as .xlsx: counts as numbers, a totals row. */

const NUMBER_FORMAT = '#,##0';

export async function figuresWorkbook(s: {
  rootName: string;
  date: string;
  from: string;
  total: Flows;
  children: ChildRow[];
}): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'congdoan';
  const ws = wb.addWorksheet('Theo đơn vị');
  ws.addRow([`Số liệu đoàn viên – ${s.rootName}`]).font = { bold: true, size: 14 };
  ws.addRow([
    `Đoàn viên, nữ tính đến ngày ${formatIsoDate(s.date)}; kết nạp, thôi sinh hoạt từ ngày ${formatIsoDate(s.from)} đến ngày ${formatIsoDate(s.date)}`,
  ]).font = {
    italic: true,
  };
  ws.addRow([]);
  ws.addRow(['STT', 'Đơn vị', 'Đoàn viên', 'Nữ', 'Kết nạp', 'Thôi sinh hoạt']).font = { bold: true };
  s.children.forEach((r, i) => ws.addRow([i + 1, r.name, r.members, r.women, r.joined, r.left]));
  ws.addRow(['', 'Tổng cộng', s.total.members, s.total.women, s.total.joined, s.total.left]).font = { bold: true };
  for (let col = 3; col <= 6; col++) ws.getColumn(col).numFmt = NUMBER_FORMAT;
  [6, 50, 12, 12, 12, 16].forEach((w, i) => {
    ws.getColumn(i + 1).width = w;
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
