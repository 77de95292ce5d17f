/**
 * Amounts in Vietnamese words, as a voucher writes them under the digits:
 * 840748000 → "Tám trăm bốn mươi triệu bảy trăm bốn mươi tám nghìn đồng".
 * Rules: "linh" for an empty tens place (một trăm linh năm), "mười" for ten, "mốt" for
 * one after twenty and up, "tư" for four after twenty and up, "lăm" for five after ten
 * and up; a group after the first that has no hundreds still reads them
 * (một nghìn không trăm linh năm); groups of zeros are left out; beyond a thousand tỷ the
 * count of tỷ is read again (một nghìn tỷ).
 */

const DIGITS = ['không', 'một', 'hai', 'ba', 'bốn', 'năm', 'sáu', 'bảy', 'tám', 'chín'] as const;

/** A group of three digits; `full` when a group comes before it, so its hundreds and "linh" are read. */
function group(n: number, full: boolean): string[] {
  const h = Math.floor(n / 100);
  const t = Math.floor(n / 10) % 10;
  const u = n % 10;
  const w: string[] = [];
  if (full || h > 0) w.push(DIGITS[h]!, 'trăm');
  if (t === 0) {
    if (u > 0 && (full || h > 0)) w.push('linh');
  } else if (t === 1) w.push('mười');
  else w.push(DIGITS[t]!, 'mươi');
  if (u > 0) {
    if (u === 1 && t >= 2) w.push('mốt');
    else if (u === 4 && t >= 2) w.push('tư');
    else if (u === 5 && t >= 1) w.push('lăm');
    else w.push(DIGITS[u]!);
  }
  return w;
}

/** 1 to 999,999,999; `full` when something was read before it (its leading zeros are then read). */
function belowBillion(n: number, full: boolean): string[] {
  const parts: Array<[number, string | null]> = [
    [Math.floor(n / 1_000_000), 'triệu'],
    [Math.floor(n / 1000) % 1000, 'nghìn'],
    [n % 1000, null],
  ];
  const w: string[] = [];
  for (const [value, scale] of parts) {
    if (value === 0) continue;
    w.push(...group(value, full || w.length > 0));
    if (scale) w.push(scale);
  }
  return w;
}

function words(n: number, full: boolean): string[] {
  if (n < 1_000_000_000) return belowBillion(n, full);
  const billions = Math.floor(n / 1_000_000_000);
  const rest = n % 1_000_000_000;
  return [...words(billions, full), 'tỷ', ...(rest > 0 ? belowBillion(rest, true) : [])];
}

/** A whole number from 0 in lower-case words: 105 → "một trăm linh năm". */
export function numberInWords(n: number): string {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`not a whole number of đồng: ${n}`);
  if (n === 0) return 'không';
  return words(n, false).join(' ');
}

/** An amount of money in words, capitalised, ending in "đồng": 500000 → "Năm trăm nghìn đồng". */
export function moneyInWords(dong: number): string {
  const text = numberInWords(dong);
  return `${text[0]!.toUpperCase()}${text.slice(1)} đồng`;
}
