/** Finding a list's columns by their headers, whatever kind of list it is. */
import { fold } from '../lib/fold.js';

/** A pair of "Nam" | "Nữ" columns: the one filled in tells the gender. Either may be missing ("Nữ" alone, x for women). */
export interface SplitColumns {
  male: number | null;
  female: number | null;
}

/** Header text folded for matching: no diacritics, lower case, words separated by single spaces. */
export function headerKey(header: string): string {
  return fold(header.normalize('NFC'))
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** The columns of a "Nam" | "Nữ" pair that the file has. */
export function splitIndexes(split: SplitColumns): number[] {
  return [split.male, split.female].filter((i): i is number => i !== null);
}

/** Every column index a mapping uses for a field: one column, several (a name over columns), a Nam | Nữ pair, or none. */
export function mappedColumns(value: number | readonly number[] | SplitColumns | null): number[] {
  if (value === null) return [];
  if (typeof value === 'number') return [value];
  if (Array.isArray(value)) return value as number[];
  return splitIndexes(value as SplitColumns);
}

/** A list's closing row: "Tổng cộng", "Tổng số", "Cộng", "Tổng: 25 người" — not "Tống Văn Hải". */
export function isTotalsLabel(text: string): boolean {
  const key = headerKey(text);
  return key === 'tong' || key === 'cong' || /^(tong cong|tong so|cong so)( |$)/.test(key) || /^(tong|cong) \d/.test(key);
}
