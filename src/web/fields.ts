import { z } from 'zod';
import { typedDate } from '../lib/dates.js';
import { parseDong } from '../lib/money.js';

/**
 * The field types every form, route parameter and query string is parsed with. Forms arrive as
 * strings (a checkbox as "1" or nothing, a multi-select as a string or a list); each schema
 * accepts that and gives the typed value, with a Vietnamese message when it cannot.
 */

/** A record id: 1 to 999,999,999. */
export const id = z.coerce
  .string()
  .trim()
  .regex(/^[1-9]\d{0,8}$/, 'Mã không hợp lệ.')
  .transform(Number);

/** An id that may be left empty (null). */
export const optionalId = z.preprocess((v) => (v === '' || v === undefined || v === null ? null : v), id.nullable());

/** A date as people type it, dd/mm/yyyy (also d/m/yyyy, dd-mm-yyyy and yyyy-mm-dd), given as yyyy-mm-dd. */
export const vnDate = z
  .string({ error: 'Cần nhập ngày.' })
  .trim()
  .transform((s, ctx) => {
    if (!s) {
      ctx.addIssue({ code: 'custom', message: 'Cần nhập ngày.' });
      return z.NEVER;
    }
    const iso = typedDate(s);
    if (!iso) {
      ctx.addIssue({ code: 'custom', message: `Ngày không hợp lệ: "${s.slice(0, 20)}" (ghi theo dạng ngày/tháng/năm, ví dụ 22/01/2016).` });
      return z.NEVER;
    }
    return iso;
  });

/** A date field the service checks itself: a typed dd/mm/yyyy becomes yyyy-mm-dd, anything else is passed on as it was. */
export const dateText = z
  .string()
  .trim()
  .transform((s) => typedDate(s) ?? s)
  .default('');

/** A date from a form or a query: the DateInput sends dd/mm/yyyy; links and old bookmarks carry yyyy-mm-dd. */
export const isoDate = vnDate;

/** Money in whole đồng, as typed: "1.234.567", "1,234,567 đ", "500 nghìn". */
export const dong = z.union([z.number(), z.string()], { error: 'Cần nhập số tiền.' }).transform((value, ctx) => {
  const r = parseDong(value);
  if (!r.ok) {
    ctx.addIssue({ code: 'custom', message: r.message });
    return z.NEVER;
  }
  return r.value;
});

/** A page number of a list: empty is page 1. */
export const page = z.preprocess(
  (v) => (v === undefined || v === '' ? '1' : v),
  z.coerce
    .string()
    .regex(/^[1-9]\d{0,5}$/, 'Số trang không hợp lệ.')
    .transform(Number),
);

/** Free text of at most `max` characters, trimmed and in NFC. */
export const text = (max: number, label = 'Nội dung') =>
  z
    .string()
    .trim()
    .max(max, `${label} tối đa ${max} ký tự.`)
    .transform((s) => s.normalize('NFC'));

/** Text that may be left empty (null). */
export const optionalText = (max: number, label?: string) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? null : (v ?? null)), text(max, label).nullable());

/** A checkbox: sent as "1" (or "on") when ticked, absent otherwise. */
export const checkbox = z.preprocess((v) => v === '1' || v === 'on' || v === 'true' || v === true, z.boolean());

/** A field that may come once or several times (a multi-select, repeated checkboxes). */
export const list = <T extends z.ZodType>(item: T) =>
  z.preprocess((v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]), z.array(item).max(500));

/** A query-string filter: a value the schema refuses is dropped (null), never an error page. */
export const filter = <T extends z.ZodType>(schema: T) => schema.nullable().catch(null);

/**
 * A value picked from a select that starts on an empty placeholder: nothing picked (absent or
 * empty) gets `message`; a value the schema refuses gets the schema's own message.
 */
export const chosen = <S extends z.ZodType>(schema: S, message: string) =>
  z.unknown().transform((v, ctx): z.output<S> => {
    if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) {
      ctx.addIssue({ code: 'custom', message });
      return z.NEVER;
    }
    const r = schema.safeParse(v);
    if (r.success) return r.data;
    ctx.addIssue({ code: 'custom', message: r.error.issues[0]?.message ?? message });
    return z.NEVER;
  });
