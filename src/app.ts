import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Config } from './config.js';
import type { DbContext } from './db/context.js';
import { registerPortalRoutes } from './portal/routes.js';
import { requireAccessDeclarations } from './web/access.js';
import { registerStaticRoutes } from './web/static.js';
import { errorPageHtml } from './web/error-page.js';

export interface AppOptions {
  ctx: DbContext;
  config: Pick<Config, 'dataDir' | 'publicUrl' | 'logLevel'>;
}

export async function buildApp({ ctx, config }: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: { level: config.logLevel },
    trustProxy: true,
    routerOptions: { maxParamLength: 300 },
    disableRequestLogging: config.logLevel !== 'debug' && config.logLevel !== 'trace',
  });
  requireAccessDeclarations(app);
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"], imgSrc: ["'self'", 'data:'], styleSrc: ["'self'"], scriptSrc: ["'self'"],
        objectSrc: ["'none'"], frameAncestors: ["'self'"], baseUri: ["'self'"], formAction: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
    strictTransportSecurity: false,
  });
  await app.register(formbody);

  app.setErrorHandler((error: Error & { statusCode?: number }, req, reply) => {
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500) req.log.error({ err: error }, 'request failed');
    return reply.code(status).type('text/html; charset=utf-8').send(errorPageHtml(status));
  });

  registerStaticRoutes(app, config.dataDir);
  registerPortalRoutes(app, { ctx, publicUrl: config.publicUrl });
  return app;
}
