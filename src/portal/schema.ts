import { z } from 'zod';
import { parsePageNumber } from '../lib/pagination.js';

/** A search query is cut to this many characters (with a note saying so). */
export const MAX_QUERY_CHARS = 500;

/** A page number as the address gives it: empty is page 1; anything but a page number is null (the page answers 404). */
const pageNumber = z.preprocess(parsePageNumber, z.number().nullable());

/** One string from the query string ('' when absent or repeated). */
const queryText = z.preprocess((v) => (typeof v === 'string' ? v : ''), z.string());

export const sectionParams = z.object({ slug: z.string(), page: pageNumber });
export const slugParams = z.object({ slug: z.string() });

export const searchQuery = z
  .object({ q: queryText, trang: z.preprocess((v) => (v === undefined ? '' : String(v)), z.string()) })
  .transform(({ q, trang }) => ({ q, page: parsePageNumber(trang), rawPage: trang.slice(0, 10) }));
export type SearchInput = z.output<typeof searchQuery>;
