import { once } from 'node:events';
import fs from 'node:fs';
import ExcelJS from 'exceljs';
import type { MemberListRow } from './repo.js';
import { leaveReasonText, POLITICAL_THEORY_LABELS, QUALIFICATION_LABELS, UNION_POSITION_LABELS, WORKFORCE_TYPE_LABELS } from './schema.js';

const GENDER = { male: 'Nam', female: 'Nữ' } as Record<string, string>;

const HEADER = ['STT', 'Họ và tên', 'Giới tính', 'Ngày sinh', 'Nghề nghiệp', 'Số thẻ đoàn viên', 'Đơn vị', 'Sinh hoạt từ ngày'];
const WIDTHS = [6, 28, 10, 12, 24, 16, 32, 16];
/** The registry's columns after the list's: [header, width, the cell of a row, whether it is a date]. */
// An empty field is no cell at all (null, and no style): most members have few of these fields,
// and an empty styled cell for each would double the file.
type Extra = [string, number, (r: MemberListRow) => string | Date | null, boolean?];
const text = (v: string | null | undefined) => v || null;
const label = (labels: Record<string, string>, v: string | null | undefined) => (v ? (labels[v] ?? v) : null);
const yesNo = (v: number | null | undefined) => (v === 1 ? 'Có' : v === 0 ? 'Không' : null);
const optionalDate = (v: string | null | undefined) => (v ? toDate(v) : null);
const REGISTRY_COLUMNS: Extra[] = [
  ['Thôi sinh hoạt từ ngày', 16, (r) => optionalDate(r.ended_on), true],
  ['Lý do thôi sinh hoạt', 24, (r) => text(leaveReasonText(r.end_reason ?? null, r.end_note ?? null))],
  ['Quê quán', 24, (r) => text(r.hometown)],
  ['Nơi ở hiện nay', 28, (r) => text(r.address)],
  ['Email', 24, (r) => text(r.email)],
  ['Trình độ học vấn', 10, (r) => text(r.education)],
  ['Trình độ chuyên môn', 16, (r) => label(QUALIFICATION_LABELS, r.qualification)],
  ['Lý luận chính trị', 14, (r) => label(POLITICAL_THEORY_LABELS, r.political_theory)],
  ['Đảng viên', 10, (r) => yesNo(r.party_member)],
  ['Ngày vào Đảng', 14, (r) => optionalDate(r.party_joined_on), true],
  ['Chức vụ công đoàn', 20, (r) => label(UNION_POSITION_LABELS, r.union_position)],
  ['Chuyên trách', 10, (r) => yesNo(r.full_time_officer)],
  ['Ngày vào công đoàn', 14, (r) => optionalDate(r.union_joined_on), true],
  ['Loại lao động', 20, (r) => label(WORKFORCE_TYPE_LABELS, r.workforce_type)],
];
/** Sensitive personal data: written only when the exporting officer asked for it. */
const SENSITIVE_COLUMNS: Extra[] = [
  ['Số CCCD', 16, (r) => text(r.citizen_id)],
  ['Dân tộc', 12, (r) => text(r.ethnicity)],
  ['Tôn giáo', 16, (r) => text(r.religion)],
];
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
export function memberWorkbookWriter(file: string, title: string, perSheet = MEMBERS_PER_SHEET, sensitive = false): MemberWorkbookWriter {
  const extras = sensitive ? [...REGISTRY_COLUMNS, ...SENSITIVE_COLUMNS] : REGISTRY_COLUMNS;
  const header = [...HEADER, ...extras.map(([h]) => h)];
  const widths = [...WIDTHS, ...extras.map(([, w]) => w)];
  const styles = [...HEADER.map(() => PLAIN), ...extras.map(([, , , isDate]) => (isDate ? DATE : PLAIN))];
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
    ws.columns = widths.map((width) => ({ width }));
    const titleRow = ws.addRow([sheets === 1 ? title : `${title} (tiếp theo)`]);
    titleRow.font = { bold: true, size: 14 };
    titleRow.commit();
    ws.addRow([]).commit();
    const headerRow = ws.addRow(header);
    headerRow.font = { bold: true };
    headerRow.commit();
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
          ...extras.map(([, , cell]) => cell(r)),
        ]);
        // Dates only: a birth year alone stays a number (a column format would show 1980 as 02/06/1905).
        for (let c = 1; c <= 8; c++) row.getCell(c).style = c === 8 || (c === 4 && r.birth_date) ? DATE : PLAIN;
        for (let c = 9; c <= styles.length; c++) {
          const cell = row.getCell(c);
          if (cell.value !== null) cell.style = styles[c - 1]!;
        }
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
