import type { ComponentChildren } from 'preact';
import { AdminHead } from '../../web/views/admin-layout.js';

/** A page outside the admin layout: for people who are not signed in. */
export function BarePage({ title, children }: { title: string; children: ComponentChildren }) {
  return (
    <html lang="vi">
      <AdminHead title={title} />
      <body class="admin">
        <main class="wrap">{children}</main>
      </body>
    </html>
  );
}

export function FlashError({ message }: { message: string | null | undefined }) {
  return message ? (
    <p class="flash flash-error" role="alert">
      {message}
    </p>
  ) : null;
}
