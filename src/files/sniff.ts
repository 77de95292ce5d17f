/**
 * What a file is, told by its first bytes whatever its name says. Every upload path (photos,
 * attachments, Word files, spreadsheets) asks here and words its own refusal from `phrase`.
 */

export type SniffedKind =
  'pdf' | 'png' | 'jpeg' | 'gif' | 'webp' | 'zip' | 'ole' | 'rtf' | 'gzip' | 'rar' | '7z' | 'exe' | 'elf' | 'script';

interface Signature {
  kind: SniffedKind;
  bytes: number[];
  offset?: number;
  /** How a message names it: "đây là ảnh PNG". */
  phrase: string;
}

const SIGNATURES: Signature[] = [
  { kind: 'pdf', bytes: [0x25, 0x50, 0x44, 0x46], phrase: 'tệp PDF' },
  { kind: 'png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], phrase: 'ảnh PNG' },
  { kind: 'jpeg', bytes: [0xff, 0xd8, 0xff], phrase: 'ảnh JPEG' },
  { kind: 'gif', bytes: [0x47, 0x49, 0x46, 0x38], phrase: 'ảnh GIF' },
  { kind: 'webp', bytes: [0x57, 0x45, 0x42, 0x50], offset: 8, phrase: 'ảnh WebP' },
  { kind: 'zip', bytes: [0x50, 0x4b, 0x03, 0x04], phrase: 'tệp nén (.zip)' },
  { kind: 'zip', bytes: [0x50, 0x4b, 0x05, 0x06], phrase: 'tệp nén (.zip)' },
  { kind: 'ole', bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], phrase: 'tệp Office cũ (.doc, .xls) hoặc tệp có đặt mật khẩu' },
  { kind: 'rtf', bytes: [0x7b, 0x5c, 0x72, 0x74, 0x66], phrase: 'văn bản RTF' },
  { kind: 'gzip', bytes: [0x1f, 0x8b], phrase: 'tệp nén gzip' },
  { kind: 'rar', bytes: [0x52, 0x61, 0x72, 0x21], phrase: 'tệp nén RAR' },
  { kind: '7z', bytes: [0x37, 0x7a, 0xbc, 0xaf], phrase: 'tệp nén 7z' },
  { kind: 'exe', bytes: [0x4d, 0x5a], phrase: 'tệp chương trình' },
  { kind: 'elf', bytes: [0x7f, 0x45, 0x4c, 0x46], phrase: 'tệp chương trình' },
  { kind: 'script', bytes: [0x23, 0x21], phrase: 'tệp chương trình' },
];

export interface Sniffed {
  kind: SniffedKind;
  phrase: string;
}

export function startsWithBytes(bytes: Uint8Array, magic: readonly number[], offset = 0): boolean {
  return bytes.length >= offset + magic.length && magic.every((b, i) => bytes[offset + i] === b);
}

/** The kind of a file by its signature, or null for anything without one (text, unknown binary). */
export function sniff(bytes: Uint8Array): Sniffed | null {
  for (const s of SIGNATURES) {
    if (s.kind === 'webp' && !startsWithBytes(bytes, [0x52, 0x49, 0x46, 0x46])) continue;
    if (startsWithBytes(bytes, s.bytes, s.offset)) return { kind: s.kind, phrase: s.phrase };
  }
  return null;
}

/** Image types browsers show, as their MIME type; null for anything else. */
export function sniffImageMime(bytes: Uint8Array): 'image/png' | 'image/jpeg' | 'image/gif' | 'image/webp' | null {
  const kind = sniff(bytes)?.kind;
  return kind === 'png' || kind === 'jpeg' || kind === 'gif' || kind === 'webp' ? `image/${kind}` : null;
}

/** Whether the start of a file looks like binary data: NULs or many control characters. */
export function looksBinary(sample: Uint8Array): boolean {
  let controls = 0;
  for (const b of sample) {
    if (b === 0) return true;
    if (b < 0x09 || (b > 0x0d && b < 0x20)) controls++;
  }
  return controls > sample.length / 100;
}
