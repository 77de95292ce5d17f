import { z } from 'zod';
import { recordAudit, type Actor } from '../audit/audit.js';
import { bumpContentVersion, inTransaction, type DbContext } from '../db/context.js';

/** The site's identity: what the header, titles and feeds say. */
export const siteSettingsSchema = z.object({
  name: z.string().trim().min(1).max(200),
  englishName: z.string().trim().max(200).nullable(),
  slogan: z.string().trim().max(600).nullable(),
  banner: z.string().trim().max(300).nullable(),
  description: z.string().trim().max(600),
});
export type SiteSettings = z.infer<typeof siteSettingsSchema>;

export const DEFAULT_SITE: SiteSettings = {
  name: 'Công đoàn',
  englishName: null,
  slogan: null,
  banner: null,
  description: 'Cổng thông tin điện tử của tổ chức Công đoàn',
};

const KEY = 'site';

export async function readSiteSettings(ctx: DbContext): Promise<SiteSettings> {
  const row = await ctx.db.selectFrom('settings').select('value').where('key', '=', KEY).executeTakeFirst();
  if (!row) return DEFAULT_SITE;
  const parsed = siteSettingsSchema.safeParse(JSON.parse(row.value));
  return parsed.success ? parsed.data : DEFAULT_SITE;
}

export async function writeSiteSettings(ctx: DbContext, actor: Actor, input: SiteSettings): Promise<void> {
  const next = siteSettingsSchema.parse(input);
  await inTransaction(ctx, async (tx) => {
    const before = await readSiteSettings(tx);
    await tx.db
      .insertInto('settings')
      .values({ key: KEY, value: JSON.stringify(next) })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(next) }))
      .execute();
    await recordAudit(tx, { actor, action: 'site.update', entity: 'settings', entityId: KEY, unitId: null, before, after: next });
    await bumpContentVersion(tx);
  });
}
