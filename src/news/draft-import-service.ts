import type { AuthUser } from '../access/user.js';
import type { DbContext } from '../db/context.js';
import { UserFacingError } from '../lib/errors.js';
import { escapeHtml } from '../lib/html.js';
import { ImageRejected, storeImage, type StoredImage } from '../media/store.js';
import type { Upload } from '../web/multipart.js';
import { FieldError } from '../web/parse.js';
import { DraftImportError, draftFromDocx, type DraftBlock, type DraftContent } from './draft-from-docx.js';
import { draftFromText } from './draft-from-text.js';
import { figureHtml } from './figure-html.js';
import { assertMayWriteFor } from './policy.js';
import { CHECK_REASONS, hasPhotoPlaceholder } from './schema.js';
import { createDraft } from './service.js';

/** Where an imported draft goes: the form's section and unit; the headline to use when the file has none. */
export interface ImportTarget {
  sectionId: number;
  unitId: number;
  fallbackHeadline: string;
}

/** A new draft from an uploaded Word file; a file that is not one is refused with what it is. */
export async function createDraftFromDocx(
  ctx: DbContext,
  user: AuthUser,
  dataDir: string,
  upload: Upload | undefined,
  target: { sectionId: string; unitId: string },
): Promise<{ id: number; warnings: string[] }> {
  if (!upload || ('bytes' in upload && upload.bytes.length === 0 && !upload.fileName)) {
    throw new FieldError('Chưa chọn tệp Word (.docx).', 'file');
  }
  if ('tooLarge' in upload) throw new FieldError('Tệp quá lớn: tối đa 20 MB.', 'file', 413);
  const content = await readingImport(() => draftFromDocx(upload.bytes, upload.fileName));
  return createDraftFromImport(ctx, user, dataDir, content, {
    sectionId: Number(target.sectionId),
    unitId: Number(target.unitId),
    fallbackHeadline: `Bài nhập từ tệp ${upload.fileName}`.slice(0, 200),
  });
}

/** A new draft from pasted text. */
export async function createDraftFromText(
  ctx: DbContext,
  user: AuthUser,
  dataDir: string,
  input: { sectionId: string; unitId: string; text: string },
): Promise<{ id: number; warnings: string[] }> {
  const content = await readingImport(async () => draftFromText(input.text));
  return createDraftFromImport(ctx, user, dataDir, content, {
    sectionId: Number(input.sectionId),
    unitId: Number(input.unitId),
    fallbackHeadline: 'Bài dán từ văn bản',
  });
}

/** The importer's refusals are the user's to read. */
async function readingImport(read: () => Promise<DraftContent>): Promise<DraftContent> {
  try {
    return await read();
  } catch (e) {
    if (e instanceof DraftImportError) throw new UserFacingError(e.message);
    throw e;
  }
}

/**
 * A new draft from an imported Word file or pasted text: its photos are stored, its blocks
 * become the body, and the importer's warnings are returned for the editing page.
 */
export async function createDraftFromImport(
  ctx: DbContext,
  user: AuthUser,
  dataDir: string,
  content: DraftContent,
  target: ImportTarget,
): Promise<{ id: number; warnings: string[] }> {
  await assertMayWriteFor(ctx, user, target.unitId);
  const warnings = [...content.warnings];
  const stored: Array<StoredImage | null> = [];
  for (const [index, image] of content.images.entries()) {
    try {
      stored.push(await storeImage(ctx, dataDir, image.bytes));
    } catch (e) {
      if (!(e instanceof ImageRejected)) throw e;
      stored.push(null);
      warnings.push(`Ảnh thứ ${index + 1} không dùng được (${e.message}); bài giữ chỗ cho ảnh đó.`);
    }
  }
  const headline = content.headline?.trim() || target.fallbackHeadline;
  if (!content.headline?.trim()) warnings.push('Không nhận ra tiêu đề: hãy nhập tiêu đề cho bài.');
  const bodyHtml = content.blocks.map((b) => blockHtml(b, stored)).join('\n');
  // A headline the importer made up, or a photo it could not keep, waits for an editor's check.
  const checks =
    (content.headline?.trim() ? 0 : CHECK_REASONS.derivedHeadline) | (hasPhotoPlaceholder(bodyHtml) ? CHECK_REASONS.photoPlaceholder : 0);
  const { id } = await createDraft(
    ctx,
    user,
    {
      sectionId: target.sectionId,
      unitId: target.unitId,
      headline: headline.slice(0, 500),
      lead: content.lead.slice(0, 5000),
      bodyHtml,
      bylineLabel: content.byline?.label || 'Tin & ảnh',
      authorName: content.byline?.author ?? '',
      authorUnit: content.byline?.unit ?? content.unitLine ?? '',
    },
    checks,
  );
  return { id, warnings };
}

function blockHtml(block: DraftBlock, images: Array<StoredImage | null>): string {
  switch (block.type) {
    case 'p':
      return `<p>${block.html}</p>`;
    case 'h':
      return `<h2>${escapeHtml(block.text)}</h2>`;
    case 'list': {
      const tag = block.ordered ? 'ol' : 'ul';
      return `<${tag}>${block.items.map((item) => `<li>${escapeHtml(item)}</li>`).join('')}</${tag}>`;
    }
    case 'figure': {
      const image = block.image === null ? null : (images[block.image] ?? null);
      return figureHtml({
        sha256: image?.sha256 ?? null,
        width: image?.width,
        height: image?.height,
        sourceName: block.sourceName,
        caption: block.caption,
      });
    }
  }
}
