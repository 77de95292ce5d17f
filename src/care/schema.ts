import { z } from 'zod';
import type { CareCaseStatus, CareReason, RecipientKind } from '../db/schema.js';
import { day, withMessage } from '../funds/schema.js';
import { dateText, dong, filter, id as formId, isoDate, page } from '../web/fields.js';
import type { FieldErrors, FormBody } from '../web/parse.js';

/** What care commands, forms and queries accept, and the Vietnamese names of care codes. */

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

export const programmeInputSchema = z
  .object({
    unitId: id,
    name: z
      .string()
      .trim()
      .min(2, 'Cần nhập tên chương trình.')
      .max(200)
      .transform((s) => s.normalize('NFC')),
    startsOn: day,
    endsOn: day,
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
  occurredOn: day,
  /** Left out: the programme's default amount per recipient. */
  cashAmount: dong.optional(),
  inKindAmount: dong.optional(),
});
export type CaseFields = z.input<typeof caseFieldsSchema>;

export const caseInputSchema = caseFieldsSchema.extend({ proposingUnitId: id });
export type CaseInput = z.input<typeof caseInputSchema>;

// --- Forms --------------------------------------------------------------------------------------

const STATUSES = Object.keys(STATUS_LABELS) as CareCaseStatus[];

const field = (body: FormBody | undefined, key: string, max = 4000): string => {
  const v = body?.[key];
  return (Array.isArray(v) ? (v[0] ?? '') : (v ?? '')).slice(0, max);
};
const fields = (body: FormBody | undefined, key: string): string[] => {
  const v = body?.[key];
  return (Array.isArray(v) ? v : v === undefined ? [] : [v]).slice(0, 200);
};
const idOf = (v: string): number | null => {
  const r = formId.safeParse(v);
  return r.success ? r.data : null;
};
const optional = (v: string): string | undefined => (v.trim() === '' ? undefined : v.trim());

/** Adds the problems found, each under the form field it belongs to. */
function report(ctx: z.RefinementCtx, errors: FieldErrors): void {
  for (const [path, message] of Object.entries(errors)) if (message) ctx.addIssue({ code: 'custom', path: [path], message });
}

/** The first problem of each field of a nested schema, named as the form names its inputs. */
function issuesByField(issues: z.core.$ZodIssue[], fieldOf: (path: PropertyKey[]) => string): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) errors[fieldOf(issue.path)] ??= issue.message;
  return errors;
}

// Cases

export const CASE_FIELDS = [
  'recipientKind',
  'memberQuery',
  'memberId',
  'fullName',
  'birthYear',
  'citizenId',
  'reason',
  'description',
  'occurredOn',
  'programmeId',
  'cashAmount',
  'inKindAmount',
  'proposingUnitId',
] as const;
/** The case form as typed: shown again as it was. */
export type CaseFormValues = Record<(typeof CASE_FIELDS)[number], string>;

export function caseValuesFrom(body: FormBody | undefined): CaseFormValues {
  return Object.fromEntries(CASE_FIELDS.map((k) => [k, field(body, k)])) as CaseFormValues;
}

const RECIPIENT_FIELD: Record<string, string> = {
  memberId: 'memberId',
  parentMemberId: 'memberId',
  fullName: 'fullName',
  birthYear: 'birthYear',
  citizenId: 'citizenId',
};

/** The case fields of the proposal and edit forms: the command's input, or every problem by field. */
function caseFields(v: CaseFormValues, ctx: z.RefinementCtx): CaseFields | typeof z.NEVER {
  const errors: FieldErrors = {};
  const kind = v.recipientKind;
  const memberId = idOf(v.memberId);
  if ((kind === 'member' || kind === 'child') && memberId === null) {
    errors.memberId =
      kind === 'member'
        ? 'Cần chọn đoàn viên: tìm theo họ tên rồi chọn một người trong danh sách.'
        : 'Cần chọn cha hoặc mẹ là đoàn viên: tìm theo họ tên rồi chọn một người trong danh sách.';
  }
  if (v.occurredOn.trim() === '') errors.occurredOn = 'Cần nhập ngày thăm hỏi, trao hỗ trợ.';
  let birthYear: number | null = null;
  if (v.birthYear.trim() !== '') {
    if (/^\d{4}$/.test(v.birthYear.trim())) birthYear = Number(v.birthYear.trim());
    else errors.birthYear = 'Năm sinh ghi bằng 4 chữ số, ví dụ 1985.';
  }
  const input = {
    programmeId: idOf(v.programmeId),
    recipient:
      kind === 'member'
        ? { kind, memberId }
        : kind === 'child'
          ? { kind, parentMemberId: memberId, fullName: v.fullName, birthYear, citizenId: optional(v.citizenId) ?? null }
          : kind === 'worker'
            ? { kind, fullName: v.fullName, birthYear, citizenId: optional(v.citizenId) ?? null }
            : { kind: null },
    reason: v.reason || undefined,
    description: v.description,
    occurredOn: v.occurredOn,
    cashAmount: optional(v.cashAmount),
    inKindAmount: optional(v.inKindAmount),
  };
  const parsed = caseFieldsSchema.safeParse(input);
  if (!parsed.success) {
    const found = issuesByField(parsed.error.issues, (path) =>
      path[0] === 'recipient' ? (RECIPIENT_FIELD[String(path[1])] ?? 'recipientKind') : String(path[0] ?? 'form'),
    );
    for (const [k, m] of Object.entries(found)) errors[k] ??= m;
  }
  if (Object.keys(errors).length) {
    report(ctx, errors);
    return z.NEVER;
  }
  return input as CaseFields;
}

/** The edit form of a case. */
export const caseEditForm = z.unknown().transform((body, ctx) => caseFields(caseValuesFrom(body as FormBody), ctx));

/** The proposal form: the case fields, the proposing unit, and what was wrong with the attached file (checked before anything is written). */
export const caseProposalForm = (fileProblem: string | null) =>
  z.unknown().transform((body, ctx) => {
    const values = caseValuesFrom(body as FormBody);
    const unitId = idOf(values.proposingUnitId);
    if (fileProblem) report(ctx, { file: fileProblem });
    if (unitId === null) report(ctx, { proposingUnitId: 'Cần chọn đơn vị đề nghị.' });
    const f = caseFields(values, ctx);
    if (f === z.NEVER || unitId === null || fileProblem) return z.NEVER;
    return { ...f, proposingUnitId: unitId };
  });

/** The version of a case an action form was shown with. */
const caseVersion = withMessage(
  z.coerce
    .string()
    .regex(/^\d{1,9}$/)
    .transform(Number),
  'Biểu mẫu thiếu phiên bản hồ sơ: hãy tải lại trang rồi thử lại.',
);

/** The action forms of a case page (return, approve, pay, close, resubmit): the version seen and what each asks. */
export const caseActionForm = z.object({
  version: caseVersion,
  note: z.string().default(''),
  fundId: filter(formId),
  paidOn: dateText,
});
export type CaseActionForm = z.output<typeof caseActionForm>;

/** The waiting work a case list may show (the desk's links), by its name in the address. */
export const CARE_WORK_PARAMS = { duyet: 'approve', chi: 'pay', 'hoan-tat': 'close', sua: 'fix' } as const;
export type CareWorkParam = keyof typeof CARE_WORK_PARAMS;
export const CARE_WORK_LABELS: Record<CareWorkParam, string> = {
  duyet: 'Hồ sơ chờ bạn duyệt',
  chi: 'Hồ sơ đã duyệt chờ chi',
  'hoan-tat': 'Hồ sơ đã chi chờ hoàn tất',
  sua: 'Hồ sơ bị trả lại chờ sửa',
};

/** The case list's filters: what cannot be read is dropped. */
export const caseListQuery = z.object({
  viec: filter(z.enum(Object.keys(CARE_WORK_PARAMS) as [CareWorkParam, ...CareWorkParam[]])),
  chuong_trinh: filter(formId),
  trang_thai: filter(z.enum(STATUSES)),
  don_vi: filter(formId),
  tu: filter(isoDate),
  den: filter(isoDate),
  trang: page,
});

/** The attachment form of a case page: its one field is the file, read aside from the form. */
export const attachmentForm = z.object({});

/** The route of one attachment of a case. */
export const attachmentParams = z.object({ id: formId, file: formId });

// Programmes

export interface ProgrammeFormValues {
  unitId: string;
  name: string;
  startsOn: string;
  endsOn: string;
  budget: string;
  defaultCash: string;
  defaultInKind: string;
  publishTotals: boolean;
  fundIds: string[];
}

export function programmeValuesFrom(body: FormBody | undefined): ProgrammeFormValues {
  return {
    unitId: field(body, 'unitId'),
    name: field(body, 'name', 300),
    startsOn: field(body, 'startsOn'),
    endsOn: field(body, 'endsOn'),
    budget: field(body, 'budget'),
    defaultCash: field(body, 'defaultCash'),
    defaultInKind: field(body, 'defaultInKind'),
    publishTotals: field(body, 'publishTotals') === '1',
    fundIds: fields(body, 'fundIds'),
  };
}

/** The programme form: the command's input, or its problems by field (the period's next to the end date). */
export const programmeForm = z.unknown().transform((body, ctx) => {
  const v = programmeValuesFrom(body as FormBody);
  const errors: FieldErrors = {};
  const unitId = idOf(v.unitId);
  if (unitId === null) errors.unitId = 'Cần chọn đơn vị tổ chức.';
  const fundIds = z
    .array(filter(formId))
    .parse(v.fundIds)
    .filter((x): x is number => x !== null);
  const input = {
    unitId: unitId ?? 1,
    name: v.name,
    startsOn: v.startsOn,
    endsOn: v.endsOn,
    budget: v.budget.trim(),
    defaultCash: optional(v.defaultCash),
    defaultInKind: optional(v.defaultInKind),
    publishTotals: v.publishTotals,
    fundIds,
  };
  const parsed = programmeInputSchema.safeParse(input);
  if (!parsed.success) {
    const found = issuesByField(parsed.error.issues, (path) => (path.length === 0 ? 'endsOn' : String(path[0])));
    for (const [k, m] of Object.entries(found)) errors[k] ??= m;
  }
  if (Object.keys(errors).length) {
    report(ctx, errors);
    return z.NEVER;
  }
  return { ...input, unitId: unitId! };
});
export type ProgrammeForm = z.output<typeof programmeForm>;

// The care list import

/** The options of a care list upload: the programme, the day of the gifts and the reason rows without one take. */
export const careImportForm = z
  .object({
    programmeId: formId,
    occurredOn: isoDate,
    reason: z.enum(Object.keys(REASON_LABELS) as [CareReason, ...CareReason[]]),
  })
  .transform(({ programmeId, occurredOn, reason }) => ({ programmeId, occurredOn, defaultReason: reason }));

/** The upload page's address may name the programme to preselect (kept as typed: the select shows it if it is one). */
export const careImportQuery = z.object({ chuong_trinh: z.string().max(20).catch('').default('') });

// Reports

/** The report's unit and period as typed (the dates are read by the report service, either form). */
export const reportQuery = z.object({ don_vi: filter(formId), tu: filter(z.string().max(100)), den: filter(z.string().max(100)) });

/** A programme's signature list: the whole programme, or one unit's (with the units below it). */
export const signListQuery = z.object({ don_vi: filter(formId) });
