/**
 * The audit log's vocabulary: every action a record of `audit_events` may carry, with its
 * Vietnamese label and the kind of record it names. `recordAudit` accepts only these keys, so an
 * action without a label does not compile.
 */

export const AUDIT_ENTITIES = {
  article: 'Bài viết',
  section: 'Chuyên mục',
  unit: 'Đơn vị',
  member: 'Đoàn viên',
  import: 'Lần nhập danh sách',
  user: 'Tài khoản',
  settings: 'Cấu hình cổng thông tin',
  care_case: 'Hồ sơ chăm lo',
  care_report: 'Báo cáo chăm lo',
  programme: 'Chương trình chăm lo',
  fund: 'Quỹ',
  fund_entry: 'Bút toán quỹ',
} as const;
export type AuditEntity = keyof typeof AUDIT_ENTITIES;

interface AuditActionInfo {
  label: string;
  entity: AuditEntity;
}

export const AUDIT_ACTIONS = {
  // Newsroom
  'article.create': { label: 'Tạo bài viết', entity: 'article' },
  'article.update': { label: 'Sửa bài viết', entity: 'article' },
  'article.submit': { label: 'Gửi bài chờ duyệt', entity: 'article' },
  'article.return': { label: 'Trả lại bài viết', entity: 'article' },
  'article.publish': { label: 'Đăng bài viết', entity: 'article' },
  'article.schedule': { label: 'Hẹn giờ đăng bài', entity: 'article' },
  'article.unpublish': { label: 'Gỡ bài viết', entity: 'article' },
  'article.import_undo': { label: 'Xóa bài đã nhập của tệp trang cũ bị lỗi', entity: 'article' },
  'article.withdraw': { label: 'Rút lại bài đã gửi duyệt', entity: 'article' },
  'article.check_confirm': { label: 'Xác nhận đã kiểm tra bài nhập', entity: 'article' },
  'section.create': { label: 'Tạo chuyên mục', entity: 'section' },
  'section.rename': { label: 'Đổi tên chuyên mục', entity: 'section' },
  'section.reorder': { label: 'Sắp xếp chuyên mục', entity: 'section' },
  'section.set_unit': { label: 'Giao chuyên mục cho đơn vị', entity: 'section' },
  'section.import_undo': { label: 'Xóa chuyên mục đã tạo cho tệp trang cũ bị lỗi', entity: 'section' },
  'site.update': { label: 'Sửa cấu hình cổng thông tin', entity: 'settings' },
  // The union tree
  'unit.create': { label: 'Thành lập đơn vị', entity: 'unit' },
  'unit.update': { label: 'Đổi tên, sửa thông tin đơn vị', entity: 'unit' },
  'unit.move': { label: 'Chuyển đơn vị sang đơn vị cấp trên khác', entity: 'unit' },
  'unit.merge': { label: 'Sáp nhập đơn vị', entity: 'unit' },
  'unit.dissolve': { label: 'Giải thể đơn vị', entity: 'unit' },
  'unit.split': { label: 'Chia tách đơn vị', entity: 'unit' },
  // Members
  'member.create': { label: 'Kết nạp đoàn viên', entity: 'member' },
  'member.transfer': { label: 'Chuyển sinh hoạt', entity: 'member' },
  'member.leave': { label: 'Thôi sinh hoạt', entity: 'member' },
  'member.rejoin': { label: 'Kết nạp lại', entity: 'member' },
  'member.transfer_request': { label: 'Đề nghị chuyển sinh hoạt sang đơn vị ngoài phạm vi', entity: 'member' },
  'member.transfer_accept': { label: 'Nhận đoàn viên chuyển đến', entity: 'member' },
  'member.transfer_refuse': { label: 'Từ chối nhận đoàn viên chuyển đến', entity: 'member' },
  'member.transfer_cancel': { label: 'Hủy đề nghị chuyển sinh hoạt', entity: 'member' },
  'member.transfer_stale': { label: 'Đề nghị chuyển sinh hoạt hết hiệu lực', entity: 'member' },
  'member.move_all': { label: 'Chuyển đoàn viên theo sắp xếp đơn vị', entity: 'unit' },
  'member.erase': { label: 'Xóa dữ liệu cá nhân theo yêu cầu', entity: 'member' },
  'member.correct_date': { label: 'Đính chính ngày trong quá trình sinh hoạt', entity: 'member' },
  'member.correct_undo': { label: 'Hủy bỏ một thay đổi ghi nhầm trong quá trình sinh hoạt', entity: 'member' },
  'member.read': { label: 'Xem hồ sơ đoàn viên', entity: 'member' },
  'member.reveal_id': { label: 'Xem đủ số CCCD', entity: 'member' },
  'member.reveal': { label: 'Xem dữ liệu cá nhân nhạy cảm (số CCCD, dân tộc, tôn giáo)', entity: 'member' },
  'member.update': { label: 'Sửa thông tin đoàn viên', entity: 'member' },
  'member.list_sensitive': { label: 'Lọc danh sách đoàn viên theo dữ liệu nhạy cảm', entity: 'member' },
  'member.export': { label: 'Xuất danh sách đoàn viên', entity: 'member' },
  'member.import': { label: 'Nhập danh sách đoàn viên', entity: 'import' },
  'member.import_undo': { label: 'Hủy phần đã nhập của một lần nhập đoàn viên', entity: 'import' },
  // Accounts
  'user.login': { label: 'Đăng nhập', entity: 'user' },
  'user.lock': { label: 'Tạm khóa đăng nhập sau nhiều lần sai mật khẩu', entity: 'user' },
  'user.unlock': { label: 'Mở khóa đăng nhập', entity: 'user' },
  'user.create': { label: 'Tạo tài khoản', entity: 'user' },
  'user.disable': { label: 'Vô hiệu hóa tài khoản', entity: 'user' },
  'user.enable': { label: 'Kích hoạt tài khoản', entity: 'user' },
  'user.reset_link': { label: 'Cấp liên kết đặt mật khẩu', entity: 'user' },
  'user.password_reset': { label: 'Đặt mật khẩu qua liên kết', entity: 'user' },
  'user.password_change': { label: 'Đổi mật khẩu', entity: 'user' },
  'role.grant': { label: 'Giao quyền', entity: 'user' },
  'role.revoke': { label: 'Thu hồi quyền', entity: 'user' },
  // Care and funds
  'care_case.propose': { label: 'Đề nghị hỗ trợ', entity: 'care_case' },
  'care_case.update': { label: 'Sửa hồ sơ chăm lo', entity: 'care_case' },
  'care_case.attach': { label: 'Đính kèm giấy tờ', entity: 'care_case' },
  'care_case.approve': { label: 'Duyệt hồ sơ chăm lo', entity: 'care_case' },
  'care_case.return': { label: 'Trả lại hồ sơ chăm lo', entity: 'care_case' },
  'care_case.resubmit': { label: 'Gửi lại hồ sơ chăm lo', entity: 'care_case' },
  'care_case.pay': { label: 'Chi tiền hồ sơ chăm lo', entity: 'care_case' },
  'care_case.unpay': { label: 'Hoàn khoản chi của hồ sơ', entity: 'care_case' },
  'care_case.close': { label: 'Hoàn tất hồ sơ chăm lo', entity: 'care_case' },
  'care_case.read': { label: 'Xem hồ sơ chăm lo', entity: 'care_case' },
  'care_case.import': { label: 'Nhập danh sách chăm lo', entity: 'care_case' },
  'care_report.export': { label: 'Xuất báo cáo chăm lo', entity: 'care_report' },
  'programme.create': { label: 'Tạo chương trình chăm lo', entity: 'programme' },
  'programme.update': { label: 'Sửa chương trình chăm lo', entity: 'programme' },
  'fund.create': { label: 'Lập quỹ', entity: 'fund' },
  'fund.close': { label: 'Đóng quỹ', entity: 'fund' },
  'fund.receipt': { label: 'Ghi thu vào quỹ', entity: 'fund_entry' },
  'fund.payout': { label: 'Chi từ quỹ cho hồ sơ', entity: 'fund_entry' },
  'fund.transfer': { label: 'Chuyển tiền giữa các quỹ', entity: 'fund_entry' },
  'fund.reverse': { label: 'Hủy bút toán sổ quỹ', entity: 'fund_entry' },
} as const satisfies Record<string, AuditActionInfo>;

export type AuditAction = keyof typeof AUDIT_ACTIONS;
export type AuditEntityOf<A extends AuditAction> = (typeof AUDIT_ACTIONS)[A]['entity'];

export function isAuditAction(value: string): value is AuditAction {
  return Object.hasOwn(AUDIT_ACTIONS, value);
}

/** The label of an action read back from the log (an action older than this table shows as written). */
export function auditActionLabel(action: string): string {
  return isAuditAction(action) ? AUDIT_ACTIONS[action].label : action;
}
