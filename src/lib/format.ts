/** Vietnamese ways of writing numbers, money and dates, as the federation's pages do. */

const numberFormat = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 2 });

/** 1234567 → "1.234.567"; 22.5 → "22,5". */
export function formatNumber(value: number): string {
  return numberFormat.format(value);
}

/** 840748000 → "840.748.000 đồng". Money is whole đồng. */
export function formatMoney(dong: number): string {
  return `${formatNumber(Math.round(dong))} đồng`;
}

const WEEKDAYS = ['Chủ nhật', 'Thứ hai', 'Thứ ba', 'Thứ tư', 'Thứ năm', 'Thứ sáu', 'Thứ bảy'] as const;

/** The site's time zone: every date shown is Vietnam time, whatever the server's zone. */
export const SITE_TIME_ZONE = 'Asia/Ho_Chi_Minh';

interface DateParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  weekday: number;
}

const partsFormat = new Intl.DateTimeFormat('en-US', {
  timeZone: SITE_TIME_ZONE,
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  hourCycle: 'h23',
  weekday: 'short',
});
const WEEKDAY_INDEX: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

export function siteDateParts(date: Date): DateParts {
  const parts: Record<string, string> = {};
  for (const p of partsFormat.formatToParts(date)) parts[p.type] = p.value;
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    weekday: WEEKDAY_INDEX[parts.weekday ?? 'Sun'] ?? 0,
  };
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** "Thứ sáu, 22 Tháng 1 2016 11:16" */
export function formatDateLine(date: Date): string {
  const p = siteDateParts(date);
  return `${WEEKDAYS[p.weekday]}, ${p.day} Tháng ${p.month} ${p.year} ${pad2(p.hour)}:${pad2(p.minute)}`;
}

/** "ngày 08 tháng 12 năm 2022" */
export function formatLongDate(date: Date): string {
  const p = siteDateParts(date);
  return `ngày ${pad2(p.day)} tháng ${pad2(p.month)} năm ${p.year}`;
}

/** "22/01/2016" */
export function formatShortDate(date: Date): string {
  const p = siteDateParts(date);
  return `${pad2(p.day)}/${pad2(p.month)}/${p.year}`;
}

/** A wall-clock time in Vietnam (UTC+7, no daylight saving) as an instant. */
export function siteTime(year: number, month: number, day: number, hour = 0, minute = 0): Date {
  return new Date(Date.UTC(year, month - 1, day, hour - 7, minute));
}
