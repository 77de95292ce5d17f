import type { DbContext } from '../db/context.js';

export interface StoredImage {
  id: number;
  sha256: string;
  width: number;
  height: number;
}

export async function findImageBySha(ctx: DbContext, sha256: string): Promise<StoredImage | undefined> {
  const row = await ctx.db.selectFrom('images').select(['id', 'sha256', 'width', 'height']).where('sha256', '=', sha256).executeTakeFirst();
  return row ? { ...row, id: Number(row.id) } : undefined;
}

export async function insertImage(ctx: DbContext, image: Omit<StoredImage, 'id'>): Promise<number> {
  const row = await ctx.db
    .insertInto('images')
    .values({ ...image, created_at: Date.now() })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}
