import { escapeHtml } from '../lib/html.js';

const MESSAGES: Record<number, string> = {
  400: 'Yêu cầu không hợp lệ.',
  403: 'Bạn không có quyền thực hiện thao tác này.',
  404: 'Không tìm thấy trang.',
  413: 'Dữ liệu gửi lên quá lớn.',
  429: 'Bạn thao tác quá nhanh, xin vui lòng thử lại sau ít phút.',
  500: 'Hệ thống gặp sự cố khi xử lý yêu cầu. Xin vui lòng thử lại sau ít phút.',
};

/** A plain Vietnamese error page that needs nothing from the database (it may be what failed). */
export function errorPageHtml(status: number): string {
  const message = MESSAGES[status] ?? 'Yêu cầu không thực hiện được.';
  return `<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Lỗi ${status}</title><link rel="stylesheet" href="/assets/site.css"></head>`
    + `<body><main class="wrap not-found"><h1>Đã có lỗi xảy ra (${status})</h1><p>${escapeHtml(message)}</p><p><a href="/">Về trang chủ</a></p></main></body></html>`;
}
