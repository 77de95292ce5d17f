import { escapeHtml } from '../lib/html.js';

const MESSAGES: Record<number, string> = {
  400: 'Yêu cầu không hợp lệ.',
  401: 'Bạn cần đăng nhập để tiếp tục.',
  403: 'Bạn không có quyền thực hiện thao tác này.',
  404: 'Không tìm thấy trang.',
  409: 'Dữ liệu đã được người khác thay đổi.',
  413: 'Dữ liệu gửi lên quá lớn.',
  429: 'Bạn thao tác quá nhanh, xin vui lòng thử lại sau ít phút.',
  500: 'Hệ thống gặp sự cố khi xử lý yêu cầu. Xin vui lòng thử lại sau ít phút.',
};

/** A plain Vietnamese error page that needs nothing from the database (it may be what failed). */
export function errorPageHtml(status: number, message?: string): string {
  const text = message ?? MESSAGES[status] ?? 'Yêu cầu không thực hiện được.';
  const title = errorTitle(status);
  return (
    `<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title><link rel="stylesheet" href="/assets/site.css"></head>` +
    `<body><main class="wrap not-found"><h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p><p><a href="/">Về trang chủ</a>${status === 401 ? ' · <a href="/dang-nhap">Đăng nhập</a>' : ''}</p></main></body></html>`
  );
}

export function statusMessage(status: number): string {
  return MESSAGES[status] ?? 'Yêu cầu không thực hiện được.';
}

export function errorTitle(status: number): string {
  if (status === 403) return 'Không có quyền truy cập';
  if (status === 401) return 'Cần đăng nhập';
  if (status === 404) return 'Không tìm thấy';
  if (status === 409) return 'Dữ liệu đã thay đổi';
  if (status === 503) return 'Hệ thống đang bận';
  return `Đã có lỗi xảy ra (${status})`;
}
