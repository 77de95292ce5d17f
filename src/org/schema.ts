import { z } from 'zod';
import type { UnitEventKind } from '../db/schema.js';
import { checkbox, filter, id, isoDate, optionalText, text } from '../web/fields.js';

export const UNIT_LEVELS = ['national', 'sector_national', 'province', 'upper', 'grassroots', 'division', 'group'] as const;

export const UNIT_LEVEL_LABELS: Record<(typeof UNIT_LEVELS)[number], string> = {
  national: 'Tổng Liên đoàn',
  sector_national: 'Công đoàn ngành Trung ương',
  province: 'Liên đoàn Lao động tỉnh',
  upper: 'Công đoàn cấp trên trực tiếp cơ sở',
  grassroots: 'Công đoàn cơ sở',
  division: 'Công đoàn bộ phận',
  group: 'Tổ công đoàn',
};

export const UNIT_TYPES = [
  'agency',
  'public_service',
  'state_enterprise',
  'non_state_enterprise',
  'fdi_enterprise',
  'cooperative',
  'union_body',
  'other',
] as const;

export const UNIT_TYPE_LABELS: Record<(typeof UNIT_TYPES)[number], string> = {
  agency: 'Cơ quan hành chính',
  public_service: 'Đơn vị sự nghiệp công lập',
  state_enterprise: 'Doanh nghiệp nhà nước',
  non_state_enterprise: 'Doanh nghiệp ngoài nhà nước',
  fdi_enterprise: 'Doanh nghiệp có vốn đầu tư nước ngoài',
  cooperative: 'Hợp tác xã',
  union_body: 'Cơ quan công đoàn',
  other: 'Khác',
};

export const unitFieldsSchema = z.object({
  level: z.enum(UNIT_LEVELS),
  shortName: z.string().trim().min(1, 'Cần tên viết tắt.').max(200),
  fullName: z.string().trim().min(1, 'Cần tên đầy đủ.').max(400),
  unitType: z.enum(UNIT_TYPES).nullable().default(null),
  sector: z.string().trim().max(32).nullable().default(null),
  address: z.string().trim().max(400).nullable().default(null),
  hasWomensCommittee: z.boolean().default(false),
});

export const unitInputSchema = unitFieldsSchema.extend({
  parentId: z.number().int().positive().nullable(),
  sortOrder: z.number().int().default(0),
  /** When the unit was founded; unknown for units entered as they already stood. */
  foundedOn: isoDate.nullable().default(null),
});
export type UnitInput = z.input<typeof unitInputSchema>;

export const UNIT_EVENT_LABELS: Record<UnitEventKind, string> = {
  found: 'Thành lập',
  update: 'Thay đổi thông tin',
  move: 'Chuyển cấp trên',
  merge: 'Sáp nhập',
  split: 'Chia tách',
  dissolve: 'Giải thể',
};

/** The tree page and a unit page are shown as of a day (`?ngay=`); a date that does not read is today. */
export const asOfQuery = z.object({ ngay: filter(isoDate) });

/** A unit chosen in a picker: the id, or the message when none was chosen. */
const chosenUnit = (message: string) =>
  z
    .string({ error: message })
    .trim()
    .min(1, message)
    .transform((s, ctx) => {
      const r = id.safeParse(s);
      if (r.success) return r.data;
      ctx.addIssue({ code: 'custom', message: r.error.issues[0]?.message ?? message });
      return z.NEVER;
    });

/** Empty is "not said"; anything else must be one of the unit types. */
const unitTypeField = z.preprocess(
  (v) => (v === '' || v === undefined ? null : v),
  z.enum(UNIT_TYPES, { error: 'Loại hình không hợp lệ.' }).nullable(),
);

const shortNameField = text(200, 'Tên viết tắt').pipe(z.string().min(1, 'Cần tên viết tắt.'));
const fullNameField = text(400, 'Tên đầy đủ').pipe(z.string().min(1, 'Cần tên đầy đủ.'));

/** "Thành lập đơn vị trực thuộc". */
export const foundForm = z
  .object({
    parentId: chosenUnit('Cần đơn vị cấp trên.'),
    shortName: shortNameField,
    fullName: fullNameField,
    level: z.enum(UNIT_LEVELS, { error: 'Cấp không hợp lệ.' }),
    unitType: unitTypeField,
    on: isoDate,
  })
  .transform(({ on, ...unit }) => ({ ...unit, foundedOn: on }));

/** "Đổi tên, thông tin". */
export const changeForm = z
  .object({
    shortName: shortNameField,
    fullName: fullNameField,
    unitType: unitTypeField,
    address: optionalText(400, 'Địa chỉ'),
    womens: checkbox,
    on: isoDate,
  })
  .transform(({ on, womens, ...changes }) => ({ on, changes: { ...changes, hasWomensCommittee: womens } }));
export type ChangeUnitInput = z.output<typeof changeForm>;

/** "Chuyển về trực thuộc". */
export const moveForm = z.object({ parentId: chosenUnit('Cần chọn đơn vị cấp trên mới.'), on: isoDate });
export type MoveUnitInput = z.output<typeof moveForm>;

/** "Sáp nhập đơn vị này vào". */
export const mergeForm = z.object({ survivorId: chosenUnit('Cần chọn đơn vị tiếp nhận.'), on: isoDate });
export type MergeUnitInput = z.output<typeof mergeForm>;

/** "Giải thể". */
export const dissolveForm = z.object({ note: optionalText(500, 'Ghi chú'), on: isoDate });
export type DissolveUnitInput = z.output<typeof dissolveForm>;

const MAX_SPLIT_PARTS = 20;

/**
 * "Chia tách": the new units' names, one a line, and for each unit below the one split the
 * number of the new unit it goes to (`child_<id>`, 1 when not read).
 */
export const splitForm = z
  .looseObject({
    parts: z
      .string()
      .default('')
      .transform((s) =>
        s
          .split('\n')
          .map((line) => line.trim().normalize('NFC'))
          .filter(Boolean)
          .slice(0, MAX_SPLIT_PARTS),
      )
      .refine((names) => names.length > 0, 'Cần ít nhất một tên đơn vị mới.'),
    keep: checkbox,
    on: isoDate,
  })
  .transform((form) => {
    const partOfChild = new Map<number, number>();
    for (const [key, value] of Object.entries(form)) {
      const m = /^child_([1-9]\d{0,8})$/.exec(key);
      if (m) partOfChild.set(Number(m[1]), Number(Array.isArray(value) ? value[0] : value) || 1);
    }
    return { names: form.parts, keepSource: form.keep, on: form.on, partOfChild };
  });
export type SplitUnitInput = z.output<typeof splitForm>;
