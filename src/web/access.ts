import type { FastifyInstance, preHandlerHookHandler } from 'fastify';
import type { Action } from '../access/roles.js';

/**
 * Every route says who may call it: 'public' pages are open to everyone;
 * 'signed-in' ones to any user with a session (their own account pages); the others
 * name the action they need somewhere in the user's scope (the unit itself is
 * checked by the service). A route without the declaration stops the app.
 */
export type RouteAccess = 'public' | 'signed-in' | { permission: Action };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
}

export interface RouteGuards {
  /** Refuses a state-changing request without a valid CSRF token. */
  csrf: preHandlerHookHandler;
  /** Loads the signed-in user and refuses one without the permission. */
  requirePermission: (action: Action | null) => preHandlerHookHandler;
}

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface DeclaredRoute {
  method: string;
  url: string;
  access: RouteAccess;
}

const routeTables = new WeakMap<FastifyInstance, DeclaredRoute[]>();

/** Every route of the app with the access it declared (HEAD twins left out): what the route-table test walks. */
export function declaredRoutes(app: FastifyInstance): readonly DeclaredRoute[] {
  return routeTables.get(app) ?? [];
}

export function installRouteGuards(app: FastifyInstance, guards: RouteGuards): void {
  const table: DeclaredRoute[] = [];
  routeTables.set(app, table);
  app.addHook('onRoute', (route) => {
    const access = (route.config as { access?: RouteAccess } | undefined)?.access;
    if (!access) throw new Error(`Route ${String(route.method)} ${route.url} declares no access (config.access).`);
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) if (method !== 'HEAD') table.push({ method, url: route.url, access });
    const guardsForRoute: preHandlerHookHandler[] = [];
    if (methods.some((m) => WRITE_METHODS.has(m))) guardsForRoute.push(guards.csrf);
    if (access !== 'public') guardsForRoute.push(guards.requirePermission(access === 'signed-in' ? null : access.permission));
    if (guardsForRoute.length === 0) return;
    const existing = route.preHandler ? (Array.isArray(route.preHandler) ? route.preHandler : [route.preHandler]) : [];
    route.preHandler = [...guardsForRoute, ...existing];
  });
}
