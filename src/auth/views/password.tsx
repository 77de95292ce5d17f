import type { FormState } from '../../web/form-route.js';
import { CsrfField } from '../../web/views/admin-layout.js';
import { BarePage, FlashError } from './bare-page.js';
import { FieldMessage } from '../../web/views/field.js';

/** The page of a one-time link: the form to set a password, or why the link cannot be used, or that it is done. */
export function ResetPasswordPage({
  csrfToken,
  token,
  name,
  error,
  errors = {},
  done,
}: {
  csrfToken: string;
  token: string;
  name?: string;
  error?: string | null;
  errors?: FormState['errors'];
  done?: boolean;
}) {
  return (
    <BarePage title="Đặt lại mật khẩu">
      <div class="login-box">
        <h1>Đặt lại mật khẩu</h1>
        <FlashError message={error} />
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
              <FieldMessage id="password" message={errors.password} />
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

/** The user's own password change (what was typed in password fields is never shown again). */
export function PasswordChangeForm({ csrf, errors = {} }: { csrf: string; errors?: FormState['errors'] }) {
  return (
    <form method="post" action="/quan-tri/mat-khau" class="panel">
      <CsrfField token={csrf} />
      <div class="form-row">
        <label for="current">Mật khẩu hiện tại</label>
        <input id="current" name="current" type="password" autoComplete="current-password" required />
        <FieldMessage id="current" message={errors.current} />
      </div>
      <div class="form-row">
        <label for="password">Mật khẩu mới (ít nhất 10 ký tự)</label>
        <input id="password" name="password" type="password" autoComplete="new-password" required />
        <FieldMessage id="password" message={errors.password} />
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
