import type { FastifyReply, FastifyRequest } from 'fastify';
import { h, type ComponentChildren } from 'preact';
import { ACTION_LABELS } from '../access/roles.js';
import { canAnywhere, type AuthUser } from '../access/user.js';
import { adminMenuFor, menuCountsOf } from './admin-menu.js';
import { renderDocument } from './render.js';
import { AdminLayout, type AdminLayoutProps, type AdminMenuEntry } from './views/admin-layout.js';
import { AdminErrorPanel } from './views/admin-error.js';

/** The signed-in user of a route that declared a permission (the guard has loaded them). */
export function currentUser(req: FastifyRequest): AuthUser {
  if (!req.user) throw new Error('route without a permission guard asked for the user');
  return req.user;
}

/** Renders an administration page with the user's menu (and its counts of waiting work) and a fresh CSRF token. */
export async function sendAdminPage(
  req: FastifyRequest,
  reply: FastifyReply,
  props: Omit<AdminLayoutProps, 'user' | 'csrfToken' | 'menu' | 'children'>,
  body: (csrfToken: string) => ComponentChildren,
  status = 200,
) {
  const csrfToken = reply.generateCsrf();
  const flash = req.cookies[FLASH_COOKIE];
  if (flash) reply.clearCookie(FLASH_COOKIE, { path: '/' });
  const notice = props.notice ?? (flash ? flash.slice(0, 300) : null);
  const user = currentUser(req);
  const menu = adminMenuFor(user, await menuCountsOf(req));
  const html = renderDocument(h(AdminLayout, { ...props, notice, user, menu, csrfToken, children: body(csrfToken) }));
  return reply.code(status).header('Cache-Control', 'no-store').type('text/html; charset=utf-8').send(html);
}

/** A refusal or a missing record inside the admin layout: what was refused, and ways back to where the user was. */
export function sendAdminError(req: FastifyRequest, reply: FastifyReply, status: number, title: string, message: string) {
  const menu = adminMenuFor(currentUser(req));
  const section = sectionOf(menu, req.url);
  const referer = sameSiteReferer(req);
  const back = referer
    ? { href: referer, label: 'Quay lại trang trước' }
    : section && section.href !== req.url.split('?')[0]
      ? { href: section.href, label: `Về mục «${section.label}»` }
      : null;
  const refused = refusedWhat(req, status, section?.label ?? null);
  return sendAdminPage(req, reply, { title, active: section?.key }, () => h(AdminErrorPanel, { message, refused, back }), status);
}

/** The menu entry the address lies under (the longest matching path), when the user may open it. */
function sectionOf(menu: AdminMenuEntry[], url: string): AdminMenuEntry | null {
  const path = url.split('?')[0]!;
  let found: AdminMenuEntry | null = null;
  for (const m of menu) if ((path === m.href || path.startsWith(`${m.href}/`)) && (!found || m.href.length > found.href.length)) found = m;
  return found;
}

/** What the user asked for, in words: the page or command, the menu section, and the permission it needs when that is what lacked. */
function refusedWhat(req: FastifyRequest, status: number, section: string | null): string {
  const what = req.method === 'GET' || req.method === 'HEAD' ? 'mở trang này' : 'thực hiện thao tác này';
  const where = section ? ` trong mục «${section}»` : '';
  const access = req.routeOptions.config?.access;
  const needs =
    status === 403 && access && typeof access === 'object' && !canAnywhere(currentUser(req), access.permission)
      ? ` — cần quyền «${ACTION_LABELS[access.permission]}», tài khoản của bạn chưa được giao quyền này`
      : '';
  return `${what}${where}${needs}.`;
}

/** The page the user came from, when it is one of ours (a path, never another site). */
function sameSiteReferer(req: FastifyRequest): string | null {
  const referer = req.headers.referer;
  if (!referer) return null;
  try {
    const url = new URL(referer);
    if (url.host !== req.headers.host) return null;
    const path = url.pathname + url.search;
    return path === req.url ? null : path;
  } catch {
    return null;
  }
}

const FLASH_COOKIE = 'cd_flash';

/** Redirects after a successful form post; the next page shows the one-line notice once. */
export function redirectWithNotice(reply: FastifyReply, url: string, notice: string) {
  reply.setCookie(FLASH_COOKIE, notice, { path: '/', httpOnly: true, sameSite: 'strict', maxAge: 60 });
  return reply.redirect(url, 303);
}
