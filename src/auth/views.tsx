import { AdminHead, CsrfField } from '../web/views/admin-layout.js';

function BarePage({ title, children }: { title: string; children: preact.ComponentChildren }) {
  return (
    <html lang="vi">
      <AdminHead title={title} />
      <body class="admin">
        <main class="wrap">{children}</main>
      </body>
    </html>
  );
}

export function LoginPage({ csrfToken, next, error, login }: { csrfToken: string; next: string; error?: string; login?: string }) {
  return (
    <BarePage title="Đăng nhập – Quản trị">
      <div class="login-box">
        <h1>Đăng nhập</h1>
        {error ? (
          <p class="flash flash-error" role="alert">
            {error}
          </p>
        ) : null}
        <form method="post" action="/dang-nhap">
          <CsrfField token={csrfToken} />
          <input type="hidden" name="tiep" value={next} />
          <div class="form-row">
            <label for="login">Tên đăng nhập</label>
            <input id="login" name="login" type="text" autoComplete="username" required maxLength={100} value={login ?? ''} />
          </div>
          <div class="form-row">
            <label for="password">Mật khẩu</label>
            <input id="password" name="password" type="password" autoComplete="current-password" required maxLength={200} />
          </div>
          <div class="actions">
            <button type="submit" class="primary">
              Đăng nhập
            </button>
          </div>
        </form>
        <p class="muted">Quên mật khẩu? Hãy nhờ quản trị viên của đơn vị cấp liên kết đặt lại mật khẩu.</p>
      </div>
    </BarePage>
  );
}

export function ResetPasswordPage({
  csrfToken,
  token,
  name,
  error,
  done,
}: {
  csrfToken: string;
  token: string;
  name?: string;
  error?: string;
  done?: boolean;
}) {
  return (
    <BarePage title="Đặt lại mật khẩu">
      <div class="login-box">
        <h1>Đặt lại mật khẩu</h1>
        {error ? (
          <p class="flash flash-error" role="alert">
            {error}
          </p>
        ) : null}
        {done ? (
          <p class="flash flash-ok">
            Đã đặt mật khẩu mới. <a href="/dang-nhap">Đăng nhập</a>
          </p>
        ) : name ? (
          <form method="post" action={`/dat-lai-mat-khau/${token}`}>
            <CsrfField token={csrfToken} />
            <p>
              Tài khoản: <strong>{name}</strong>
            </p>
            <div class="form-row">
              <label for="password">Mật khẩu mới (ít nhất 10 ký tự)</label>
              <input id="password" name="password" type="password" autoComplete="new-password" required maxLength={200} />
            </div>
            <div class="actions">
              <button type="submit" class="primary">
                Lưu mật khẩu
              </button>
            </div>
          </form>
        ) : null}
      </div>
    </BarePage>
  );
}
