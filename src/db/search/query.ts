import { foldedWords } from '../../lib/fold.js';

const MAX_TERMS = 12;
const MAX_WORD_LENGTH = 60;
const MAX_QUERY_LENGTH = 500;

/**
 * A user's search, folded. Every term must match; `phrases` are the runs of
 * words that should stand together (quoted runs, or the whole query).
 * Quoted runs are required; the unquoted whole query only ranks first.
 */
export interface SearchQuery {
  terms: string[];
  requiredPhrases: string[][];
  preferredPhrase: string[] | null;
}

export function parseSearchQuery(raw: string): SearchQuery | null {
  const text = raw.normalize('NFC').slice(0, MAX_QUERY_LENGTH);
  const requiredPhrases: string[][] = [];
  const quoted = /"([^"]*)"/g;
  for (const match of text.matchAll(quoted)) {
    const words = indexWords(match[1] ?? '');
    if (words.length > 1) requiredPhrases.push(words.slice(0, MAX_TERMS));
  }
  const terms = [...new Set(indexWords(text))].slice(0, MAX_TERMS);
  if (terms.length === 0) return null;
  const allWords = indexWords(text).slice(0, MAX_TERMS);
  const preferredPhrase = requiredPhrases.length === 0 && allWords.length > 1 ? allWords : null;
  return { terms, requiredPhrases, preferredPhrase };
}

/** The words of a text as the search index stores them. */
export function indexWords(text: string): string[] {
  return foldedWords(text).map((w) => w.slice(0, MAX_WORD_LENGTH));
}

/** Text as handed to either database's tokenizer: folded words separated by single spaces. */
export function indexText(text: string): string {
  return indexWords(text).join(' ');
}
