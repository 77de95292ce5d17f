/** Vietnamese personal names: "Tô Thị Ái" is family "Tô", middle "Thị", given "Ái". */
const collator = new Intl.Collator('vi', { sensitivity: 'variant', numeric: true });

export interface NameParts { family: string; middle: string; given: string }

export function splitName(fullName: string): NameParts {
  const words = fullName.normalize('NFC').trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return { family: '', middle: '', given: '' };
  if (words.length === 1) return { family: '', middle: '', given: words[0] ?? '' };
  return { family: words[0] ?? '', middle: words.slice(1, -1).join(' '), given: words[words.length - 1] ?? '' };
}

/** Official lists: by given name, then family name, then middle name, in Vietnamese collation. */
export function compareVietnameseNames(a: string, b: string): number {
  const pa = splitName(a);
  const pb = splitName(b);
  return collator.compare(pa.given, pb.given) || collator.compare(pa.family, pb.family) || collator.compare(pa.middle, pb.middle);
}

export function compareVietnamese(a: string, b: string): number {
  return collator.compare(a, b);
}
