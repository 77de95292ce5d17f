/**
 * The member list template offered for download: one column per field the importer recognises
 * (MEMBER_FIELDS, headed by its label, which the header matching always takes for that field), an
 * example row, and a "Hướng dẫn" sheet explaining each column. A field added to MEMBER_FIELDS
 * appears in the template by itself; its example and explanation come from TEMPLATE_HINTS.
 */
import type { SheetSpec, WrittenCell } from '../../spreadsheet/workbook.js';
import { MEMBER_FIELDS, type MemberField } from './columns.js';
import { MAX_CARD_LENGTH, MAX_JOB_LENGTH, MAX_NAME_LENGTH } from './fields.js';
import { POLITICAL_THEORY_LABELS, QUALIFICATION_LABELS, UNION_POSITION_LABELS, WORKFORCE_TYPE_LABELS } from '../schema.js';

export interface TemplateHint {
  /** The example row's value (made up, but valid). */
  example: WrittenCell;
  /** What the column holds and which values are allowed. */
  help: string;
  /** Typed as text in Excel (an ID with leading zeros). */
  text?: boolean;
}

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
const oneOf = (labels: Record<string, string>) => `Một trong: ${Object.values(labels).join('; ')}. Để trống nếu chưa rõ.`;
const SENSITIVE =
  'Dữ liệu cá nhân nhạy cảm: chỉ ghi khi đoàn viên đã đồng ý; chỉ cán bộ quản lý đoàn viên xem được, mỗi lần xem được ghi nhật ký.';

/** Per field: the example and the explanation; the unit's example is the user's own union. */
export const TEMPLATE_HINTS: Partial<Record<MemberField, TemplateHint>> = {
  fullName: {
    example: 'Nguyễn Thị Thu Hà',
    help: `Họ, tên đệm và tên, viết đủ dấu (tối đa ${MAX_NAME_LENGTH} ký tự). Có thể tách thành hai cột "Họ và tên đệm" và "Tên".`,
  },
  gender: { example: 'Nữ', help: '"Nam" hoặc "Nữ". Cũng nhận hai cột "Nam" | "Nữ" đánh dấu x.' },
  birthDate: {
    example: day('1988-05-12'),
    help: 'Ngày/tháng/năm (ví dụ 12/05/1988), hoặc chỉ năm sinh (1988) nếu không rõ ngày.',
  },
  citizenId: {
    example: '001188012345',
    help: 'Số căn cước công dân: 12 chữ số (CMND cũ: 9 chữ số). Giữ cột ở dạng Văn bản (Text) để Excel không bỏ số 0 ở đầu.',
    text: true,
  },
  phone: {
    example: '0912345678',
    help: 'Số di động 10 chữ số, bắt đầu bằng 03, 05, 07, 08 hoặc 09 (không nhận số máy bàn).',
    text: true,
  },
  job: { example: 'Giáo viên', help: `Nghề nghiệp hoặc chức vụ (tối đa ${MAX_JOB_LENGTH} ký tự).` },
  cardNumber: {
    example: 'ĐV-2021-0153',
    help: `Số thẻ đoàn viên: chữ, số và các dấu / . - (tối đa ${MAX_CARD_LENGTH} ký tự).`,
    text: true,
  },
  unit: {
    example: null,
    help: 'Tên công đoàn cơ sở như trong hệ thống, có hoặc không có "CĐCS", "Công đoàn cơ sở" ở đầu (xem danh sách bên dưới). Có thể để trống nếu khi tải lên chọn một đơn vị chung cho cả tệp.',
  },
  joinedOn: {
    example: day('2021-03-15'),
    help: 'Ngày/tháng/năm kết nạp vào công đoàn. Để trống: lấy ngày chọn khi tải tệp lên.',
  },
  ethnicity: { example: 'Kinh', help: `Tên một trong 54 dân tộc Việt Nam (ví dụ Kinh, Tày, Thái, Mường, H'Mông). ${SENSITIVE}` },
  religion: { example: 'Không', help: `"Không", hoặc tên tôn giáo (ví dụ Phật giáo, Công giáo). ${SENSITIVE}` },
  hometown: { example: 'Xã Tân Lập, tỉnh Phú Thọ', help: 'Quê quán (tối đa 300 ký tự).' },
  address: { example: 'Số 12 đường Lê Lợi, phường Trung tâm', help: 'Nơi ở hiện nay (tối đa 300 ký tự).' },
  email: { example: 'thuha@example.vn', help: 'Địa chỉ thư điện tử.' },
  education: { example: '12/12', help: 'Trình độ học vấn phổ thông dạng lớp/hệ, ví dụ 12/12 hoặc 9/12.' },
  qualification: { example: 'Đại học', help: `Trình độ chuyên môn. ${oneOf(QUALIFICATION_LABELS)}` },
  politicalTheory: { example: 'Sơ cấp', help: `Trình độ lý luận chính trị. ${oneOf(POLITICAL_THEORY_LABELS)}` },
  partyMember: { example: 'Có', help: '"Có" (hoặc x) nếu là đảng viên, "Không" nếu không; để trống nếu chưa rõ.' },
  partyJoinedOn: { example: day('2015-05-19'), help: 'Ngày/tháng/năm vào Đảng; chỉ ghi cho đảng viên.' },
  unionPosition: { example: 'Ủy viên BCH', help: `Chức vụ công đoàn. ${oneOf(UNION_POSITION_LABELS)}` },
  fullTimeOfficer: { example: 'Không', help: '"Có" nếu là cán bộ công đoàn chuyên trách, "Không" nếu không chuyên trách.' },
  unionJoinedOn: {
    example: day('2010-09-01'),
    help: 'Ngày vào công đoàn lần đầu (có thể trước khi về đơn vị này). Nếu tệp không có cột "Ngày kết nạp", đây là ngày bắt đầu sinh hoạt.',
  },
  workforceType: { example: 'Viên chức', help: `Loại lao động. ${oneOf(WORKFORCE_TYPE_LABELS)}` },
};

/** Units listed on the guidance sheet; beyond that the list says how many more. */
const LISTED_UNITS = 500;

/** The template's two sheets: the list to fill (header and example row) and the guidance. */
export function memberTemplateSheets(unitNames: string[]): SheetSpec[] {
  const hint = (field: MemberField): TemplateHint => TEMPLATE_HINTS[field] ?? { example: null, help: '' };
  const example = MEMBER_FIELDS.map(({ field }) => (field === 'unit' ? (unitNames[0] ?? 'CĐCS Trường THPT Số 1') : hint(field).example));
  const list: SheetSpec = {
    name: 'Danh sách đoàn viên',
    header: true,
    rows: [MEMBER_FIELDS.map((f) => f.label), example],
    widths: MEMBER_FIELDS.map((f) => Math.max(14, f.label.length + 4, f.field === 'unit' ? 32 : 0)),
    textColumns: MEMBER_FIELDS.flatMap((f, i) => (hint(f.field).text ? [i] : [])),
  };
  const guide: WrittenCell[][] = [
    ['Cột', 'Bắt buộc', 'Nội dung và giá trị hợp lệ'],
    ...MEMBER_FIELDS.map((f) => [f.label, f.required ? 'Có' : 'Không', hint(f.field).help || 'Không bắt buộc.']),
    [],
    [
      'Cách dùng',
      '',
      'Dòng 1 là tiêu đề cột: giữ nguyên. Dòng 2 là ví dụ: ghi đè hoặc xóa. Mỗi đoàn viên một dòng; không gộp ô, không ghi dòng "Tổng cộng" ở giữa danh sách.',
    ],
    [
      '',
      '',
      'Có thể bỏ các cột không bắt buộc. Khi tải lên, bạn xem trước mọi dòng lỗi và có thể tải về các dòng lỗi (kèm cột "Lý do") để sửa rồi nhập lại.',
    ],
    [],
    ['Đơn vị bạn được nhập', '', ''],
    ...unitNames.slice(0, LISTED_UNITS).map((name) => ['', '', name]),
    ...(unitNames.length > LISTED_UNITS ? [['', '', `… và ${unitNames.length - LISTED_UNITS} đơn vị khác.`]] : []),
  ];
  return [list, { name: 'Hướng dẫn', header: true, rows: guide, widths: [26, 10, 90], wrap: true }];
}
