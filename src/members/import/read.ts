/**
 * Reading a member list sent by a union office: .xlsx or CSV/TSV text, told apart by
 * content. Every cell comes out as trimmed NFC text; dates as 'YYYY-MM-DD'.
 */
import { csvErrorReason, readDelimitedText } from './csv.js';
import { sniffFormat } from './sniff.js';
import { SpreadsheetError } from './spreadsheet-error.js';
import { TooManyRows, type BuiltTable, type SheetRow } from './table-builder.js';
import { MAX_XLSX_XML_BYTES, readWorkbook, workbookXmlBytes } from './xlsx.js';

export { SpreadsheetError } from './spreadsheet-error.js';
export { isOverlongCell, MAX_CELL_LENGTH, OVERLONG_MARKER } from './cells.js';
export type { SheetRow } from './table-builder.js';

export interface SheetTable {
  /** The worksheet read, or null for CSV. */
  sheetName: string | null;
  /** Row number (as Excel shows it; the record number in a CSV) of the header row. */
  headerRow: number;
  /** Header texts; a two-row header gives "Giới tính - Nam". */
  headers: string[];
  /** Non-empty data rows, each with exactly headers.length cells. */
  rows: SheetRow[];
}

export interface ReadOptions { maxRows?: number }

export const DEFAULT_MAX_ROWS = 1_100_000;

const formatNumber = (n: number) => n.toLocaleString('vi-VN');

function tableOrFail(built: BuiltTable, sheetName: string | null, fileName: string): SheetTable {
  const where = sheetName ? ` (trang "${sheetName}")` : '';
  if (built.kind === 'no-header') {
    throw new SpreadsheetError(fileName, `không tìm thấy dòng tiêu đề cột trong 20 dòng đầu${where}. Dòng tiêu đề cần có ít nhất hai ô chữ, ví dụ "Họ và tên", "Ngày sinh".`);
  }
  if (built.kind === 'no-data') {
    throw new SpreadsheetError(fileName, `không có dòng dữ liệu nào dưới dòng tiêu đề (dòng ${built.headerRow})${where}.`);
  }
  return { sheetName, headerRow: built.headerRow, headers: built.headers, rows: built.rows };
}

async function readXlsx(bytes: Buffer, entries: Parameters<typeof workbookXmlBytes>[0], fileName: string, maxRows: number): Promise<SheetTable> {
  if (workbookXmlBytes(entries) > MAX_XLSX_XML_BYTES) {
    throw new SpreadsheetError(fileName, 'tệp Excel quá lớn để đọc trực tiếp; hãy lưu lại dạng "CSV UTF-8" rồi tải lên tệp CSV.');
  }
  let built;
  try {
    built = await readWorkbook(bytes, maxRows);
  } catch (error) {
    if (error instanceof TooManyRows) throw error;
    throw new SpreadsheetError(fileName, 'tệp Excel bị hỏng hoặc không đúng định dạng .xlsx; hãy mở bằng Excel và lưu lại.');
  }
  return tableOrFail(built, built.sheetName, fileName);
}

async function readText(source: Parameters<typeof readDelimitedText>[0], fileName: string, maxRows: number): Promise<SheetTable> {
  let built;
  try {
    built = await readDelimitedText(source, maxRows);
  } catch (error) {
    if (error instanceof TooManyRows) throw error;
    throw new SpreadsheetError(fileName, csvErrorReason(error));
  }
  return tableOrFail(built, null, fileName);
}

/** Reads the member list in a file; throws SpreadsheetError with a Vietnamese reason naming the file. */
export async function readSpreadsheet(bytes: Buffer, fileName: string, options: ReadOptions = {}): Promise<SheetTable> {
  const maxRows = options.maxRows ?? DEFAULT_MAX_ROWS;
  const format = sniffFormat(bytes, fileName);
  try {
    if (format.kind === 'xlsx') return await readXlsx(bytes, format.entries, fileName, maxRows);
    return await readText({ bytes, encoding: format.encoding, bomLength: format.bomLength }, fileName, maxRows);
  } catch (error) {
    if (error instanceof TooManyRows) {
      throw new SpreadsheetError(fileName, `có hơn ${formatNumber(maxRows)} dòng dữ liệu, vượt giới hạn một lần nhập; hãy chia nhỏ tệp.`);
    }
    throw error;
  }
}
