export function NotFoundPage({ message }: { message: string }) {
  return (
    <div class="not-found">
      <h1>Không tìm thấy trang</h1>
      <p>{message}</p>
      <p>
        <a href="/">Về trang chủ</a> hoặc tìm bài viết:
      </p>
      <form action="/tim-kiem" method="get" role="search" class="search-big">
        <label for="q404" class="visually-hidden">
          Từ khóa
        </label>
        <input id="q404" name="q" type="search" maxLength={500} />
        <button type="submit">Tìm</button>
      </form>
    </div>
  );
}

export function ErrorPage() {
  return (
    <div class="not-found">
      <h1>Đã có lỗi xảy ra</h1>
      <p>Hệ thống gặp sự cố khi xử lý yêu cầu. Xin vui lòng thử lại sau ít phút.</p>
      <p>
        <a href="/">Về trang chủ</a>
      </p>
    </div>
  );
}
