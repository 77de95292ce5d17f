import { z } from 'zod';
import { ROLES } from '../access/roles.js';
import { chosen, filter, id } from '../web/fields.js';

export const loginSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(3, 'Tên đăng nhập cần ít nhất 3 ký tự.')
  .max(100, 'Tên đăng nhập tối đa 100 ký tự.')
  .regex(/^[a-z0-9._-]+$/, 'Tên đăng nhập chỉ gồm chữ không dấu, chữ số và các dấu . _ -');

const fullNameSchema = z
  .string({ error: 'Cần nhập họ và tên.' })
  .trim()
  .min(2, 'Cần nhập họ và tên.')
  .max(200, 'Họ và tên tối đa 200 ký tự.');
const roleSchema = z.enum(ROLES, { error: 'Vai trò không hợp lệ.' });
/** The role and unit picked in the accounts page's forms: their selects start on an empty placeholder. */
const chosenRole = chosen(roleSchema, 'Cần chọn vai trò.');
const chosenUnit = chosen(id, 'Cần chọn đơn vị.');
const unitSchema = z.coerce.number({ error: 'Cần chọn đơn vị.' }).int('Cần chọn đơn vị.').positive('Cần chọn đơn vị.');

/** A new account as the service takes it (the CLI and the demo data pass a password; the accounts page a random one). */
export const newUserSchema = z.object({
  login: loginSchema,
  fullName: fullNameSchema,
  unitId: unitSchema,
  role: roleSchema,
  password: z.string(),
});
export type NewUserInput = z.input<typeof newUserSchema>;

/** Any text field of the sign-in form: what is missing or not text is empty (the answer is the same "wrong login or password"). */
const typed = z.string().catch('');

/** The sign-in form. */
export const signInSchema = z.object({ login: typed, password: typed, tiep: typed });

/** The user's own password change. */
export const passwordChangeSchema = z.object({ current: typed, password: typed });

/** A new password set through a one-time link. */
export const setPasswordSchema = z.object({ password: typed });

/** The accounts page's "Tạo tài khoản" form: the user sets the password through the link made with the account. */
export const newAccountSchema = z.object({
  fullName: fullNameSchema,
  login: loginSchema,
  unitId: chosenUnit,
  role: chosenRole,
});
export type NewAccountInput = z.output<typeof newAccountSchema>;

/** Granting or revoking a role at a unit. */
export const grantSchema = z.object({ role: chosenRole, unitId: chosenUnit });
export type GrantInput = z.output<typeof grantSchema>;

/** The forms that are one button (disable, enable, reset link). */
export const buttonSchema = z.object({});

/** The accounts page's search: a name or login, diacritics aside (what does not read is no search). */
export const accountsQuery = z.object({ q: filter(z.string().max(100)) });
