import { z } from 'zod';
import { ROLES } from '../access/roles.js';

export const loginSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(3, 'Tên đăng nhập cần ít nhất 3 ký tự.')
  .max(100, 'Tên đăng nhập tối đa 100 ký tự.')
  .regex(/^[a-z0-9._-]+$/, 'Tên đăng nhập chỉ gồm chữ không dấu, chữ số và các dấu . _ -');

export const newUserSchema = z.object({
  login: loginSchema,
  fullName: z.string().trim().min(2, 'Cần nhập họ và tên.').max(200),
  unitId: z.coerce.number().int().positive('Cần chọn đơn vị.'),
  role: z.enum(ROLES),
  password: z.string(),
});
export type NewUserInput = z.input<typeof newUserSchema>;
