import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { isWholePng } from '../files/png.js';
import { sniff, type SniffedKind } from '../files/sniff.js';
import { UserFacingError } from '../lib/errors.js';

/** Files attached to care cases (request letters, certificates, signed receipts): PDF, JPEG or PNG, told by content. */

export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;

export interface AttachmentKind {
  mime: 'application/pdf' | 'image/jpeg' | 'image/png';
  ext: 'pdf' | 'jpg' | 'png';
}

const KINDS: Partial<Record<SniffedKind, AttachmentKind>> = {
  pdf: { mime: 'application/pdf', ext: 'pdf' },
  png: { mime: 'image/png', ext: 'png' },
  jpeg: { mime: 'image/jpeg', ext: 'jpg' },
};

const PROGRAMS: ReadonlySet<SniffedKind> = new Set(['exe', 'elf', 'script']);

/** The kind of an uploaded file by its content, whatever its name says; refuses anything else in Vietnamese. */
export function sniffAttachment(bytes: Buffer, fileName: string): AttachmentKind {
  const name = `"${fileName.slice(0, 80)}"`;
  if (bytes.length === 0) throw new UserFacingError(`Tệp ${name} rỗng (0 byte): hãy chọn lại tệp.`);
  const sniffed = sniff(bytes);
  const known = sniffed ? KINDS[sniffed.kind] : undefined;
  if (known?.ext === 'png' && !isWholePng(bytes))
    throw new UserFacingError(
      `Ảnh ${name} bị hỏng hoặc không đầy đủ (phần đầu là PNG nhưng nội dung không đọc được): hãy mở ảnh, lưu lại rồi gửi lại.`,
    );
  if (known) return known;
  if (sniffed && PROGRAMS.has(sniffed.kind))
    throw new UserFacingError(`Tệp ${name} là tệp chương trình, không nhận. Chỉ nhận tệp PDF, ảnh JPEG hoặc PNG.`);
  throw new UserFacingError(
    `Tệp ${name} không phải PDF, ảnh JPEG hay PNG (kiểm tra theo nội dung tệp, không theo đuôi tên). Hãy chụp hoặc quét giấy tờ thành PDF, JPEG hoặc PNG.`,
  );
}

/** Writes the bytes under DATA_DIR/care/<case>/ and returns the path relative to DATA_DIR. */
export async function saveAttachment(dataDir: string, caseId: number, bytes: Buffer, kind: AttachmentKind): Promise<string> {
  const relative = path.posix.join('care', String(caseId), `${randomBytes(12).toString('base64url')}.${kind.ext}`);
  const full = path.join(dataDir, relative);
  await fs.mkdir(path.dirname(full), { recursive: true });
  await fs.writeFile(full, bytes, { flag: 'wx' });
  return relative;
}

/** The stored file of an attachment; never a path outside DATA_DIR/care. */
export function attachmentPath(dataDir: string, storedPath: string): string | null {
  const root = path.resolve(dataDir, 'care');
  const full = path.resolve(dataDir, storedPath);
  return full.startsWith(root + path.sep) ? full : null;
}

export async function removeAttachmentFile(dataDir: string, storedPath: string): Promise<void> {
  const full = attachmentPath(dataDir, storedPath);
  if (full) await fs.rm(full, { force: true });
}
