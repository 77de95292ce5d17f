import type { DbContext } from '../db/context.js';

/** Every SQL statement of the site settings: one JSON value per key. */

export async function findSetting(ctx: DbContext, key: string): Promise<string | undefined> {
  const row = await ctx.db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
  return row?.value;
}

export async function upsertSetting(ctx: DbContext, key: string, value: string): Promise<void> {
  await ctx.db
    .insertInto('settings')
    .values({ key, value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute();
}
