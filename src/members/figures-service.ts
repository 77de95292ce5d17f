import type { AuthUser } from '../access/user.js';
import type { DbContext } from '../db/context.js';
import { addDays, todayInVietnam, type IsoDate } from '../lib/dates.js';
import { Forbidden } from '../lib/errors.js';
import { compareVietnamese } from '../lib/names.js';
import { slugify } from '../lib/slug.js';
import { issuerOf } from '../org/issuer.js';
import { childrenAsOf, countUnitsAsOf, listUnitsInScope } from '../org/repo.js';
import { UNIT_LEVELS, UNIT_TYPES } from '../org/schema.js';
import { figuresWorkbook } from './figures-export.js';
import * as policy from './policy.js';
import * as repo from './repo.js';
import type { FiguresQuery } from './schema.js';

/** The figures page: a subtree's members, women and flows as of a date, its units by level and type, and a line per child unit. */

export interface Flows {
  members: number;
  women: number;
  joined: number;
  left: number;
}

export interface SubtreeFigures extends Flows {
  date: IsoDate;
  /** Units of the subtree by level, in the tree's order of levels (province before grassroots). */
  unitsByLevel: Array<{ level: string; count: number }>;
  /** Units by type, only for types some unit has; empty when no unit has one. */
  unitsByType: Array<{ type: string; count: number }>;
}

/** One direct child of the unit shown: its subtree's figures; `direct` is the unit's own members (not in any child). */
export interface ChildRow extends Flows {
  unitId: number;
  name: string;
  direct?: boolean;
}

const flowsOf = async (ctx: DbContext, rootId: number, date: IsoDate, from: IsoDate): Promise<Flows> => {
  const [counts, flows] = await Promise.all([
    repo.countMembersAsOf(ctx, rootId, date),
    repo.countJoinedLeft(ctx, rootId, from, addDays(date, 1), date),
  ]);
  return { ...counts, ...flows };
};

/** The figures of a unit's subtree as of a date, with admissions and departures over [from, date]. */
export async function subtreeFigures(ctx: DbContext, rootId: number, date: IsoDate, from: IsoDate): Promise<SubtreeFigures> {
  const [flows, units] = await Promise.all([flowsOf(ctx, rootId, date, from), countUnitsAsOf(ctx, rootId, date)]);
  const byLevel = new Map<string, number>();
  const byType = new Map<string, number>();
  for (const u of units) {
    byLevel.set(u.level, (byLevel.get(u.level) ?? 0) + u.count);
    if (u.unitType) byType.set(u.unitType, (byType.get(u.unitType) ?? 0) + u.count);
  }
  const rank = (list: readonly string[], k: string) => (list.includes(k) ? list.indexOf(k) : list.length);
  return {
    date,
    ...flows,
    unitsByLevel: [...byLevel].sort(([a], [b]) => rank(UNIT_LEVELS, a) - rank(UNIT_LEVELS, b)).map(([level, count]) => ({ level, count })),
    unitsByType: [...byType].sort(([a], [b]) => rank(UNIT_TYPES, a) - rank(UNIT_TYPES, b)).map(([type, count]) => ({ type, count })),
  };
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
  return Promise.all(points.map(async (d) => ({ date: d, members: (await repo.countMembersAsOf(ctx, rootId, d)).members })));
}

/**
 * Each direct child of the unit as the tree stood on `date`, in tree order, with its subtree's
 * members, women, admissions and departures; then the unit's own members when it has some (a unit without children has no lines).
 */
async function childFigures(
  ctx: DbContext,
  root: { id: number; short_name: string },
  total: Flows,
  date: IsoDate,
  from: IsoDate,
  order: Map<number, number>,
): Promise<ChildRow[]> {
  const children = (await childrenAsOf(ctx, root.id, date)).sort(
    (a, b) =>
      (order.get(a.unit_id) ?? Number.MAX_SAFE_INTEGER) - (order.get(b.unit_id) ?? Number.MAX_SAFE_INTEGER) ||
      compareVietnamese(a.short_name, b.short_name),
  );
  const rows: ChildRow[] = [];
  for (const c of children) rows.push({ unitId: c.unit_id, name: c.full_name, ...(await flowsOf(ctx, c.unit_id, date, from)) });
  const rest = (k: keyof Flows) => total[k] - rows.reduce((s, r) => s + r[k], 0);
  const direct = { members: rest('members'), women: rest('women'), joined: rest('joined'), left: rest('left') };
  if (rows.length > 0 && Object.values(direct).some((v) => v !== 0))
    rows.push({ unitId: root.id, name: `${root.short_name} (trực tiếp)`, direct: true, ...direct });
  return rows;
}

/** The unit asked for (or the user's first), the day and the start of the flows counted. */
async function figuresScope(ctx: DbContext, user: AuthUser, query: FiguresQuery) {
  const roots = policy.listRoots(user);
  const units = await listUnitsInScope(ctx, roots);
  const root = units.find((u) => u.id === query.don_vi) ?? units.find((u) => roots.includes(u.id)) ?? units[0] ?? null;
  const date = query.ngay ?? todayInVietnam();
  const from = query.tu !== null && query.tu <= date ? query.tu : `${date.slice(0, 4)}-01-01`;
  return { units, root, date, from, order: new Map(units.map((u, i) => [u.id, i])) };
}

/** The figures page: the subtree of the unit asked for (or the user's first), as of a date, with the flows since `tu`, and a line per child unit. */
export async function figuresPage(ctx: DbContext, user: AuthUser, query: FiguresQuery) {
  const { units, root, date, from, order } = await figuresScope(ctx, user, query);
  if (!root) return { units, root: null, date, from, figures: null, series: [], children: [], issuer: null };
  const [figures, series, issuer] = await Promise.all([
    subtreeFigures(ctx, root.id, date, from),
    membershipSeries(ctx, root.id, date, 12),
    issuerOf(ctx, root.id),
  ]);
  const children = await childFigures(ctx, root, figures, date, from, order);
  return { units, root, date, from, figures, series, children, issuer };
}

/** The table by child unit as .xlsx, for the same unit, day and period as the page; a unit outside the user's scope is refused. */
export async function exportFigures(ctx: DbContext, user: AuthUser, query: FiguresQuery) {
  const { root, date, from, order } = await figuresScope(ctx, user, query);
  if (!root || (query.don_vi !== null && root.id !== query.don_vi)) throw new Forbidden('Đơn vị này nằm ngoài phạm vi của bạn.');
  const figures = await subtreeFigures(ctx, root.id, date, from);
  const children = await childFigures(ctx, root, figures, date, from, order);
  const bytes = await figuresWorkbook({ rootName: root.full_name, date, from, total: figures, children });
  return { bytes, fileName: `so-lieu-doan-vien-${slugify(root.short_name, 50)}-${from}-${date}.xlsx` };
}
