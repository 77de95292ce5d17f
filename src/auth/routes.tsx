import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { DbContext } from '../db/context.js';
import { UserFacingError } from '../lib/errors.js';
import { renderDocument } from '../web/render.js';
import { currentUser, sendAdminPage } from '../web/admin-page.js';
import { CsrfField } from '../web/views/admin-layout.js';
import { clearSessionCookie, SESSION_COOKIE, setSessionCookie } from './http.js';
import { changePassword, login, logout, passwordResetUser, resetPassword } from './service.js';
import { LoginPage, ResetPasswordPage } from './views.js';

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

/** Only paths on this site are followed after login. */
function safeNext(raw: unknown): string {
  const s = typeof raw === 'string' ? raw : '';
  return /^\/(?!\/)[^\s\\]*$/.test(s) && s.length < 500 ? s : '/quan-tri';
}

export function registerAuthRoutes(app: FastifyInstance, { ctx, secureCookies }: { ctx: DbContext; secureCookies: boolean }): void {
  const pub = { config: { access: 'public' as const } };
  const html = 'text/html; charset=utf-8';

  app.get<{ Querystring: { tiep?: string } }>('/dang-nhap', pub, async (req, reply) =>
    reply
      .header('Cache-Control', 'no-store')
      .type(html)
      .send(renderDocument(<LoginPage csrfToken={reply.generateCsrf()} next={safeNext(req.query.tiep)} />)),
  );

  app.post<{ Body: { login?: string; password?: string; tiep?: string } }>(
    '/dang-nhap',
    {
      config: { access: 'public', rateLimit: LOGIN_RATE_LIMIT },
    },
    async (req, reply) => {
      const result = await login(ctx, String(req.body?.login ?? ''), String(req.body?.password ?? ''), req.headers['user-agent'] ?? null);
      const next = safeNext(req.body?.tiep);
      if (!result.ok) {
        return reply
          .code(401)
          .header('Cache-Control', 'no-store')
          .type(html)
          .send(
            renderDocument(
              <LoginPage
                csrfToken={reply.generateCsrf()}
                next={next}
                error={result.error}
                login={String(req.body?.login ?? '').slice(0, 100)}
              />,
            ),
          );
      }
      setSessionCookie(reply, result.token, secureCookies);
      return reply.redirect(next, 303);
    },
  );

  app.post('/dang-xuat', pub, async (req, reply) => {
    const token = req.cookies[SESSION_COOKIE];
    if (token) await logout(ctx, token);
    clearSessionCookie(reply);
    return reply.redirect('/dang-nhap', 303);
  });

  app.get<{ Params: { token: string } }>('/dat-lai-mat-khau/:token', pub, async (req, reply) => {
    const user = await passwordResetUser(ctx, req.params.token);
    const page = (
      <ResetPasswordPage
        csrfToken={reply.generateCsrf()}
        token={req.params.token}
        name={user ? `${user.full_name} (${user.login})` : undefined}
        error={user ? undefined : 'Liên kết đặt lại mật khẩu không hợp lệ, đã hết hạn hoặc đã được dùng.'}
      />
    );
    return reply
      .code(user ? 200 : 404)
      .header('Cache-Control', 'no-store')
      .type(html)
      .send(renderDocument(page));
  });

  app.post<{ Params: { token: string }; Body: { password?: string } }>(
    '/dat-lai-mat-khau/:token',
    {
      config: { access: 'public', rateLimit: { max: 20, timeWindow: '1 minute' } },
    },
    async (req, reply) => {
      try {
        await resetPassword(ctx, req.params.token, String(req.body?.password ?? ''));
        return reply
          .header('Cache-Control', 'no-store')
          .type(html)
          .send(renderDocument(<ResetPasswordPage csrfToken="" token="" done />));
      } catch (e) {
        if (!(e instanceof UserFacingError)) throw e;
        const user = await passwordResetUser(ctx, req.params.token);
        return reply
          .code(400)
          .type(html)
          .send(
            renderDocument(
              <ResetPasswordPage
                csrfToken={reply.generateCsrf()}
                token={req.params.token}
                name={user ? `${user.full_name} (${user.login})` : undefined}
                error={e.message}
              />,
            ),
          );
      }
    },
  );

  const anyRole = { config: { access: 'signed-in' as const } };

  app.get('/quan-tri/mat-khau', anyRole, async (req, reply) =>
    sendAdminPage(req, reply, { title: 'Đổi mật khẩu' }, (csrf) => <PasswordForm csrf={csrf} />),
  );

  app.post<{ Body: { current?: string; password?: string } }>('/quan-tri/mat-khau', anyRole, async (req, reply) => {
    try {
      await changePassword(ctx, currentUser(req), String(req.body?.current ?? ''), String(req.body?.password ?? ''));
    } catch (e) {
      if (!(e instanceof UserFacingError)) throw e;
      return sendAdminPage(req, reply, { title: 'Đổi mật khẩu', error: e.message }, (csrf) => <PasswordForm csrf={csrf} />, 400);
    }
    clearSessionCookie(reply);
    return reply.redirect('/dang-nhap', 303);
  });
}

function PasswordForm({ csrf }: { csrf: string }) {
  return (
    <form method="post" action="/quan-tri/mat-khau" class="panel">
      <CsrfField token={csrf} />
      <div class="form-row">
        <label for="current">Mật khẩu hiện tại</label>
        <input id="current" name="current" type="password" autoComplete="current-password" required />
      </div>
      <div class="form-row">
        <label for="password">Mật khẩu mới (ít nhất 10 ký tự)</label>
        <input id="password" name="password" type="password" autoComplete="new-password" required />
      </div>
      <p class="muted">Sau khi đổi mật khẩu, mọi phiên đăng nhập của bạn sẽ kết thúc; hãy đăng nhập lại.</p>
      <div class="actions">
        <button type="submit" class="primary">
          Đổi mật khẩu
        </button>
      </div>
    </form>
  );
}
