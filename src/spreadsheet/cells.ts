/** Turning spreadsheet cell values into the trimmed NFC strings of a SheetTable. */

/** Longest cell kept whole; a longer one is cut and ends with OVERLONG_MARKER. */
export const MAX_CELL_LENGTH = 1000;
export const OVERLONG_MARKER = '…[ô quá dài]';

const INVISIBLE = /[\u200b-\u200d\u2060\ufeff]/g;
const NOT_PLAIN_ASCII = /[^\t-~]/;

/** NFC, invisible characters removed, trimmed, cut at MAX_CELL_LENGTH with a marker. */
export function normalizeCell(text: string): string {
  const clean = (NOT_PLAIN_ASCII.test(text) ? text.normalize('NFC').replace(INVISIBLE, '') : text).trim();
  if (clean.length <= MAX_CELL_LENGTH) return clean;
  return cutAt(clean, MAX_CELL_LENGTH) + OVERLONG_MARKER;
}

/** Whether a cell was cut by normalizeCell. */
export function isOverlongCell(cell: string): boolean {
  return cell.length > MAX_CELL_LENGTH && cell.endsWith(OVERLONG_MARKER);
}

/** The start of a text, cut without splitting a surrogate pair. */
export function cutAt(text: string, length: number): string {
  if (text.length <= length) return text;
  const code = text.charCodeAt(length - 1);
  const end = code >= 0xd800 && code <= 0xdbff ? length - 1 : length;
  return text.slice(0, end);
}

const plainDecimal = new Intl.NumberFormat('en-US', { useGrouping: false, maximumSignificantDigits: 15 });

/**
 * A number as plain digits: no exponent, no float noise (0.1 + 0.2 → "0.3"). Beyond
 * safe integers, 15 significant digits, as Excel shows them.
 */
export function numberToText(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (Number.isSafeInteger(n)) return String(n);
  return plainDecimal.format(n);
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** A spreadsheet date (held as a UTC instant by exceljs) as 'YYYY-MM-DD'. */
export function dateToIso(date: Date): string {
  if (Number.isNaN(date.getTime())) return '';
  return `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
}

/** Excel's day number (1900 system, or 1904 when the workbook says so) as a UTC date. */
export function excelSerialToDate(serial: number, date1904 = false): Date {
  const days = Math.floor(serial) + (date1904 ? 1462 : 0);
  // Excel counts a 29 February 1900 that never was: days before it are one day later.
  const offset = days < 60 ? 1 : 0;
  return new Date(Date.UTC(1899, 11, 30 + days + offset));
}

/** Whether an Excel number format shows a date: a day or year token outside quotes, brackets and escapes. */
export function isDateFormat(format: string | undefined): boolean {
  if (!format) return false;
  const bare = format
    .replace(/"[^"]*"/g, '')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/\\./g, '');
  return /[dy]/i.test(bare);
}
