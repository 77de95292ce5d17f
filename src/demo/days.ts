import { addDays } from '../lib/dates.js';
import type { Rng } from './random.js';

/** Day arithmetic on 'YYYY-MM-DD' dates for the demo's histories. */

const dayNumber = (iso: string) => Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / 86_400_000;

export const daysBetween = (from: string, to: string) => dayNumber(to) - dayNumber(from);

/** A day from `from` to `to`, both included (`from` when the span is empty). */
export function dayIn(rng: Rng, from: string, to: string): string {
  const span = daysBetween(from, to);
  return span <= 0 ? from : addDays(from, rng.int(0, span));
}

export const earlier = (a: string, b: string) => (a < b ? a : b);
export const later = (a: string, b: string) => (a > b ? a : b);
