import type { DbContext } from '../db/context.js';
import { addDays, type IsoDate } from '../lib/dates.js';
import { countUnitsAsOf } from '../org/repo.js';
import { countJoinedLeft, countMembersAsOf } from './repo.js';

export interface SubtreeFigures {
  date: IsoDate;
  members: number;
  women: number;
  joined: number;
  left: number;
  unitsByLevel: Record<string, number>;
  unitsByType: Record<string, number>;
}

/** The figures of a unit's subtree as of a date, with admissions and departures over [from, date]. */
export async function subtreeFigures(ctx: DbContext, rootId: number, date: IsoDate, from: IsoDate): Promise<SubtreeFigures> {
  const [counts, flows, units] = await Promise.all([
    countMembersAsOf(ctx, rootId, date),
    countJoinedLeft(ctx, rootId, from, addDays(date, 1), date),
    countUnitsAsOf(ctx, rootId, date),
  ]);
  const unitsByLevel: Record<string, number> = {};
  const unitsByType: Record<string, number> = {};
  for (const u of units) {
    unitsByLevel[u.level] = (unitsByLevel[u.level] ?? 0) + u.count;
    if (u.unitType) unitsByType[u.unitType] = (unitsByType[u.unitType] ?? 0) + u.count;
  }
  return { date, ...counts, ...flows, unitsByLevel, unitsByType };
}

/** Members of the subtree at the end of each of the last `months` months up to `date`. */
export async function membershipSeries(
  ctx: DbContext,
  rootId: number,
  date: IsoDate,
  months = 12,
): Promise<Array<{ date: IsoDate; members: number }>> {
  const [y, m] = date.split('-').map(Number) as [number, number];
  const points: IsoDate[] = [];
  for (let i = months - 1; i >= 1; i--) {
    const first = new Date(Date.UTC(y, m - 1 - i + 1, 1));
    points.push(addDays(first.toISOString().slice(0, 10), -1));
  }
  points.push(date);
  return Promise.all(points.map(async (d) => ({ date: d, members: (await countMembersAsOf(ctx, rootId, d)).members })));
}
