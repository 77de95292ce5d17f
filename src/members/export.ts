import { once } from 'node:events';
import fs from 'node:fs';
import ExcelJS from 'exceljs';
import type { MemberListRow } from './repo.js';

const GENDER = { male: 'Nam', female: 'Nữ' } as Record<string, string>;

const HEADER = ['STT', 'Họ và tên', 'Giới tính', 'Ngày sinh', 'Nghề nghiệp', 'Số thẻ đoàn viên', 'Đơn vị', 'Sinh hoạt từ ngày'];
const WIDTHS = [6, 28, 10, 12, 24, 16, 32, 16];
/**
 * Cell styles, one object each: exceljs's style writer remembers the objects it has seen, so a
 * shared object costs a lookup, where a cell's own (its default) costs a full style comparison.
 */
const PLAIN: Partial<ExcelJS.Style> = {};
const DATE: Partial<ExcelJS.Style> = { numFmt: 'dd/mm/yyyy' };
/** Rows written between two pauses, so a page of rows never holds the event loop for long. */
const ROWS_PER_PAUSE = 500;
/** Sheet XML allowed to wait for the zip's compression before the writer stops adding rows. */
const MAX_BACKLOG = 2 * 1024 * 1024;
const pause = () => new Promise<void>((resolve) => setImmediate(resolve));
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Bytes of a sheet's XML written but not yet taken by the zip (null: exceljs's insides are not
 * as expected). exceljs writes a sheet into a stream that passes it to the zip without waiting:
 * when rows come faster than they are compressed, the XML piles up in memory (the whole sheet,
 * for a long list), so the writer waits whenever this grows.
 */
function sheetBacklog(ws: ExcelJS.Worksheet): number | null {
  const stream = (ws as unknown as { stream?: { pipes?: Array<{ _writableState?: { length?: number } }> } }).stream;
  const length = stream?.pipes?.[0]?._writableState?.length;
  return typeof length === 'number' ? length : null;
}

/** An .xlsx sheet holds 1,048,576 rows; each sheet of the export starts with a title, a blank row and the header. */
export const XLSX_MAX_ROWS = 1_048_576;
const HEAD_ROWS = 3;
export const MEMBERS_PER_SHEET = XLSX_MAX_ROWS - HEAD_ROWS;

export interface MemberWorkbookWriter {
  /** Writes these rows (numbered on from the last) and lets them go. */
  add(rows: readonly MemberListRow[]): Promise<void>;
  /** Closes the workbook: the file is complete once this resolves. */
  finish(): Promise<void>;
  /** Gives up: closes the file as it is (the caller removes it). */
  abort(): Promise<void>;
  /** The current sheet's XML waiting for the zip, in bytes (null: none open, or not measurable). */
  backlog(): number | null;
}

/**
 * The member list as an .xlsx file, in the columns union offices use, written as a stream
 * (exceljs's WorkbookWriter): each row is committed as it is added, so memory stays the same
 * however long the list. A list longer than a sheet holds goes on in "Đoàn viên (2)", and so on.
 */
export function memberWorkbookWriter(file: string, title: string, perSheet = MEMBERS_PER_SHEET): MemberWorkbookWriter {
  const out = fs.createWriteStream(file);
  // A failed write (a full disk) is raised by the next `add` or `finish`, never left unheard.
  let failure: Error | null = null;
  out.on('error', (e) => {
    failure ??= e;
  });
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  wb.creator = 'congdoan';
  (wb as unknown as { zip: NodeJS.EventEmitter }).zip.on('error', (e: Error) => {
    failure ??= e;
  });
  let sheet: ExcelJS.Worksheet | null = null;
  let sheets = 0;
  let inSheet = 0;
  let written = 0;

  const openSheet = () => {
    sheets++;
    const ws = wb.addWorksheet(sheets === 1 ? 'Đoàn viên' : `Đoàn viên (${sheets})`);
    ws.columns = WIDTHS.map((width) => ({ width }));
    const titleRow = ws.addRow([sheets === 1 ? title : `${title} (tiếp theo)`]);
    titleRow.font = { bold: true, size: 14 };
    titleRow.commit();
    ws.addRow([]).commit();
    const header = ws.addRow(HEADER);
    header.font = { bold: true };
    header.commit();
    inSheet = 0;
    return ws;
  };

  /** Commits a full sheet and waits until its data has gone into the zip. */
  const closeSheet = async (ws: ExcelJS.Worksheet) => {
    const stream = (ws as unknown as { stream: NodeJS.EventEmitter }).stream;
    const zipped = once(stream, 'zipped');
    (ws as unknown as { commit(): void }).commit();
    await zipped;
  };

  return {
    async add(rows) {
      if (failure) throw failure;
      for (const r of rows) {
        if (!sheet || inSheet === perSheet) {
          if (sheet) await closeSheet(sheet);
          sheet = openSheet();
        }
        written++;
        inSheet++;
        const row = sheet.addRow([
          written,
          r.full_name,
          r.gender ? (GENDER[r.gender] ?? '') : '',
          r.birth_date ? toDate(r.birth_date) : (r.birth_year ?? ''),
          r.job ?? '',
          r.card_number ?? '',
          r.unit_name,
          toDate(r.started_on),
        ]);
        // Dates only: a birth year alone stays a number (a column format would show 1980 as 02/06/1905).
        for (let c = 1; c <= 8; c++) row.getCell(c).style = c === 8 || (c === 4 && r.birth_date) ? DATE : PLAIN;
        row.commit();
        if (written % ROWS_PER_PAUSE === 0) {
          await pause();
          while ((sheetBacklog(sheet) ?? 0) > MAX_BACKLOG && !failure) await sleep(5);
        }
      }
      // Let the file catch up before more rows come.
      if (out.writableNeedDrain) await drained(out);
      if (failure) throw failure;
    },
    async finish() {
      if (failure) throw failure;
      if (!sheet) sheet = openSheet();
      await wb.commit();
      if (failure) throw failure;
    },
    backlog() {
      return sheet ? sheetBacklog(sheet) : null;
    },
    async abort() {
      out.destroy();
      if (!out.closed) await once(out, 'close');
    },
  };
}

/** Resolves when the file takes writes again (or is closed). */
function drained(out: fs.WriteStream): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      out.off('drain', done);
      out.off('close', done);
      resolve();
    };
    out.on('drain', done);
    out.on('close', done);
  });
}

const toDate = (iso: string) => new Date(`${iso}T00:00:00Z`);
