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

// Vietnamese alphabetical order (with f, j, w, z for foreign names); tones are a secondary difference.
const ALPHABET = 'aăâbcdđeêfghijklmnoôơpqrstuưvwxyz';
const TONES: Record<string, number> = { '\u0300': 2, '\u0309': 3, '\u0303': 4, '\u0301': 5, '\u0323': 6 };
const BASE_MARKS: Record<string, string> = { 'a\u0306': 'ă', 'a\u0302': 'â', 'e\u0302': 'ê', 'o\u0302': 'ô', 'o\u031b': 'ơ', 'u\u031b': 'ư' };

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

/** Sort code and tone digit of each character met so far: names are made of few distinct letters. */
const charKeys = new Map<string, { code: string; tone: string }>();

function charKey(ch: string): { code: string; tone: string } {
  let key = charKeys.get(ch);
  if (!key) {
    const [base, tone] = letterWithTone(ch);
    key = { code: primaryCode(base), tone: String(tone) };
    if (charKeys.size < 10_000) charKeys.set(ch, key);
  }
  return key;
}

/**
 * A plain-ASCII key that sorts names as official lists do (given name, then
 * family, then middle; Vietnamese letters; tones after letters) with a byte
 * comparison, so both databases can ORDER BY it.
 */
export function vietnameseNameSortKey(fullName: string): string {
  const { family, middle, given } = splitName(fullName);
  let primary = '';
  let tones = '';
  [given, family, middle].forEach((part, i) => {
    if (i > 0) {
      primary += '00';
      tones += '0';
    }
    for (const ch of part.replace(/\s+/g, ' ').toLowerCase().normalize('NFC')) {
      const key = charKey(ch);
      primary += key.code;
      tones += key.tone;
    }
  });
  return `${primary}000${tones}`.slice(0, 400);
}
