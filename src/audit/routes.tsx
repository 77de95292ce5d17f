import type { FastifyInstance } from 'fastify';
import { grantUnitsFor } from '../access/user.js';
import type { DbContext } from '../db/context.js';
import { formatDateLine, formatNumber, siteTime } from '../lib/format.js';
import { paginateList, parsePageNumber } from '../lib/pagination.js';
import { listUnitsInScope } from '../org/repo.js';
import { currentUser, sendAdminPage } from '../web/admin-page.js';
import { Pager } from '../web/views/components.js';
import { listAuditEvents } from './repo.js';
import { UnitOptions } from '../web/views/unit-options.js';

const PAGE = 50;

export const AUDIT_ACTION_LABELS: Record<string, string> = {
  'article.create': 'Tạo bài viết',
  'article.update': 'Sửa bài viết',
  'article.submit': 'Gửi duyệt',
  'article.return': 'Trả lại bài',
  'article.publish': 'Đăng bài',
  'article.schedule': 'Hẹn giờ đăng',
  'article.unpublish': 'Gỡ bài',
  'section.create': 'Tạo chuyên mục',
  'section.rename': 'Đổi tên chuyên mục',
  'section.reorder': 'Đổi thứ tự chuyên mục',
  'section.set_unit': 'Đổi đơn vị của chuyên mục',
  'unit.create': 'Tạo đơn vị',
  'site.update': 'Sửa cấu hình cổng thông tin',
  'user.create': 'Tạo tài khoản',
  'user.login': 'Đăng nhập',
  'user.lock': 'Tạm khóa do đăng nhập sai',
  'user.disable': 'Vô hiệu hóa tài khoản',
  'user.enable': 'Kích hoạt tài khoản',
  'user.reset_link': 'Cấp liên kết đặt lại mật khẩu',
  'user.password_reset': 'Đặt lại mật khẩu',
  'user.password_change': 'Đổi mật khẩu',
  'role.grant': 'Cấp quyền',
  'role.revoke': 'Thu hồi quyền',
  'fund.create': 'Lập quỹ',
  'fund.close': 'Đóng quỹ',
  'fund.receipt': 'Ghi thu vào quỹ',
  'fund.transfer': 'Chuyển tiền giữa các quỹ',
  'fund.payout': 'Chi tiền hỗ trợ từ quỹ',
  'fund.reverse': 'Hủy bút toán sổ quỹ',
  'programme.create': 'Tạo chương trình chăm lo',
  'programme.update': 'Sửa chương trình chăm lo',
  'care_case.propose': 'Đề nghị hỗ trợ',
  'care_case.update': 'Sửa hồ sơ hỗ trợ',
  'care_case.resubmit': 'Gửi lại hồ sơ hỗ trợ',
  'care_case.approve': 'Duyệt hồ sơ hỗ trợ',
  'care_case.return': 'Trả lại hồ sơ hỗ trợ',
  'care_case.pay': 'Chi tiền hồ sơ hỗ trợ',
  'care_case.unpay': 'Hủy khoản chi của hồ sơ hỗ trợ',
  'care_case.close': 'Hoàn tất hồ sơ hỗ trợ',
  'care_case.read': 'Xem hồ sơ hỗ trợ',
  'care_case.attach': 'Đính kèm tệp vào hồ sơ hỗ trợ',
  'care_case.import': 'Nhập danh sách hỗ trợ từ tệp',
  'care_report.export': 'Xuất báo cáo chăm lo',
};

/** "2026-11-24" (Vietnam date) → start of that day, as epoch ms. */
function parseDay(raw: unknown): number | null {
  const m = typeof raw === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(raw) : null;
  return m ? siteTime(Number(m[1]), Number(m[2]), Number(m[3])).getTime() : null;
}

export function registerAuditRoutes(app: FastifyInstance, { ctx }: { ctx: DbContext }): void {
  app.get<{ Querystring: { don_vi?: string; nguoi?: string; tu?: string; den?: string; trang?: string } }>(
    '/quan-tri/nhat-ky',
    {
      config: { access: { permission: 'audit.read' } },
    },
    async (req, reply) => {
      const user = currentUser(req);
      const q = req.query;
      const units = await listUnitsInScope(ctx, grantUnitsFor(user, 'audit.read'));
      const unitId = q.don_vi && /^\d+$/.test(q.don_vi) && units.some((u) => u.id === Number(q.don_vi)) ? Number(q.don_vi) : null;
      const to = parseDay(q.den);
      const filter = {
        unitId,
        login: q.nguoi?.trim().toLowerCase().slice(0, 100) || null,
        from: parseDay(q.tu),
        to: to === null ? null : to + 24 * 3600 * 1000,
      };
      const page = parsePageNumber(q.trang) ?? 1;
      const { rows, total } = await listAuditEvents(ctx, user, filter, PAGE, (page - 1) * PAGE);
      const p = paginateList(total, page, PAGE);
      const params = new URLSearchParams(
        Object.entries({ don_vi: q.don_vi ?? '', nguoi: q.nguoi ?? '', tu: q.tu ?? '', den: q.den ?? '' }).filter(([, v]) => v),
      );
      return sendAdminPage(req, reply, { title: 'Nhật ký thay đổi', active: 'audit' }, () => (
        <>
          <form method="get" action="/quan-tri/nhat-ky" class="panel form-grid">
            <div class="form-row">
              <label for="don_vi">Đơn vị (gồm cả cấp dưới)</label>
              <select id="don_vi" name="don_vi">
                <option value="">Tất cả trong phạm vi</option>
                <UnitOptions units={units} selected={unitId} />
              </select>
            </div>
            <div class="form-row">
              <label for="nguoi">Tên đăng nhập</label>
              <input id="nguoi" name="nguoi" type="text" value={q.nguoi ?? ''} />
            </div>
            <div class="form-row">
              <label for="tu">Từ ngày</label>
              <input id="tu" name="tu" type="date" value={q.tu ?? ''} />
            </div>
            <div class="form-row">
              <label for="den">Đến ngày</label>
              <input id="den" name="den" type="date" value={q.den ?? ''} />
            </div>
            <div class="actions">
              <button type="submit" class="primary">
                Lọc
              </button>
            </div>
          </form>
          <p class="muted">{formatNumber(total)} sự kiện.</p>
          <table class="grid">
            <thead>
              <tr>
                <th>Thời gian</th>
                <th>Người thực hiện</th>
                <th>Thao tác</th>
                <th>Đối tượng</th>
                <th>Đơn vị</th>
                <th>Thay đổi</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((e) => (
                <tr key={e.id}>
                  <td>{formatDateLine(new Date(e.at))}</td>
                  <td>{e.actor_label}</td>
                  <td>{AUDIT_ACTION_LABELS[e.action] ?? e.action}</td>
                  <td>
                    {e.entity} #{e.entity_id}
                  </td>
                  <td>{e.unit_name ?? '—'}</td>
                  <td>
                    {e.before_json || e.after_json ? (
                      <details>
                        <summary>Xem</summary>
                        {e.before_json ? (
                          <>
                            <p class="muted">Trước:</p>
                            <pre class="json">{e.before_json.slice(0, 4000)}</pre>
                          </>
                        ) : null}
                        {e.after_json ? (
                          <>
                            <p class="muted">Sau:</p>
                            <pre class="json">{e.after_json.slice(0, 4000)}</pre>
                          </>
                        ) : null}
                      </details>
                    ) : (
                      '—'
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pager
            page={p.page}
            pages={p.pages}
            href={(n) => `/quan-tri/nhat-ky?${new URLSearchParams([...params, ...(n > 1 ? [['trang', String(n)]] : [])]).toString()}`}
          />
        </>
      ));
    },
  );
}
