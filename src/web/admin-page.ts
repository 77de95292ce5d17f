import type { FastifyReply, FastifyRequest } from 'fastify';
import { h, type ComponentChildren } from 'preact';
import type { AuthUser } from '../auth/policy.js';
import { renderDocument } from './render.js';
import { AdminLayout, type AdminLayoutProps } from './views/admin-layout.js';

/** The signed-in user of a route that declared a permission (the guard has loaded them). */
export function currentUser(req: FastifyRequest): AuthUser {
  if (!req.user) throw new Error('route without a permission guard asked for the user');
  return req.user;
}

/** Renders an administration page with the user's menu and a fresh CSRF token. */
export function sendAdminPage(
  req: FastifyRequest,
  reply: FastifyReply,
  props: Omit<AdminLayoutProps, 'user' | 'csrfToken' | 'children'>,
  body: (csrfToken: string) => ComponentChildren,
  status = 200,
) {
  const csrfToken = reply.generateCsrf();
  const flash = req.cookies[FLASH_COOKIE];
  if (flash) reply.clearCookie(FLASH_COOKIE, { path: '/' });
  const notice = props.notice ?? (flash ? flash.slice(0, 300) : null);
  const html = renderDocument(h(AdminLayout, { ...props, notice, user: currentUser(req), csrfToken, children: body(csrfToken) }));
  return reply.code(status).header('Cache-Control', 'no-store').type('text/html; charset=utf-8').send(html);
}

const FLASH_COOKIE = 'cd_flash';

/** Redirects after a successful form post; the next page shows the one-line notice once. */
export function redirectWithNotice(reply: FastifyReply, url: string, notice: string) {
  reply.setCookie(FLASH_COOKIE, notice, { path: '/', httpOnly: true, sameSite: 'strict', maxAge: 60 });
  return reply.redirect(url, 303);
}
