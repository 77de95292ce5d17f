import { z } from 'zod';

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

/** The settings key the site's identity is stored under. */
export const SITE_KEY = 'site';
