/** Checks and normal forms of single member fields; messages are Vietnamese and quote the value. */
import { fold } from '../../lib/fold.js';
import { splitName } from '../../lib/names.js';
import { quote } from '../../spreadsheet/errors.js';
import {
  ETHNICITIES,
  normalEducation,
  POLITICAL_THEORY_LABELS,
  QUALIFICATION_LABELS,
  UNION_POSITION_LABELS,
  WORKFORCE_TYPE_LABELS,
} from '../schema.js';

export type Check<T> = { ok: true; value: T } | { ok: false; message: string };
export type Gender = 'male' | 'female';

const ok = <T>(value: T): Check<T> => ({ ok: true, value });
const bad = <T>(message: string): Check<T> => ({ ok: false, message });

export const MAX_NAME_LENGTH = 100;
export const MAX_JOB_LENGTH = 200;
export const MAX_CARD_LENGTH = 40;

/** Runs of white space as one space, trimmed. */
export function collapseSpaces(text: string): string {
  return /\s\s|[^\S ]|^ | $/.test(text) ? text.replace(/\s+/g, ' ').trim() : text;
}

const NOT_NAME_CHAR = /[^\p{L}\p{M} '-]/u;

/** "NGUYỄN  văn hùng" → "Nguyễn Văn Hùng"; "ksor h'bơ" → "Ksor H'Bơ". */
export function capitaliseName(name: string): string {
  if (!/(?:^|[ '-])\p{Ll}|\p{L}\p{Lu}/u.test(name)) return name;
  return name.toLowerCase().replace(/(^|[ '-])(\p{L})/gu, (_m, before: string, letter: string) => before + letter.toUpperCase());
}

export function checkFullName(raw: string): Check<string> {
  const name = collapseSpaces(raw.normalize('NFC').replace(/[’ʼ‘`]/g, "'"));
  if (name === '') return bad('Thiếu họ và tên.');
  if (/\d/.test(name)) return bad(`Họ và tên ${quote(raw)} có chữ số.`);
  const odd = NOT_NAME_CHAR.exec(name)?.[0];
  if (odd) return bad(`Họ và tên ${quote(raw)} có ký tự không hợp lệ "${odd}".`);
  if (!/\p{L}/u.test(name)) return bad(`Họ và tên ${quote(raw)} không có chữ cái nào.`);
  if (name.length > MAX_NAME_LENGTH) return bad(`Họ và tên ${quote(raw)} dài quá ${MAX_NAME_LENGTH} ký tự.`);
  if (splitName(name).family === '') return bad(`Họ và tên ${quote(raw)} chỉ có một chữ; hãy ghi đủ họ và tên.`);
  return ok(capitaliseName(name));
}

/** The folded name used to find the same person written with or without diacritics. */
export function nameKey(fullName: string): string {
  return collapseSpaces(fold(fullName.normalize('NFC')));
}

const GENDER_WORDS: Record<string, Gender> = { nam: 'male', nu: 'female' };

export function checkGender(raw: string): Check<Gender> {
  const gender = GENDER_WORDS[fold(raw).replace(/[^a-z]/g, '')];
  return gender ? ok(gender) : bad(`Giới tính ${quote(raw)} không phải "Nam" hoặc "Nữ".`);
}

const MARKS = new Set(['x', 'v', '1', 'co', 'true', '✓', '✔', '✗', '×', '☑', '☒', '+', '*']);

/** Whether a cell holds a mark ("x", "v", "✓" …) as in a "Nam" | "Nữ" column pair. */
export function isMark(raw: string): boolean {
  return MARKS.has(fold(raw).replace(/\s+/g, ''));
}

const EXPONENT = /^\d+(?:[.,]\d+)?e\+?\d+$/i;
const LOST_ZERO_HINT = ' Có thể Excel đã bỏ mất số 0 ở đầu: hãy định dạng cột là "Văn bản" (Text) rồi nhập lại.';

/** Citizen ID: 12 digits (CCCD), or 9 for an old CMND; spaces, dots and dashes ignored. */
export function checkCitizenId(raw: string): Check<string> {
  const digits = raw.replace(/^'/, '').replace(/[\s.-]/g, '');
  if (/^(\d{12}|\d{9})$/.test(digits)) return ok(digits);
  if (EXPONENT.test(raw.trim())) {
    return bad(`Số CCCD ${quote(raw)} đã bị Excel đổi sang dạng số mũ và mất chữ số: hãy định dạng cột là "Văn bản" (Text) rồi nhập lại.`);
  }
  const hint = /^\d{8}$|^\d{11}$/.test(digits) ? LOST_ZERO_HINT : '';
  return bad(`Số CCCD ${quote(raw)} phải gồm 12 chữ số (hoặc 9 chữ số nếu là CMND cũ).${hint}`);
}

const MOBILE = /^0[35789]\d{8}$/;

function phoneDigits(raw: string): string {
  const bare = raw.replace(/^'/, '').replace(/[\s.()-]/g, '');
  if (bare.startsWith('+84')) return `0${bare.slice(3)}`;
  if (bare.startsWith('0084')) return `0${bare.slice(4)}`;
  if (/^84[35789]\d{8}$/.test(bare)) return `0${bare.slice(2)}`;
  if (/^[35789]\d{8}$/.test(bare)) return `0${bare}`; // stored as a number: Excel dropped the 0
  return bare;
}

/** A Vietnamese mobile number as 0xxxxxxxxx (10 digits). */
export function checkPhone(raw: string): Check<string> {
  const digits = phoneDigits(raw);
  if (MOBILE.test(digits)) return ok(digits);
  if (/^02\d{9}$/.test(digits)) return bad(`Số điện thoại ${quote(raw)} là số máy bàn; hãy ghi số di động (10 chữ số).`);
  if (/^01\d{9}$/.test(digits))
    return bad(`Số điện thoại ${quote(raw)} là đầu số 11 chữ số cũ (đã đổi từ năm 2018); hãy ghi số mới 10 chữ số.`);
  return bad(`Số điện thoại ${quote(raw)} không phải số di động Việt Nam (10 chữ số, bắt đầu bằng 03, 05, 07, 08 hoặc 09).`);
}

export function checkCardNumber(raw: string): Check<string> {
  const card = raw.replace(/^'/, '').replace(/\s+/g, '');
  if (card.length > MAX_CARD_LENGTH) return bad(`Số thẻ đoàn viên ${quote(raw)} dài quá ${MAX_CARD_LENGTH} ký tự.`);
  if (!/^[\p{L}\p{N}][\p{L}\p{N}/.-]*$/u.test(card)) return bad(`Số thẻ đoàn viên ${quote(raw)} có ký tự không hợp lệ.`);
  return ok(card);
}

export function checkJob(raw: string): Check<string> {
  const job = collapseSpaces(raw);
  return job.length > MAX_JOB_LENGTH ? bad(`Nghề nghiệp, chức vụ ${quote(raw)} dài quá ${MAX_JOB_LENGTH} ký tự.`) : ok(job);
}

// The registry's fields (dân tộc, tôn giáo, quê quán …): each cell as the registry keeps it, or a reason quoting it.

/** Folded to letters and digits with single spaces: "Ê-đê" and "Ê Đê" alike. */
const wordsOf = (raw: string) =>
  fold(raw.normalize('NFC'))
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
const squeezed = (raw: string) => wordsOf(raw).replace(/ /g, '');

const ETHNICITY_BY_KEY = new Map<string, string>([
  ...ETHNICITIES.map((e) => [squeezed(e), e] as const),
  // Other spellings in use.
  ['khome', 'Khmer'],
  ['khmerkrom', 'Khmer'],
  ['hmong', 'Mông'],
  ['hmongh', 'Mông'],
  ['kho', 'Cơ Ho'],
  ['koho', 'Cơ Ho'],
  ['stieng', 'Xtiêng'],
  ['bru', 'Bru-Vân Kiều'],
  ['vankieu', 'Bru-Vân Kiều'],
  ['khmu', 'Khơ Mú'],
  ['giatrieng', 'Giẻ Triêng'],
  ['mnong', 'Mnông'],
  ['hre', 'Hrê'],
  ['colao', 'Cờ Lao'],
  ['paythen', 'Pà Thẻn'],
  ['viet', 'Kinh'],
  ['kinhviet', 'Kinh'],
]);

/** One of the 54 ethnic groups, by its official name (with or without diacritics, hyphens or spaces). */
export function checkEthnicity(raw: string): Check<string> {
  const found = ETHNICITY_BY_KEY.get(squeezed(raw));
  return found ? ok(found) : bad(`Dân tộc ${quote(raw)} không có trong danh sách 54 dân tộc Việt Nam.`);
}

/** Free text of at most `max` characters. */
export function checkText(label: string, max: number): (raw: string) => Check<string> {
  return (raw) => {
    const value = collapseSpaces(raw.normalize('NFC'));
    return value.length > max ? bad(`${label} ${quote(raw)} dài quá ${max} ký tự.`) : ok(value);
  };
}

const EMAIL = /^[^\s@]+@[^\s@.]+(?:\.[^\s@.]+)+$/;

export function checkEmail(raw: string): Check<string> {
  const email = raw.trim().toLowerCase();
  if (email.length > 200) return bad(`Email ${quote(raw)} dài quá 200 ký tự.`);
  return EMAIL.test(email) ? ok(email) : bad(`Email ${quote(raw)} không hợp lệ.`);
}

export function checkEducation(raw: string): Check<string> {
  const value = normalEducation(raw);
  return value ? ok(value) : bad(`Trình độ học vấn ${quote(raw)} cần ghi dạng lớp/hệ, ví dụ 12/12 hoặc 9/12.`);
}

/** A value of a list, by its label (folded) or another wording of it; `aliases` map folded words to codes. */
export function codeCheck(
  label: string,
  labels: Record<string, string>,
  aliases: Record<string, string> = {},
): (raw: string) => Check<string> {
  const byWords = new Map<string, string>(Object.entries(aliases));
  for (const [code, text] of Object.entries(labels)) byWords.set(wordsOf(text), code);
  const choices = Object.values(labels).join(', ');
  return (raw) => {
    const code = byWords.get(wordsOf(raw));
    return code ? ok(code) : bad(`${label} ${quote(raw)} không có trong danh sách (${choices}).`);
  };
}

export const checkQualification = codeCheck('Trình độ chuyên môn', QUALIFICATION_LABELS, {
  'chua dao tao': 'untrained',
  khong: 'untrained',
  'cu nhan': 'university',
  'ky su': 'university',
  'bac si': 'university',
  ths: 'master',
  ts: 'doctor',
  'pho giao su': 'doctor',
  'giao su': 'doctor',
});
export const checkPoliticalTheory = codeCheck('Lý luận chính trị', POLITICAL_THEORY_LABELS, {
  'cao cap ly luan chinh tri': 'advanced',
  'trung cap ly luan chinh tri': 'intermediate',
  'so cap ly luan chinh tri': 'elementary',
});
export const checkUnionPosition = codeCheck('Chức vụ công đoàn', UNION_POSITION_LABELS, {
  'chu tich cong doan': 'chair',
  'chu tich cdcs': 'chair',
  'pho chu tich cong doan': 'vice_chair',
  'pho chu tich cdcs': 'vice_chair',
  'uy vien ban thuong vu': 'standing',
  uvbtv: 'standing',
  'uy vien btv': 'standing',
  'uy vien ban chap hanh': 'executive',
  uvbch: 'executive',
  'uy vien ubkt': 'inspection',
  'uy vien uy ban kiem tra': 'inspection',
  'to truong': 'group_leader',
  'to pho': 'group_deputy',
  'to pho cong doan': 'group_deputy',
  'doan vien cong doan': 'member',
});
export const checkWorkforceType = codeCheck('Loại lao động', WORKFORCE_TYPE_LABELS, {
  'hop dong': 'contract',
  'lao dong hop dong': 'contract',
  'hop dong lao dong': 'contract',
  'nguoi lao dong': 'contract',
  'doanh nghiep': 'enterprise',
  'cong nhan': 'enterprise',
  'nguoi lao dong trong doanh nghiep': 'enterprise',
  'cong nhan lao dong': 'enterprise',
});

const NO_WORDS = new Set(['khong', '0', 'no', 'false', '-']);

/** A yes/no column: a mark ("x", "Có", "1") is yes, "Không" or "0" no. */
export function yesNoCheck(label: string): (raw: string) => Check<number> {
  return (raw) => {
    if (isMark(raw) || wordsOf(raw) === 'co') return ok(1);
    if (NO_WORDS.has(wordsOf(raw) || raw.trim())) return ok(0);
    return bad(`${label} ${quote(raw)}: hãy ghi "Có" (hoặc "x") hay "Không".`);
  };
}
