/**
 * Folding Vietnamese text for search and comparison: lower case, no diacritics,
 * đ → d. NFC and NFD input fold to the same string.
 */
const COMBINING_MARKS = /[\u0300-\u036f]/g;

export function fold(text: string): string {
  // Latin letters and marks fold one by one, from a table filled as they are met (imports fold
  // millions of names); other scripts go through the whole-string path, where case mapping
  // depends on context (Greek final sigma).
  let out = '';
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    if (code >= 0x370 && (code < 0x1e00 || code > 0x1eff)) return foldWhole(text);
    let folded = latinFolds.get(ch);
    if (folded === undefined) {
      folded = foldWhole(ch);
      latinFolds.set(ch, folded);
    }
    out += folded;
  }
  return out;
}

const latinFolds = new Map<string, string>();

function foldWhole(text: string): string {
  return text.normalize('NFD').replace(COMBINING_MARKS, '').replace(/[đĐ]/g, 'd').toLowerCase();
}

/** Folded words of a text: letters and digits only, in order. */
export function foldedWords(text: string): string[] {
  return fold(text).match(/[\p{L}\p{N}]+/gu) ?? [];
}
