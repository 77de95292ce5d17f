/** Telling a spreadsheet's format from its bytes, whatever its name says. */
import { isUtf8 } from 'node:buffer';
import { looksBinary, sniff, startsWithBytes, type SniffedKind } from '../files/sniff.js';
import { hasZip64Directory, listZipEntries, type ZipEntry } from '../zip/reader.js';
import { SpreadsheetError } from './spreadsheet-error.js';

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be';

export type SniffedFormat = { kind: 'xlsx'; entries: ZipEntry[] } | { kind: 'text'; encoding: TextEncoding; bomLength: number };

const SAVE_AS = 'hãy mở bằng Excel rồi lưu lại dạng "Excel Workbook (.xlsx)" hoặc "CSV UTF-8".';
const NOT_A_SHEET = 'không phải bảng tính. Hãy chọn tệp Excel (.xlsx) hoặc CSV.';

/** The kinds of file refused as what they are; anything else without a signature is read as text. */
const REFUSED: ReadonlySet<SniffedKind> = new Set(['pdf', 'png', 'jpeg', 'gif', 'webp', 'rtf', 'gzip', 'rar', '7z']);
/** The start of a PNG signature: a file cut short after it is still a picture, not a list. */
const PNG_START = [0x89, 0x50, 0x4e, 0x47];

/** Why a file with a known signature is not read, or null for a zip (perhaps .xlsx) or a kind read as text. */
function signatureReason(bytes: Buffer): string | null {
  const found = sniff(bytes) ?? (startsWithBytes(bytes, PNG_START) ? { kind: 'png' as const, phrase: 'ảnh PNG' } : null);
  if (!found) return null;
  if (found.kind === 'ole') return `đây là tệp Excel cũ (.xls), tệp Office cũ hoặc tệp có đặt mật khẩu; ${SAVE_AS}`;
  return REFUSED.has(found.kind) ? `đây là ${found.phrase}, ${NOT_A_SHEET}` : null;
}

function zipFormat(bytes: Buffer, fail: (reason: string) => never): SniffedFormat {
  if (hasZip64Directory(bytes)) fail(`tệp được nén theo kiểu zip64 (dành cho tệp rất lớn), chưa được hỗ trợ; ${SAVE_AS}`);
  const entries = listZipEntries(bytes);
  if (!entries) fail('tệp nén bị hỏng hoặc không đầy đủ.');
  const names = new Set(entries.map((e) => e.name));
  if (names.has('xl/workbook.xml')) return { kind: 'xlsx', entries };
  if (names.has('word/document.xml')) fail(`đây là văn bản Word (.docx), ${NOT_A_SHEET}`);
  if (names.has('ppt/presentation.xml')) fail(`đây là bản trình chiếu PowerPoint (.pptx), ${NOT_A_SHEET}`);
  if (names.has('content.xml')) fail(`đây là tệp OpenDocument (.ods/.odt); ${SAVE_AS}`);
  return fail(`đây là tệp nén (.zip), ${NOT_A_SHEET}`);
}

function markupReason(head: string): string | null {
  const start = head.trimStart().slice(0, 2000).toLowerCase();
  if (!start.startsWith('<')) return null;
  if (start.includes('urn:schemas-microsoft-com:office:spreadsheet')) return `đây là bảng tính dạng "XML Spreadsheet 2003"; ${SAVE_AS}`;
  if (start.includes('<html') || start.includes('<table') || start.includes('<!doctype'))
    return `đây là trang HTML (thường do phần mềm khác xuất ra với đuôi .xls); ${SAVE_AS}`;
  return `đây là tệp XML/HTML, ${NOT_A_SHEET}`;
}

function textFormat(bytes: Buffer, fail: (reason: string) => never): SniffedFormat {
  if (startsWithBytes(bytes, [0xff, 0xfe])) return { kind: 'text', encoding: 'utf-16le', bomLength: 2 };
  if (startsWithBytes(bytes, [0xfe, 0xff])) return { kind: 'text', encoding: 'utf-16be', bomLength: 2 };
  const bomLength = startsWithBytes(bytes, [0xef, 0xbb, 0xbf]) ? 3 : 0;
  if (looksBinary(bytes.subarray(bomLength, bomLength + 4096))) fail(`nội dung không phải chữ, ${NOT_A_SHEET}`);
  if (!isUtf8(bytes.subarray(bomLength))) {
    fail('chữ trong tệp không theo mã UTF-8 (có thể là bảng mã cũ như Windows-1258, TCVN3, VNI); hãy lưu lại dạng "CSV UTF-8".');
  }
  const markup = markupReason(bytes.toString('utf8', bomLength, bomLength + 2000));
  if (markup) fail(markup);
  return { kind: 'text', encoding: 'utf-8', bomLength };
}

/** The format of a file by its content; throws SpreadsheetError for anything that is not xlsx or CSV/TSV text. */
export function sniffFormat(bytes: Buffer, fileName: string): SniffedFormat {
  const fail = (reason: string): never => {
    throw new SpreadsheetError(fileName, reason);
  };
  if (bytes.length === 0) fail('tệp rỗng (0 byte).');
  const refusal = signatureReason(bytes);
  if (refusal) fail(refusal);
  if (sniff(bytes)?.kind === 'zip') return zipFormat(bytes, fail);
  return textFormat(bytes, fail);
}
