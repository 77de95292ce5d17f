import { z } from 'zod';
import type { ArticleStatus } from '../db/schema.js';
import { siteTime } from '../lib/format.js';
import { isoDate, isValidIsoDate } from '../lib/dates.js';
import { filter, id, page } from '../web/fields.js';

// --- The article as commands receive it --------------------------------------------------------

const requiredText = (max: number) => z.string().trim().min(1).max(max);

export const bylineSchema = z.object({
  label: z.string().trim().max(40),
  author: requiredText(200),
  unit: z.string().trim().max(300).nullable(),
});

export const figureInputSchema = z.object({
  imageId: z.number().int().positive().nullable(),
  sourceName: z.string().trim().max(300).nullable(),
  caption: z.string().trim().max(2000),
});

/** An article written by a program (the old-portal importer, the demo): created as a draft or already published. */
export const articleInputSchema = z.object({
  sectionId: z.number().int().positive(),
  /** The unit the article is written for; the section's unit when absent. */
  unitId: z.number().int().positive().nullable().default(null),
  headline: requiredText(500),
  headlineNeedsReview: z.boolean().default(false),
  lead: z.string().trim().max(5000),
  bodyHtml: z.string().max(2_000_000),
  figures: z.array(figureInputSchema).max(200).default([]),
  byline: bylineSchema.nullable().default(null),
  status: z.enum(['draft', 'published']),
  publishedAt: z.number().int().nullable().default(null),
  sourceKey: z.string().max(200).nullable().default(null),
});

export type ArticleInput = z.input<typeof articleInputSchema>;
export type ArticleRecord = z.output<typeof articleInputSchema>;
export type FigureInput = z.infer<typeof figureInputSchema>;

/** A draft as the newsroom saves it (the editing form, a restored revision, an import). */
export const draftSchema = z.object({
  sectionId: z.coerce.number().int().positive('Cần chọn chuyên mục.'),
  unitId: z.coerce.number().int().positive('Cần chọn đơn vị.'),
  headline: z.string().trim().min(1, 'Cần nhập tiêu đề.').max(500, 'Tiêu đề tối đa 500 ký tự.'),
  lead: z.string().trim().max(5000, 'Sa-pô tối đa 5.000 ký tự.'),
  bodyHtml: z.string().max(2_000_000, 'Nội dung quá dài.'),
  bylineLabel: z.string().trim().max(40).default('Tin & ảnh'),
  authorName: z.string().trim().max(200).default(''),
  authorUnit: z.string().trim().max(300).default(''),
});
export type DraftInput = z.input<typeof draftSchema>;
export type Draft = z.output<typeof draftSchema>;

// --- Forms ---------------------------------------------------------------------------------------

/** A form field as one string: formbody gives a list for a repeated name, nothing for an absent one. */
const formText = z.preprocess((v) => (Array.isArray(v) ? v[0] : v) ?? '', z.string());

/** The version the form was loaded at (a hidden field). */
const version = z.preprocess(
  (v) => (Array.isArray(v) ? v[0] : v) ?? '',
  z
    .string()
    .regex(/^\d{1,10}$/, 'Biểu mẫu thiếu số phiên bản của bài; hãy tải lại trang rồi thử lại.')
    .transform(Number),
);

/** The editing form's fields, as typed: the draft's own checks are the service's. */
export const articleFields = {
  sectionId: formText,
  unitId: formText,
  headline: formText,
  lead: formText,
  /** The body as the editor holds it (see views/editor-html.ts). */
  bodyHtml: formText,
  bylineLabel: formText,
  authorName: formText,
  authorUnit: formText,
};

export const newArticleForm = z.object(articleFields);
export type ArticleFormInput = z.output<typeof newArticleForm>;

export const articleForm = z.object({ ...articleFields, version });

export const returnForm = articleForm.extend({
  comment: formText.pipe(
    z
      .string()
      .trim()
      .min(1, 'Cần ghi nhận xét khi trả bài cho người viết.')
      .transform((s) => s.slice(0, 4000)),
  ),
});

/**
 * A publication time as typed, read as Vietnam time: "01/03/2025 08:30" (day first, as the form
 * shows it; also "1/3/2025 8:30") or "2025-03-01T08:30"; null when it is not one.
 */
export function parseSiteDateTime(raw: string): number | null {
  const dayFirst = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})[ T,]+(\d{1,2})[:h](\d{2})$/.exec(raw);
  const iso = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(raw);
  const parts = dayFirst ? [dayFirst[3], dayFirst[2], dayFirst[1], dayFirst[4], dayFirst[5]] : iso ? iso.slice(1) : null;
  if (!parts) return null;
  const [year, month, day, hour, minute] = parts.map(Number) as [number, number, number, number, number];
  if (!isValidIsoDate(isoDate(year, month, day)) || hour > 23 || minute > 59) return null;
  return siteTime(year, month, day, hour, minute).getTime();
}

/** A scheduled publication must be more than a minute ahead; sooner is "publish now". */
export const SCHEDULE_MARGIN_MS = 60_000;

export const scheduleForm = articleForm.extend({
  publishAt: formText.transform((raw, ctx) => {
    const at = parseSiteDateTime(raw.trim());
    if (at === null) {
      ctx.addIssue({ code: 'custom', message: 'Cần chọn ngày giờ đăng bài.' });
      return z.NEVER;
    }
    if (at <= Date.now() + SCHEDULE_MARGIN_MS) {
      ctx.addIssue({ code: 'custom', message: 'Thời điểm hẹn đăng phải sau thời điểm hiện tại; muốn đăng ngay hãy bấm “Đăng ngay”.' });
      return z.NEVER;
    }
    return at;
  }),
});

/** Forms that carry only the version: unpublish, restore a revision. */
export const versionForm = z.object({ version });

/** The unsaved form sent to the preview (the id of the stored article, when there is one). */
export const previewForm = z.object({ ...articleFields, id: z.preprocess((v) => (v === '' ? undefined : v), id.optional()) });

export const revisionParams = z.object({ id, rev: id });

/** Two revisions to compare; anything else shows the plain list. */
export const revisionCompareQuery = z.object({ a: filter(id), b: filter(id) });

export const MAX_PASTE_CHARS = 2_000_000;

/** Where an imported draft goes. */
export const importTargetForm = z.object({ sectionId: formText, unitId: formText });

export const pasteTextForm = importTargetForm.extend({
  text: formText.pipe(
    z
      .string()
      .refine((s) => s.trim() !== '', 'Chưa có nội dung: hãy dán văn bản của bài.')
      .refine((s) => s.length <= MAX_PASTE_CHARS, 'Văn bản quá dài (tối đa 2 triệu ký tự).'),
  ),
});

// --- Lists ---------------------------------------------------------------------------------------

/**
 * Whether the editor saves an article of this status by itself every minute: not a published or
 * scheduled one, whose text readers see (or will at a set time).
 */
export const autosaves = (status: ArticleStatus) => status !== 'published' && status !== 'scheduled';

/** How often the editor saves by itself (the page may say otherwise in data-autosave-ms). */
export const AUTOSAVE_MS = 60_000;

export const STATUS_LABELS: Record<ArticleStatus, string> = {
  draft: 'Bản nháp',
  submitted: 'Chờ duyệt',
  returned: 'Trả lại',
  scheduled: 'Hẹn giờ đăng',
  published: 'Đã đăng',
  unpublished: 'Đã gỡ',
};

/** Status filter values as they appear in the address: /quan-tri/bai-viet?trang-thai=cho-duyet */
export const STATUS_SLUGS: Record<ArticleStatus, string> = {
  draft: 'nhap',
  submitted: 'cho-duyet',
  returned: 'tra-lai',
  scheduled: 'hen-gio',
  published: 'da-dang',
  unpublished: 'da-go',
};

export function statusFromSlug(slug: unknown): ArticleStatus | null {
  const found = Object.entries(STATUS_SLUGS).find(([, s]) => s === slug);
  return found ? (found[0] as ArticleStatus) : null;
}

/** A search box of the list, as typed (the service folds it); empty is no filter. */
const searchBox = filter(
  z
    .string()
    .max(300)
    .transform((s) => s.trim().normalize('NFC')),
).transform((s) => s ?? '');

export const articleListQuery = z.object({
  'trang-thai': z.preprocess(statusFromSlug, z.enum(Object.keys(STATUS_SLUGS) as [ArticleStatus, ...ArticleStatus[]]).nullable()),
  /** The headline contains these words (in order, without diacritics). */
  q: searchBox,
  'chuyen-muc': filter(id),
  'don-vi': filter(id),
  'tac-gia': searchBox,
  /** Only the articles waiting for an editor's check. */
  'can-kiem-tra': z.preprocess((v) => v === '1', z.boolean()),
  trang: page,
});
export type ArticleListQuery = z.output<typeof articleListQuery>;

// --- Imported articles waiting for a check --------------------------------------------------------

/** Why an imported article waits for an editor (bits of `articles.check_reasons`). */
export const CHECK_REASONS = {
  /** The importer made the headline from the lead (or the file name). */
  derivedHeadline: 1,
  /** The body still holds a placeholder where the old page had a photo. */
  photoPlaceholder: 2,
} as const;

export const CHECK_REASON_LABELS: Array<[number, string]> = [
  [CHECK_REASONS.derivedHeadline, 'tiêu đề do máy tạo từ nội dung'],
  [CHECK_REASONS.photoPlaceholder, 'còn chỗ giữ ảnh chưa có ảnh'],
];

/** The reasons of a flag, in words. */
export function checkReasonLabels(reasons: number): string[] {
  return CHECK_REASON_LABELS.filter(([bit]) => (reasons & bit) !== 0).map(([, label]) => label);
}

/** Whether a body still holds a photo placeholder (figure-html.ts writes them). */
export const hasPhotoPlaceholder = (bodyHtml: string) => bodyHtml.includes('class="photo-missing"');

export const reviewQueueQuery = z.object({ trang: page });

export const LIST_PAGE_SIZE = 20;

// --- Sections ------------------------------------------------------------------------------------

export const MAX_SECTION_NAME_CHARS = 200;
export const MAX_SORT_ORDER = 99_999;

/** The unit picked in a form: none ("") or a unit id. */
const unitChoice = formText.pipe(
  z
    .string()
    .trim()
    .refine((s) => s === '' || /^\d{1,9}$/.test(s), 'Đơn vị đã chọn không hợp lệ.')
    .transform((s) => (s === '' ? null : Number(s))),
);

/** A sort order as typed: empty is null; anything but a whole number is NaN, which the service refuses with its message. */
const sortOrder = formText.transform((raw) => {
  const v = raw.trim();
  if (v === '') return null;
  return /^-?\d{1,9}$/.test(v) ? Number(v) : Number.NaN;
});

/** A section's name as typed (the service cleans and checks it). */
const sectionName = formText.transform((s) => s.slice(0, 100_000));

export const newSectionForm = z.object({ name: sectionName, unitId: unitChoice, sortOrder });
export type NewSection = z.output<typeof newSectionForm>;
export const sectionNameForm = z.object({ name: sectionName });
export const sectionOrderForm = z.object({ sortOrder });
export const sectionUnitForm = z.object({
  sectionId: formText.pipe(
    z
      .string()
      .trim()
      .regex(/^\d{1,9}$/, 'Cần chọn chuyên mục để đổi đơn vị.')
      .transform(Number),
  ),
  unitId: unitChoice,
});
