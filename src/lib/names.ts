/** Vietnamese personal names: "Tô Thị Ái" is family "Tô", middle "Thị", given "Ái". */
const collator = new Intl.Collator('vi', { sensitivity: 'variant', numeric: true });

export interface NameParts {
  family: string;
  middle: string;
  given: string;
}

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

// Vietnamese alphabetical order (with f, j, w, z for foreign names); tones are a secondary difference.
const ALPHABET = 'aăâbcdđeêfghijklmnoôơpqrstuưvwxyz';
const TONES: Record<string, number> = { '\u0300': 2, '\u0309': 3, '\u0303': 4, '\u0301': 5, '\u0323': 6 };
const BASE_MARKS: Record<string, string> = {
  'a\u0306': 'ă',
  'a\u0302': 'â',
  'e\u0302': 'ê',
  'o\u0302': 'ô',
  'o\u031b': 'ơ',
  'u\u031b': 'ư',
};

/** Base letter (ă, ơ … kept) and tone (1 = none … 6 = nặng) of one character. */
function letterWithTone(ch: string): [string, number] {
  const parts = [...ch.normalize('NFD')];
  let base = parts[0] ?? '';
  let tone = 1;
  for (const mark of parts.slice(1)) {
    if (TONES[mark]) tone = TONES[mark];
    else base = BASE_MARKS[base + mark] ?? base;
  }
  return [base, tone];
}

function primaryCode(letter: string): string {
  if (letter === ' ') return '01';
  const i = ALPHABET.indexOf(letter);
  if (i >= 0) return String(20 + i);
  if (/[0-9]/.test(letter)) return `1${letter}`;
  return '90';
}

/** Sort code and tone digit of each character met so far, by code point: names are made of few distinct letters. */
const charKeys = new Map<number, { code: string; tone: string }>();

function charKey(point: number): { code: string; tone: string } {
  let key = charKeys.get(point);
  if (!key) {
    const [base, tone] = letterWithTone(String.fromCodePoint(point));
    key = { code: primaryCode(base), tone: String(tone) };
    if (charKeys.size < 10_000) charKeys.set(point, key);
  }
  return key;
}

/**
 * A plain-ASCII key that sorts names as official lists do (given name, then
 * family, then middle; Vietnamese letters; tones after letters) with a byte
 * comparison, so both databases can ORDER BY it. Imports compute millions: the
 * pieces are gathered and joined once.
 */
export function vietnameseNameSortKey(fullName: string): string {
  const { family, middle, given } = splitName(fullName);
  const primary: string[] = [];
  const tones: string[] = [];
  [given, family, middle].forEach((part, i) => {
    if (i > 0) {
      primary.push('00');
      tones.push('0');
    }
    const text = part.toLowerCase().normalize('NFC');
    for (let c = 0; c < text.length; c++) {
      const point = text.codePointAt(c) ?? 0;
      if (point > 0xffff) c++;
      const key = charKey(point);
      primary.push(key.code);
      tones.push(key.tone);
    }
  });
  return `${primary.join('')}000${tones.join('')}`.slice(0, 400);
}
