/** Reading an .xlsx workbook with exceljs: the first visible sheet that has a header and data. */
import type ExcelJS from 'exceljs';
import { dateToIso, excelSerialToDate, isDateFormat, normalizeCell, numberToText } from './cells.js';
import { TableBuilder, type SheetHead, type SheetRow } from './table-builder.js';
import { HEAD_ROWS } from './header.js';
import { BoundedStream } from '../files/bounded-worker.js';
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
 * exceljs in a bounded worker, handing over the cells of each visible sheet in tab order
 * as [column, value, number format], a batch of rows at a time: first `{ date1904 }`, then per
 * sheet `{ sheet, lastRow }` and its `{ rows }`. A cell covered by a merge from the left
 * ("DANH SÁCH …" over A1:J1, "Giới tính" over C3:D3) is left out, so it reads as empty, as in
 * a CSV; one covered from above (a unit name down several rows) repeats the value. A sheet
 * stops being read a little past the row cap (the rest would be refused anyway), or when the
 * reader says it wants no more of it (`{ skipSheet }`: it has no header).
 */
const READ_SOURCE = `
async function run(data, { exceljs }, { emit, heard }) {
  const workbook = new exceljs.Workbook();
  await workbook.xlsx.load(Buffer.from(data.bytes.buffer, data.bytes.byteOffset, data.bytes.byteLength));
  const order = (s) => (s.orderNo === undefined ? s.id : s.orderNo);
  const sheets = workbook.worksheets.filter((s) => s.state === 'visible' || s.state === undefined).sort((a, b) => order(a) - order(b));
  await emit({ date1904: workbook.properties.date1904 === true });
  for (const [index, sheet] of sheets.entries()) {
    const lastRow = sheet.rowCount;
    await emit({ sheet: sheet.name, lastRow });
    let batch = [];
    let count = 0;
    for (let r = 1; r <= lastRow && count <= data.maxRows; r++) {
      const row = sheet.findRow(r);
      if (!row) continue;
      // Let go of each row once read (exceljs 4 keeps them in _rows): the worker's heap shrinks as
      // the rows are handed over (200,000 rows: 226 MB down to 39 MB, instead of 272 MB to the
      // end). A cell merged from above keeps its master by its own reference.
      if (Array.isArray(sheet._rows)) sheet._rows[r - 1] = undefined;
      const cells = [];
      row.eachCell({ includeEmpty: false }, (cell, col) => {
        if (cell.isMerged && cell.master !== cell && cell.master.row === cell.row) return;
        cells.push([col, cell.value, cell.numFmt || sheet.getColumn(col).numFmt]);
      });
      if (cells.length === 0) continue;
      batch.push([r, cells]);
      count++;
      if (batch.length < data.batchRows) continue;
      await emit({ rows: batch });
      batch = [];
      const told = heard();
      if (told && told.skipSheet >= index) break;
    }
    if (batch.length > 0) await emit({ rows: batch });
  }
}
`;

type RawRow = [rowNumber: number, cells: Array<[column: number, value: Value, numFmt: string | undefined]>];

type WorkerItem = { date1904: boolean } | { sheet: string; lastRow: number } | { rows: RawRow[] };

/** exceljs holds about 13 times the sheet XML; the XML is capped above, the heap here. */
const WORKER_HEAP_MB = 1024;
/** How long the reader may wait for the worker in all (loading the workbook is most of it). */
const WORKER_TIMEOUT_MS = 60_000;
/** Rows the worker hands over at a time; it runs at most two batches ahead of the reader. */
const BATCH_ROWS = 2000;

function rowCells(cells: RawRow[1], date1904: boolean): string[] {
  const out: string[] = [];
  for (const [col, value, numFmt] of cells) {
    while (out.length < col - 1) out.push('');
    out[col - 1] = normalizeCell(valueText(value, numFmt, date1904));
  }
  return out;
}

/** The rows of one sheet, fed to a TableBuilder as they come. */
class SheetReader {
  readonly builder: TableBuilder;
  private next = 1;
  lastRowSeen = 0;

  constructor(
    readonly name: string,
    readonly lastRow: number,
    readonly index: number,
    maxRows: number,
  ) {
    this.builder = new TableBuilder(maxRows);
  }

  add(rows: RawRow[], date1904: boolean): void {
    for (const [rowNumber, cells] of rows) {
      if (this.builder.headerMissing) return;
      // Rows without cells still count while the header is looked for.
      for (; this.next < rowNumber && !this.builder.headSettled; this.next++) this.builder.add(this.next, []);
      this.next = rowNumber + 1;
      this.lastRowSeen = rowNumber;
      this.builder.add(rowNumber, rowCells(cells, date1904));
    }
  }
}

/** The first sheet with a header and data, open for its rows to be read a chunk at a time. */
export interface WorkbookRows {
  kind: 'table';
  sheetName: string;
  headerRow: number;
  headers: string[];
  /** Data rows, `chunkRows` at a time (the last chunk may be shorter); the worker's own errors are thrown as they come. */
  chunks(chunkRows: number): AsyncGenerator<SheetRow[]>;
  /** Share of the sheet read so far, from 0 to 1. */
  readShare(): number;
  /** Ends the worker, when the rows are not all read. */
  close(): void;
}

export type OpenedWorkbook =
  WorkbookRows | { kind: 'no-header'; sheetName: string | null } | { kind: 'no-data'; sheetName: string; headerRow: number };

/**
 * Loads a workbook in a bounded worker (throws WorkerOverrun, or WorkerFailed with what exceljs
 * threw) and finds its first sheet with a header and data. Its rows stay in the worker until
 * they are read: the main thread holds a few thousand at a time, whatever the sheet's length.
 */
export async function openWorkbook(bytes: Buffer, maxRows: number): Promise<OpenedWorkbook> {
  const stream = new BoundedStream<WorkerItem>({
    source: READ_SOURCE,
    modules: { exceljs: 'exceljs' },
    data: { bytes, maxRows: maxRows + HEAD_ROWS, batchRows: BATCH_ROWS },
    maxOldGenerationSizeMb: WORKER_HEAP_MB,
    timeoutMs: WORKER_TIMEOUT_MS,
  });
  try {
    return await findTable(stream, maxRows);
  } catch (error) {
    stream.close();
    throw error;
  }
}

async function findTable(stream: BoundedStream<WorkerItem>, maxRows: number): Promise<OpenedWorkbook> {
  let date1904 = false;
  let fallback: OpenedWorkbook = { kind: 'no-header', sheetName: null };
  let sheet: SheetReader | null = null;
  let sheets = 0;
  /** What the sheet read so far turned out to be, once it has ended. */
  const ended = (reader: SheetReader): OpenedWorkbook | null => {
    const table = reader.builder.finish();
    if (table.kind === 'table') return tableOf(stream, reader, date1904, null);
    if (table.kind === 'no-data' && fallback.kind === 'no-header')
      fallback = { kind: 'no-data', sheetName: reader.name, headerRow: table.headerRow };
    return null;
  };
  for (;;) {
    const item = await stream.next();
    if (item === undefined) {
      const last = sheet && ended(sheet);
      if (last) return last;
      stream.close();
      return fallback;
    }
    if ('date1904' in item) date1904 = item.date1904;
    else if ('sheet' in item) {
      const last = sheet && ended(sheet);
      if (last) return last;
      sheet = new SheetReader(item.sheet, item.lastRow, sheets++, maxRows);
    } else if (sheet && !sheet.builder.headerMissing) {
      sheet.add(item.rows, date1904);
      if (sheet.builder.headerMissing) stream.tell({ skipSheet: sheet.index });
      else if (sheet.builder.dataRowCount > 0) return tableOf(stream, sheet, date1904, sheet.builder.settledHead());
    }
  }
}

/** The chosen sheet; its rows so far wait in its builder, the rest in the worker (none when `head` is null: the sheet has ended). */
function tableOf(stream: BoundedStream<WorkerItem>, sheet: SheetReader, date1904: boolean, head: SheetHead | null): WorkbookRows {
  const found = head ?? sheet.builder.settledHead();
  if (!found) throw new Error('a sheet with data rows has a header');
  let open = head !== null;
  if (!open) stream.close();
  let started = false;
  let finished = false;
  return {
    kind: 'table',
    sheetName: sheet.name,
    headerRow: found.headerRow,
    headers: found.headers,
    async *chunks(chunkRows: number) {
      if (started) throw new Error('the rows of a workbook are read once');
      started = true;
      try {
        while (open) {
          const item = await stream.next();
          if (item === undefined || !('rows' in item)) break;
          sheet.add(item.rows, date1904);
          while (sheet.builder.pending >= chunkRows) yield sheet.builder.take(chunkRows);
        }
        open = false;
        stream.close();
        while (sheet.builder.pending > 0) yield sheet.builder.take(chunkRows);
        finished = true;
      } finally {
        stream.close();
      }
    },
    readShare: () => (finished || sheet.lastRow === 0 ? 1 : Math.min(1, sheet.lastRowSeen / sheet.lastRow)),
    close: () => stream.close(),
  };
}
