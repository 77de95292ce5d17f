/** The body of an error shown inside the admin layout: the reason, what was refused, and ways back. */
export function AdminErrorPanel({
  message,
  refused,
  back,
}: {
  message: string;
  refused?: string;
  back: { href: string; label: string } | null;
}) {
  return (
    <div class="panel admin-error" role="alert">
      <p class="admin-error-message">{message}</p>
      {refused ? <p class="muted">Yêu cầu không thực hiện được: {refused}</p> : null}
      <p class="actions">
        {back ? (
          <a class="button secondary" href={back.href}>
            {back.label}
          </a>
        ) : null}
        <a class="button secondary" href="/quan-tri">
          Về trang quản trị
        </a>
      </p>
    </div>
  );
}
