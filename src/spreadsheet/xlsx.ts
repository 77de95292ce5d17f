/** Reading an .xlsx workbook with exceljs: the first visible sheet that has a header and data. */
import type ExcelJS from 'exceljs';
import { dateToIso, excelSerialToDate, isDateFormat, normalizeCell, numberToText } from './cells.js';
import { TableBuilder, type BuiltTable } from './table-builder.js';
import { HEAD_ROWS } from './header.js';
import { runBounded } from '../files/bounded-worker.js';
import type { ZipEntry } from '../zip/reader.js';

/**
 * exceljs holds a whole workbook in memory: measured, about 13 times the size of its
 * sheet XML (60 MB of XML for 130,000 rows of 10 columns took 800 MB). Larger
 * workbooks are refused with advice to send a CSV, which is read as a stream.
 */
export const MAX_XLSX_XML_BYTES = 64 * 1024 * 1024;

/** All parts of a workbook once unzipped, pictures included; and how many parts it may have. */
export const MAX_XLSX_UNZIPPED_BYTES = 128 * 1024 * 1024;
export const MAX_XLSX_ENTRIES = 5000;

/** Size of all the XML in a workbook, as measured by `measureZip`: exceljs parses every part. */
export function workbookXmlBytes(entries: readonly ZipEntry[]): number {
  return entries.filter((e) => /\.(xml|rels)$/i.test(e.name)).reduce((sum, e) => sum + e.uncompressedSize, 0);
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
 * exceljs in a bounded worker, handing back the cells of each visible sheet in tab order
 * as [column, value, number format]. A cell covered by a merge from the left ("DANH SÁCH …"
 * over A1:J1, "Giới tính" over C3:D3) is left out, so it reads as empty, as in a CSV; one
 * covered from above (a unit name down several rows) repeats the value. A sheet stops
 * being read a little past the row cap: the rest would be refused anyway.
 */
const READ_SOURCE = `
function rowsOf(sheet, maxRows) {
  const rows = [];
  for (let r = 1; r <= sheet.rowCount && rows.length <= maxRows; r++) {
    const row = sheet.findRow(r);
    if (!row) continue;
    const cells = [];
    row.eachCell({ includeEmpty: false }, (cell, col) => {
      if (cell.isMerged && cell.master !== cell && cell.master.row === cell.row) return;
      cells.push([col, cell.value, cell.numFmt || sheet.getColumn(col).numFmt]);
    });
    if (cells.length > 0) rows.push([r, cells]);
  }
  return rows;
}
async function run(data, { exceljs }) {
  const workbook = new exceljs.Workbook();
  await workbook.xlsx.load(Buffer.from(data.bytes.buffer, data.bytes.byteOffset, data.bytes.byteLength));
  const order = (s) => (s.orderNo === undefined ? s.id : s.orderNo);
  const sheets = workbook.worksheets.filter((s) => s.state === 'visible' || s.state === undefined).sort((a, b) => order(a) - order(b));
  return {
    date1904: workbook.properties.date1904 === true,
    sheets: sheets.map((sheet) => ({ name: sheet.name, rows: rowsOf(sheet, data.maxRows) })),
  };
}
`;

type RawRow = [rowNumber: number, cells: Array<[column: number, value: Value, numFmt: string | undefined]>];

interface RawWorkbook {
  date1904: boolean;
  sheets: Array<{ name: string; rows: RawRow[] }>;
}

/** exceljs holds about 13 times the sheet XML; the XML is capped above, the heap here. */
const WORKER_HEAP_MB = 1024;
const WORKER_TIMEOUT_MS = 60_000;

function rowCells(cells: RawRow[1], date1904: boolean): string[] {
  const out: string[] = [];
  for (const [col, value, numFmt] of cells) {
    while (out.length < col - 1) out.push('');
    out[col - 1] = normalizeCell(valueText(value, numFmt, date1904));
  }
  return out;
}

function readSheet(rows: RawRow[], date1904: boolean, maxRows: number): BuiltTable {
  const builder = new TableBuilder(maxRows);
  let next = 1;
  for (const [rowNumber, cells] of rows) {
    // Rows without cells still count while the header is looked for.
    for (; next < rowNumber && !builder.headSettled; next++) builder.add(next, []);
    next = rowNumber + 1;
    builder.add(rowNumber, rowCells(cells, date1904));
    if (builder.headerMissing) break;
  }
  return builder.finish();
}

export type WorkbookTable = BuiltTable & { sheetName: string | null };

/** Loads a workbook in a bounded worker (throws WorkerOverrun, or WorkerFailed with what exceljs threw) and reads its first sheet with data. */
export async function readWorkbook(bytes: Buffer, maxRows: number): Promise<WorkbookTable> {
  const workbook = await runBounded<RawWorkbook>({
    source: READ_SOURCE,
    modules: { exceljs: 'exceljs' },
    data: { bytes, maxRows: maxRows + HEAD_ROWS },
    maxOldGenerationSizeMb: WORKER_HEAP_MB,
    timeoutMs: WORKER_TIMEOUT_MS,
  });
  let fallback: WorkbookTable = { kind: 'no-header', sheetName: null };
  for (const sheet of workbook.sheets) {
    const table = readSheet(sheet.rows, workbook.date1904, maxRows);
    if (table.kind === 'table') return { ...table, sheetName: sheet.name };
    if (table.kind === 'no-data' && fallback.kind === 'no-header') fallback = { ...table, sheetName: sheet.name };
  }
  return fallback;
}
