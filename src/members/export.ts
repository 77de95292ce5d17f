import ExcelJS from 'exceljs';
import type { MemberListRow } from './repo.js';

const GENDER = { male: 'Nam', female: 'Nữ' } as Record<string, string>;

/** The members list as an .xlsx workbook, in the columns union offices use. */
export async function membersWorkbook(rows: MemberListRow[], title: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'congdoan';
  const ws = wb.addWorksheet('Đoàn viên');
  ws.addRow([title]).font = { bold: true, size: 14 };
  ws.addRow([]);
  const header = ws.addRow([
    'STT',
    'Họ và tên',
    'Giới tính',
    'Ngày sinh',
    'Nghề nghiệp',
    'Số thẻ đoàn viên',
    'Đơn vị',
    'Sinh hoạt từ ngày',
  ]);
  header.font = { bold: true };
  rows.forEach((r, i) => {
    ws.addRow([
      i + 1,
      r.full_name,
      r.gender ? GENDER[r.gender] : '',
      r.birth_date ? toDate(r.birth_date) : (r.birth_year ?? ''),
      r.job ?? '',
      r.card_number ?? '',
      r.unit_name,
      toDate(r.started_on),
    ]);
  });
  for (const col of [4, 8]) ws.getColumn(col).numFmt = 'dd/mm/yyyy';
  [6, 28, 10, 12, 24, 16, 32, 16].forEach((w, i) => {
    ws.getColumn(i + 1).width = w;
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const toDate = (iso: string) => new Date(`${iso}T00:00:00Z`);
