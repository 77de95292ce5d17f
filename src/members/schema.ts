import { z } from 'zod';
import type { LeaveReason, Unit } from '../db/schema.js';
import { isValidIsoDate, typedDate } from '../lib/dates.js';
import { checkbox, chosen, filter, id, isoDate, optionalId, optionalText, page, text } from '../web/fields.js';
import { MEMBER_FIELDS, type MemberField } from './import/columns.js';

/** The forms, queries and command inputs of the member registry, and the labels of its codes. */

export const GENDER_LABELS: Record<string, string> = { male: 'Nam', female: 'Nữ' };

/** How a membership period started or ended. */
export const PERIOD_KIND_LABELS: Record<string, string> = {
  join: 'Kết nạp',
  transfer_in: 'Chuyển đến',
  rejoin: 'Kết nạp lại',
  merge: 'Theo sáp nhập đơn vị',
  restructure: 'Sắp xếp lại',
  transfer_out: 'Chuyển đi',
  leave: 'Thôi sinh hoạt',
};

/** Why a member left (thôi sinh hoạt), in the order the leave form lists them. */
export const LEAVE_REASON_LABELS: Record<LeaveReason, string> = {
  retired: 'Nghỉ hưu',
  moved_out: 'Chuyển công tác ngoài hệ thống',
  quit_job: 'Thôi việc',
  deceased: 'Từ trần',
  expelled: 'Khai trừ',
  voluntary: 'Tự nguyện xin thôi',
  other: 'Khác',
};
export const LEAVE_REASONS = Object.keys(LEAVE_REASON_LABELS) as [LeaveReason, ...LeaveReason[]];

/** A departure's reason as shown: its label, with the note of "Khác" ("Khác: …"); a departure recorded before reasons were kept has none. */
export function leaveReasonText(reason: LeaveReason | null, note: string | null): string | null {
  if (!reason) return null;
  return reason === 'other' && note ? `${LEAVE_REASON_LABELS.other}: ${note}` : LEAVE_REASON_LABELS[reason];
}

/** What became of a transfer request. */
export const TRANSFER_STATUS_LABELS: Record<string, string> = {
  waiting: 'Đang chờ đơn vị nhận',
  accepted: 'Đã nhận',
  refused: 'Bị từ chối',
  cancelled: 'Đã hủy',
  stale: 'Hết hiệu lực',
};

/** Members belong to a grassroots union, one of its divisions or one of its groups. */
export function holdsMembers(unit: Pick<Unit, 'level'>): boolean {
  return unit.level === 'grassroots' || unit.level === 'division' || unit.level === 'group';
}

const day = z
  .string()
  .transform((s) => typedDate(s) ?? s)
  .refine(isValidIsoDate, 'Ngày không hợp lệ.');

/** A member's record as a command receives it (forms, the CLI, the demo). */
export const memberInputSchema = z.object({
  fullName: z
    .string()
    .trim()
    .min(2, 'Cần nhập họ và tên.')
    .max(200)
    .transform((s) => s.normalize('NFC').replace(/\s+/g, ' ')),
  gender: z.enum(['male', 'female']).nullable().default(null),
  birthDate: day.nullable().default(null),
  birthYear: z.number().int().min(1900).max(2100).nullable().default(null),
  citizenId: z
    .string()
    .trim()
    .regex(/^(\d{9}|\d{12})$/, 'Số CCCD cần 12 chữ số (CMND cũ: 9 chữ số).')
    .nullable()
    .default(null),
  phone: z
    .string()
    .trim()
    .regex(/^0\d{9}$/, 'Số điện thoại cần 10 chữ số, bắt đầu bằng 0.')
    .nullable()
    .default(null),
  job: z.string().trim().max(200).nullable().default(null),
  cardNumber: z.string().trim().max(40).nullable().default(null),
  unitId: z.number().int().positive(),
  joinedOn: day,
  /** The person confirmed this is not the same member as a close match. */
  notADuplicate: z.boolean().default(false),
});
export type MemberInput = z.input<typeof memberInputSchema>;
export type MemberRecord = z.output<typeof memberInputSchema>;

/** An empty or blank field as null; other values as sent. */
const blankAsNull = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? null : (v ?? null));
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blankAsNull, schema);

/** The admission form (kết nạp): its fields as typed, checked as the command checks them. */
export const admitForm = z.object({
  fullName: z.preprocess((v) => v ?? '', memberInputSchema.shape.fullName),
  gender: z.preprocess((v) => (v === 'male' || v === 'female' ? v : null), z.enum(['male', 'female']).nullable()),
  birthDate: optional(day.nullable()),
  citizenId: optional(memberInputSchema.shape.citizenId),
  phone: z.preprocess((v) => blankAsNull(typeof v === 'string' ? v.replace(/[\s.]/g, '') : v), memberInputSchema.shape.phone),
  job: optional(memberInputSchema.shape.job),
  cardNumber: optional(memberInputSchema.shape.cardNumber),
  unitId: id,
  joinedOn: z.preprocess((v) => v ?? '', z.string().trim().min(1, 'Cần nhập ngày kết nạp.').pipe(day)),
  notADuplicate: checkbox,
});

/** Chuyển sinh hoạt: to another unit from a date. */
export const transferForm = z.object({ toUnitId: id, on: isoDate });
/** Refusing a transfer request: the reason the requester will read. */
export const refuseTransferForm = z.object({
  reason: z.preprocess((v) => v ?? '', text(500, 'Lý do').pipe(z.string().min(1, 'Cần nêu lý do từ chối.'))),
});
/** Accepting or cancelling a transfer request: nothing to type. */
export const emptyForm = z.object({});
const leaveReason = z.enum(LEAVE_REASONS, { error: 'Lý do không có trong danh sách.' });
/** The words of "Khác": at most 200 characters; blank is none. */
const leaveNote = optionalText(200, 'Lý do');

/** "Khác" needs its words; a note given with a listed reason is not kept. */
function withNote<S extends z.ZodType<{ reason: LeaveReason; note: string | null }>>(schema: S) {
  return schema
    .superRefine((v, ctx) => {
      if (v.reason === 'other' && !v.note) ctx.addIssue({ code: 'custom', path: ['note'], message: 'Cần ghi rõ lý do.' });
    })
    .transform((v): z.output<S> => ({ ...v, note: v.reason === 'other' ? v.note : null }));
}

/** Why a member leaves, as the command receives it (the form, the demo). */
export const leaveInputSchema = withNote(z.object({ reason: leaveReason, note: leaveNote.default(null) }));
export type LeaveInput = z.input<typeof leaveInputSchema>;
export type LeaveRecord = z.output<typeof leaveInputSchema>;

/** Thôi sinh hoạt from a date, for a reason picked from a select that starts on a placeholder. */
export const leaveForm = withNote(z.object({ on: isoDate, reason: chosen(leaveReason, 'Cần chọn lý do.'), note: leaveNote }));
/** Kết nạp lại into a unit from a date. */
export const rejoinForm = z.object({ unitId: id, on: isoDate });
/** Erasing a member's personal data must be confirmed. */
export const eraseForm = z.object({ confirm: checkbox.refine((v) => v, 'Cần xác nhận yêu cầu xóa.') });

/** The name searched in a list: at most 100 characters. */
const nameQuery = z.preprocess((v) => (typeof v === 'string' ? v.slice(0, 100) : ''), z.string()).catch('');

/** The member list: a name, a unit of the user's scope (with the units below it), a page. */
export const listQuery = z.object({ q: nameQuery, don_vi: filter(id), trang: page });
export type ListQuery = z.output<typeof listQuery>;

/** The export of the member list: the list's filters. */
export const exportQuery = z.object({ q: nameQuery, don_vi: filter(id) });
export type ExportQuery = z.output<typeof exportQuery>;

/**
 * A member's page: `cccd=hien` shows the full citizen ID (logged); `don_vi_khac` searches the unions outside the
 * user's scope that a transfer request may go to (by name, without diacritics).
 */
export const memberPageQuery = z.object({
  cccd: filter(z.literal('hien')),
  don_vi_khac: filter(z.string().trim().min(2).max(100)),
});

/** The figures page: a unit, the date of the figures, and the start of the flows counted. */
export const figuresQuery = z.object({ don_vi: filter(id), ngay: filter(isoDate), tu: filter(isoDate) });
export type FiguresQuery = z.output<typeof figuresQuery>;

/** The upload of a member list: the unit and joining date for rows that give none (unreadable: none, today). */
export const importUploadForm = z.object({ defaultUnitId: filter(optionalId), joinedOn: filter(isoDate) });
export type ImportUploadInput = z.output<typeof importUploadForm>;

/** The column chosen for a field in the preview: an index, none (null); absent when the form did not offer the field. */
export type ChosenColumns = Partial<Record<MemberField, number | null>>;

function chosenColumns(body: Record<string, unknown>): ChosenColumns {
  const out: ChosenColumns = {};
  for (const { field } of MEMBER_FIELDS) {
    const raw = body[`col_${field}`];
    if (typeof raw !== 'string') continue;
    const n = Number(raw);
    out[field] = raw !== '' && Number.isInteger(n) && n >= 0 ? n : null;
  }
  return out;
}

/** The preview form: the columns chosen, and whether to import everything, only the valid rows, or check again (null). */
export const importReviewForm = z
  .looseObject({ mode: filter(z.enum(['all', 'valid-only'])) })
  .transform((body) => ({ mode: body.mode ?? null, columns: chosenColumns(body) }));
export type ImportReviewInput = z.output<typeof importReviewForm>;
