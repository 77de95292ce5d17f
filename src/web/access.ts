import type { FastifyInstance } from 'fastify';

/**
 * Every route says who may call it. "public" pages are open to everyone;
 * other routes name the permission they need (checked by the auth layer).
 */
export type RouteAccess = 'public' | { permission: string };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
}

/** A route registered without an `access` declaration makes the app refuse to start. */
export function requireAccessDeclarations(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    const access = (route.config as { access?: RouteAccess } | undefined)?.access;
    if (!access) throw new Error(`Route ${String(route.method)} ${route.url} declares no access (config.access).`);
  });
}
