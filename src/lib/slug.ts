import { foldedWords } from './fold.js';

const MAX_SLUG_LENGTH = 80;

/** "Hội nghị Tổng kết năm 2015" → "hoi-nghi-tong-ket-nam-2015", cut at a word boundary. */
export function slugify(text: string, maxLength = MAX_SLUG_LENGTH): string {
  const words = foldedWords(text).filter((w) => /^[a-z0-9]+$/.test(w));
  let slug = '';
  for (const word of words) {
    const next = slug ? `${slug}-${word}` : word;
    if (next.length > maxLength) break;
    slug = next;
  }
  if (!slug && words[0]) slug = words[0].slice(0, maxLength);
  return slug || 'bai-viet';
}

/** The first of base, base-2, base-3 … that `taken` does not hold. */
export function uniqueSlug(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base}-${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}
