/** Writing a small .xlsx workbook (a template, a list of rows sent back) in memory with exceljs. */
import ExcelJS from 'exceljs';

export type WrittenCell = string | number | Date | null;

export interface SheetSpec {
  name: string;
  rows: WrittenCell[][];
  /** Column widths, in characters. */
  widths?: number[];
  /** The first row is a header: bold, and kept in view while scrolling. */
  header?: boolean;
  /** Columns (0-based) formatted as text, so Excel keeps what is typed there as typed (leading zeros of an ID). */
  textColumns?: number[];
  /** Long texts wrap within their cells. */
  wrap?: boolean;
}

const DATE_FORMAT = 'dd/mm/yyyy';

/** The workbook's sheets in order; dates shown dd/mm/yyyy. */
export async function writeWorkbook(sheets: SheetSpec[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'congdoan';
  for (const spec of sheets) {
    const ws = wb.addWorksheet(spec.name, spec.header ? { views: [{ state: 'frozen', ySplit: 1 }] } : undefined);
    spec.widths?.forEach((width, i) => {
      ws.getColumn(i + 1).width = width;
    });
    for (const c of spec.textColumns ?? []) ws.getColumn(c + 1).numFmt = '@';
    spec.rows.forEach((cells, r) => {
      const row = ws.addRow(cells.map((c) => c ?? ''));
      if (r === 0 && spec.header) row.font = { bold: true };
      cells.forEach((c, i) => {
        const cell = row.getCell(i + 1);
        if (c instanceof Date) cell.numFmt = DATE_FORMAT;
        else if (spec.textColumns?.includes(i)) cell.numFmt = '@';
        if (spec.wrap) cell.alignment = { wrapText: true, vertical: 'top' };
      });
    });
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** "2024-03-12" as a date cell (read back as the same day); any other text as it is. */
export function dateOrText(text: string): WrittenCell {
  return /^\d{4}-\d{2}-\d{2}$/.test(text) ? new Date(`${text}T00:00:00Z`) : text;
}
