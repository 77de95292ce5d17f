/**
 * Finding the header of a sheet: union lists often open with the agency name, the
 * national motto, a title and a blank line, put the header over two rows ("Giới tính"
 * over "Nam" | "Nữ"), and number the columns "(1) (2) (3)" under it.
 */

/** How many rows from the top may hold the header. */
export const HEADER_SCAN_ROWS = 20;
/** Rows read before locating the header: the scan, a sub-header and a numbering row. */
export const HEAD_ROWS = HEADER_SCAN_ROWS + 2;

export interface HeaderLayout {
  /** Index (0-based) in the given rows of the header row. */
  headerIndex: number;
  /** Index of the first row that may hold data. */
  dataStartIndex: number;
  headers: string[];
}

const LETTER = /\p{L}/u;
const DIGIT = /\d/;
const DATE_LIKE = /^\d{1,4}[/.-]\d{1,2}([/.-]\d{1,4})?$/;

function isTextCell(cell: string): boolean {
  return LETTER.test(cell) && !DATE_LIKE.test(cell);
}

function countText(row: readonly string[]): number {
  return row.filter(isTextCell).length;
}

/**
 * The first row with at least two text cells, and at least half as many as the
 * wordiest row near the top (so "LĐLĐ tỉnh …" | "CỘNG HÒA XÃ HỘI …" is passed over).
 */
function findHeaderIndex(rows: readonly (readonly string[])[]): number {
  const scan = rows.slice(0, HEADER_SCAN_ROWS);
  const most = Math.max(0, ...scan.map(countText));
  const needed = Math.max(2, Math.ceil(most / 2));
  return scan.findIndex((row) => countText(row) >= needed);
}

/** The header with group labels carried right over the empty cells of a horizontal merge. */
function fillGroups(header: readonly string[], sub: readonly string[]): string[] {
  const filled: string[] = [];
  for (let i = 0; i < Math.max(header.length, sub.length); i++) {
    const own = header[i] ?? '';
    filled.push(own === '' && i > 0 && (sub[i] ?? '') !== '' ? (filled[i - 1] ?? '') : own);
  }
  return filled;
}

function isGrouped(filled: readonly string[], sub: readonly string[], i: number): boolean {
  const label = filled[i] ?? '';
  const cell = sub[i] ?? '';
  if (label === '' || cell === '' || cell === label) return false;
  return filled[i - 1] === label || filled[i + 1] === label;
}

function isLabel(cell: string): boolean {
  return LETTER.test(cell) && !DIGIT.test(cell) && cell.length <= 60;
}

/** The combined header when `sub` is a second header row, else null. */
function combineSubHeader(header: readonly string[], sub: readonly string[] | undefined): string[] | null {
  if (!sub || sub.every((c) => c === '')) return null;
  const filled = fillGroups(header, sub);
  let groups = 0;
  for (let i = 0; i < sub.length; i++) {
    const cell = sub[i] ?? '';
    if (cell === '') continue;
    if (!isLabel(cell)) return null;
    if (isGrouped(filled, sub, i)) groups++;
    else if (cell !== header[i] && (header[i] ?? '') !== '') return null;
  }
  if (groups === 0) return null;
  return filled.map((label, i) => {
    const cell = sub[i] ?? '';
    if (isGrouped(filled, sub, i)) return `${label} - ${cell}`;
    return (header[i] ?? '') || cell;
  });
}

const NUMBERING_CELL = /^\(?(\d{1,2}|[A-Z])\)?$/;

/** A row that only numbers the columns: "(1)", "(2)" … or "A", "B", "1", "2" … */
function isNumberingRow(row: readonly string[] | undefined): boolean {
  if (!row) return false;
  const cells = row.filter((c) => c !== '');
  if (cells.length < 3 || !cells.every((c) => NUMBERING_CELL.test(c))) return false;
  const numbers = cells.map((c) => Number(c.replace(/[()]/g, ''))).filter((n) => !Number.isNaN(n));
  return numbers.every((n, i) => i === 0 || n > (numbers[i - 1] ?? 0));
}

function trimTrailingEmpty(cells: string[]): string[] {
  let end = cells.length;
  while (end > 0 && cells[end - 1] === '') end--;
  return cells.slice(0, end);
}

/** Where the header and the data start in the first rows of a sheet (empty rows included), or null. */
export function locateHeader(rows: readonly (readonly string[])[]): HeaderLayout | null {
  const headerIndex = findHeaderIndex(rows);
  if (headerIndex < 0) return null;
  const header = rows[headerIndex] ?? [];
  const combined = combineSubHeader(header, rows[headerIndex + 1]);
  let dataStartIndex = headerIndex + (combined ? 2 : 1);
  if (isNumberingRow(rows[dataStartIndex])) dataStartIndex++;
  return { headerIndex, dataStartIndex, headers: trimTrailingEmpty(combined ?? [...header]) };
}

/** Cells of a data row fitted to the header's width. */
export function fitRow(cells: readonly string[], width: number): string[] {
  const out = cells.slice(0, width);
  while (out.length < width) out.push('');
  return out;
}
