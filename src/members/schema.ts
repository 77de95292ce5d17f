import { z } from 'zod';
import type { LeaveReason, Unit } from '../db/schema.js';
import { formatIsoDate, isValidIsoDate, todayInVietnam, typedDate } from '../lib/dates.js';
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

/** The 54 ethnic groups of Vietnam by their official names (Tổng cục Thống kê), as the ethnicity select lists them. */
export const ETHNICITIES = [
  'Kinh',
  'Tày',
  'Thái',
  'Mường',
  'Khmer',
  'Hoa',
  'Nùng',
  'Mông',
  'Dao',
  'Gia Rai',
  'Ê Đê',
  'Ba Na',
  'Xơ Đăng',
  'Sán Chay',
  'Cơ Ho',
  'Chăm',
  'Sán Dìu',
  'Hrê',
  'Ra Glai',
  'Mnông',
  'Xtiêng',
  'Bru-Vân Kiều',
  'Thổ',
  'Khơ Mú',
  'Cơ Tu',
  'Giáy',
  'Giẻ Triêng',
  'Tà Ôi',
  'Mạ',
  'Co',
  'Chơ Ro',
  'Xinh Mun',
  'Hà Nhì',
  'Chu Ru',
  'Lào',
  'Kháng',
  'La Chí',
  'Phù Lá',
  'La Hủ',
  'La Ha',
  'Pà Thẻn',
  'Chứt',
  'Lự',
  'Lô Lô',
  'Mảng',
  'Cờ Lao',
  'Bố Y',
  'Cống',
  'Ngái',
  'Si La',
  'Pu Péo',
  'Rơ Măm',
  'Brâu',
  'Ơ Đu',
] as const;
export type Ethnicity = (typeof ETHNICITIES)[number];

/** Religions recognised in Vietnam, offered as suggestions (the field is free text), "Không" first. */
export const RELIGION_SUGGESTIONS = [
  'Không',
  'Phật giáo',
  'Công giáo',
  'Tin Lành',
  'Cao Đài',
  'Phật giáo Hòa Hảo',
  'Hồi giáo',
  'Bà La Môn',
  "Baha'i",
  'Tịnh độ Cư sỹ Phật hội Việt Nam',
  'Cơ đốc Phục lâm',
  'Phật giáo Tứ Ân Hiếu nghĩa',
  'Minh Sư đạo',
  'Minh Lý đạo – Tam Tông Miếu',
  'Bửu Sơn Kỳ Hương',
  'Các Thánh hữu Ngày sau (Mặc Môn)',
] as const;

/** Trình độ chuyên môn. */
export const QUALIFICATION_LABELS = {
  untrained: 'Chưa qua đào tạo',
  elementary: 'Sơ cấp',
  intermediate: 'Trung cấp',
  college: 'Cao đẳng',
  university: 'Đại học',
  master: 'Thạc sĩ',
  doctor: 'Tiến sĩ',
} as const;
/** Lý luận chính trị. */
export const POLITICAL_THEORY_LABELS = {
  elementary: 'Sơ cấp',
  intermediate: 'Trung cấp',
  advanced: 'Cao cấp',
  bachelor: 'Cử nhân',
} as const;
/** Chức vụ công đoàn. */
export const UNION_POSITION_LABELS = {
  chair: 'Chủ tịch',
  vice_chair: 'Phó Chủ tịch',
  standing: 'Ủy viên Ban Thường vụ',
  executive: 'Ủy viên BCH',
  inspection: 'Ủy viên UBKT',
  group_leader: 'Tổ trưởng công đoàn',
  group_deputy: 'Tổ phó công đoàn',
  member: 'Đoàn viên',
} as const;
/** Loại lao động. */
export const WORKFORCE_TYPE_LABELS = {
  civil_servant: 'Công chức',
  public_employee: 'Viên chức',
  contract: 'Người lao động hợp đồng',
  enterprise: 'Lao động trong doanh nghiệp',
  other: 'Khác',
} as const;
export const YES_NO_LABELS: Record<string, string> = { '1': 'Có', '0': 'Không' };

const codes = <T extends Record<string, string>>(labels: T) => Object.keys(labels) as [keyof T & string, ...Array<keyof T & string>];

/** The registry fields of a member (all optional) with their labels, in the order the page and the forms show them. */
export const REGISTRY_FIELD_LABELS = {
  ethnicity: 'Dân tộc',
  religion: 'Tôn giáo',
  hometown: 'Quê quán',
  address: 'Nơi ở hiện nay',
  email: 'Email',
  education: 'Trình độ học vấn',
  qualification: 'Trình độ chuyên môn',
  politicalTheory: 'Lý luận chính trị',
  partyMember: 'Đảng viên',
  partyJoinedOn: 'Ngày vào Đảng',
  unionPosition: 'Chức vụ công đoàn',
  fullTimeOfficer: 'Cán bộ công đoàn chuyên trách',
  unionJoinedOn: 'Ngày vào công đoàn',
  workforceType: 'Loại lao động',
  consentOn: 'Ngày đồng ý xử lý dữ liệu cá nhân',
  consentPurpose: 'Mục đích xử lý dữ liệu cá nhân được đồng ý',
} as const;
export type RegistryField = keyof typeof REGISTRY_FIELD_LABELS;
export const REGISTRY_FIELDS = Object.keys(REGISTRY_FIELD_LABELS) as RegistryField[];

/** The column of each registry field in `members`. */
export const REGISTRY_COLUMNS = {
  ethnicity: 'ethnicity',
  religion: 'religion',
  hometown: 'hometown',
  address: 'address',
  email: 'email',
  education: 'education',
  qualification: 'qualification',
  politicalTheory: 'political_theory',
  partyMember: 'party_member',
  partyJoinedOn: 'party_joined_on',
  unionPosition: 'union_position',
  fullTimeOfficer: 'full_time_officer',
  unionJoinedOn: 'union_joined_on',
  workforceType: 'workforce_type',
  consentOn: 'consent_on',
  consentPurpose: 'consent_purpose',
} as const satisfies Record<RegistryField, string>;

/**
 * Sensitive personal data (Law 91/2025/QH15, Nghị định 356/2025): hidden on the member page until
 * an officer whose scope covers the member opens it on purpose (`?hien=<param>`, each opening
 * logged), left out of exports unless the exporting officer asks for them (logged).
 */
export const SENSITIVE_FIELDS = {
  citizen_id: { label: 'Số CCCD', param: 'cccd' },
  ethnicity: { label: 'Dân tộc', param: 'dan-toc' },
  religion: { label: 'Tôn giáo', param: 'ton-giao' },
} as const;
export type SensitiveField = keyof typeof SENSITIVE_FIELDS;
export const SENSITIVE_FIELD_NAMES = Object.keys(SENSITIVE_FIELDS) as SensitiveField[];
const SENSITIVE_PARAMS = SENSITIVE_FIELD_NAMES.map((f) => SENSITIVE_FIELDS[f].param) as [string, ...string[]];

/** The sensitive field a `hien=` parameter names. */
export function sensitiveFieldOf(param: string | null): SensitiveField | null {
  return SENSITIVE_FIELD_NAMES.find((f) => SENSITIVE_FIELDS[f].param === param) ?? null;
}

/** An empty or blank field as null; other values as sent. */
const blankAsNull = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? null : (v ?? null));
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blankAsNull, schema);

/** "12/12", "9/12", "10/10"; a bare grade ("12") is of the 12-year system. */
export function normalEducation(raw: string): string | null {
  const m = /^(\d{1,2})(?:\s*\/\s*(10|12))?$/.exec(raw.trim());
  if (!m) return null;
  const grade = Number(m[1]);
  const system = Number(m[2] ?? 12);
  return grade >= 1 && grade <= system ? `${grade}/${system}` : null;
}

const EDUCATION_MESSAGE = 'Trình độ học vấn ghi dạng lớp/hệ, ví dụ 12/12 hoặc 9/12.';
const notFuture = (label: string) => isoDate.refine((d) => d <= todayInVietnam(), `${label} không được ở tương lai.`);
const optionalDay = (label: string) => optional(notFuture(label).nullable());
const optionalCode = <T extends Record<string, string>>(labels: T, message: string) =>
  optional(z.enum(codes(labels), { error: message }).nullable());
/** A yes/no select ("1" | "0"), or the same as a number or a boolean; blank is not recorded. */
const yesNo = z.preprocess(
  (v) => (v === true || v === 1 ? '1' : v === false || v === 0 ? '0' : blankAsNull(v)),
  z.enum(['1', '0'], { error: 'Chọn Có hoặc Không.' }).transform(Number).nullable(),
);

/** The registry fields as forms and commands receive them: blank is not recorded (null). */
export const registryFieldsShape = {
  ethnicity: optional(z.enum(ETHNICITIES, { error: 'Dân tộc không có trong danh sách 54 dân tộc.' }).nullable()),
  religion: optional(text(100, 'Tôn giáo').nullable()),
  hometown: optional(text(300, 'Quê quán').nullable()),
  address: optional(text(300, 'Nơi ở').nullable()),
  email: optional(
    z
      .string()
      .trim()
      .max(200, 'Email tối đa 200 ký tự.')
      .pipe(z.email({ error: 'Email không hợp lệ (ví dụ: ten@example.vn).' }))
      .transform((s) => s.toLowerCase())
      .nullable(),
  ),
  education: optional(
    z
      .string()
      .transform((s, ctx) => normalEducation(s) ?? (ctx.addIssue({ code: 'custom', message: EDUCATION_MESSAGE }), z.NEVER))
      .nullable(),
  ),
  qualification: optionalCode(QUALIFICATION_LABELS, 'Trình độ chuyên môn không có trong danh sách.'),
  politicalTheory: optionalCode(POLITICAL_THEORY_LABELS, 'Trình độ lý luận chính trị không có trong danh sách.'),
  partyMember: yesNo,
  partyJoinedOn: optionalDay('Ngày vào Đảng'),
  unionPosition: optionalCode(UNION_POSITION_LABELS, 'Chức vụ công đoàn không có trong danh sách.'),
  fullTimeOfficer: yesNo,
  unionJoinedOn: optionalDay('Ngày vào công đoàn'),
  workforceType: optionalCode(WORKFORCE_TYPE_LABELS, 'Loại lao động không có trong danh sách.'),
  consentOn: optionalDay('Ngày đồng ý'),
  consentPurpose: optional(text(500, 'Mục đích').nullable()),
};

/** The day one joined the union comes before (or is) the day one's first period here began. */
function unionDateCheck(v: { unionJoinedOn: string | null; joinedOn: string }, ctx: z.RefinementCtx): void {
  if (v.unionJoinedOn !== null && v.joinedOn && v.unionJoinedOn > v.joinedOn)
    ctx.addIssue({
      code: 'custom',
      path: ['unionJoinedOn'],
      message: `Ngày vào công đoàn (${formatIsoDate(v.unionJoinedOn)}) sau ngày bắt đầu sinh hoạt ở đây (${formatIsoDate(v.joinedOn)}).`,
    });
}

/** A Party joining date belongs to a Party member. */
function partyDateCheck(v: { partyMember: number | null; partyJoinedOn: string | null }, ctx: z.RefinementCtx): void {
  if (v.partyJoinedOn !== null && v.partyMember !== 1)
    ctx.addIssue({ code: 'custom', path: ['partyJoinedOn'], message: 'Chỉ ghi ngày vào Đảng khi chọn "Đảng viên: Có".' });
}

/** A member's record as a command receives it (forms, the CLI, the demo). */
export const memberInputSchema = z
  .object({
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
    ...registryFieldsShape,
  })
  .superRefine(partyDateCheck)
  .superRefine(unionDateCheck);
/** The registry fields as a command takes them (all optional). */
export type RegistryValues = { [K in RegistryField]: z.output<(typeof registryFieldsShape)[K]> };
export type MemberInput = Omit<z.input<typeof memberInputSchema>, RegistryField> & Partial<RegistryValues>;
export type MemberRecord = z.output<typeof memberInputSchema>;

/** The admission form (kết nạp): its fields as typed, checked as the command checks them. */
export const admitForm = z
  .object({
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
    ...registryFieldsShape,
  })
  .superRefine(partyDateCheck)
  .superRefine(unionDateCheck);

/** The version of a record an edit form was shown with. */
const recordVersion = z.preprocess(
  (v) => v ?? '',
  z
    .string()
    .regex(/^\d{1,9}$/, 'Biểu mẫu thiếu phiên bản hồ sơ: hãy tải lại trang rồi thử lại.')
    .transform(Number),
);

/** The edit form of a member's details: the version it was shown with, the personal data and the registry fields. */
export const editForm = z
  .object({
    version: recordVersion,
    fullName: admitForm.shape.fullName,
    gender: admitForm.shape.gender,
    birthDate: optional(notFuture('Ngày sinh').nullable()),
    citizenId: admitForm.shape.citizenId,
    phone: admitForm.shape.phone,
    job: admitForm.shape.job,
    cardNumber: admitForm.shape.cardNumber,
    ...registryFieldsShape,
  })
  .superRefine(partyDateCheck);
export type EditInput = z.output<typeof editForm>;

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

/** Whose the list shows: đang sinh hoạt (current), đã thôi (former: left, not rejoined), tất cả. */
export const LIST_STATUS_LABELS = { 'dang-sinh-hoat': 'Đang sinh hoạt', 'da-thoi': 'Đã thôi sinh hoạt', 'tat-ca': 'Tất cả' } as const;
export type ListStatus = keyof typeof LIST_STATUS_LABELS;
const age = z.coerce.number().int().min(0).max(120);
const yes = z.enum(['co', 'khong']);

/**
 * The member list's filters (query string names as the page writes them): a name, a unit of the
 * user's scope (with the units below it), status, sex, age range (years, as of this year), the
 * period's start (vào từ … đến …), the reason of a departure, and the registry's fields. What
 * cannot be read is dropped.
 */
export const listFilters = {
  q: nameQuery,
  don_vi: filter(id),
  tinh_trang: z.enum(codes(LIST_STATUS_LABELS)).catch('dang-sinh-hoat').default('dang-sinh-hoat'),
  gioi_tinh: filter(z.enum(['male', 'female'])),
  tuoi_tu: filter(age),
  tuoi_den: filter(age),
  vao_tu: filter(isoDate),
  vao_den: filter(isoDate),
  ly_do: filter(z.enum(LEAVE_REASONS)),
  dan_toc: filter(z.enum(ETHNICITIES)),
  chuc_vu: filter(z.enum(codes(UNION_POSITION_LABELS))),
  dang_vien: filter(yes),
  chuyen_trach: filter(yes),
  chuyen_mon: filter(z.enum(codes(QUALIFICATION_LABELS))),
};
/** The names of the list's filters, for the links and forms that carry them. */
export const LIST_FILTER_NAMES = Object.keys(listFilters) as Array<keyof typeof listFilters>;

/** The member list: its filters and a page. */
export const listQuery = z.object({ ...listFilters, trang: page });
type ListQueryOutput = z.output<typeof listQuery>;
/** The list's query as parsed (filters not given may be left out by callers other than the page). */
export type ListQuery = Pick<ListQueryOutput, 'q' | 'don_vi' | 'trang'> & Partial<ListQueryOutput>;
export type ListFilterValues = Omit<ListQuery, 'trang'>;

/** The export of the member list: the list's filters, and whether to include the sensitive fields (ticked on purpose; logged). */
export const exportQuery = z.object({ ...listFilters, nhay_cam: checkbox });
type ExportQueryOutput = z.output<typeof exportQuery>;
export type ExportQuery = Pick<ExportQueryOutput, 'q' | 'don_vi'> & Partial<ExportQueryOutput>;

/**
 * A member's page: `cccd=hien` shows the full citizen ID (logged); `don_vi_khac` searches the unions outside the
 * user's scope that a transfer request may go to (by name, without diacritics).
 */
export const memberPageQuery = z.object({
  cccd: filter(z.literal('hien')),
  /** `hien=cccd|dan-toc|ton-giao`: one sensitive field shown in full (logged); `cccd=hien` is the older link for the citizen ID. */
  hien: filter(z.enum(SENSITIVE_PARAMS)),
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
