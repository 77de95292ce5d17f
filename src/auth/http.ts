import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { DbContext } from '../db/context.js';
import { Forbidden } from '../lib/errors.js';
import { installRouteGuards } from '../web/access.js';
import { errorPageHtml } from '../web/error-page.js';
import { canAnywhere, type AuthUser } from '../access/user.js';
import type { Action } from '../access/roles.js';
import { SESSION_LIFETIME_MS, SessionTouches, userForSession } from './service.js';

/** How often the sessions seen by requests are written. */
const TOUCH_FLUSH_MS = 30_000;

export const SESSION_COOKIE = 'cd_sid';

declare module 'fastify' {
  interface FastifyRequest {
    user: AuthUser | null;
  }
}

export interface AuthHttpOptions {
  ctx: DbContext;
  secureCookies: boolean;
}

/** Sessions in an HttpOnly, SameSite cookie; CSRF tokens on every write; route permissions. */
export async function registerAuthHttp(app: FastifyInstance, { ctx, secureCookies }: AuthHttpOptions): Promise<void> {
  await app.register(cookie);
  await app.register(csrf, {
    sessionPlugin: '@fastify/cookie',
    cookieKey: 'cd_csrf',
    cookieOpts: { path: '/', httpOnly: true, sameSite: 'strict', secure: secureCookies },
  });
  app.decorateRequest('user', null);
  const touches = new SessionTouches(ctx);
  const flusher = setInterval(() => void touches.flush(), TOUCH_FLUSH_MS);
  flusher.unref();
  app.addHook('onClose', async () => {
    clearInterval(flusher);
    await touches.flush();
  });

  installRouteGuards(app, {
    csrf: (req, reply, done) => app.csrfProtection(req, reply, done),
    requirePermission: (action: Action | null) => async (req: FastifyRequest, reply: FastifyReply) => {
      const token = req.cookies[SESSION_COOKIE];
      req.user = token ? ((await userForSession(ctx, token, Date.now(), touches)) ?? null) : null;
      if (!req.user) {
        if (req.method === 'GET') return reply.redirect(`/dang-nhap?tiep=${encodeURIComponent(req.url)}`, 303);
        return reply.code(401).type('text/html; charset=utf-8').send(errorPageHtml(401, 'Phiên làm việc đã hết. Hãy đăng nhập lại.'));
      }
      if (action && !canAnywhere(req.user, action)) throw new Forbidden();
    },
  });
}

export function setSessionCookie(reply: FastifyReply, token: string, secure: boolean): void {
  reply.setCookie(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure, maxAge: SESSION_LIFETIME_MS / 1000 });
}

export function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}
