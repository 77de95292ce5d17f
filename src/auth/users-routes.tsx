import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { DbContext } from '../db/context.js';
import type { Role } from '../db/schema.js';
import { UserFacingError } from '../lib/errors.js';
import { formatShortDate } from '../lib/format.js';
import { listUnitsInScope } from '../org/repo.js';
import { currentUser, redirectWithNotice, sendAdminPage } from '../web/admin-page.js';
import { CsrfField } from '../web/views/admin-layout.js';
import { grantUnitsFor } from '../access/user.js';
import * as repo from './repo.js';
import { ROLE_LABELS, ROLES } from '../access/roles.js';
import { createUser, grantRole, issuePasswordReset, revokeRole, setUserDisabled } from './service.js';
import { randomBytes } from 'node:crypto';

const manage = { config: { access: { permission: 'user.manage' as const } } };

const isRole = (v: unknown): v is Role => typeof v === 'string' && (ROLES as readonly string[]).includes(v);
const idOf = (v: unknown) => (typeof v === 'string' && /^\d{1,9}$/.test(v) ? Number(v) : NaN);

export function registerUserRoutes(app: FastifyInstance, { ctx, publicUrl }: { ctx: DbContext; publicUrl: string | undefined }): void {
  const baseUrl = (req: FastifyRequest) => publicUrl ?? `${req.protocol}://${req.host}`;

  async function listPage(
    req: FastifyRequest,
    reply: FastifyReply,
    extra: { error?: string; notice?: string; resetLink?: { name: string; url: string } } = {},
    status = 200,
  ) {
    const user = currentUser(req);
    const roots = grantUnitsFor(user, 'user.manage');
    const [users, units] = await Promise.all([repo.listUsersUnder(ctx, roots), listUnitsInScope(ctx, roots)]);
    const grants = new Map(await Promise.all(users.map(async (u) => [u.id, await repo.grantsOf(ctx, u.id)] as const)));
    const unitName = new Map(units.map((u) => [u.id, u.short_name]));
    const now = Date.now();
    return sendAdminPage(
      req,
      reply,
      { title: 'Tài khoản', active: 'users', error: extra.error ?? null, notice: extra.notice ?? null },
      (csrf) => (
        <>
          {extra.resetLink ? (
            <div class="panel review-comment">
              <p>
                Liên kết đặt mật khẩu cho <strong>{extra.resetLink.name}</strong> (dùng được một lần, trong 24 giờ). Hãy gửi cho người dùng
                qua kênh tin cậy:
              </p>
              <p>
                <code class="reset-link">{extra.resetLink.url}</code>
              </p>
            </div>
          ) : null}
          <table class="grid">
            <thead>
              <tr>
                <th>Họ và tên</th>
                <th>Tên đăng nhập</th>
                <th>Đơn vị</th>
                <th>Quyền</th>
                <th>Trạng thái</th>
                <th>Thao tác</th>
              </tr>
            </thead>
            <tbody>
              {users.map((u) => (
                <tr key={u.id}>
                  <td>{u.full_name}</td>
                  <td>{u.login}</td>
                  <td>{u.unit_name}</td>
                  <td>
                    <ul class="plain">
                      {(grants.get(u.id) ?? []).map((g) => (
                        <li key={`${g.role}-${g.unitId}`}>
                          {ROLE_LABELS[g.role]} – {unitName.get(g.unitId) ?? `đơn vị ${g.unitId}`}
                          <form method="post" action={`/quan-tri/tai-khoan/${u.id}/thu-hoi`} class="inline">
                            <CsrfField token={csrf} />
                            <input type="hidden" name="role" value={g.role} />
                            <input type="hidden" name="unitId" value={g.unitId} />{' '}
                            <button type="submit" class="link-button">
                              thu hồi
                            </button>
                          </form>
                        </li>
                      ))}
                    </ul>
                    <form method="post" action={`/quan-tri/tai-khoan/${u.id}/cap-quyen`} class="inline-form">
                      <CsrfField token={csrf} />
                      <select name="role" aria-label="Vai trò">
                        {ROLES.map((r) => (
                          <option key={r} value={r}>
                            {ROLE_LABELS[r]}
                          </option>
                        ))}
                      </select>
                      <select name="unitId" aria-label="Tại đơn vị">
                        {units.map((un) => (
                          <option key={un.id} value={un.id}>
                            {un.short_name}
                          </option>
                        ))}
                      </select>
                      <button type="submit" class="secondary">
                        Cấp quyền
                      </button>
                    </form>
                  </td>
                  <td>
                    {u.disabled ? 'Đã vô hiệu hóa' : u.locked_until && u.locked_until > now ? 'Tạm khóa' : 'Đang hoạt động'}
                    <br />
                    <span class="muted">từ {formatShortDate(new Date(u.created_at))}</span>
                  </td>
                  <td>
                    <form method="post" action={`/quan-tri/tai-khoan/${u.id}/${u.disabled ? 'kich-hoat' : 'vo-hieu'}`} class="inline">
                      <CsrfField token={csrf} />
                      <button type="submit" class={u.disabled ? 'secondary' : 'danger'}>
                        {u.disabled ? 'Kích hoạt' : 'Vô hiệu hóa'}
                      </button>
                    </form>{' '}
                    <form method="post" action={`/quan-tri/tai-khoan/${u.id}/dat-lai`} class="inline">
                      <CsrfField token={csrf} />
                      <button type="submit" class="secondary">
                        Liên kết đặt lại mật khẩu
                      </button>
                    </form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <h2>Tạo tài khoản</h2>
          <form method="post" action="/quan-tri/tai-khoan" class="panel form-grid">
            <CsrfField token={csrf} />
            <div class="form-row">
              <label for="fullName">Họ và tên</label>
              <input id="fullName" name="fullName" type="text" required maxLength={200} />
            </div>
            <div class="form-row">
              <label for="login">Tên đăng nhập</label>
              <input id="login" name="login" type="text" required maxLength={100} pattern="[a-zA-Z0-9._\-]+" />
            </div>
            <div class="form-row">
              <label for="unitId">Đơn vị</label>
              <select id="unitId" name="unitId">
                {units.map((un) => (
                  <option key={un.id} value={un.id}>
                    {un.short_name}
                  </option>
                ))}
              </select>
            </div>
            <div class="form-row">
              <label for="role">Vai trò (tại đơn vị này và các đơn vị trực thuộc)</label>
              <select id="role" name="role">
                {ROLES.map((r) => (
                  <option key={r} value={r}>
                    {ROLE_LABELS[r]}
                  </option>
                ))}
              </select>
            </div>
            <div class="actions">
              <button type="submit" class="primary">
                Tạo tài khoản
              </button>
              <span class="muted">Người dùng tự đặt mật khẩu bằng liên kết được tạo kèm.</span>
            </div>
          </form>
        </>
      ),
      status,
    );
  }

  /** Runs a command; a user-facing refusal is shown on the list page instead of an error page. */
  async function attempt(req: FastifyRequest, reply: FastifyReply, work: () => Promise<string | { name: string; url: string }>) {
    try {
      const outcome = await work();
      if (typeof outcome === 'string') return redirectWithNotice(reply, '/quan-tri/tai-khoan', outcome);
      return listPage(req, reply, { resetLink: outcome });
    } catch (e) {
      if (e instanceof UserFacingError) return listPage(req, reply, { error: e.message }, e.statusCode);
      throw e;
    }
  }

  app.get('/quan-tri/tai-khoan', manage, (req, reply) => listPage(req, reply));

  app.post<{ Body: Record<string, string> }>('/quan-tri/tai-khoan', manage, (req, reply) =>
    attempt(req, reply, async () => {
      const by = currentUser(req);
      const b = req.body ?? {};
      const id = await createUser(ctx, by, {
        login: b.login ?? '',
        fullName: b.fullName ?? '',
        unitId: Number(b.unitId),
        role: isRole(b.role) ? b.role : 'viewer',
        password: randomBytes(24).toString('base64url'),
      });
      const token = await issuePasswordReset(ctx, by, id);
      return { name: `${b.fullName} (${String(b.login).trim().toLowerCase()})`, url: `${baseUrl(req)}/dat-lai-mat-khau/${token}` };
    }),
  );

  app.post<{ Params: { id: string } }>('/quan-tri/tai-khoan/:id/vo-hieu', manage, (req, reply) =>
    attempt(req, reply, async () => {
      await setUserDisabled(ctx, currentUser(req), idOf(req.params.id), true);
      return 'Đã vô hiệu hóa tài khoản và kết thúc mọi phiên đăng nhập của tài khoản đó.';
    }),
  );
  app.post<{ Params: { id: string } }>('/quan-tri/tai-khoan/:id/kich-hoat', manage, (req, reply) =>
    attempt(req, reply, async () => {
      await setUserDisabled(ctx, currentUser(req), idOf(req.params.id), false);
      return 'Đã kích hoạt lại tài khoản.';
    }),
  );
  app.post<{ Params: { id: string } }>('/quan-tri/tai-khoan/:id/dat-lai', manage, (req, reply) =>
    attempt(req, reply, async () => {
      const target = await repo.findUserById(ctx, idOf(req.params.id));
      const token = await issuePasswordReset(ctx, currentUser(req), idOf(req.params.id));
      return { name: `${target?.full_name} (${target?.login})`, url: `${baseUrl(req)}/dat-lai-mat-khau/${token}` };
    }),
  );
  app.post<{ Params: { id: string }; Body: { role?: string; unitId?: string } }>(
    '/quan-tri/tai-khoan/:id/cap-quyen',
    manage,
    (req, reply) =>
      attempt(req, reply, async () => {
        if (!isRole(req.body?.role)) throw new UserFacingError('Vai trò không hợp lệ.');
        await grantRole(ctx, currentUser(req), idOf(req.params.id), req.body.role, idOf(req.body.unitId));
        return 'Đã cấp quyền.';
      }),
  );
  app.post<{ Params: { id: string }; Body: { role?: string; unitId?: string } }>('/quan-tri/tai-khoan/:id/thu-hoi', manage, (req, reply) =>
    attempt(req, reply, async () => {
      if (!isRole(req.body?.role)) throw new UserFacingError('Vai trò không hợp lệ.');
      await revokeRole(ctx, currentUser(req), idOf(req.params.id), req.body.role, idOf(req.body.unitId));
      return 'Đã thu hồi quyền.';
    }),
  );
}
