/**
 * Folding Vietnamese text for search and comparison: lower case, no diacritics,
 * đ → d. NFC and NFD input fold to the same string.
 */
const COMBINING_MARKS = /[\u0300-\u036f]/g;

export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(COMBINING_MARKS, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase();
}

/** Folded words of a text: letters and digits only, in order. */
export function foldedWords(text: string): string[] {
  return fold(text).match(/[\p{L}\p{N}]+/gu) ?? [];
}
