/** Telling a spreadsheet's format from its bytes, whatever its name says. */
import { isUtf8 } from 'node:buffer';
import { SpreadsheetError } from './spreadsheet-error.js';
import { listZipEntries, type ZipEntry } from '../zip/reader.js';

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be';

export type SniffedFormat = { kind: 'xlsx'; entries: ZipEntry[] } | { kind: 'text'; encoding: TextEncoding; bomLength: number };

const SAVE_AS = 'hãy mở bằng Excel rồi lưu lại dạng "Excel Workbook (.xlsx)" hoặc "CSV UTF-8".';
const NOT_A_SHEET = 'không phải bảng tính. Hãy chọn tệp Excel (.xlsx) hoặc CSV.';

const MAGIC: Array<{ bytes: number[]; offset?: number; reason: string }> = [
  {
    bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1],
    reason: `đây là tệp Excel cũ (.xls), tệp Office cũ hoặc tệp có đặt mật khẩu; ${SAVE_AS}`,
  },
  { bytes: [0x89, 0x50, 0x4e, 0x47], reason: `đây là ảnh PNG, ${NOT_A_SHEET}` },
  { bytes: [0xff, 0xd8, 0xff], reason: `đây là ảnh JPEG, ${NOT_A_SHEET}` },
  { bytes: [0x47, 0x49, 0x46, 0x38], reason: `đây là ảnh GIF, ${NOT_A_SHEET}` },
  { bytes: [0x57, 0x45, 0x42, 0x50], offset: 8, reason: `đây là ảnh WebP, ${NOT_A_SHEET}` },
  { bytes: [0x25, 0x50, 0x44, 0x46], reason: `đây là tệp PDF, ${NOT_A_SHEET}` },
  { bytes: [0x1f, 0x8b], reason: `đây là tệp nén gzip, ${NOT_A_SHEET}` },
  { bytes: [0x52, 0x61, 0x72, 0x21], reason: `đây là tệp nén RAR, ${NOT_A_SHEET}` },
  { bytes: [0x37, 0x7a, 0xbc, 0xaf], reason: `đây là tệp nén 7z, ${NOT_A_SHEET}` },
  { bytes: [0x7b, 0x5c, 0x72, 0x74, 0x66], reason: `đây là văn bản RTF, ${NOT_A_SHEET}` },
];

function startsWith(bytes: Buffer, magic: number[], offset = 0): boolean {
  return bytes.length >= offset + magic.length && magic.every((b, i) => bytes[offset + i] === b);
}

function isZip(bytes: Buffer): boolean {
  return startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06]);
}

function zipFormat(bytes: Buffer, fail: (reason: string) => never): SniffedFormat {
  const entries = listZipEntries(bytes);
  if (!entries) fail('tệp nén bị hỏng hoặc không đầy đủ.');
  const names = new Set(entries.map((e) => e.name));
  if (names.has('xl/workbook.xml')) return { kind: 'xlsx', entries };
  if (names.has('word/document.xml')) fail(`đây là văn bản Word (.docx), ${NOT_A_SHEET}`);
  if (names.has('ppt/presentation.xml')) fail(`đây là bản trình chiếu PowerPoint (.pptx), ${NOT_A_SHEET}`);
  if (names.has('content.xml')) fail(`đây là tệp OpenDocument (.ods/.odt); ${SAVE_AS}`);
  return fail(`đây là tệp nén (.zip), ${NOT_A_SHEET}`);
}

/** Whether the start of a text looks like binary data: NULs or many control characters. */
function looksBinary(sample: Buffer): boolean {
  let controls = 0;
  for (const b of sample) {
    if (b === 0) return true;
    if (b < 0x09 || (b > 0x0d && b < 0x20)) controls++;
  }
  return controls > sample.length / 100;
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
  if (startsWith(bytes, [0xff, 0xfe])) return { kind: 'text', encoding: 'utf-16le', bomLength: 2 };
  if (startsWith(bytes, [0xfe, 0xff])) return { kind: 'text', encoding: 'utf-16be', bomLength: 2 };
  const bomLength = startsWith(bytes, [0xef, 0xbb, 0xbf]) ? 3 : 0;
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
  for (const m of MAGIC) if (startsWith(bytes, m.bytes, m.offset)) fail(m.reason);
  if (isZip(bytes)) return zipFormat(bytes, fail);
  return textFormat(bytes, fail);
}
