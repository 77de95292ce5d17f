/** Reading the dates union offices type: "20/6/2017", "20.06.2017", "ngày 20 tháng 6 năm 2017", Excel day numbers, bare years. */
import { fold } from '../lib/fold.js';
import { isoDate } from '../lib/dates.js';
import { dateToIso, excelSerialToDate } from './cells.js';

export type DateReading =
  { kind: 'date'; iso: string; fromSerial: boolean } | { kind: 'year'; year: number } | { kind: 'unreadable' } | { kind: 'impossible' };

export const MIN_YEAR = 1900;
export const MAX_YEAR = 2100;
/** Excel day numbers accepted as dates in a date column (1 = 1900-01-01, 60000 ≈ 2064). */
export const MAX_SERIAL = 60000;

const YEAR_FIRST = /^(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})$/;
const DAY_FIRST = /^(\d{1,2})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{4})$/;
const WORDS = /^(?:ngay\s*)?(\d{1,2})\s*,?\s*thang\s*(\d{1,2})\s*,?\s*nam\s*(\d{4})$/;
const YEAR_ONLY = /^(?:nam\s*)?(\d{4})$/;
const SERIAL = /^\d{1,5}(?:[.,]\d+)?$/;

const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeap(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function fromParts(year: number, month: number, day: number): DateReading {
  const real = year >= MIN_YEAR && year <= MAX_YEAR && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
  return real ? { kind: 'date', iso: isoDate(year, month, day), fromSerial: false } : { kind: 'impossible' };
}

function fromSerial(text: string): DateReading {
  const serial = Number(text.replace(',', '.'));
  if (serial < 1 || serial > MAX_SERIAL || serial === 60) return { kind: 'impossible' };
  return { kind: 'date', iso: dateToIso(excelSerialToDate(serial)), fromSerial: true };
}

/** A date cell read as a full date, a bare year, or why not. `serials`: accept Excel day numbers. */
export function readDate(text: string, serials = true): DateReading {
  const t = (/^[\d/.-]+$/.test(text) ? text : fold(text)).replace(/\s+/g, ' ').trim();
  let m = YEAR_FIRST.exec(t);
  if (m) return fromParts(Number(m[1]), Number(m[2]), Number(m[3]));
  m = DAY_FIRST.exec(t) ?? WORDS.exec(t);
  if (m) return fromParts(Number(m[3]), Number(m[2]), Number(m[1]));
  m = YEAR_ONLY.exec(t);
  if (m) {
    const year = Number(m[1]);
    if (year >= MIN_YEAR && year <= MAX_YEAR) return { kind: 'year', year };
    if (t.startsWith('nam')) return { kind: 'impossible' };
  }
  if (serials && SERIAL.test(t)) return fromSerial(t);
  return { kind: 'unreadable' };
}

/** Whole years from a birth date (or year) to a day. */
export function ageOn(birth: { iso: string } | { year: number }, today: string): number {
  const year = Number(today.slice(0, 4));
  if ('year' in birth) return year - birth.year;
  return year - Number(birth.iso.slice(0, 4)) - (today.slice(5) < birth.iso.slice(5) ? 1 : 0);
}

/** The day someone born on `iso` turns `years` (29 February stays as text: it still compares right). */
export function birthdayAt(iso: string, years: number): string {
  return `${String(Number(iso.slice(0, 4)) + years).padStart(4, '0')}${iso.slice(4)}`;
}
