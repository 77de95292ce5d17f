import { NotFound } from './errors.js';
import { formatNumber } from './format.js';

export const PAGE_SIZE = 10;

export interface Pagination {
  page: number;
  pages: number;
  total: number;
  offset: number;
  limit: number;
}

/** Page numbers from 1; a page beyond the last is reported as out of range by the caller. */
export function paginate(total: number, page: number, limit = PAGE_SIZE): Pagination {
  const pages = Math.max(1, Math.ceil(total / limit));
  return { page, pages, total, offset: (page - 1) * limit, limit };
}

/** Like paginate, for a list page: a page past the last (of a list that has rows) is not found. */
export function paginateList(total: number, page: number, limit = PAGE_SIZE): Pagination {
  const p = paginate(total, page, limit);
  if (page > p.pages) throw new NotFound(`Danh sách chỉ có ${formatNumber(p.pages)} trang; không có trang ${formatNumber(page)}.`);
  return p;
}

/** A page number from user input: a positive integer, or null. */
export function parsePageNumber(raw: unknown): number | null {
  if (raw === undefined || raw === null || raw === '') return 1;
  const s = String(raw);
  if (!/^\d{1,6}$/.test(s)) return null;
  const n = Number(s);
  return n >= 1 ? n : null;
}

/** The page links to show: first, last, and a window around the current page; 0 marks a gap. */
export function pageWindow(page: number, pages: number, radius = 2): number[] {
  const out: number[] = [];
  for (let p = 1; p <= pages; p++) {
    if (p === 1 || p === pages || Math.abs(p - page) <= radius) out.push(p);
    else if (out[out.length - 1] !== 0) out.push(0);
  }
  return out;
}
