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
