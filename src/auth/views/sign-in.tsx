import { CsrfField } from '../../web/views/admin-layout.js';
import { BarePage, FlashError } from './bare-page.js';

export function LoginPage({ csrfToken, next, error, login }: { csrfToken: string; next: string; error?: string; login?: string }) {
  return (
    <BarePage title="Đăng nhập – Quản trị">
      <div class="login-box">
        <h1>Đăng nhập</h1>
        <FlashError message={error} />
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
