/**
 * The old module of the site settings, kept while the areas converted in parallel still import
 * it: new code imports `site/service.js` and `site/schema.js`. Remove once nothing does.
 */
export { readSiteSettings, writeSiteSettings } from './service.js';
export { DEFAULT_SITE, siteSettingsSchema, type SiteSettings } from './schema.js';
