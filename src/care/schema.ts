import { z } from 'zod';
import type { CareCaseStatus, CareReason, FundKind, RecipientKind } from '../db/schema.js';
import { isValidIsoDate } from '../lib/dates.js';
import { UserFacingError } from '../lib/errors.js';
import { parseDong } from '../lib/money.js';

/** What care and fund commands accept, and the Vietnamese names of their codes. */

export const FUND_KIND_LABELS: Record<FundKind, string> = {
  social: 'Quỹ Xã hội',
  home: 'Quỹ Mái ấm Công đoàn',
  study: 'Quỹ khuyến học',
  campaign: 'Quỹ vận động',
  other: 'Quỹ khác',
};

export const REASON_LABELS: Record<CareReason, string> = {
  long_illness: 'Ốm đau dài ngày',
  hardship: 'Hoàn cảnh khó khăn',
  grave_illness: 'Bệnh hiểm nghèo',
  work_accident: 'Tai nạn lao động, bệnh nghề nghiệp',
  disaster: 'Thiên tai',
  study: 'Khuyến học',
  house: 'Mái ấm Công đoàn',
  holiday_gift: 'Quà Tết, ngày lễ',
  other: 'Khác',
};

export const STATUS_LABELS: Record<CareCaseStatus, string> = {
  proposed: 'Đã đề nghị',
  returned: 'Trả lại',
  approved: 'Đã duyệt',
  paid: 'Đã chi',
  closed: 'Đã hoàn tất',
};

export const RECIPIENT_KIND_LABELS: Record<RecipientKind, string> = {
  member: 'Đoàn viên',
  child: 'Con đoàn viên',
  worker: 'Người lao động (chưa là đoàn viên)',
};

export const isoDate = z.string({ error: 'Cần nhập ngày.' }).refine(isValidIsoDate, 'Ngày không hợp lệ.');

/** Whole đồng, as a number or as typed ("1.234.567", "1,234,567 đ"). */
export const dong = z.union([z.number(), z.string()], { error: 'Cần nhập số tiền.' }).transform((value, ctx) => {
  const r = parseDong(value);
  if (!r.ok) {
    ctx.addIssue({ code: 'custom', message: r.message });
    return z.NEVER;
  }
  return r.value;
});

const id = z.number().int().positive();
const text = (max: number) => z.string().trim().max(max, `Tối đa ${max} ký tự.`);
const personName = z
  .string()
  .trim()
  .min(2, 'Cần nhập họ và tên người nhận.')
  .max(200)
  .transform((s) => s.normalize('NFC').replace(/\s+/g, ' '));
const birthYear = z.number().int().min(1900, 'Năm sinh không hợp lệ.').max(2100, 'Năm sinh không hợp lệ.');
const citizenId = z
  .string()
  .trim()
  .regex(/^(\d{9}|\d{12})$/, 'Số CCCD cần 12 chữ số (CMND cũ: 9 chữ số).');

export const fundInputSchema = z.object({
  unitId: id,
  name: z
    .string()
    .trim()
    .min(2, 'Cần nhập tên quỹ.')
    .max(200, 'Tên quỹ tối đa 200 ký tự.')
    .transform((s) => s.normalize('NFC')),
  kind: z.enum(['social', 'home', 'study', 'campaign', 'other']),
});
export type FundInput = z.input<typeof fundInputSchema>;

export const receiptInputSchema = z.object({
  fundId: id,
  on: isoDate,
  amount: dong,
  /** Who gave: a unit's or a person's name. */
  sourceLabel: z.string().trim().min(1, 'Cần ghi đơn vị hoặc người ủng hộ.').max(300, 'Tên người hoặc đơn vị ủng hộ tối đa 300 ký tự.'),
  sourceUnitId: id.nullable().default(null),
  memo: text(500).nullable().default(null),
});
export type ReceiptInput = z.input<typeof receiptInputSchema>;

export const transferInputSchema = z.object({
  fromFundId: id,
  toFundId: id,
  on: isoDate,
  amount: dong,
  memo: text(500).nullable().default(null),
});
export type TransferInput = z.input<typeof transferInputSchema>;

export const reversalInputSchema = z.object({
  on: isoDate,
  memo: text(500).nullable().default(null),
});
export type ReversalInput = z.input<typeof reversalInputSchema>;

export const programmeInputSchema = z
  .object({
    unitId: id,
    name: z
      .string()
      .trim()
      .min(2, 'Cần nhập tên chương trình.')
      .max(200)
      .transform((s) => s.normalize('NFC')),
    startsOn: isoDate,
    endsOn: isoDate,
    budget: dong,
    defaultCash: dong.default(0),
    defaultInKind: dong.default(0),
    publishTotals: z.boolean().default(false),
    fundIds: z.array(id).default([]),
  })
  .refine((p) => p.endsOn >= p.startsOn, { message: 'Ngày kết thúc phải từ ngày bắt đầu trở đi.' });
export type ProgrammeInput = z.input<typeof programmeInputSchema>;

export const recipientSchema = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('member'), memberId: id }),
    z.object({
      kind: z.literal('child'),
      parentMemberId: id,
      fullName: personName,
      birthYear: birthYear.nullable().default(null),
      citizenId: citizenId.nullable().default(null),
    }),
    z.object({
      kind: z.literal('worker'),
      fullName: personName,
      birthYear: birthYear.nullable().default(null),
      citizenId: citizenId.nullable().default(null),
    }),
  ],
  { error: 'Cần chọn người nhận: đoàn viên, con đoàn viên hoặc người lao động.' },
);

export const caseFieldsSchema = z.object({
  programmeId: id.nullable().default(null),
  recipient: recipientSchema,
  reason: z.enum(['long_illness', 'hardship', 'grave_illness', 'work_accident', 'disaster', 'study', 'house', 'holiday_gift', 'other'], {
    error: 'Cần chọn lý do hỗ trợ.',
  }),
  description: text(4000).default(''),
  occurredOn: isoDate,
  /** Left out: the programme's default amount per recipient. */
  cashAmount: dong.optional(),
  inKindAmount: dong.optional(),
});
export type CaseFields = z.input<typeof caseFieldsSchema>;

export const caseInputSchema = caseFieldsSchema.extend({ proposingUnitId: id });
export type CaseInput = z.input<typeof caseInputSchema>;

/** The parsed input, or a UserFacingError with the first problem. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new UserFacingError(parsed.error.issues[0]?.message ?? 'Dữ liệu không hợp lệ.');
  return parsed.data;
}
