/**
 * Reading a member list sent by a union office: .xlsx or CSV/TSV text, told apart by
 * content. Every cell comes out as trimmed NFC text; dates as 'YYYY-MM-DD'.
 */
import { WorkerOverrun } from '../files/bounded-worker.js';
import { csvErrorReason, openDelimitedText, type TextSource } from './csv.js';
import { sniffFormat } from './sniff.js';
import { SpreadsheetError } from './spreadsheet-error.js';
import { MAX_COLUMNS, TooManyColumns, TooManyRows, type SheetRow } from './table-builder.js';
import { MAX_XLSX_ENTRIES, MAX_XLSX_UNZIPPED_BYTES, MAX_XLSX_XML_BYTES, openWorkbook, workbookXmlBytes } from './xlsx.js';
import { measureZip, ZipRefused, type ZipEntry, type ZipProblem } from '../zip/reader.js';

export { SpreadsheetError } from './spreadsheet-error.js';
export { isOverlongCell, MAX_CELL_LENGTH, OVERLONG_MARKER } from './cells.js';
export { MAX_COLUMNS } from './table-builder.js';
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

export interface ReadOptions {
  maxRows?: number;
}

/** A spreadsheet opened for reading: its header, then its data rows a chunk at a time. */
export interface SheetStream {
  fileName: string;
  sheetName: string | null;
  headerRow: number;
  headers: string[];
  /** Non-empty data rows, each with exactly headers.length cells; throws SpreadsheetError when the rest of the file cannot be read. */
  chunks(chunkRows?: number): AsyncGenerator<SheetRow[]>;
  /** Share of the file read so far, from 0 to 1. */
  readShare(): number;
  /** Lets go of what reading holds (an .xlsx keeps a worker until its rows are all read or it waits two minutes unread). */
  close(): void;
}

export const DEFAULT_MAX_ROWS = 1_100_000;
/** Rows handed over at a time when the caller does not say. */
const CHUNK_ROWS = 5000;

const formatNumber = (n: number) => n.toLocaleString('vi-VN');

function noHeader(fileName: string, sheetName: string | null): SpreadsheetError {
  const where = sheetName ? ` (trang "${sheetName}")` : '';
  return new SpreadsheetError(
    fileName,
    `không tìm thấy dòng tiêu đề cột trong 20 dòng đầu${where}. Dòng tiêu đề cần có ít nhất hai ô chữ, ví dụ "Họ và tên", "Ngày sinh".`,
  );
}

function noData(fileName: string, sheetName: string | null, headerRow: number): SpreadsheetError {
  const where = sheetName ? ` (trang "${sheetName}")` : '';
  return new SpreadsheetError(fileName, `không có dòng dữ liệu nào dưới dòng tiêu đề (dòng ${headerRow})${where}.`);
}

/** The error to show for what reading threw: too many rows, or a CSV the parser or decoder refused. */
function readFailure(error: unknown, fileName: string, maxRows: number, describe: (error: unknown) => string): unknown {
  if (error instanceof TooManyRows)
    return new SpreadsheetError(fileName, `có hơn ${formatNumber(maxRows)} dòng dữ liệu, vượt giới hạn một lần nhập; hãy chia nhỏ tệp.`);
  if (error instanceof WorkerOverrun) {
    return new SpreadsheetError(
      fileName,
      'tệp quá phức tạp hoặc quá lớn để đọc trong giới hạn thời gian và bộ nhớ; hãy lưu lại dạng "CSV UTF-8" rồi tải lên tệp CSV.',
    );
  }
  if (error instanceof TooManyColumns) {
    return new SpreadsheetError(
      fileName,
      `dòng ${formatNumber(error.rowNumber)} có ${formatNumber(error.columns)} cột, vượt giới hạn ${MAX_COLUMNS} cột; hãy xoá các cột thừa rồi lưu lại.`,
    );
  }
  if (error instanceof SpreadsheetError) return error;
  return new SpreadsheetError(fileName, describe(error));
}

const TOO_LARGE = 'tệp Excel quá lớn để đọc trực tiếp; hãy lưu lại dạng "CSV UTF-8" rồi tải lên tệp CSV.';

const ZIP_REFUSALS: Record<ZipProblem, string> = {
  unreadable: 'tệp Excel bị hỏng hoặc không đúng định dạng .xlsx; hãy mở bằng Excel và lưu lại.',
  zip64: 'tệp Excel được nén theo kiểu zip64 (dành cho tệp rất lớn), chưa được hỗ trợ; hãy lưu lại dạng "CSV UTF-8" rồi tải lên tệp CSV.',
  entries: `tệp có quá nhiều thành phần (hơn ${formatNumber(MAX_XLSX_ENTRIES)}), không phải một bảng tính Excel thông thường.`,
  size: TOO_LARGE,
};

/** Sizes counted as the parts inflate, never as the zip declares them. */
async function measuredWorkbook(bytes: Buffer, fileName: string): Promise<ZipEntry[]> {
  try {
    return await measureZip(bytes, { maxEntries: MAX_XLSX_ENTRIES, maxTotalBytes: MAX_XLSX_UNZIPPED_BYTES });
  } catch (error) {
    if (error instanceof ZipRefused) throw new SpreadsheetError(fileName, ZIP_REFUSALS[error.problem]);
    throw error;
  }
}

async function openXlsx(bytes: Buffer, fileName: string, maxRows: number): Promise<SheetStream> {
  if (workbookXmlBytes(await measuredWorkbook(bytes, fileName)) > MAX_XLSX_XML_BYTES) throw new SpreadsheetError(fileName, TOO_LARGE);
  const unreadable = () => 'tệp Excel bị hỏng hoặc không đúng định dạng .xlsx; hãy mở bằng Excel và lưu lại.';
  let opened;
  try {
    opened = await openWorkbook(bytes, maxRows);
  } catch (error) {
    throw readFailure(error, fileName, maxRows, unreadable);
  }
  if (opened.kind === 'no-header') throw noHeader(fileName, opened.sheetName);
  if (opened.kind === 'no-data') throw noData(fileName, opened.sheetName, opened.headerRow);
  const table = opened;
  const sheet: SheetStream = {
    fileName,
    sheetName: table.sheetName,
    headerRow: table.headerRow,
    headers: table.headers,
    async *chunks(chunkRows = CHUNK_ROWS) {
      try {
        yield* table.chunks(chunkRows);
      } catch (error) {
        // Naming `sheet` here keeps it alive while its rows are read, so the registry below never ends a worker in use.
        throw readFailure(error, sheet.fileName, maxRows, unreadable);
      }
    },
    readShare: table.readShare,
    close: table.close,
  };
  // A caller that drops the sheet unread (a check failed after opening it) lets its worker go too.
  abandonedWorkbooks.register(sheet, table.close);
  return sheet;
}

const abandonedWorkbooks = new FinalizationRegistry<() => void>((close) => close());

async function openText(source: TextSource, fileName: string, maxRows: number): Promise<SheetStream> {
  let text;
  try {
    text = await openDelimitedText(source, maxRows);
  } catch (error) {
    throw readFailure(error, fileName, maxRows, csvErrorReason);
  }
  const { head } = text;
  if (!head) throw noHeader(fileName, null);
  return {
    fileName,
    sheetName: null,
    headerRow: head.headerRow,
    headers: head.headers,
    async *chunks(chunkRows = CHUNK_ROWS) {
      let rows = 0;
      try {
        for await (const chunk of text.chunks(chunkRows)) {
          rows += chunk.length;
          yield chunk;
        }
      } catch (error) {
        throw readFailure(error, fileName, maxRows, csvErrorReason);
      }
      if (rows === 0) throw noData(fileName, null, head.headerRow);
    },
    readShare: text.readShare,
    close: () => undefined,
  };
}

/**
 * Opens the member list in a file and finds its header; its rows are read as the caller
 * asks for them. Throws SpreadsheetError with a Vietnamese reason naming the file.
 */
export async function openSpreadsheet(bytes: Buffer, fileName: string, options: ReadOptions = {}): Promise<SheetStream> {
  const maxRows = options.maxRows ?? DEFAULT_MAX_ROWS;
  const format = sniffFormat(bytes, fileName);
  if (format.kind === 'xlsx') return openXlsx(bytes, fileName, maxRows);
  return openText({ bytes, encoding: format.encoding, bomLength: format.bomLength }, fileName, maxRows);
}

/** Reads the whole member list in a file; throws SpreadsheetError with a Vietnamese reason naming the file. */
export async function readSpreadsheet(bytes: Buffer, fileName: string, options: ReadOptions = {}): Promise<SheetTable> {
  const sheet = await openSpreadsheet(bytes, fileName, options);
  const rows: SheetRow[] = [];
  for await (const chunk of sheet.chunks()) for (const row of chunk) rows.push(row);
  return { sheetName: sheet.sheetName, headerRow: sheet.headerRow, headers: sheet.headers, rows };
}
