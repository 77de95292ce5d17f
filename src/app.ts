import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import helmet from '@fastify/helmet';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'kysely';
import { registerAuthHttp } from './auth/http.js';
import { registerAuthRoutes } from './auth/routes.js';
import { purgeEndedSignInThrottles } from './auth/service.js';
import { registerUserRoutes } from './auth/users-routes.js';
import { registerAuditRoutes } from './audit/routes.js';
import { registerCareRoutes } from './care/routes.js';
import { registerCareImportRoutes } from './care/import-routes.js';
import { registerDeskRoutes } from './desk/routes.js';
import { registerFundRoutes } from './funds/routes.js';
import { registerCarePublicRoutes } from './care/public-routes.js';
import { registerCareReportRoutes } from './care/report-routes.js';
import { exportFolder, recoverInterruptedExports } from './members/export-job-service.js';
import { registerMemberExportRoutes } from './members/export-routes.js';
import { purgeOldRejectedRows } from './members/import-files-service.js';
import { recoverInterruptedImports } from './members/import-job-service.js';
import { registerMemberImportRoutes } from './members/import-routes.js';
import { registerMemberRoutes } from './members/routes.js';
import { registerOrgRoutes } from './org/routes.js';
import type { Config, TrustProxy } from './config.js';
import type { DbContext } from './db/context.js';
import { registerNewsroomRoutes } from './news/routes.js';
import { registerSectionRoutes } from './news/section-routes.js';
import { registerPortalRoutes } from './portal/routes.js';
import { DatabaseBusy, UserFacingError } from './lib/errors.js';
import { asDatabaseBusy } from './db/busy.js';
import { sendAdminError } from './web/admin-page.js';
import { errorPageHtml, errorTitle, statusMessage } from './web/error-page.js';
import { removeStalePendingUploads } from './web/pending-uploads.js';
import { registerStaticRoutes } from './web/static.js';

/** Uploads: photos and Word files. */
export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

export interface AppOptions {
  ctx: DbContext;
  /** Where long background writes run (a second SQLite connection, so the site keeps reading meanwhile). */
  jobsCtx?: DbContext;
  config: Pick<Config, 'dataDir' | 'publicUrl' | 'logLevel' | 'secureCookies'> & { trustProxy?: TrustProxy };
}

/** A hop count trusts that many proxies nearest to the server (what Fastify does with a number). */
function fastifyTrustProxy(trust: TrustProxy): boolean | string[] | ((address: string, hop: number) => boolean) {
  return typeof trust === 'number' ? (_address, hop) => hop < trust : trust;
}

const SWEEP_INTERVAL_MS = 60 * 60 * 1000;

/** For load balancers: the database answers and DATA_DIR takes a write. */
async function health(ctx: DbContext, dataDir: string, reply: FastifyReply) {
  const failed: string[] = [];
  try {
    await sql`select 1`.execute(ctx.db);
  } catch {
    failed.push('database');
  }
  try {
    const probe = path.join(dataDir, `.healthz-${randomBytes(6).toString('hex')}`);
    await fs.writeFile(probe, 'ok');
    await fs.rm(probe);
  } catch {
    failed.push('data_dir');
  }
  reply.header('Cache-Control', 'no-store');
  if (failed.length > 0) return reply.code(503).send({ status: 'error', failed });
  return reply.send({ status: 'ok' });
}

/**
 * At start and every hour: imports and exports whose process died are marked interrupted, old
 * waiting uploads and exports go, and so do sign-in throttle rows that count for nothing any more.
 */
function startRecovery(app: FastifyInstance, ctx: DbContext, dataDir: string): void {
  const sweep = () =>
    Promise.all([
      removeStalePendingUploads(dataDir).catch((err: unknown) => app.log.error({ err }, 'old pending uploads were not removed')),
      purgeEndedSignInThrottles(ctx).catch((err: unknown) => app.log.error({ err }, 'old sign-in throttle rows were not removed')),
      purgeOldRejectedRows(ctx).catch((err: unknown) => app.log.error({ err }, 'old rejected import rows were not removed')),
    ]);
  let timer: NodeJS.Timeout | undefined;
  app.addHook('onReady', async () => {
    try {
      const interrupted = await recoverInterruptedImports(ctx);
      if (interrupted > 0) app.log.warn({ interrupted }, 'imports left running by a stopped process were marked interrupted');
    } catch (err) {
      app.log.error({ err }, 'interrupted imports were not marked');
    }
    try {
      const interrupted = await recoverInterruptedExports(ctx, dataDir);
      if (interrupted > 0) app.log.warn({ interrupted }, 'exports left running by a stopped process were marked interrupted');
    } catch (err) {
      app.log.error({ err }, 'interrupted exports were not marked');
    }
    await sweep();
    timer = setInterval(() => void sweep(), SWEEP_INTERVAL_MS);
    timer.unref();
  });
  app.addHook('onClose', async () => {
    clearInterval(timer);
  });
}

export async function buildApp({ ctx, jobsCtx, config }: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: { level: config.logLevel },
    trustProxy: fastifyTrustProxy(config.trustProxy ?? false),
    routerOptions: { maxParamLength: 300 },
    bodyLimit: 4 * 1024 * 1024,
  });
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        styleSrc: ["'self'"],
        scriptSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'self'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
    strictTransportSecurity: false,
  });
  await app.register(formbody, { bodyLimit: 4 * 1024 * 1024 });
  await app.register(multipart, { limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 20, parts: 30 } });
  await app.register(rateLimit, { global: false });
  await registerAuthHttp(app, { ctx, secureCookies: config.secureCookies });

  app.setErrorHandler((thrown: Error & { statusCode?: number }, req, reply) => {
    const error = asDatabaseBusy(thrown) as Error & { statusCode?: number };
    const status =
      error instanceof DatabaseBusy ? 503 : error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 503) reply.header('Retry-After', '5');
    if (status === 500) req.log.error({ err: error }, 'request failed');
    const message =
      error instanceof UserFacingError
        ? error.message
        : (error as { code?: string }).code?.startsWith('FST_CSRF')
          ? 'Biểu mẫu đã hết hạn hoặc không hợp lệ. Hãy tải lại trang rồi thử lại.'
          : statusMessage(status);
    if (req.headers.accept?.includes('application/json')) return reply.code(status).send({ error: message });
    if (req.user && status !== 500 && req.url.startsWith('/quan-tri'))
      return sendAdminError(req, reply, status, errorTitle(status), message);
    return reply.code(status).type('text/html; charset=utf-8').send(errorPageHtml(status, message));
  });

  exportFolder(config.dataDir);
  startRecovery(app, ctx, config.dataDir);
  app.get('/healthz', { config: { access: 'public' } }, (_req, reply) => health(ctx, config.dataDir, reply));
  registerStaticRoutes(app, config.dataDir);
  registerPortalRoutes(app, { ctx, publicUrl: config.publicUrl });
  registerAuthRoutes(app, { ctx, secureCookies: config.secureCookies });
  registerDeskRoutes(app, { ctx });
  registerNewsroomRoutes(app, { ctx, dataDir: config.dataDir });
  registerSectionRoutes(app, { ctx });
  registerUserRoutes(app, { ctx, publicUrl: config.publicUrl });
  registerAuditRoutes(app, { ctx });
  registerMemberImportRoutes(app, { ctx, jobsCtx: jobsCtx ?? ctx, dataDir: config.dataDir });
  registerMemberRoutes(app, { ctx });
  registerMemberExportRoutes(app, { ctx, jobsCtx: jobsCtx ?? ctx, dataDir: config.dataDir });
  registerOrgRoutes(app, { ctx });
  registerCareRoutes(app, { ctx, dataDir: config.dataDir });
  registerCareImportRoutes(app, { ctx, dataDir: config.dataDir });
  registerFundRoutes(app, { ctx });
  registerCareReportRoutes(app, { ctx });
  registerCarePublicRoutes(app, { ctx, publicUrl: config.publicUrl });
  return app;
}
