import { fold } from './fold.js';

export interface Segment {
  text: string;
  mark: boolean;
}

/** Text folded one character at a time, with where each folded character came from. */
function foldWithMap(text: string): { folded: string; origin: number[] } {
  let folded = '';
  const origin: number[] = [];
  let i = 0;
  for (const ch of text) {
    const f = fold(ch);
    folded += f;
    for (let k = 0; k < f.length; k++) origin.push(i);
    i += ch.length;
  }
  origin.push(text.length);
  return { folded, origin };
}

const isWordChar = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}]/u.test(c);

/** Ranges [start, end) of the original text where a folded term stands as a whole word. */
export function matchRanges(text: string, terms: string[]): Array<[number, number]> {
  const nfc = text.normalize('NFC');
  const { folded, origin } = foldWithMap(nfc);
  const ranges: Array<[number, number]> = [];
  for (const term of terms) {
    if (!term) continue;
    let from = 0;
    for (;;) {
      const at = folded.indexOf(term, from);
      if (at < 0) break;
      const end = at + term.length;
      if (!isWordChar(folded[at - 1]) && !isWordChar(folded[end])) {
        ranges.push([origin[at] ?? 0, origin[end] ?? nfc.length]);
      }
      from = at + 1;
    }
  }
  ranges.sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  return merged;
}

/** Splits text into marked and unmarked segments for the folded search terms. */
export function highlight(text: string, terms: string[]): Segment[] {
  const nfc = text.normalize('NFC');
  const segments: Segment[] = [];
  let pos = 0;
  for (const [start, end] of matchRanges(nfc, terms)) {
    if (start > pos) segments.push({ text: nfc.slice(pos, start), mark: false });
    segments.push({ text: nfc.slice(start, end), mark: true });
    pos = end;
  }
  if (pos < nfc.length) segments.push({ text: nfc.slice(pos), mark: false });
  return segments;
}

/** A window of about `length` characters around the first match, cut at spaces. */
export function snippet(text: string, terms: string[], length = 240): string {
  const nfc = text.normalize('NFC').replace(/\s+/g, ' ').trim();
  if (nfc.length <= length) return nfc;
  const first = matchRanges(nfc, terms)[0];
  let start = first ? Math.max(0, first[0] - Math.floor(length / 3)) : 0;
  if (start > 0) {
    const space = nfc.indexOf(' ', start);
    start = space >= 0 && space < (first?.[0] ?? Infinity) ? space + 1 : start;
  }
  let end = Math.min(nfc.length, start + length);
  if (end < nfc.length) {
    const space = nfc.lastIndexOf(' ', end);
    if (space > start) end = space;
  }
  return `${start > 0 ? '… ' : ''}${nfc.slice(start, end)}${end < nfc.length ? ' …' : ''}`;
}
