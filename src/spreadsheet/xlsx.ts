/** Reading an .xlsx workbook with exceljs: the first visible sheet that has a header and data. */
import type ExcelJS from 'exceljs';
import { dateToIso, excelSerialToDate, isDateFormat, normalizeCell, numberToText } from './cells.js';
import { TableBuilder, type BuiltTable } from './table-builder.js';
import type { ZipEntry } from '../zip/reader.js';

/**
 * exceljs holds a whole workbook in memory: measured, about 13 times the size of its
 * sheet XML (60 MB of XML for 130,000 rows of 10 columns took 800 MB). Larger
 * workbooks are refused with advice to send a CSV, which is read as a stream.
 */
export const MAX_XLSX_XML_BYTES = 64 * 1024 * 1024;

/** Uncompressed size of the sheet and shared-string XML in a workbook. */
export function workbookXmlBytes(entries: readonly ZipEntry[]): number {
  return entries
    .filter((e) => /^xl\/(worksheets\/sheet\d+|sharedStrings)\.xml$/.test(e.name))
    .reduce((sum, e) => sum + e.uncompressedSize, 0);
}

type Value = ExcelJS.CellValue | undefined;
type ObjectValue = Exclude<ExcelJS.CellValue, null | undefined | number | string | boolean | Date>;

function objectText(value: ObjectValue, numFmt: string | undefined, date1904: boolean): string {
  if ('richText' in value) return value.richText.map((run) => run.text).join('');
  if ('formula' in value || 'sharedFormula' in value) return valueText(value.result, numFmt, date1904);
  if ('hyperlink' in value) return valueText(value.text as Value, numFmt, date1904);
  if ('error' in value) return String(value.error);
  return '';
}

/** A cell value as text: dates as 'YYYY-MM-DD', numbers as plain digits, formulas as their result. */
export function valueText(value: Value, numFmt: string | undefined, date1904: boolean): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return dateToIso(value);
  if (typeof value === 'number') return isDateFormat(numFmt) ? dateToIso(excelSerialToDate(value, date1904)) : numberToText(value);
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  return objectText(value, numFmt, date1904);
}

/**
 * A cell covered by a merge from the left ("DANH SÁCH …" over A1:J1, "Giới tính" over
 * C3:D3) reads as empty, as in a CSV; one covered from above (a unit name down several
 * rows) repeats the value.
 */
function isMergedFromLeft(cell: ExcelJS.Cell): boolean {
  return cell.isMerged && cell.master !== cell && cell.master.row === cell.row;
}

function rowCells(sheet: ExcelJS.Worksheet, row: ExcelJS.Row, date1904: boolean): string[] {
  const cells: string[] = [];
  row.eachCell({ includeEmpty: false }, (cell, col) => {
    if (isMergedFromLeft(cell)) return;
    const numFmt = cell.numFmt || sheet.getColumn(col).numFmt;
    while (cells.length < col - 1) cells.push('');
    cells[col - 1] = normalizeCell(valueText(cell.value, numFmt, date1904));
  });
  return cells;
}

function readSheet(sheet: ExcelJS.Worksheet, date1904: boolean, maxRows: number): BuiltTable {
  const builder = new TableBuilder(maxRows);
  for (let r = 1; r <= sheet.rowCount; r++) {
    const row = sheet.findRow(r);
    builder.add(r, row ? rowCells(sheet, row, date1904) : []);
    if (builder.headerMissing) break;
  }
  return builder.finish();
}

function visibleSheetsInTabOrder(workbook: ExcelJS.Workbook): ExcelJS.Worksheet[] {
  const order = (s: ExcelJS.Worksheet) => (s as unknown as { orderNo?: number }).orderNo ?? s.id;
  return workbook.worksheets.filter((s) => s.state === 'visible' || s.state === undefined).sort((a, b) => order(a) - order(b));
}

export type WorkbookTable = BuiltTable & { sheetName: string | null };

/** Loads a workbook (throws what exceljs throws) and reads its first sheet with data. */
export async function readWorkbook(bytes: Buffer, maxRows: number): Promise<WorkbookTable> {
  // exceljs takes a good part of a second to load: only imports of workbooks need it.
  const { default: Excel } = await import('exceljs');
  const workbook = new Excel.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  const date1904 = workbook.properties.date1904 === true;
  let fallback: WorkbookTable = { kind: 'no-header', sheetName: null };
  for (const sheet of visibleSheetsInTabOrder(workbook)) {
    const table = readSheet(sheet, date1904, maxRows);
    if (table.kind === 'table') return { ...table, sheetName: sheet.name };
    if (table.kind === 'no-data' && fallback.kind === 'no-header') fallback = { ...table, sheetName: sheet.name };
  }
  return fallback;
}
