import { z } from 'zod';
import { isValidIsoDate } from '../lib/dates.js';

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

export const isoDateField = z.string().refine(isValidIsoDate, 'Ngày không hợp lệ (cần dạng năm-tháng-ngày có thật).');

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
  foundedOn: isoDateField.nullable().default(null),
});
export type UnitInput = z.input<typeof unitInputSchema>;
