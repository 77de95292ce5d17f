import type { ComponentChildren } from 'preact';
import { canAnywhere, type AuthUser } from '../../auth/policy.js';
import type { Action } from '../../auth/roles.js';

export interface AdminLayoutProps {
  title: string;
  user: AuthUser;
  csrfToken: string;
  /** Which menu entry is current. */
  active?: string;
  notice?: string | null;
  error?: string | null;
  /** Extra stylesheets and scripts of this page (served by the site itself). */
  styles?: string[];
  scripts?: string[];
  children: ComponentChildren;
}

const MENU: Array<{ key: string; href: string; label: string; action: Action }> = [
  { key: 'articles', href: '/quan-tri/bai-viet', label: 'Bài viết', action: 'article.read' },
  { key: 'queue', href: '/quan-tri/duyet-bai', label: 'Duyệt bài', action: 'article.review' },
  { key: 'sections', href: '/quan-tri/chuyen-muc', label: 'Chuyên mục', action: 'section.manage' },
  { key: 'units', href: '/quan-tri/don-vi', label: 'Tổ chức', action: 'record.read' },
  { key: 'members', href: '/quan-tri/doan-vien', label: 'Đoàn viên', action: 'record.read' },
  { key: 'stats', href: '/quan-tri/thong-ke', label: 'Số liệu', action: 'record.read' },
  { key: 'care', href: '/quan-tri/cham-lo', label: 'Chăm lo', action: 'care.propose' },
  { key: 'funds', href: '/quan-tri/quy', label: 'Quỹ', action: 'fund.manage' },
  { key: 'care-reports', href: '/quan-tri/bao-cao-cham-lo', label: 'Báo cáo chăm lo', action: 'care.approve' },
  { key: 'users', href: '/quan-tri/tai-khoan', label: 'Tài khoản', action: 'user.manage' },
  { key: 'audit', href: '/quan-tri/nhat-ky', label: 'Nhật ký', action: 'audit.read' },
];

/** The <head> every administration page shares: no indexing, the site's and the admin stylesheets. */
export function AdminHead({ title, csrfToken, styles = [] }: { title: string; csrfToken?: string; styles?: string[] }) {
  return (
    <head>
      <meta charSet="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <meta name="robots" content="noindex" />
      {csrfToken ? <meta name="csrf-token" content={csrfToken} /> : null}
      <title>{title}</title>
      <link rel="stylesheet" href="/assets/site.css" />
      <link rel="stylesheet" href="/assets/admin.css" />
      {styles.map((href) => (
        <link key={href} rel="stylesheet" href={href} />
      ))}
      <link rel="icon" href="/favicon.ico" type="image/svg+xml" />
    </head>
  );
}

/** The newsroom and administration pages: a plain, fast layout with the user's menu. */
export function AdminLayout({ title, user, csrfToken, active, notice, error, styles = [], scripts = [], children }: AdminLayoutProps) {
  return (
    <html lang="vi">
      <AdminHead title={`${title} – Quản trị`} csrfToken={csrfToken} styles={styles} />
      <body class="admin">
        <header class="admin-bar">
          <div class="wrap admin-bar-inner">
            <a class="admin-home" href="/quan-tri">
              Quản trị cổng thông tin
            </a>
            <nav aria-label="Quản trị">
              <ul>
                {MENU.filter((m) => canAnywhere(user, m.action)).map((m) => (
                  <li key={m.key}>
                    <a href={m.href} aria-current={active === m.key ? 'page' : undefined}>
                      {m.label}
                    </a>
                  </li>
                ))}
                <li>
                  <a href="/" target="_blank" rel="noopener">
                    Xem cổng thông tin
                  </a>
                </li>
              </ul>
            </nav>
            <div class="admin-user">
              <a href="/quan-tri/mat-khau" title="Đổi mật khẩu">
                {user.fullName}
              </a>
              <form method="post" action="/dang-xuat" class="inline">
                <input type="hidden" name="_csrf" value={csrfToken} />
                <button type="submit" class="link-button">
                  Đăng xuất
                </button>
              </form>
            </div>
          </div>
        </header>
        <main class="wrap admin-main">
          <h1>{title}</h1>
          {notice ? (
            <p class="flash flash-ok" role="status">
              {notice}
            </p>
          ) : null}
          {error ? (
            <p class="flash flash-error" role="alert">
              {error}
            </p>
          ) : null}
          {children}
        </main>
        {scripts.map((src) => (
          <script key={src} src={src} defer />
        ))}
      </body>
    </html>
  );
}

/** The hidden CSRF field every form carries. */
export function CsrfField({ token }: { token: string }) {
  return <input type="hidden" name="_csrf" value={token} />;
}
