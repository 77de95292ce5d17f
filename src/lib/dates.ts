import { siteDateParts } from './format.js';

/** Calendar dates as 'YYYY-MM-DD' text, in Vietnam time. */
export type IsoDate = string;

/** The beginning of recorded time: a unit whose founding date is unknown has existed "since always". */
export const EARLIEST: IsoDate = '0001-01-01';

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

export function isoDate(year: number, month: number, day: number): IsoDate {
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

export function todayInVietnam(now = new Date()): IsoDate {
  const p = siteDateParts(now);
  return isoDate(p.year, p.month, p.day);
}

/** A real calendar date in 'YYYY-MM-DD' form. */
export function isValidIsoDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d && y >= 1;
}

export function addDays(date: IsoDate, days: number): IsoDate {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return isoDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

/** A date as people type it — dd/mm/yyyy, d/m/yyyy, dd-mm-yyyy, dd.mm.yyyy or yyyy-mm-dd — as an ISO date; null when it is not a real date. */
export function typedDate(text: string): IsoDate | null {
  const s = text.trim();
  const m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s);
  const iso = m ? isoDate(Number(m[3]), Number(m[2]), Number(m[1])) : s;
  return isValidIsoDate(iso) ? iso : null;
}

/** "2025-07-01" → "01/07/2025" */
export function formatIsoDate(date: IsoDate): string {
  const [y, m, d] = date.split('-');
  return `${d}/${m}/${y}`;
}
