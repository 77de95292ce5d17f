import { recordAudit, type Actor } from '../audit/audit.js';
import { bumpContentVersion, inTransaction, type DbContext } from '../db/context.js';
import * as repo from './repo.js';
import { DEFAULT_SITE, SITE_KEY, siteSettingsSchema, type SiteSettings } from './schema.js';

/** The site's identity as stored, or the default when none is (or what is stored no longer reads). */
export async function readSiteSettings(ctx: DbContext): Promise<SiteSettings> {
  const value = await repo.findSetting(ctx, SITE_KEY);
  if (value === undefined) return DEFAULT_SITE;
  const parsed = siteSettingsSchema.safeParse(JSON.parse(value));
  return parsed.success ? parsed.data : DEFAULT_SITE;
}

/** Replaces the site's identity; every public page shows it, so the content version moves. */
export async function writeSiteSettings(ctx: DbContext, actor: Actor, input: SiteSettings): Promise<void> {
  const next = siteSettingsSchema.parse(input);
  await inTransaction(ctx, async (tx) => {
    const before = await readSiteSettings(tx);
    await repo.upsertSetting(tx, SITE_KEY, JSON.stringify(next));
    await recordAudit(tx, { actor, action: 'site.update', entity: 'settings', entityId: SITE_KEY, unitId: null, before, after: next });
    await bumpContentVersion(tx);
  });
}

/** Changes as the command line gives them: an absent field keeps its value, an empty one clears it (the name and description keep theirs). */
export interface SiteChanges {
  name?: string;
  englishName?: string;
  slogan?: string;
  banner?: string;
  description?: string;
}

/** Applies the changes given (writing nothing when none is) and returns the identity as it now stands. */
export async function changeSiteSettings(ctx: DbContext, actor: Actor, changes: SiteChanges): Promise<SiteSettings> {
  const current = await readSiteSettings(ctx);
  const orNull = (v: string | undefined, old: string | null) => (v === undefined ? old : v.trim() || null);
  const next = {
    name: changes.name?.trim() || current.name,
    englishName: orNull(changes.englishName, current.englishName),
    slogan: orNull(changes.slogan, current.slogan),
    banner: orNull(changes.banner, current.banner),
    description: changes.description?.trim() || current.description,
  };
  if (Object.values(changes).some((v) => v !== undefined)) await writeSiteSettings(ctx, actor, next);
  return next;
}
