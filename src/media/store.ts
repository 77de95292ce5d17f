import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import type { DbContext } from '../db/context.js';
import { IMAGE_SIZES, type ImageSize } from './urls.js';
import { findImageBySha, insertImage } from './repo.js';

export const MAX_IMAGE_BYTES = 15 * 1024 * 1024;
/** Larger pictures are refused before decoding: a decompression bomb never reaches memory. */
export const MAX_IMAGE_PIXELS = 40_000_000;
const ACCEPTED_FORMATS = new Set(['jpeg', 'png', 'webp', 'gif', 'tiff', 'avif', 'heif']);

export class ImageRejected extends Error {}

export interface StoredImage {
  id: number;
  sha256: string;
  width: number;
  height: number;
}

export function mediaDir(dataDir: string): string {
  return path.join(dataDir, 'media');
}

export function variantPath(dataDir: string, sha256: string, size: ImageSize): string {
  return path.join(mediaDir(dataDir), sha256, `${size}.jpg`);
}

/** Size of a variant of a width × height picture (never enlarged). */
export function variantSize(width: number, height: number, size: ImageSize): { width: number; height: number } {
  const target = Math.min(width, IMAGE_SIZES[size]);
  return { width: target, height: Math.round((height * target) / width) };
}

/**
 * Checks a picture by its content, writes its resized variants (metadata stripped,
 * orientation applied) and records it. The same bytes twice give the same image.
 */
export async function storeImage(ctx: DbContext, dataDir: string, bytes: Buffer): Promise<StoredImage> {
  if (bytes.length === 0) throw new ImageRejected('Tệp ảnh rỗng.');
  if (bytes.length > MAX_IMAGE_BYTES) throw new ImageRejected(`Ảnh quá lớn: tối đa ${MAX_IMAGE_BYTES / 1024 / 1024} MB.`);
  let meta: sharp.Metadata;
  try {
    meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch {
    throw new ImageRejected('Tệp không phải là ảnh (JPEG, PNG, WebP, GIF).');
  }
  if (!meta.format || !ACCEPTED_FORMATS.has(meta.format) || !meta.width || !meta.height) {
    throw new ImageRejected('Tệp không phải là ảnh (JPEG, PNG, WebP, GIF).');
  }
  if (meta.width * meta.height > MAX_IMAGE_PIXELS) {
    throw new ImageRejected(
      `Ảnh có kích thước ${meta.width}×${meta.height} điểm ảnh, vượt quá giới hạn ${MAX_IMAGE_PIXELS.toLocaleString('vi-VN')} điểm ảnh.`,
    );
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const existing = await findImageBySha(ctx, sha256);
  const oriented = (meta.orientation ?? 1) >= 5 ? { width: meta.height, height: meta.width } : { width: meta.width, height: meta.height };
  await writeVariants(dataDir, sha256, bytes);
  if (existing) return existing;
  return { id: await insertImage(ctx, { sha256, ...oriented }), sha256, ...oriented };
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.access(file);
    return true;
  } catch {
    return false;
  }
}

/** The missing variants, rendered in memory: a picture whose body cannot be decoded is refused before anything is written. */
async function renderVariants(dataDir: string, sha256: string, bytes: Buffer): Promise<Array<{ file: string; out: Buffer }>> {
  const rendered: Array<{ file: string; out: Buffer }> = [];
  for (const size of Object.keys(IMAGE_SIZES) as ImageSize[]) {
    const file = variantPath(dataDir, sha256, size);
    if (await exists(file)) continue;
    try {
      const out = await sharp(bytes, { limitInputPixels: MAX_IMAGE_PIXELS })
        .rotate()
        .resize({ width: IMAGE_SIZES[size], withoutEnlargement: true })
        .jpeg({ quality: 80, mozjpeg: true })
        .toBuffer();
      rendered.push({ file, out });
    } catch {
      throw new ImageRejected('Tệp ảnh bị hỏng (phần đầu đúng là ảnh nhưng nội dung không đọc được); hãy mở ảnh, lưu lại rồi gửi lại.');
    }
  }
  return rendered;
}

/** Writes the variants, each under a temporary name renamed when written; a folder this call made is removed on failure. */
async function writeVariants(dataDir: string, sha256: string, bytes: Buffer): Promise<void> {
  const rendered = await renderVariants(dataDir, sha256, bytes);
  if (rendered.length === 0) return;
  const folder = path.join(mediaDir(dataDir), sha256);
  const created = !(await exists(folder));
  await fs.mkdir(folder, { recursive: true });
  const temporary: string[] = [];
  try {
    for (const { file, out } of rendered) {
      const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
      temporary.push(tmp);
      await fs.writeFile(tmp, out);
    }
    for (const [i, { file }] of rendered.entries()) await fs.rename(temporary[i] ?? '', file);
  } catch (error) {
    if (created) await fs.rm(folder, { recursive: true, force: true });
    else await Promise.all(temporary.map((tmp) => fs.rm(tmp, { force: true })));
    throw error;
  }
}
