import { z } from 'zod';

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

export const unitInputSchema = z.object({
  parentId: z.number().int().positive().nullable(),
  level: z.enum(UNIT_LEVELS),
  shortName: z.string().trim().min(1).max(200),
  fullName: z.string().trim().min(1).max(400),
  sortOrder: z.number().int().default(0),
});
export type UnitInput = z.input<typeof unitInputSchema>;
