import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { DbContext } from '../db/context.js';
import { currentUser, sendAdminPage } from '../web/admin-page.js';
import { formRoute, freshForm, type FormState } from '../web/form-route.js';
import { parseForm } from '../web/parse.js';
import { renderDocument } from '../web/render.js';
import { clearSessionCookie, SESSION_COOKIE, setSessionCookie } from './http.js';
import { passwordChangeSchema, setPasswordSchema, signInSchema } from './schema.js';
import { changePassword, login, logout, passwordResetUser, resetPassword } from './service.js';
import { PasswordChangeForm, ResetPasswordPage } from './views/password.js';
import { LoginPage } from './views/sign-in.js';

/** Per address and login name, so one office behind a shared address is not locked out by one person. */
export const LOGIN_RATE_LIMIT = {
  max: 20,
  timeWindow: '1 minute',
  hook: 'preHandler' as const,
  keyGenerator: (req: FastifyRequest) =>
    `${req.ip}|${String((req.body as { login?: unknown } | undefined)?.login ?? '')
      .trim()
      .toLowerCase()
      .slice(0, 100)}`,
};

const BAD_LINK = 'Liên kết đặt lại mật khẩu không hợp lệ, đã hết hạn hoặc đã được dùng.';
const HTML = 'text/html; charset=utf-8';

type TokenRoute = { Params: { token: string } };

/** Only paths on this site are followed after login. */
function safeNext(raw: unknown): string {
  const s = typeof raw === 'string' ? raw : '';
  return /^\/(?!\/)[^\s\\]*$/.test(s) && s.length < 500 ? s : '/quan-tri';
}

function sendBarePage(reply: FastifyReply, page: preact.VNode, status = 200) {
  return reply.code(status).header('Cache-Control', 'no-store').type(HTML).send(renderDocument(page));
}

function showLogin(req: FastifyRequest<{ Querystring: { tiep?: string } }>, reply: FastifyReply) {
  return sendBarePage(reply, <LoginPage csrfToken={reply.generateCsrf()} next={safeNext(req.query.tiep)} />);
}

async function signIn(ctx: DbContext, secureCookies: boolean, req: FastifyRequest, reply: FastifyReply) {
  const parsed = parseForm(signInSchema, req.body);
  const form = parsed.ok ? parsed.data : { login: '', password: '', tiep: '' };
  const result = await login(ctx, form.login, form.password, req.headers['user-agent'] ?? null, req.ip);
  const next = safeNext(form.tiep);
  if (!result.ok) {
    const page = <LoginPage csrfToken={reply.generateCsrf()} next={next} error={result.error} login={form.login.slice(0, 100)} />;
    return sendBarePage(reply, page, 401);
  }
  setSessionCookie(reply, result.token, secureCookies);
  return reply.redirect(next, 303);
}

async function signOut(ctx: DbContext, req: FastifyRequest, reply: FastifyReply) {
  const token = req.cookies[SESSION_COOKIE];
  if (token) await logout(ctx, token);
  clearSessionCookie(reply);
  return reply.redirect('/dang-nhap', 303);
}

/** The page of a one-time link, with the state of its form. */
async function showResetPage(ctx: DbContext, req: FastifyRequest<TokenRoute>, reply: FastifyReply, state: FormState) {
  const user = await passwordResetUser(ctx, req.params.token);
  const page = (
    <ResetPasswordPage
      csrfToken={reply.generateCsrf()}
      token={req.params.token}
      name={user ? `${user.full_name} (${user.login})` : undefined}
      error={state.error ?? (user ? null : BAD_LINK)}
      errors={state.errors}
    />
  );
  return sendBarePage(reply, page, user || state.status !== 200 ? state.status : 404);
}

function showPasswordChange(req: FastifyRequest, reply: FastifyReply, state: FormState) {
  return sendAdminPage(
    req,
    reply,
    { title: 'Đổi mật khẩu', error: state.error },
    (csrf) => <PasswordChangeForm csrf={csrf} errors={state.errors} />,
    state.status,
  );
}

export function registerAuthRoutes(app: FastifyInstance, { ctx, secureCookies }: { ctx: DbContext; secureCookies: boolean }): void {
  const pub = { config: { access: 'public' as const } };
  const signedIn = { config: { access: 'signed-in' as const } };

  app.get<{ Querystring: { tiep?: string } }>('/dang-nhap', pub, showLogin);
  app.post('/dang-nhap', { config: { access: 'public', rateLimit: LOGIN_RATE_LIMIT } }, (req, reply) =>
    signIn(ctx, secureCookies, req, reply),
  );
  app.post('/dang-xuat', pub, (req, reply) => signOut(ctx, req, reply));

  app.get<TokenRoute>('/dat-lai-mat-khau/:token', pub, (req, reply) => showResetPage(ctx, req, reply, freshForm()));
  app.post<TokenRoute>(
    '/dat-lai-mat-khau/:token',
    { config: { access: 'public', rateLimit: { max: 20, timeWindow: '1 minute' } } },
    formRoute({
      schema: setPasswordSchema,
      show: (req: FastifyRequest<TokenRoute>, reply, state) => showResetPage(ctx, req, reply, state),
      submit: (req: FastifyRequest<TokenRoute>, input) => resetPassword(ctx, req.params.token, input.password),
      done: (_req, reply) => sendBarePage(reply, <ResetPasswordPage csrfToken="" token="" done />),
    }),
  );

  app.get('/quan-tri/mat-khau', signedIn, (req, reply) => showPasswordChange(req, reply, freshForm()));
  app.post(
    '/quan-tri/mat-khau',
    signedIn,
    formRoute({
      schema: passwordChangeSchema,
      show: showPasswordChange,
      submit: (req, input) => changePassword(ctx, currentUser(req), input.current, input.password),
      done: (_req, reply) => {
        clearSessionCookie(reply);
        return reply.redirect('/dang-nhap', 303);
      },
    }),
  );
}
