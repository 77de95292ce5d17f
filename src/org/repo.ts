import type { DbContext } from '../db/context.js';
import type { Unit, UnitLevel } from '../db/schema.js';

export async function insertUnit(ctx: DbContext, values: { parent_id: number | null; level: UnitLevel; short_name: string; full_name: string; sort_order: number }): Promise<Unit> {
  return ctx.db.insertInto('units').values({ ...values, created_at: Date.now() }).returningAll().executeTakeFirstOrThrow();
}

export async function findUnitById(ctx: DbContext, id: number): Promise<Unit | undefined> {
  return ctx.db.selectFrom('units').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findUnitByShortName(ctx: DbContext, shortName: string): Promise<Unit | undefined> {
  return ctx.db.selectFrom('units').selectAll().where('short_name', '=', shortName).orderBy('id').executeTakeFirst();
}

export async function listUnits(ctx: DbContext): Promise<Unit[]> {
  return ctx.db.selectFrom('units').selectAll().orderBy('sort_order').orderBy('id').execute();
}

export async function countUnits(ctx: DbContext): Promise<number> {
  const row = await ctx.db.selectFrom('units').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Adds a new leaf unit to the closure: itself at depth 0, and below every ancestor of its parent. */
export async function insertClosureForLeaf(ctx: DbContext, unitId: number, parentId: number | null): Promise<void> {
  await ctx.db.insertInto('unit_closure').values({ ancestor_id: unitId, descendant_id: unitId, depth: 0 }).execute();
  if (parentId === null) return;
  await ctx.db.insertInto('unit_closure')
    .columns(['ancestor_id', 'descendant_id', 'depth'])
    .expression((eb) => eb.selectFrom('unit_closure')
      .select((s) => ['ancestor_id', s.val(unitId).as('descendant_id'), s('depth', '+', 1).as('depth')])
      .where('descendant_id', '=', parentId))
    .execute();
}

export async function listUnitsInScope(ctx: DbContext, rootIds: number[]): Promise<Unit[]> {
  if (rootIds.length === 0) return [];
  return ctx.db.selectFrom('units').selectAll()
    .where('id', 'in', ctx.db.selectFrom('unit_closure').select('descendant_id').where('ancestor_id', 'in', rootIds))
    .orderBy('sort_order').orderBy('id').execute();
}

export async function findRootUnit(ctx: DbContext): Promise<Unit | undefined> {
  return ctx.db.selectFrom('units').selectAll().where('parent_id', 'is', null).orderBy('id').executeTakeFirst();
}
