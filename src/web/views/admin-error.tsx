/** The body of an error shown inside the admin layout: the reason, and ways back. */
export function AdminErrorPanel({ message, back }: { message: string; back: string | null }) {
  return (
    <div class="panel admin-error">
      <p>{message}</p>
      <p class="actions">
        {back ? (
          <a class="button secondary" href={back}>
            Quay lại trang trước
          </a>
        ) : null}
        <a class="button secondary" href="/quan-tri">
          Về trang quản trị
        </a>
      </p>
    </div>
  );
}
