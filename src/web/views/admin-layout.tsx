import type { ComponentChildren } from 'preact';
import type { AuthUser } from '../../access/user.js';
import { formatNumber } from '../../lib/format.js';

export interface AdminMenuEntry {
  key: string;
  href: string;
  label: string;
  /** What waits for the user there (0: nothing shown). */
  count?: number;
}

export interface AdminLayoutProps {
  title: string;
  user: AuthUser;
  csrfToken: string;
  /** The entries of the admin menu this user may open. */
  menu: AdminMenuEntry[];
  /** Which menu entry is current. */
  active?: string;
  notice?: string | null;
  error?: string | null;
  /** Extra stylesheets and scripts of this page (served by the site itself). */
  styles?: string[];
  scripts?: string[];
  children: ComponentChildren;
}

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
export function AdminLayout({
  title,
  user,
  csrfToken,
  menu,
  active,
  notice,
  error,
  styles = [],
  scripts = [],
  children,
}: AdminLayoutProps) {
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
              {/* On a phone the menu folds behind this button (a checkbox and its label, no script). */}
              <input type="checkbox" id="mo-menu-quan-tri" class="menu-toggle" aria-label="Mở menu quản trị" />
              <label for="mo-menu-quan-tri" class="menu-button" aria-hidden="true">
                Menu
                {menu.some((m) => m.count) ? (
                  <span class="menu-count"> ({formatNumber(menu.reduce((n, m) => n + (m.count ?? 0), 0))})</span>
                ) : null}
              </label>
              <ul>
                {menu.map((m) => (
                  <li key={m.key}>
                    <a href={m.href} aria-current={active === m.key ? 'page' : undefined}>
                      {m.label}
                      {m.count ? <span class="menu-count"> ({formatNumber(m.count)})</span> : null}
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
