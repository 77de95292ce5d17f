/**
 * Reading amounts of money as people write them. Money is whole đồng; formatting is
 * formatMoney in format.ts ("840.748.000 đồng").
 */
import { fold } from './fold.js';

export type MoneyReading = { ok: true; value: number } | { ok: false; message: string };

const ok = (value: number): MoneyReading => ({ ok: true, value });
const bad = (message: string): MoneyReading => ({ ok: false, message });

const quote = (text: string) => `"${text.length > 40 ? `${text.slice(0, 40)}…` : text}"`;

const CURRENCY = /\s*(?:₫|đồng|đ|vnđ|vnd)$/iu;
const SCALES: Record<string, bigint> = { nghin: 1_000n, ngan: 1_000n, trieu: 1_000_000n, ty: 1_000_000_000n, ti: 1_000_000_000n };
const SCALE_WORD = /\s*(nghìn|ngàn|triệu|tỷ|tỉ)$/iu;
const SPACES = /[\s\u00a0\u202f]/g;

function checkNumber(n: number): MoneyReading {
  if (!Number.isFinite(n)) return bad('Số tiền không hợp lệ.');
  if (n < 0) return bad(`Số tiền không được âm (${n}).`);
  if (!Number.isInteger(n)) return bad(`Số tiền phải là số đồng chẵn, không có phần lẻ (${String(n).replace('.', ',')}).`);
  if (!Number.isSafeInteger(n)) return bad('Số tiền quá lớn.');
  return ok(n);
}

/** Digits grouped by thousands with one kind of separator ("1.234.567", "1,234,567", "1 234 567"), or plain digits. */
function readGrouped(text: string): string | null {
  if (/^\d+$/.test(text)) return text;
  const m = /^\d{1,3}(?:([.,\s\u00a0\u202f])\d{3})(?:\1\d{3})*$/u.exec(text);
  return m ? text.replace(/\D/g, '') : null;
}

/**
 * An amount in whole đồng from what a person typed: "1.234.567", "1,234,567", "1 234 567",
 * "1234567", with or without "đ", "đồng", "VND"; also "500 nghìn", "976 triệu", "2,7 tỷ".
 * Negative amounts, fractions of a đồng and anything else are refused with a Vietnamese reason.
 */
export function parseDong(input: string | number): MoneyReading {
  if (typeof input === 'number') return checkNumber(input);
  const raw = input.normalize('NFC').trim();
  if (raw === '') return bad('Chưa nhập số tiền.');
  const text = raw.replace(CURRENCY, '').trim();
  if (/^[-−–]/.test(text)) return bad(`Số tiền không được âm: ${quote(raw)}.`);
  const scaleMatch = SCALE_WORD.exec(text);
  if (scaleMatch) return readScaled(raw, text.slice(0, scaleMatch.index).trim(), SCALES[fold(scaleMatch[1]!)]!);
  if (!/^\d[\d.,\s\u00a0\u202f]*$/u.test(text)) return bad(`Số tiền ${quote(raw)} không phải là một số.`);
  const digits = readGrouped(text);
  if (digits === null) {
    // A comma or dot not followed by a group of three digits is a decimal part.
    if (/[.,]\d{1,2}$|[.,]\d{4,}$|\d[.,]\d{3}[,.]\d+$/.test(text.replace(SPACES, ''))) {
      return bad(`Số tiền phải là số đồng chẵn, không có phần lẻ: ${quote(raw)}.`);
    }
    return bad(`Số tiền ${quote(raw)} viết sai chỗ dấu phân cách hàng nghìn (viết như "1.234.567").`);
  }
  return toSafe(raw, BigInt(digits));
}

/** "2,7 tỷ" (Vietnamese: dots group thousands, a comma starts the decimals) times its scale word. */
function readScaled(raw: string, number: string, scale: bigint): MoneyReading {
  const m = /^(\d{1,3}(?:\.\d{3})*|\d+)(?:,(\d+))?$/.exec(number.replace(SPACES, ''));
  if (!m) return bad(`Số tiền ${quote(raw)} không phải là một số.`);
  const whole = BigInt(m[1]!.replace(/\./g, ''));
  const decimals = m[2] ?? '';
  const denominator = 10n ** BigInt(decimals.length);
  const numerator = (whole * denominator + BigInt(decimals || '0')) * scale;
  if (numerator % denominator !== 0n) return bad(`Số tiền phải là số đồng chẵn, không có phần lẻ: ${quote(raw)}.`);
  return toSafe(raw, numerator / denominator);
}

function toSafe(raw: string, value: bigint): MoneyReading {
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) return bad(`Số tiền ${quote(raw)} quá lớn.`);
  return ok(Number(value));
}
