import { formatNumber, formatMoney } from '../lib/format.js';
import { fullName, initials, PROVINCE, randomPerson, type OrgUnit, type Person, type UnitKind } from './org.js';
import type { PhotoKind } from './photos.js';
import type { Rng } from './random.js';

/**
 * News written from templates: each event type the federation reports (meetings, care,
 * sports, awards, training …) writes a headline, a lead, paragraphs and photo captions for
 * one organising unit on one day. The words are this project's own.
 */

export interface Day {
  year: number;
  month: number;
  day: number;
}

export interface Officials {
  /** Phó Chủ tịch UBND tỉnh. */
  provinceDeputy: Person;
  /** Trưởng Ban Dân vận Tỉnh ủy. */
  massMobilisation: Person;
}

export interface ArticleContext {
  rng: Rng;
  /** The unit that holds the event. */
  host: OrgUnit;
  province: OrgUnit;
  date: Day;
  officials: Officials;
}

export interface Draft {
  headline: string;
  /** The lead after its opening date ("Sáng 12/3, "). */
  lead: string;
  paragraphs: string[];
  captions: string[];
  photos: PhotoKind[];
  /** Parts of the day the event may be held in; none: the lead names the day only. */
  parts?: readonly ('Sáng' | 'Chiều' | 'Tối')[];
  /** For an event of several days. */
  days?: number;
  /** True when the text never has the words "công" and "đoàn" side by side. */
  apart?: boolean;
}

export interface EventType {
  key: string;
  weight: number;
  hosts: readonly UnitKind[];
  /** When it may happen; none: any day. */
  when?: (d: Day) => boolean;
  /** Which units of the host kinds it fits; none: all of them. */
  fits?: (u: OrgUnit) => boolean;
  write: (c: ArticleContext) => Draft;
}

// ---------------------------------------------------------------------------------------------
// Words and numbers

const n = (v: number) => formatNumber(v);
const money = (v: number) => formatMoney(v);
const pad2 = (v: number) => String(v).padStart(2, '0');

/** 1_020_000_000 → "1,02 tỷ đồng"; 45_500_000 → "45,5 triệu đồng". */
function roundMoney(v: number): string {
  if (v >= 1e9) return `${n(Math.round(v / 1e7) / 100)} tỷ đồng`;
  if (v >= 1e6) return `${n(Math.round(v / 1e5) / 10)} triệu đồng`;
  return money(v);
}

/** A sum of `count` gifts of `min`…`max` đồng, in steps of `step`. */
function giftTotal(rng: Rng, count: number, min: number, max: number, step: number): number {
  let total = 0;
  for (let i = 0; i < count; i++) total += rng.int(min / step, max / step) * step;
  return total;
}

const ROMAN: readonly [number, string][] = [
  [10, 'X'],
  [9, 'IX'],
  [5, 'V'],
  [4, 'IV'],
  [1, 'I'],
];
function roman(v: number): string {
  let out = '';
  for (const [value, letters] of ROMAN)
    while (v >= value) {
      out += letters;
      v -= value;
    }
  return out;
}

const STEMS = ['Canh', 'Tân', 'Nhâm', 'Quý', 'Giáp', 'Ất', 'Bính', 'Đinh', 'Mậu', 'Kỷ'];
const BRANCHES = ['Tý', 'Sửu', 'Dần', 'Mão', 'Thìn', 'Tỵ', 'Ngọ', 'Mùi', 'Thân', 'Dậu', 'Tuất', 'Hợi'];
/** 2024 → "Giáp Thìn". */
export function lunarYearName(year: number): string {
  return `${STEMS[year % 10]} ${BRANCHES[(year - 4) % 12]}`;
}

const comrade = (p: Person, title: string) => `đồng chí ${fullName(p)}, ${title}`;
const chairOf = (u: OrgUnit) => comrade(u.chair, `Chủ tịch ${u.abbr}`);
const viceOf = (u: OrgUnit) => comrade(u.vice, `Phó Chủ tịch ${u.abbr}`);
const headOf = (u: OrgUnit) => comrade(u.head, u.headTitle);
const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const pct = (a: number, b: number) => `${n(Math.round((a / b) * 1000) / 10)}%`;

/** A count of people between lo and hi, no more than a grassroots host has members. */
function sized(c: ArticleContext, lo: number, hi: number): number {
  if (c.host.kind !== 'grassroots') return c.rng.int(lo, hi);
  const cap = Math.max(3, Math.round(c.host.members * 0.8));
  const top = Math.min(hi, cap);
  return c.rng.int(Math.min(lo, top), top);
}

/** The unit above the host, whose leader comes to direct its meetings. */
function superior(c: ArticleContext): OrgUnit {
  return c.host.parent ?? c.host;
}

/** Who attends and directs: a leader of the level above, or of the province. */
function directingGuest(c: ArticleContext): string {
  const { rng, host } = c;
  if (host.kind === 'province') {
    return rng.chance(0.5)
      ? comrade(c.officials.provinceDeputy, 'Tỉnh ủy viên, Phó Chủ tịch UBND tỉnh')
      : comrade(c.officials.massMobilisation, 'Ủy viên Ban Thường vụ Tỉnh ủy, Trưởng Ban Dân vận Tỉnh ủy');
  }
  const above = superior(c);
  return rng.chance(0.6) ? chairOf(above) : viceOf(above);
}

/** "các CĐCS trực thuộc", or inside a grassroots union its groups. */
function below(u: OrgUnit): string {
  if (u.kind === 'province') return 'các công đoàn cấp trên trực tiếp cơ sở và CĐCS trong tỉnh';
  if (u.kind === 'grassroots') return 'các tổ công đoàn';
  return 'các CĐCS trực thuộc';
}

/** The grassroots unions the host reports about: its own, or itself. */
function someGrassroots(c: ArticleContext, count: number): OrgUnit[] {
  const { host, rng } = c;
  if (host.kind === 'grassroots') return [host];
  const pool = host.kind === 'province' ? host.children.flatMap((u) => u.children) : host.children;
  return rng.sample(pool, count);
}

/** What a member of this grassroots union does for a living. */
function jobAt(rng: Rng, u: OrgUnit): string {
  switch (u.place) {
    case 'school':
      return rng.pick(['giáo viên', 'giáo viên', 'nhân viên']);
    case 'hospital':
      return rng.pick(['bác sĩ', 'điều dưỡng', 'kỹ thuật viên']);
    case 'enterprise':
      return rng.pick(['công nhân', 'công nhân', 'nhân viên']);
    case 'agency':
      return rng.pick(['công chức', 'viên chức']);
    case 'commune':
      return 'công chức';
    default:
      return 'viên chức';
  }
}

/** Groups inside a grassroots union that compete in its own sports meet. */
function groupsOf(u: OrgUnit): string[] {
  switch (u.place) {
    case 'school':
      return ['Tổ Khoa học tự nhiên', 'Tổ Khoa học xã hội', 'Tổ Văn phòng', 'Tổ Ngoại ngữ'];
    case 'hospital':
      return ['Khoa Nội', 'Khoa Ngoại', 'Khoa Hồi sức cấp cứu', 'Phòng Hành chính'];
    case 'enterprise':
      return ['Phân xưởng số 1', 'Phân xưởng số 2', 'Phòng Kỹ thuật', 'Tổ Bảo dưỡng'];
    default:
      return ['Văn phòng', 'Phòng Nghiệp vụ', 'Phòng Tổng hợp', 'Bộ phận Một cửa'];
  }
}

function venue(c: ArticleContext): string {
  const { host, rng } = c;
  if (host.kind === 'province')
    return rng.pick([
      'tại Hội trường LĐLĐ tỉnh',
      'tại Nhà Văn hóa Lao động tỉnh',
      `tại Trung tâm Hội nghị tỉnh ${PROVINCE}`,
      'tại trụ sở LĐLĐ tỉnh',
    ]);
  if (host.kind === 'grassroots') return `tại hội trường ${host.agency}`;
  if (host.kind === 'city' || host.kind === 'district') return `tại Hội trường ${host.authority}`;
  return rng.pick([`tại Hội trường ${host.authority}`, 'tại Hội trường LĐLĐ tỉnh']);
}

function closing(rng: Rng, text: string): string {
  return rng.chance(0.25) ? `${text.replace(/\.$/, '')}./.` : text;
}

const NEW_COMPANIES_A = [
  'May mặc',
  'Xây dựng',
  'Thương mại và Dịch vụ',
  'Chế biến lâm sản',
  'Vận tải',
  'Cơ khí',
  'Nông nghiệp công nghệ cao',
  'Bao bì',
];
const NEW_COMPANIES_B = [
  'Thành Đạt',
  'Hưng Phát',
  'An Khang',
  'Minh Long',
  'Phúc Lộc',
  'Tân Tiến',
  'Đại Dương',
  'Việt Hưng',
  'Hoàng Sơn',
  'Bảo Ngọc',
];
function newCompany(rng: Rng): string {
  return `Công ty ${rng.pick(['TNHH', 'TNHH', 'Cổ phần'])} ${rng.pick(NEW_COMPANIES_A)} ${rng.pick(NEW_COMPANIES_B)}`;
}

// ---------------------------------------------------------------------------------------------
// Occasions

/** What an event in this month celebrates, if anything. */
function occasion(d: Day, host: OrgUnit): string | null {
  const y = d.year;
  const md = d.month * 100 + d.day;
  if (md <= 203)
    return `chào mừng kỷ niệm ${y - 1930} năm Ngày thành lập Đảng Cộng sản Việt Nam (3/2/1930 – 3/2/${y}) và đón Xuân ${lunarYearName(y)}`;
  if (md <= 228) return `mừng Đảng, mừng Xuân ${lunarYearName(y)} ${y}`;
  if (md <= 308)
    return host.kind === 'health'
      ? 'chào mừng Ngày Thầy thuốc Việt Nam 27/2 và Ngày Quốc tế Phụ nữ 8/3'
      : `chào mừng kỷ niệm ${y - 1910} năm Ngày Quốc tế Phụ nữ 8/3`;
  if (md <= 326) return `chào mừng kỷ niệm ${y - 1931} năm Ngày thành lập Đoàn TNCS Hồ Chí Minh (26/3/1931 – 26/3/${y})`;
  if (md <= 501)
    return `chào mừng kỷ niệm ${y - 1975} năm Ngày Giải phóng miền Nam, thống nhất đất nước (30/4) và Ngày Quốc tế Lao động 1/5`;
  if (md <= 531) return `hưởng ứng Tháng Công nhân năm ${y}`;
  if (md <= 728) return `chào mừng kỷ niệm ${y - 1929} năm Ngày thành lập Công đoàn Việt Nam (28/7/1929 – 28/7/${y})`;
  if (md <= 902) return `chào mừng kỷ niệm ${y - 1945} năm Cách mạng Tháng Tám và Quốc khánh 2/9`;
  if (md >= 1001 && md <= 1020)
    return `chào mừng kỷ niệm ${y - 1930} năm Ngày thành lập Hội Liên hiệp Phụ nữ Việt Nam (20/10/1930 – 20/10/${y})`;
  if (md >= 1101 && md <= 1120 && host.kind === 'education') return `chào mừng ${y - 1982} năm Ngày Nhà giáo Việt Nam 20/11`;
  if (md >= 1101 && md <= 1118) return 'hưởng ứng Ngày hội Đại đoàn kết toàn dân tộc 18/11';
  return null;
}

const WORKER_MONTH_THEMES = [
  'Đoàn viên được chăm lo – Công đoàn vững mạnh',
  'Việc làm bền vững – Thu nhập xứng đáng – Cuộc sống an toàn',
  'Chung tay vì người lao động – Vững bước cùng doanh nghiệp',
  'Công nhân an tâm – Doanh nghiệp phát triển',
  'Nâng cao đời sống vật chất, tinh thần cho công nhân lao động',
];

// ---------------------------------------------------------------------------------------------
// Event types

const ALL: readonly UnitKind[] = ['province', 'city', 'district', 'education', 'health', 'civil', 'economic', 'grassroots'];
const LEVELS_ABOVE: readonly UnitKind[] = ['province', 'city', 'district', 'education', 'health', 'civil', 'economic'];
const LOCAL: readonly UnitKind[] = ['province', 'city', 'district', 'economic'];
const inMonths =
  (...months: number[]) =>
  (d: Day) =>
    months.includes(d.month);

/** Hội nghị Ban Chấp hành: half-year or year review, or a regular session. */
const committeeMeeting: EventType = {
  key: 'bch',
  weight: 10,
  hosts: LEVELS_ABOVE,
  write(c) {
    const { rng, host, date } = c;
    const y = date.year;
    const term = date.year > 2023 || (date.year === 2023 && date.month >= 7) ? host.term + 1 : host.term;
    const termYears = term > host.term ? '2023 – 2028' : '2018 – 2023';
    const session = rng.int(2, 14);
    const kind = date.month === 12 || date.month === 1 ? 'year' : date.month === 6 || date.month === 7 ? 'half' : 'session';
    const reviewYear = date.month === 1 ? y - 1 : y;
    const quarter = Math.floor((date.month - 1) / 3);
    const bch = `Hội nghị Ban Chấp hành lần thứ ${session}, khóa ${roman(term)}, nhiệm kỳ ${termYears}`;
    const purpose =
      kind === 'year'
        ? `tổng kết công tác công đoàn và phong trào ${host.workforce.replace(/ \(.*\)$/, '')} năm ${reviewYear}, triển khai nhiệm vụ năm ${reviewYear + 1}`
        : kind === 'half'
          ? `sơ kết công tác công đoàn 6 tháng đầu năm, triển khai nhiệm vụ 6 tháng cuối năm ${y}`
          : quarter === 0
            ? `triển khai chương trình công tác quý I năm ${y}`
            : `đánh giá kết quả công tác quý ${roman(quarter)}, triển khai nhiệm vụ quý ${roman(quarter + 1)} năm ${y}`;
    const headline = rng.weighted<string>([
      [
        kind === 'year'
          ? `${host.name} tổng kết công tác công đoàn năm ${reviewYear}`
          : kind === 'half'
            ? `${host.name} sơ kết công tác 6 tháng đầu năm ${y}`
            : `${host.abbr} tổ chức Hội nghị Ban Chấp hành lần thứ ${session}`,
        3,
      ],
      [`Hội nghị Ban Chấp hành ${host.abbr} lần thứ ${session}, khóa ${roman(term)}`, 2],
      [
        kind === 'year'
          ? `${host.abbr}: Hội nghị tổng kết năm ${reviewYear}, triển khai nhiệm vụ năm ${reviewYear + 1}`
          : `${host.abbr} triển khai nhiệm vụ trọng tâm những tháng cuối năm ${y}`,
        kind === 'session' ? 0 : 2,
      ],
    ]);
    const admitted = rng.int(20, 900);
    const newUnits = rng.int(1, 12);
    const visited = rng.int(40, 1200);
    const visitMoney = visited * rng.int(4, 12) * 100_000;
    const total = Math.max(host.cdcs, 5);
    const good = total - rng.int(0, Math.ceil(total * 0.1));
    const guest = directingGuest(c);
    const paragraphs = [
      `Dự hội nghị có ${guest}; cùng các đồng chí Ủy viên Ban Chấp hành, Ủy ban Kiểm tra ${host.abbr} và Chủ tịch ${below(host)}.`,
      kind === 'year'
        ? `Năm ${reviewYear}, ${host.abbr} đã tập trung chỉ đạo ${below(host)} thực hiện tốt chức năng đại diện, chăm lo, bảo vệ quyền và lợi ích hợp pháp, chính đáng của đoàn viên, người lao động. Toàn ${host.abbr} đã kết nạp mới ${n(admitted)} đoàn viên, thành lập ${newUnits} công đoàn cơ sở; thăm hỏi, tặng quà ${n(visited)} lượt đoàn viên với tổng số tiền ${money(visitMoney)}.`
        : `Trong thời gian qua, ${host.abbr} đã bám sát chương trình công tác, chỉ đạo ${below(host)} tổ chức nhiều hoạt động thiết thực: kết nạp mới ${n(admitted)} đoàn viên, thăm hỏi ${n(visited)} lượt đoàn viên ốm đau, có hoàn cảnh khó khăn với số tiền ${money(visitMoney)}; ${rng.int(92, 100)}% CĐCS đăng ký tham gia phong trào thi đua.`,
      `Công tác tuyên truyền, giáo dục chính trị tư tưởng được đẩy mạnh; ${rng.int(95, 100)}% đoàn viên được học tập, quán triệt các chỉ thị, nghị quyết của Đảng và của tổ chức Công đoàn. ${good}/${total} CĐCS ${kind === 'year' ? 'được đánh giá hoàn thành tốt và hoàn thành xuất sắc nhiệm vụ' : 'tổ chức Hội nghị cán bộ, công chức, viên chức, hội nghị người lao động đúng quy định'}.`,
      `Tại hội nghị, các đại biểu đã thảo luận, chỉ ra những tồn tại, hạn chế như: ${rng.pick(['hoạt động của một số CĐCS còn hình thức, chưa phát huy vai trò đại diện', 'việc phát triển đoàn viên ở khu vực doanh nghiệp ngoài nhà nước còn gặp khó khăn', 'công tác thu kinh phí, đoàn phí công đoàn ở một số đơn vị chưa kịp thời', 'một số cán bộ công đoàn cơ sở kiêm nhiệm, thời gian dành cho hoạt động còn ít'])}; đồng thời đề xuất nhiều giải pháp để thực hiện tốt nhiệm vụ thời gian tới.`,
      `Phát biểu chỉ đạo, ${guest} ghi nhận, biểu dương những kết quả ${host.abbr} đạt được; đề nghị Ban Chấp hành tiếp tục đổi mới nội dung, phương thức hoạt động, hướng mạnh về cơ sở, chăm lo thiết thực cho đoàn viên, người lao động.`,
      kind === 'year'
        ? `Dịp này, ${host.abbr} đã khen thưởng ${rng.int(5, 30)} tập thể, ${rng.int(10, 60)} cá nhân có thành tích xuất sắc trong công tác công đoàn và phong trào thi đua năm ${reviewYear}.`
        : closing(
            rng,
            `Hội nghị đã thống nhất các nội dung trọng tâm, trong đó tập trung tổ chức tốt ${rng.pick(
              date.month <= 5
                ? [
                    'các hoạt động Tháng Công nhân và Tháng hành động về an toàn, vệ sinh lao động',
                    'phong trào thi đua lao động giỏi, lao động sáng tạo',
                    'công tác phát triển đoàn viên, thành lập công đoàn cơ sở',
                  ]
                : date.month <= 7
                  ? [
                      'các hoạt động chào mừng kỷ niệm Ngày thành lập Công đoàn Việt Nam 28/7',
                      'công tác chăm lo cho đoàn viên, người lao động',
                      'công tác phát triển đoàn viên',
                    ]
                  : [
                      'các hoạt động chăm lo cho đoàn viên dịp cuối năm',
                      'thi đua hoàn thành các chỉ tiêu năm',
                      'công tác chuẩn bị tổng kết năm',
                    ],
            )}.`,
          ),
    ];
    return {
      headline,
      lead: `${host.name} tổ chức ${bch} nhằm ${purpose}.`,
      paragraphs,
      captions: [
        'Toàn cảnh hội nghị',
        `Đồng chí ${fullName(host.chair)}, Chủ tịch ${host.abbr} phát biểu khai mạc hội nghị`,
        `Đại biểu dự hội nghị`,
        `Lãnh đạo ${host.abbr} trao Giấy khen cho các tập thể có thành tích xuất sắc`,
        'Các đại biểu biểu quyết thông qua nghị quyết hội nghị',
      ],
      photos: ['meeting', 'meeting', 'group'],
      parts: ['Sáng', 'Sáng', 'Chiều'],
    };
  },
};

/** Tháng Công nhân: the May programme of care for workers. */
const workersMonth: EventType = {
  key: 'thang-cong-nhan',
  weight: 7,
  hosts: ALL,
  when: (d) => d.month === 5 || (d.month === 4 && d.day >= 20),
  write(c) {
    const { rng, host, date } = c;
    const y = date.year;
    const theme = WORKER_MONTH_THEMES[y % WORKER_MONTH_THEMES.length] as string;
    const gifts = sized(c, 20, 300);
    const each = rng.pick([500_000, 800_000, 1_000_000, 1_500_000]);
    const checks = sized(c, 50, 600);
    const launch = date.month === 4 || date.day <= 5;
    const headline = launch
      ? rng.pick([
          `${host.name} phát động Tháng Công nhân năm ${y}`,
          `Lễ phát động Tháng Công nhân và Tháng hành động về an toàn, vệ sinh lao động năm ${y}`,
          `${host.abbr} khởi động Tháng Công nhân ${y} với chủ đề "${theme}"`,
        ])
      : rng.pick([
          `${host.abbr}: Nhiều hoạt động thiết thực chăm lo đoàn viên trong Tháng Công nhân ${y}`,
          `${host.abbr}: Tháng Công nhân ${y} – trao ${gifts} suất quà cho người lao động`,
          `Ấm áp "Bữa cơm Công đoàn" của ${host.abbr} trong Tháng Công nhân ${y}`,
        ]);
    const paragraphs = [
      `Tháng Công nhân năm ${y} có chủ đề "${theme}". Trong tháng, ${host.abbr} tập trung tuyên truyền chính sách, pháp luật về lao động, tiền lương, bảo hiểm xã hội; tổ chức đối thoại, thăm hỏi và tặng quà cho đoàn viên, người lao động có hoàn cảnh khó khăn.`,
      `Tại buổi lễ, Ban Tổ chức đã trao ${gifts} suất quà cho đoàn viên, người lao động có hoàn cảnh khó khăn, mỗi suất trị giá ${money(each)}, tổng trị giá ${money(gifts * each)}.`,
      `Dịp này, ${host.abbr} phối hợp với ${rng.pick(['Bệnh viện Đa khoa tỉnh', 'Trung tâm Kiểm soát bệnh tật tỉnh', 'Phòng khám Đa khoa An Bình'])} khám sức khỏe miễn phí cho ${n(checks)} đoàn viên; ${host.kind === 'grassroots' && host.place !== 'enterprise' ? 'tổ chức tọa đàm về chính sách tiền lương, bảo hiểm xã hội và chế độ đối với người lao động' : `tổ chức chương trình "Bữa cơm Công đoàn" cho ${n(sized(c, 100, 1500))} công nhân lao động${host.kind === 'grassroots' ? '' : ' tại các doanh nghiệp'}`}.`,
      `Phát biểu tại buổi lễ, ${chairOf(host)} đề nghị ${below(host)} chủ động xây dựng kế hoạch, tổ chức các hoạt động thiết thực, hướng về cơ sở, bảo đảm mọi đoàn viên đều được hưởng lợi từ các chương trình của tổ chức Công đoàn.`,
      closing(
        rng,
        `Các hoạt động trong Tháng Công nhân sẽ được triển khai đồng loạt đến hết ngày 31/5/${y}, gắn với Tháng hành động về an toàn, vệ sinh lao động.`,
      ),
    ];
    return {
      headline,
      lead: `${host.name} tổ chức ${launch ? 'Lễ phát động' : 'chuỗi hoạt động'} Tháng Công nhân năm ${y} ${venue(c)}, với sự tham dự của ${n(sized(c, 150, 600))} đoàn viên, người lao động.`,
      paragraphs,
      captions: [
        'Quang cảnh buổi lễ phát động',
        `Lãnh đạo ${host.abbr} trao quà cho công nhân lao động có hoàn cảnh khó khăn`,
        'Các đại biểu thực hiện nghi thức phát động Tháng Công nhân',
        'Đoàn viên được khám sức khỏe miễn phí',
      ],
      photos: ['meeting', 'gift', 'group'],
      parts: ['Sáng', 'Sáng', 'Chiều'],
    };
  },
};

const ILLNESSES = [
  'ung thư vú',
  'suy thận mạn phải chạy thận nhân tạo',
  'ung thư phổi',
  'tai biến mạch máu não',
  'ung thư gan',
  'chấn thương sọ não sau tai nạn giao thông',
  'ung thư vòm họng',
  'bệnh tim phải phẫu thuật',
];

/** Visits and gifts to members who are ill or in hardship. */
const careVisit: EventType = {
  key: 'tham-hoi',
  weight: 11,
  hosts: ALL,
  write(c) {
    const { rng, host, date } = c;
    const count = sized(c, 3, 40);
    const total = giftTotal(rng, count, 1_000_000, 5_000_000, 500_000);
    const units = someGrassroots(c, 2);
    const member = randomPerson(rng);
    const where = units[0] ?? host;
    const illness = rng.pick(ILLNESSES);
    const fund = rng.pick(['Quỹ Xã hội', 'Quỹ Nghĩa tình Công đoàn', 'Quỹ Tương trợ', 'nguồn tài chính công đoàn']);
    const headline = rng.pick([
      `${host.abbr} thăm hỏi, tặng quà đoàn viên ốm đau dài ngày`,
      `Thăm hỏi, hỗ trợ ${count} đoàn viên mắc bệnh hiểm nghèo`,
      `${host.name} thăm, tặng quà đoàn viên có hoàn cảnh khó khăn`,
      `Trao ${money(total)} hỗ trợ đoàn viên ốm đau, khó khăn`,
      `Kịp thời động viên đoàn viên ${where.agency} lâm bệnh hiểm nghèo`,
    ]);
    const year = date.year;
    const sumYear = sized(c, 150, 2200);
    const paragraphs = [
      `Đoàn do ${viceOf(host)} dẫn đầu đã đến thăm, động viên và trao quà cho đoàn viên tại ${units.map((u) => u.agency).join(' và ') || host.agency}. Mỗi suất quà gồm tiền mặt từ ${money(1_000_000)} đến ${money(5_000_000)} và hiện vật, trích từ ${fund} của ${host.abbr}.`,
      `Tại gia đình đoàn viên ${initials(member)}, ${jobAt(rng, where)} ${where.agency}, người đang điều trị ${illness}, đoàn đã ân cần hỏi thăm sức khỏe, hoàn cảnh gia đình và động viên ${member.female ? 'chị' : 'anh'} yên tâm điều trị.`,
      `Thay mặt gia đình, ${member.female ? 'chị' : 'anh'} ${initials(member)} xúc động cảm ơn sự quan tâm, chia sẻ kịp thời của tổ chức Công đoàn các cấp và đồng nghiệp trong lúc gia đình gặp khó khăn.`,
      `Từ đầu năm ${year} đến nay, ${host.abbr} đã thăm hỏi, hỗ trợ ${n(sumYear)} lượt đoàn viên ốm đau, gặp khó khăn với tổng số tiền ${money(sumYear * rng.int(5, 15) * 100_000)}.`,
      closing(
        rng,
        `Những phần quà tuy không lớn về vật chất nhưng là nguồn động viên kịp thời, thể hiện sự quan tâm, sẻ chia của tổ chức Công đoàn, giúp đoàn viên vơi bớt khó khăn, sớm ổn định cuộc sống.`,
      ),
    ];
    return {
      headline,
      lead: `${host.name} tổ chức thăm hỏi, tặng quà ${count} đoàn viên bị ốm đau dài ngày, mắc bệnh hiểm nghèo và có hoàn cảnh đặc biệt khó khăn, với tổng số tiền ${money(total)}.`,
      paragraphs,
      captions: [
        `Lãnh đạo ${host.abbr} thăm hỏi, trao quà cho đoàn viên`,
        'Trao quà động viên đoàn viên có hoàn cảnh khó khăn',
        `Đoàn công tác ${host.abbr} thăm hỏi gia đình đoàn viên`,
      ],
      photos: ['gift', 'gift', 'group'],
      parts: ['Sáng', 'Chiều'],
    };
  },
};

/** Mái ấm Công đoàn: a house built or repaired for a member. */
const unionHome: EventType = {
  key: 'mai-am',
  weight: 5,
  hosts: LEVELS_ABOVE,
  write(c) {
    const { rng, host, date } = c;
    const where = someGrassroots(c, 1)[0] ?? host;
    const member = randomPerson(rng);
    const cost = rng.int(18, 45) * 10_000_000;
    const support = rng.pick([50_000_000, 60_000_000, 70_000_000, 80_000_000]);
    const colleagues = rng.int(5, 30) * 1_000_000;
    const houses = rng.int(20, 160);
    const handover = rng.chance(0.7);
    const ta = member.female ? 'chị' : 'anh';
    const headline = handover
      ? rng.pick([
          `Bàn giao nhà "Mái ấm Công đoàn" cho đoàn viên ${where.agency}`,
          `Niềm vui nhà mới của đoàn viên ${fullName(member)}`,
          `${host.abbr} trao nhà "Mái ấm Công đoàn" cho đoàn viên khó khăn về nhà ở`,
        ])
      : rng.pick([
          `Khởi công xây dựng nhà "Mái ấm Công đoàn" tại ${where.agency}`,
          `${host.abbr} hỗ trợ ${money(support)} xây nhà "Mái ấm Công đoàn"`,
        ]);
    const paragraphs = [
      `Gia đình ${ta} ${fullName(member)} thuộc diện khó khăn về nhà ở; ${member.female ? 'chồng' : 'vợ'} làm nông nghiệp, hai con đang tuổi đi học. Ngôi nhà cũ xây dựng từ năm ${rng.int(1992, 2005)} đã xuống cấp nghiêm trọng, mỗi mùa mưa bão đều bị dột nát.`,
      `Ngôi nhà mới có diện tích ${rng.int(55, 90)} m², tổng kinh phí ${money(cost)}; trong đó Quỹ Mái ấm Công đoàn hỗ trợ ${money(support)}, công đoàn cơ sở và đồng nghiệp đóng góp ${money(colleagues)} cùng ${rng.int(40, 200)} ngày công lao động, phần còn lại do gia đình đối ứng.`,
      `${handover ? 'Xúc động nhận chìa khóa ngôi nhà mới' : 'Phát biểu tại buổi lễ'}, ${ta} ${fullName(member)} bày tỏ lòng biết ơn sâu sắc tới tổ chức Công đoàn các cấp, lãnh đạo đơn vị và đồng nghiệp đã giúp gia đình có được nơi ở an toàn, ổn định.`,
      `Từ năm 2018 đến nay, Liên đoàn Lao động tỉnh đã hỗ trợ xây mới, sửa chữa ${houses} nhà "Mái ấm Công đoàn" với tổng số tiền ${roundMoney(houses * rng.int(25, 40) * 1_000_000)} từ Quỹ Xã hội của LĐLĐ tỉnh và sự ủng hộ của các tập thể, cá nhân.`,
      closing(
        rng,
        `Chương trình "Mái ấm Công đoàn" là hoạt động ý nghĩa, thể hiện truyền thống tương thân, tương ái, giúp đoàn viên "an cư" để yên tâm công tác, gắn bó với cơ quan, đơn vị.`,
      ),
    ];
    return {
      headline,
      lead: `${host.name} phối hợp với ${where === host ? 'chính quyền địa phương' : where.name} tổ chức ${handover ? 'bàn giao' : 'khởi công xây dựng'} nhà "Mái ấm Công đoàn" cho gia đình đoàn viên ${fullName(member)}, ${jobAt(rng, where)} ${where.agency}, năm ${date.year}.`,
      paragraphs,
      captions: [
        `Bàn giao nhà "Mái ấm Công đoàn" cho gia đình ${ta} ${fullName(member)}`,
        `Lãnh đạo ${host.abbr} trao biển tượng trưng hỗ trợ xây dựng nhà`,
        'Ngôi nhà mới khang trang của gia đình đoàn viên',
        'Các đại biểu cắt băng bàn giao nhà',
      ],
      photos: ['house', 'house', 'gift'],
      parts: ['Sáng', 'Chiều'],
    };
  },
};

const SPORTS = [
  'bóng chuyền hơi',
  'cầu lông',
  'bóng bàn',
  'cờ tướng',
  'kéo co',
  'bóng đá nam',
  'việt dã',
  'đẩy gậy',
  'bóng chuyền nam',
  'nhảy bao bố',
];

/** A sports meet or one tournament. */
const sportsMeet: EventType = {
  key: 'hoi-thao',
  weight: 7,
  hosts: ALL,
  when: (d) => d.month >= 3 && d.month <= 11,
  write(c) {
    const { rng, host, date } = c;
    const y = date.year;
    const why = occasion(date, host) ?? 'đẩy mạnh phong trào văn hóa, thể thao trong đoàn viên, người lao động';
    const single = rng.chance(0.35);
    const sports = rng.sample(SPORTS, single ? 1 : rng.int(3, 5));
    const teams = host.kind === 'grassroots' ? rng.int(4, 10) : rng.int(single ? 8 : 12, single ? 24 : 50);
    const athletes =
      host.kind === 'grassroots'
        ? Math.min(teams * rng.int(4, 8), Math.max(12, host.members))
        : teams * rng.int(single ? 8 : 6, single ? 12 : 14);
    const own = host.kind === 'grassroots';
    const events = single ? rng.int(2, 4) : own ? rng.int(sports.length, sports.length * 2) : rng.int(sports.length * 2, sports.length * 4);
    const winners = own
      ? rng.sample(groupsOf(host), 3)
      : rng.sample(
          someGrassroots(c, 3).map((u) => u.agency),
          3,
        );
    const days = own ? 1 : rng.int(1, 3);
    const what = single
      ? `Giải ${sports[0]} ${host.kind === 'grassroots' ? 'đoàn viên' : 'CNVCLĐ'} năm ${y}`
      : `Hội thao ${host.kind === 'grassroots' ? 'đoàn viên' : 'CNVCLĐ'} năm ${y}`;
    const headline = rng.pick([
      `${host.abbr}: Sôi nổi ${what.charAt(0).toLowerCase()}${what.slice(1)}`,
      `${host.abbr} khai mạc ${what.charAt(0).toLowerCase()}${what.slice(1)}`,
      `${n(athletes)} vận động viên tham gia ${what.charAt(0).toLowerCase()}${what.slice(1)}`,
      `Bế mạc ${what} của ${host.abbr}`,
    ]);
    const results = `Kết quả, giải Nhất toàn đoàn thuộc về ${winners[0]}; giải Nhì: ${winners[1]}; giải Ba: ${winners[2]}.`;
    const paragraphs = [
      `Tham gia ${single ? 'giải' : 'hội thao'} có ${teams} đội với ${n(athletes)} vận động viên đến từ ${below(host)}, thi đấu ${single ? `môn ${sports[0]}` : `${sports.length} môn: ${sports.join(', ')}`}, gồm ${events} nội dung ${single ? 'nam, nữ' : 'cá nhân, đôi và đồng đội'}.`,
      `Phát biểu khai mạc, ${chairOf(host)} nhấn mạnh: hội thao là dịp để đoàn viên, người lao động rèn luyện sức khỏe, giao lưu, học hỏi, tăng cường tinh thần đoàn kết, góp phần hoàn thành tốt nhiệm vụ chính trị của cơ quan, đơn vị.`,
      `Sau ${days > 1 ? `${days} ngày` : 'một ngày'} tranh tài sôi nổi, trung thực, Ban Tổ chức đã trao ${own ? rng.int(6, 15) : rng.int(12, 50)} giải cá nhân, đôi và đồng đội cùng 3 giải toàn đoàn. ${results}`,
      `Các trận đấu diễn ra hấp dẫn, thu hút đông đảo cổ động viên. Nhiều vận động viên ${rng.pick(['lớn tuổi', 'nữ', 'là công nhân trực tiếp sản xuất'])} đã thể hiện tinh thần thi đấu bền bỉ, để lại ấn tượng tốt đẹp.`,
      closing(rng, `${capital(what)} là hoạt động thiết thực nhằm ${why}, hưởng ứng phong trào "Văn hóa – Thể thao" trong CNVCLĐ.`),
    ];
    return {
      headline,
      lead: `${host.name} tổ chức ${what} nhằm ${why}.`,
      paragraphs,
      captions: [
        'Các vận động viên thi đấu sôi nổi',
        `Lãnh đạo ${host.abbr} trao giải cho các đội đạt thành tích cao`,
        `Trận chung kết môn ${sports[0]}`,
        'Các đội tham gia lễ khai mạc hội thao',
      ],
      photos: ['sports', 'sports', 'group'],
      parts: ['Sáng', 'Sáng', 'Chiều'],
      days,
    };
  },
};

/** Singing, cooking and flower-arranging contests. */
const contest: EventType = {
  key: 'hoi-thi',
  weight: 4,
  hosts: ALL,
  when: inMonths(3, 7, 10, 11),
  write(c) {
    const { rng, host, date } = c;
    const y = date.year;
    const kind =
      date.month === 3 || date.month === 10 ? rng.pick(['cooking', 'flowers', 'áo dài'] as const) : rng.pick(['singing', 'law'] as const);
    const names: Record<typeof kind, string> = {
      cooking: `Hội thi nấu ăn "Bữa cơm gia đình" năm ${y}`,
      flowers: `Hội thi cắm hoa nghệ thuật năm ${y}`,
      'áo dài': `Hội thi "Duyên dáng áo dài nữ CNVCLĐ" năm ${y}`,
      singing: `Liên hoan văn nghệ CNVCLĐ năm ${y}`,
      law: `Hội thi tìm hiểu pháp luật lao động năm ${y}`,
    };
    const what = names[kind];
    const teams = host.kind === 'grassroots' ? rng.int(4, 10) : rng.int(8, 40);
    const people = teams * (kind === 'singing' ? rng.int(8, 15) : rng.int(3, 5));
    const why = occasion(date, host) ?? 'đẩy mạnh hoạt động văn hóa, tinh thần trong đoàn viên';
    const winner = host.kind === 'grassroots' ? rng.pick(groupsOf(host)) : (someGrassroots(c, 1)[0] ?? host).agency;
    const paragraphs = [
      `Tham gia hội thi có ${teams} đội với ${n(people)} ${kind === 'singing' ? 'diễn viên không chuyên' : 'thí sinh'} đến từ ${below(host)}. ${kind === 'cooking' ? `Mỗi đội trình bày một mâm cơm gia đình với chi phí không quá ${money(rng.pick([500_000, 700_000, 1_000_000]))}, trong thời gian 90 phút.` : kind === 'flowers' ? 'Các đội thi trình bày tác phẩm theo chủ đề tự chọn và chủ đề bắt buộc về người phụ nữ Việt Nam.' : kind === 'singing' ? 'Các tiết mục ca ngợi Đảng, Bác Hồ, quê hương, đất nước và người lao động.' : 'Nội dung thi xoay quanh Bộ luật Lao động, Luật Bảo hiểm xã hội và các quy định về thực hiện dân chủ ở cơ sở.'}`,
      `Ban Giám khảo đã trao 1 giải Nhất, 2 giải Nhì, 3 giải Ba và ${rng.int(3, 6)} giải Khuyến khích. Giải Nhất thuộc về đội ${winner}.`,
      `${capital(chairOf(host))} cho biết, hội thi là dịp để ${kind === 'singing' || kind === 'law' ? 'đoàn viên' : 'nữ đoàn viên'} giao lưu, thể hiện tài năng, sự khéo léo; qua đó thắt chặt tình đoàn kết, gắn bó giữa các đơn vị.`,
      closing(
        rng,
        `Hội thi được tổ chức nhằm ${why}, góp phần thực hiện phong trào thi đua "Giỏi việc nước, đảm việc nhà" và xây dựng đời sống văn hóa cơ sở.`,
      ),
    ];
    return {
      headline: rng.pick([
        `${what} của ${host.abbr}`,
        `Sôi nổi ${what.charAt(0).toLowerCase()}${what.slice(1)} tại ${host.kind === 'grassroots' ? host.agency : host.abbr}`,
        `${host.abbr} tổ chức ${what.charAt(0).toLowerCase()}${what.slice(1)}`,
      ]),
      lead: `${host.name} tổ chức ${what} ${venue(c)}.`,
      paragraphs,
      captions: ['Một tiết mục dự thi', `Ban Tổ chức trao giải cho các đội`, 'Các đội thi chụp ảnh lưu niệm', 'Toàn cảnh hội thi'],
      photos: ['group', 'meeting', 'group'],
      parts: ['Sáng', 'Chiều', 'Tối'],
    };
  },
};

const MOVEMENTS = [
  'Lao động giỏi, Lao động sáng tạo',
  'Giỏi việc nước, đảm việc nhà',
  'Xanh – Sạch – Đẹp, Bảo đảm an toàn vệ sinh lao động',
  'Dạy tốt – Học tốt',
  'Văn hóa – Thể thao',
];

/** Commendations and the review of an emulation movement. */
const awards: EventType = {
  key: 'khen-thuong',
  weight: 6,
  hosts: LEVELS_ABOVE,
  write(c) {
    const { rng, host, date } = c;
    const y = date.year;
    const movement =
      host.kind === 'education' && rng.chance(0.5) ? 'Dạy tốt – Học tốt' : rng.pick(MOVEMENTS.filter((m) => m !== 'Dạy tốt – Học tốt'));
    const model = randomPerson(rng);
    const collectives = rng.int(4, 30);
    const individuals = rng.int(10, 70);
    const period = rng.chance(0.4) ? `giai đoạn ${y - 5} – ${y}` : `năm ${date.month <= 3 ? y - 1 : y}`;
    const ideas = rng.int(30, 900);
    const headline = rng.pick([
      `${host.abbr} khen thưởng ${collectives} tập thể, ${individuals} cá nhân có thành tích xuất sắc`,
      `${host.abbr} tổng kết phong trào thi đua "${movement}" ${period}`,
      `Tuyên dương ${individuals} đoàn viên tiêu biểu trong phong trào "${movement}"`,
      `${host.name} biểu dương điển hình tiên tiến phong trào "${movement}"`,
    ]);
    const paragraphs = [
      `Dự hội nghị có ${directingGuest(c)}, đại diện các sở, ngành và ${n(rng.int(80, 300))} đại biểu là điển hình tiên tiến của ${below(host)}.`,
      `Báo cáo tại hội nghị cho thấy, phong trào được đông đảo đoàn viên hưởng ứng với ${pct(rng.int(85, 99), 100)} đoàn viên đăng ký thi đua; ${n(ideas)} sáng kiến, giải pháp được công nhận, làm lợi ${roundMoney(ideas * rng.int(10, 80) * 1_000_000)}.`,
      `Nhiều tập thể, cá nhân tiêu biểu như ${someGrassroots(c, 2)
        .map((u) => u.agency)
        .join(
          ', ',
        )}${rng.chance(0.5) ? `, ${model.female ? 'chị' : 'anh'} ${fullName(model)}` : ''} đã trở thành điểm sáng, lan tỏa tinh thần thi đua trong toàn ${host.kind === 'province' ? 'tỉnh' : 'đơn vị'}.`,
      `Dịp này, ${rng.pick(['Tổng Liên đoàn Lao động Việt Nam', 'UBND tỉnh', 'Ban Chấp hành LĐLĐ tỉnh', `Ban Chấp hành ${host.abbr}`])} đã tặng ${rng.pick(['Bằng khen', 'Giấy khen', 'Cờ thi đua và Bằng khen'])} cho ${collectives} tập thể, ${individuals} cá nhân có thành tích xuất sắc${rng.chance(0.3) ? `; ${rng.int(2, 8)} cá nhân được tặng Bằng Lao động sáng tạo của Tổng Liên đoàn Lao động Việt Nam` : ''}.`,
      closing(
        rng,
        `Phát biểu tại hội nghị, ${chairOf(host)} đề nghị các tập thể, cá nhân được khen thưởng tiếp tục phát huy thành tích, là hạt nhân đưa phong trào thi đua phát triển sâu rộng.`,
      ),
    ];
    return {
      headline,
      lead: `${host.name} tổ chức hội nghị tổng kết phong trào thi đua "${movement}" ${period}, biểu dương các tập thể, cá nhân tiêu biểu.`,
      paragraphs,
      captions: [
        `Trao Bằng khen cho các tập thể có thành tích xuất sắc`,
        'Các cá nhân tiêu biểu được tuyên dương tại hội nghị',
        'Quang cảnh hội nghị',
      ],
      photos: ['group', 'group', 'meeting'],
      parts: ['Sáng', 'Chiều'],
    };
  },
};

const TRAINING_TOPICS = [
  'nghiệp vụ công tác tài chính công đoàn',
  'công tác kiểm tra, giám sát của Ủy ban Kiểm tra công đoàn',
  'kỹ năng thương lượng tập thể và đối thoại tại nơi làm việc',
  'nghiệp vụ công tác nữ công',
  'kỹ năng tuyên truyền trên mạng xã hội',
  'công tác phát triển đoàn viên, thành lập công đoàn cơ sở',
  'kỹ năng tổ chức hoạt động công đoàn cơ sở',
];

/** Training for union officers. */
const training: EventType = {
  key: 'tap-huan',
  weight: 7,
  hosts: LEVELS_ABOVE,
  write(c) {
    const { rng, host, date } = c;
    const topic = rng.pick(TRAINING_TOPICS);
    const learners = rng.int(40, 260);
    const days = rng.int(1, 3);
    const lecturer = rng.pick([
      'báo cáo viên của Tổng Liên đoàn Lao động Việt Nam',
      'giảng viên Trường Đại học Công đoàn',
      'lãnh đạo các ban chuyên đề của LĐLĐ tỉnh',
      'báo cáo viên Sở Lao động – Thương binh và Xã hội',
    ]);
    const headline = rng.pick([
      `${host.abbr} tập huấn ${topic} năm ${date.year}`,
      `${host.abbr} bồi dưỡng ${topic} cho cán bộ công đoàn cơ sở`,
      `${n(learners)} cán bộ công đoàn được tập huấn ${topic}`,
    ]);
    const paragraphs = [
      `Tham dự lớp tập huấn có ${n(learners)} học viên là Chủ tịch, Phó Chủ tịch, ủy viên Ban Chấp hành, Ủy ban Kiểm tra ${below(host)}.`,
      `Trong ${days > 1 ? `${days} ngày` : 'một ngày'}, các học viên được ${lecturer} truyền đạt các chuyên đề về ${topic}; những điểm mới của ${rng.pick(['Luật Công đoàn', 'Bộ luật Lao động năm 2019', 'Điều lệ Công đoàn Việt Nam', 'các văn bản hướng dẫn của Tổng Liên đoàn'])} và kinh nghiệm tổ chức hoạt động công đoàn ở cơ sở.`,
      `Lớp tập huấn được tổ chức theo hình thức trao đổi, thảo luận; nhiều học viên đã nêu các tình huống phát sinh trong thực tế và được báo cáo viên giải đáp cụ thể, dễ hiểu.`,
      `Kết thúc lớp học, ${n(Math.round(learners * rng.float(0.9, 1)))} học viên làm bài thu hoạch đạt yêu cầu.`,
      closing(
        rng,
        `Thông qua lớp tập huấn giúp cán bộ công đoàn nâng cao kiến thức, kỹ năng, vận dụng linh hoạt vào thực tiễn, góp phần nâng cao chất lượng hoạt động của công đoàn cơ sở.`,
      ),
    ];
    return {
      headline,
      lead: `${host.name} tổ chức lớp tập huấn ${topic} cho cán bộ công đoàn năm ${date.year} ${venue(c)}.`,
      paragraphs,
      captions: [
        'Quang cảnh lớp tập huấn',
        `Báo cáo viên truyền đạt nội dung tại lớp tập huấn`,
        'Học viên trao đổi, thảo luận tại lớp học',
      ],
      photos: ['training', 'training', 'meeting'],
      parts: ['Sáng', 'Sáng', 'Chiều'],
      days,
    };
  },
};

/** Blood donation day. */
const bloodDonation: EventType = {
  key: 'hien-mau',
  weight: 4,
  hosts: ALL,
  write(c) {
    const { rng, host, date } = c;
    const registered = sized(c, 60, 950);
    const ok = Math.round(registered * rng.float(0.55, 0.85));
    const donor = randomPerson(rng);
    const donorUnit = someGrassroots(c, 1)[0] ?? host;
    const headline = rng.pick([
      `${host.abbr} tổ chức Ngày hội hiến máu tình nguyện "Giọt hồng Công đoàn" năm ${date.year}`,
      `${host.abbr}: ${n(ok)} đơn vị máu được tiếp nhận trong ngày hội hiến máu`,
      `Hơn ${n(Math.floor(registered / 10) * 10)} đoàn viên, người lao động đăng ký hiến máu tình nguyện`,
    ]);
    const paragraphs = [
      `Ngày hội thu hút ${n(registered)} đoàn viên, người lao động đăng ký tham gia; sau khi khám sàng lọc, ${n(ok)} người đủ điều kiện, tiếp nhận được ${n(ok)} đơn vị máu.`,
      `Ngày hội do ${host.abbr} phối hợp với Ban Chỉ đạo vận động hiến máu tình nguyện tỉnh và Bệnh viện Đa khoa tỉnh tổ chức. Mỗi người hiến máu được bồi dưỡng và nhận giấy chứng nhận theo quy định.`,
      `${capital(donor.female ? 'chị' : 'anh')} ${fullName(donor)}, ${jobAt(rng, donorUnit)} ${donorUnit.agency}, đã ${rng.int(8, 30)} lần tham gia hiến máu, chia sẻ: "Mỗi giọt máu cho đi là một cuộc đời ở lại, tôi thấy vui khi góp một phần nhỏ giúp người bệnh".`,
      closing(
        rng,
        `Hoạt động nhằm lan tỏa tinh thần "tương thân tương ái", góp phần bổ sung nguồn máu dự trữ phục vụ công tác cấp cứu, điều trị người bệnh trên địa bàn tỉnh.`,
      ),
    ];
    return {
      headline,
      lead: `${host.name} tổ chức Ngày hội hiến máu tình nguyện năm ${date.year} ${venue(c)}.`,
      paragraphs,
      captions: [
        'Đoàn viên tham gia hiến máu tình nguyện',
        'Khám sàng lọc trước khi hiến máu',
        'Ban Tổ chức tặng giấy chứng nhận cho người hiến máu',
      ],
      photos: ['group', 'gift'],
      parts: ['Sáng'],
    };
  },
};

/** Chợ Tết Công đoàn and the Tết Sum vầy programme, before the lunar new year. */
const tetProgramme: EventType = {
  key: 'tet',
  weight: 10,
  hosts: ALL,
  when: (d) => (d.month === 1 && d.day >= 5) || (d.month === 2 && d.day <= 8),
  write(c) {
    const { rng, host, date } = c;
    const y = date.year;
    const spring = `Xuân ${lunarYearName(y)} ${y}`;
    const fair = host.kind !== 'grassroots' && LOCAL.includes(host.kind) && rng.chance(0.6);
    const gifts = sized(c, 30, 800);
    const each = rng.pick([500_000, 800_000, 1_000_000, 1_200_000, 1_500_000]);
    const cash = each <= 500_000 ? 300_000 : rng.pick([300_000, 500_000]);
    if (fair) {
      const stalls = rng.int(20, 45);
      const vouchers = rng.int(5, 25) * 100;
      const value = rng.pick([200_000, 300_000, 500_000]);
      const low = rng.int(3, 6);
      return {
        headline: rng.pick([
          `${host.abbr} khai mạc "Chợ Tết Công đoàn" ${spring}`,
          `"Chợ Tết Công đoàn" – ${n(vouchers)} phiếu mua hàng 0 đồng đến tay người lao động`,
          `${host.abbr} tổ chức "Chợ Tết Công đoàn" năm ${y}`,
        ]),
        lead: `${host.name} tổ chức "Chợ Tết Công đoàn" ${spring} ${venue(c)}, dành cho đoàn viên, người lao động có thu nhập thấp, hoàn cảnh khó khăn.`,
        paragraphs: [
          `Chợ Tết có ${stalls} gian hàng của các doanh nghiệp, hợp tác xã trong tỉnh, bày bán các mặt hàng thiết yếu, thực phẩm, đồ dùng gia đình với giá giảm từ ${low}% đến ${low + rng.int(6, 12)}% so với giá thị trường; đặc biệt có ${rng.int(2, 4)} gian hàng 0 đồng.`,
          `Ban Tổ chức đã trao ${n(vouchers)} phiếu mua hàng, mỗi phiếu trị giá ${money(value)}, tổng trị giá ${money(vouchers * value)} cho đoàn viên, người lao động để mua sắm tại chợ.`,
          `${capital(chairOf(host))} cho biết, "Chợ Tết Công đoàn" là một trong những hoạt động thiết thực của Chương trình "Tết Sum vầy", giúp người lao động có điều kiện mua sắm, đón Tết đầm ấm.`,
          `Cùng với chợ Tết, ${host.abbr} đã trao ${n(gifts)} suất quà Tết cho đoàn viên khó khăn, mỗi suất ${money(each)}; hỗ trợ vé xe cho ${n(sized(c, 20, 200))} công nhân về quê đón Tết.`,
          closing(
            rng,
            `Tổng kinh phí chăm lo Tết năm nay của ${host.abbr} đạt ${roundMoney(gifts * each + vouchers * value + rng.int(50, 900) * 1_000_000)}.`,
          ),
        ],
        captions: [
          'Đoàn viên, người lao động mua sắm tại "Chợ Tết Công đoàn"',
          'Các đại biểu tham quan gian hàng',
          'Trao phiếu mua hàng cho công nhân lao động',
          'Gian hàng 0 đồng thu hút đông đảo người lao động',
        ],
        photos: ['market', 'market', 'gift'],
        parts: ['Sáng', 'Chiều'],
      };
    }
    return {
      headline: rng.pick([
        `${host.abbr}: "Tết Sum vầy" – ${spring}`,
        `${host.abbr} trao ${n(gifts)} suất quà Tết cho đoàn viên, người lao động`,
        `Mang Tết ấm đến với đoàn viên ${host.kind === 'grassroots' ? host.agency : host.abbr} có hoàn cảnh khó khăn`,
        `Chăm lo Tết ${spring} cho đoàn viên ${host.kind === 'grassroots' ? host.agency : host.abbr}`,
      ]),
      lead: `${host.name} tổ chức chương trình "Tết Sum vầy" ${spring}, trao ${n(gifts)} suất quà cho đoàn viên, người lao động có hoàn cảnh khó khăn.`,
      paragraphs: [
        `Mỗi suất quà trị giá ${money(each)}, gồm ${money(cash)} tiền mặt và hiện vật trị giá ${money(each - cash)}; tổng kinh phí ${money(gifts * each)} từ nguồn tài chính công đoàn và sự chung tay của các nhà hảo tâm.`,
        `Trước đó, ${host.abbr} đã chỉ đạo ${below(host)} rà soát, lập danh sách đoàn viên có hoàn cảnh khó khăn, bảo đảm quà đến đúng người, không để đoàn viên nào không có Tết.`,
        `Chia sẻ tại buổi trao quà, ${chairOf(host)} mong muốn những phần quà sẽ góp phần giúp đoàn viên, người lao động và gia đình đón một cái Tết ấm áp, an vui.`,
        `Dịp này, ${host.abbr} cũng tổ chức thăm hỏi, tặng quà ${sized(c, 5, 40)} đoàn viên ốm đau dài ngày và ${sized(c, 2, 15)} gia đình đoàn viên gặp tai nạn lao động.`,
        closing(
          rng,
          `Chương trình "Tết Sum vầy" năm nay được triển khai đồng loạt ở các cấp công đoàn trong tỉnh, với tinh thần "Công đoàn chăm lo Tết cho mọi đoàn viên".`,
        ),
      ],
      captions: [
        'Trao quà Tết cho đoàn viên có hoàn cảnh khó khăn',
        `Lãnh đạo ${host.abbr} chúc Tết đoàn viên, người lao động`,
        'Những suất quà Tết đến tay người lao động',
      ],
      photos: ['gift', 'gift', 'group'],
      parts: ['Sáng', 'Chiều'],
    };
  },
};

/** New members admitted, a new grassroots union founded. */
const newMembers: EventType = {
  key: 'ket-nap',
  weight: 5,
  hosts: ['province', 'city', 'district', 'economic', 'grassroots'],
  write(c) {
    const { rng, host, date } = c;
    const admitted = sized(c, 15, 220);
    const committee = rng.int(3, 7);
    const newChair = randomPerson(rng);
    const speaker = randomPerson(rng);
    const y = date.year;
    if (host.kind === 'grassroots') {
      return {
        headline: rng.pick([`${host.abbr} kết nạp ${admitted} đoàn viên mới`, `Lễ kết nạp đoàn viên công đoàn tại ${host.agency}`]),
        lead: `${host.name} tổ chức Lễ kết nạp ${admitted} đoàn viên mới ${venue(c)}, nâng tổng số đoàn viên của đơn vị lên ${n(host.members + admitted)} người.`,
        paragraphs: [
          `Dự buổi lễ có ${viceOf(host.parent ?? host)}; ${headOf(host)} cùng đông đảo đoàn viên, người lao động.`,
          `Tại buổi lễ, các đoàn viên mới đã được nghe giới thiệu về truyền thống của tổ chức Công đoàn Việt Nam, quyền và nghĩa vụ của đoàn viên, các chế độ phúc lợi mà đoàn viên được hưởng.`,
          `Thay mặt các đoàn viên mới, ${speaker.female ? 'chị' : 'anh'} ${fullName(speaker)} hứa sẽ tích cực tham gia các phong trào thi đua, xây dựng tổ chức Công đoàn vững mạnh.`,
          closing(
            rng,
            `Năm ${y}, ${host.parent?.abbr ?? 'LĐLĐ tỉnh'} phấn đấu kết nạp ${n(rng.int(3, 16) * 100)} đoàn viên mới, ưu tiên người lao động trong các doanh nghiệp ngoài nhà nước.`,
          ),
        ],
        captions: ['Các đoàn viên mới tại lễ kết nạp', 'Trao quyết định kết nạp đoàn viên', 'Quang cảnh buổi lễ'],
        photos: ['meeting', 'group'],
        parts: ['Sáng', 'Chiều'],
      };
    }
    const company = newCompany(rng);
    return {
      headline: rng.pick([
        `Thành lập Công đoàn cơ sở ${company}`,
        `${host.abbr} kết nạp ${admitted} đoàn viên, thành lập CĐCS ${company}`,
        `${host.abbr}: thêm một công đoàn cơ sở ở doanh nghiệp ngoài nhà nước ra đời`,
      ]),
      lead: `${host.name} tổ chức Lễ công bố quyết định thành lập Công đoàn cơ sở ${company} và kết nạp ${admitted} đoàn viên.`,
      paragraphs: [
        `${company} hiện có ${n(Math.round(admitted * rng.float(1.05, 1.4)))} lao động, hoạt động trong lĩnh vực ${rng.pick(['may mặc xuất khẩu', 'xây dựng dân dụng', 'chế biến nông, lâm sản', 'vận tải hàng hóa', 'thương mại, dịch vụ'])}.`,
        `Tại buổi lễ, ${viceOf(host)} đã trao quyết định thành lập CĐCS và chỉ định Ban Chấp hành lâm thời gồm ${committee} đồng chí, do ${newChair.female ? 'chị' : 'anh'} ${fullName(newChair)} làm Chủ tịch.`,
        `Đại diện lãnh đạo công ty cam kết tạo điều kiện để công đoàn cơ sở hoạt động, phối hợp chăm lo tốt đời sống, việc làm cho người lao động.`,
        `Từ đầu năm ${y} đến nay, ${host.abbr} đã kết nạp ${n(rng.int(150, 1600))} đoàn viên, thành lập ${rng.int(2, 14)} CĐCS khu vực ngoài nhà nước, đạt ${rng.int(70, 130)}% chỉ tiêu năm.`,
        closing(
          rng,
          `Việc thành lập CĐCS giúp người lao động có tổ chức đại diện, bảo vệ quyền và lợi ích hợp pháp, chính đáng tại nơi làm việc.`,
        ),
      ],
      captions: [`Trao quyết định thành lập CĐCS ${company}`, 'Ban Chấp hành lâm thời ra mắt', 'Các đoàn viên mới tại buổi lễ'],
      photos: ['group', 'meeting'],
      parts: ['Sáng', 'Chiều'],
    };
  },
};

/** The yearly staff or workers' conference of an agency or enterprise. */
const staffConference: EventType = {
  key: 'hoi-nghi-cbcc',
  weight: 8,
  hosts: ['grassroots'],
  when: inMonths(12, 1, 2, 3),
  write(c) {
    const { rng, host, date } = c;
    const y = date.month === 12 ? date.year + 1 : date.year;
    const enterprise = host.place === 'enterprise';
    const conf = enterprise
      ? `Hội nghị người lao động năm ${y}`
      : host.place === 'school'
        ? `Hội nghị viên chức, người lao động năm học ${date.month >= 8 ? `${date.year} – ${date.year + 1}` : `${date.year - 1} – ${date.year}`}`
        : `Hội nghị cán bộ, công chức, viên chức năm ${y}`;
    const opinions = rng.int(6, 40);
    return {
      headline: rng.pick([
        `${host.agency} tổ chức ${conf.charAt(0).toLowerCase()}${conf.slice(1)}`,
        `${conf}: dân chủ, đoàn kết, thi đua hoàn thành nhiệm vụ`,
        `${conf} tại ${host.agency}`,
      ]),
      lead: `${host.agency} phối hợp với ${host.name} tổ chức ${conf}, với sự tham dự của ${n(Math.min(host.workers, rng.int(30, 400)))} ${host.workforce}.`,
      paragraphs: [
        `Dự hội nghị có ${viceOf(host.parent ?? host)}; ${headOf(host)}.`,
        `Hội nghị đã nghe báo cáo kết quả thực hiện nhiệm vụ năm ${y - 1}, phương hướng nhiệm vụ năm ${y}; báo cáo công khai tài chính; báo cáo hoạt động của Ban Thanh tra nhân dân và kết quả thực hiện Nghị quyết hội nghị năm trước.`,
        `Không khí hội nghị dân chủ, cởi mở; đã có ${opinions} ý kiến tham gia vào các dự thảo ${enterprise ? 'Thỏa ước lao động tập thể, Quy chế trả lương, thưởng' : 'Quy chế chi tiêu nội bộ, Quy chế dân chủ ở cơ sở'}, các ý kiến đều được lãnh đạo đơn vị tiếp thu, giải đáp thỏa đáng.`,
        `Hội nghị đã biểu quyết thông qua Nghị quyết; ${enterprise ? 'đại diện người sử dụng lao động và Chủ tịch công đoàn cơ sở ký kết Thỏa ước lao động tập thể' : `bầu Ban Thanh tra nhân dân gồm ${rng.int(3, 5)} đồng chí`} và phát động phong trào thi đua năm ${y}.`,
        closing(
          rng,
          `Dịp này, ${host.abbr} đã khen thưởng ${rng.int(2, 8)} tập thể, ${rng.int(5, 25)} cá nhân có thành tích xuất sắc trong năm.`,
        ),
      ],
      captions: [
        'Toàn cảnh hội nghị',
        `Ký kết giao ước thi đua giữa chính quyền và công đoàn`,
        'Khen thưởng các cá nhân có thành tích xuất sắc',
      ],
      photos: ['meeting', 'meeting', 'group'],
      parts: ['Sáng', 'Chiều'],
    };
  },
};

/** The five-yearly congress of a grassroots union. */
const congress: EventType = {
  key: 'dai-hoi',
  weight: 3,
  hosts: ['grassroots'],
  write(c) {
    const { rng, host, date } = c;
    const from = date.year >= 2023 && date.year <= 2024 ? 2023 : date.year;
    const termYears = `${from} – ${from + 5}`;
    const delegates = Math.min(host.members, rng.int(25, 150));
    const committee = rng.int(5, 11);
    const chair = randomPerson(rng);
    const what = `Đại hội ${host.name} lần thứ ${roman(host.term)}, nhiệm kỳ ${termYears}`;
    return {
      headline: rng.pick([
        what,
        `${host.abbr} tổ chức thành công đại hội nhiệm kỳ ${termYears}`,
        `Đại hội điểm công đoàn cơ sở tại ${host.agency}`,
      ]),
      lead: `${host.name} tổ chức Đại hội lần thứ ${roman(host.term)}, nhiệm kỳ ${termYears} với ${delegates} đại biểu đại diện cho ${n(host.members)} đoàn viên.`,
      paragraphs: [
        `Đến dự và chỉ đạo đại hội có ${chairOf(host.parent ?? host)}; ${headOf(host)}.`,
        `Nhiệm kỳ qua, ${host.abbr} đã phối hợp với chuyên môn thực hiện tốt quy chế dân chủ, chăm lo đời sống cho đoàn viên; ${rng.int(85, 100)}% đoàn viên đạt danh hiệu lao động tiên tiến, ${rng.int(70, 95)}% nữ đoàn viên đạt danh hiệu "Giỏi việc nước, đảm việc nhà".`,
        `Đại hội đề ra mục tiêu nhiệm kỳ ${termYears}: phấn đấu hằng năm ${host.abbr} hoàn thành tốt nhiệm vụ trở lên; 100% đoàn viên được học tập các nghị quyết của Đảng, của Công đoàn; giới thiệu ít nhất ${rng.int(3, 10)} đoàn viên ưu tú cho Đảng xem xét kết nạp.`,
        `Đại hội đã bầu Ban Chấp hành khóa mới gồm ${committee} đồng chí; ${chair.female ? 'chị' : 'anh'} ${fullName(chair)} được bầu giữ chức Chủ tịch. Đại hội cũng bầu ${rng.int(1, 4)} đại biểu dự Đại hội ${host.parent?.name ?? 'công đoàn cấp trên'}.`,
        closing(rng, `Đại hội kết thúc thành công, tạo khí thế mới để đoàn viên thi đua hoàn thành tốt nhiệm vụ chính trị của đơn vị.`),
      ],
      captions: ['Quang cảnh đại hội', 'Ban Chấp hành khóa mới ra mắt đại hội', 'Các đại biểu biểu quyết tại đại hội'],
      photos: ['meeting', 'group'],
      parts: ['Sáng', 'Chiều'],
    };
  },
};

/** Women's days: 8 March and 20 October. */
const womensDay: EventType = {
  key: 'phu-nu',
  weight: 8,
  hosts: ALL,
  when: (d) => (d.month === 3 && d.day <= 15) || (d.month === 2 && d.day >= 25) || (d.month === 10 && d.day >= 10 && d.day <= 25),
  write(c) {
    const { rng, host, date } = c;
    const y = date.year;
    const march = date.month !== 10;
    const day = march
      ? `${y - 1910} năm Ngày Quốc tế Phụ nữ (8/3/1910 – 8/3/${y})`
      : `${y - 1930} năm Ngày thành lập Hội Liên hiệp Phụ nữ Việt Nam (20/10/1930 – 20/10/${y})`;
    const women = Math.round(host.members * rng.float(0.4, 0.7));
    const honoured = sized(c, 5, 60);
    return {
      headline: rng.pick([
        `${host.abbr} gặp mặt kỷ niệm ${day.replace(/ \(.*\)$/, '')}`,
        `${host.abbr} tuyên dương ${honoured} nữ đoàn viên "Giỏi việc nước, đảm việc nhà"`,
        `${host.abbr} tọa đàm kỷ niệm ${march ? 'Ngày Quốc tế Phụ nữ 8/3' : 'Ngày Phụ nữ Việt Nam 20/10'}`,
      ]),
      lead: `${host.name} tổ chức gặp mặt, tọa đàm kỷ niệm ${day} ${venue(c)}.`,
      paragraphs: [
        `${host.kind === 'grassroots' ? host.abbr : `Toàn ${host.abbr}`} hiện có ${n(women)} nữ đoàn viên, chiếm ${pct(women, Math.max(host.members, 1))} tổng số đoàn viên. ${host.kind === 'grassroots' ? 'Ban Nữ công' : `${rng.int(85, 100)}% CĐCS có đủ điều kiện đã thành lập Ban Nữ công`} hoạt động hiệu quả.`,
        `Phong trào thi đua "Giỏi việc nước, đảm việc nhà" được nữ đoàn viên hưởng ứng sâu rộng; năm qua có ${rng.int(75, 95)}% nữ đoàn viên đạt danh hiệu "Giỏi việc nước, đảm việc nhà" các cấp.`,
        `Tại buổi gặp mặt, các đại biểu đã trao đổi về ${rng.pick(['bình đẳng giới trong lao động, việc làm', 'chăm sóc sức khỏe sinh sản cho lao động nữ', 'vai trò của phụ nữ trong xây dựng gia đình hạnh phúc', 'kỹ năng cân bằng giữa công việc và gia đình'])}.`,
        `Dịp này, ${host.abbr} đã tuyên dương, khen thưởng ${honoured} nữ đoàn viên tiêu biểu và tặng quà cho ${sized(c, 5, 30)} nữ đoàn viên có hoàn cảnh khó khăn.`,
        closing(rng, `Chương trình văn nghệ chào mừng do chính các nữ đoàn viên biểu diễn đã tạo không khí vui tươi, ấm áp.`),
      ],
      captions: [
        'Tuyên dương nữ đoàn viên "Giỏi việc nước, đảm việc nhà"',
        'Tiết mục văn nghệ chào mừng',
        'Các đại biểu chụp ảnh lưu niệm',
      ],
      photos: ['group', 'group', 'meeting'],
      parts: ['Sáng', 'Chiều'],
    };
  },
};

/** Study awards for members' children. */
const studyAwards: EventType = {
  key: 'khuyen-hoc',
  weight: 7,
  hosts: ALL,
  when: inMonths(6, 7, 8, 9),
  write(c) {
    const { rng, host, date } = c;
    const y = date.year;
    const children = sized(c, 20, 400);
    const national = rng.int(0, Math.min(6, Math.floor(children / 40)));
    const provincial = rng.int(Math.min(5, Math.floor(children / 4)), Math.max(1, Math.min(60, Math.floor(children / 3))));
    const each = rng.pick([300_000, 500_000, 800_000, 1_000_000]);
    const orphans = sized(c, 2, 20);
    return {
      headline: rng.pick([
        `Khen thưởng ${children} con đoàn viên đạt thành tích cao trong học tập`,
        `${host.abbr} trao thưởng cho con đoàn viên vượt khó học giỏi năm học ${y - 1} – ${y}`,
        `${host.name} tuyên dương con đoàn viên đạt thành tích xuất sắc năm học ${y - 1} – ${y}`,
      ]),
      lead: `${host.name} tổ chức lễ tuyên dương, khen thưởng ${children} cháu là con đoàn viên có thành tích cao trong học tập năm học ${y - 1} – ${y}.`,
      paragraphs: [
        `Trong số các cháu được khen thưởng có ${national} cháu đạt giải học sinh giỏi cấp quốc gia, ${provincial} cháu đạt giải cấp tỉnh và ${rng.int(1, Math.max(2, Math.floor(children / 8)))} cháu đỗ đại học với kết quả cao.`,
        `Mỗi cháu được nhận ${money(each)} cùng giấy khen; tổng kinh phí ${money(children * each)} được trích từ Quỹ khuyến học của ${host.abbr}.`,
        `Dịp này, ${host.abbr} cũng trao ${orphans} sổ tiết kiệm, mỗi sổ trị giá ${money(rng.pick([2_000_000, 3_000_000, 5_000_000]))} cho con đoàn viên mồ côi, có hoàn cảnh đặc biệt khó khăn.`,
        `Phát biểu tại buổi lễ, ${chairOf(host)} chúc mừng các cháu và mong các cháu tiếp tục cố gắng, là niềm tự hào của gia đình và của tập thể đoàn viên.`,
        closing(
          rng,
          `Hoạt động khen thưởng được tổ chức hằng năm, góp phần động viên đoàn viên, người lao động quan tâm đến việc học tập của con em, xây dựng gia đình hiếu học.`,
        ),
      ],
      captions: [
        'Trao thưởng cho con đoàn viên đạt thành tích cao trong học tập',
        'Các cháu được khen thưởng chụp ảnh lưu niệm',
        'Trao sổ tiết kiệm cho con đoàn viên có hoàn cảnh khó khăn',
      ],
      photos: ['group', 'gift'],
      parts: ['Sáng', 'Chiều'],
    };
  },
};

const PARTNERS = [
  'Phòng khám Đa khoa An Bình',
  'Hệ thống nhà thuốc Phúc Khang',
  `Siêu thị ${PROVINCE} Mart`,
  'Công ty Cổ phần Sữa Cao Nguyên Xanh',
  'Nha khoa Nụ Cười Việt',
  'Trung tâm Điện máy Tân Việt',
  'Nhà hàng Sen Vàng',
  'Trung tâm Ngoại ngữ Bình Minh',
];

/** Member-benefit agreements with partner businesses. */
const benefitAgreement: EventType = {
  key: 'phuc-loi',
  weight: 3,
  hosts: LEVELS_ABOVE,
  write(c) {
    const { rng, host } = c;
    const partners = rng.sample(PARTNERS, rng.int(2, 5));
    return {
      headline: rng.pick([
        `${host.abbr} ký kết thỏa thuận hợp tác chăm lo phúc lợi cho đoàn viên`,
        `Đoàn viên ${host.abbr} được ưu đãi tại ${partners.length} đơn vị đối tác`,
        `${host.abbr} ký kết chương trình phúc lợi đoàn viên với ${partners.length} doanh nghiệp`,
      ]),
      lead: `${host.name} tổ chức ký kết thỏa thuận hợp tác chăm lo phúc lợi cho đoàn viên, người lao động với ${partners.length} doanh nghiệp, đơn vị đối tác.`,
      paragraphs: [
        `Các đơn vị tham gia ký kết gồm: ${partners.join(', ')}.`,
        `Theo thỏa thuận, đoàn viên công đoàn khi xuất trình thẻ đoàn viên sẽ được giảm từ ${rng.int(4, 6)}% đến ${rng.int(10, 20)}% giá dịch vụ, hàng hóa; được ưu tiên khám bệnh, tư vấn sức khỏe và mua hàng trả góp không lãi suất.`,
        `${capital(viceOf(host))} cho biết, chương trình phúc lợi đoàn viên giúp đoàn viên được hưởng lợi thiết thực, đồng thời góp phần nâng cao vị thế của tổ chức Công đoàn trong thu hút, phát triển đoàn viên.`,
        closing(
          rng,
          `Đến nay, toàn tỉnh đã có ${rng.int(20, 80)} doanh nghiệp, đơn vị ký kết chương trình phúc lợi với các cấp công đoàn.`,
        ),
      ],
      captions: [
        'Đại diện các bên ký kết thỏa thuận hợp tác',
        'Các đại biểu chụp ảnh lưu niệm tại buổi ký kết',
        `Lãnh đạo ${host.abbr} phát biểu tại buổi ký kết`,
      ],
      photos: ['meeting', 'group'],
      parts: ['Sáng', 'Chiều'],
    };
  },
};

/** Emulation pledges at the start of the year. */
const pledges: EventType = {
  key: 'giao-uoc',
  weight: 6,
  hosts: LEVELS_ABOVE,
  when: inMonths(1, 2, 3),
  write(c) {
    const { rng, host, date } = c;
    const y = date.year;
    const cluster = rng.int(1, 6);
    const members = rng.int(4, 9);
    return {
      headline: rng.pick([
        `${host.abbr} phát động thi đua, ký kết giao ước thi đua năm ${y}`,
        `Cụm thi đua số ${cluster} ký kết giao ước thi đua năm ${y}`,
        `Phát động phong trào thi đua năm ${y} trong ${host.workforce.replace(/ \(.*\)$/, '')}`,
      ]),
      lead: `${host.name} tổ chức hội nghị phát động phong trào thi đua và ký kết giao ước thi đua năm ${y}.`,
      paragraphs: [
        `Năm ${y}, ${host.abbr} tập trung thực hiện ${rng.int(10, 14)} chỉ tiêu trọng tâm, trong đó: 100% CĐCS đăng ký thi đua; trên ${rng.int(75, 85)}% CĐCS được xếp loại hoàn thành tốt nhiệm vụ trở lên; kết nạp mới từ ${n(rng.int(2, 10) * 100)} đoàn viên trở lên.`,
        `Các phong trào "Lao động giỏi, Lao động sáng tạo", "Giỏi việc nước, đảm việc nhà", "Xanh – Sạch – Đẹp, Bảo đảm an toàn vệ sinh lao động" tiếp tục được đẩy mạnh gắn với nhiệm vụ chính trị của từng cơ quan, đơn vị.`,
        `Tại hội nghị, ${members} đơn vị trong Cụm thi đua số ${cluster} đã ký kết giao ước thi đua, thống nhất cách thức chấm điểm, đánh giá và khen thưởng cuối năm.`,
        closing(
          rng,
          `Phát biểu tại hội nghị, ${directingGuest(c)} đề nghị các đơn vị cụ thể hóa các chỉ tiêu thành chương trình hành động, phấn đấu hoàn thành và vượt mức các chỉ tiêu đã giao ước.`,
        ),
      ],
      captions: [
        'Các đơn vị ký kết giao ước thi đua',
        'Quang cảnh hội nghị phát động thi đua',
        `Đại diện ${host.abbr} phát động phong trào thi đua năm ${y}`,
      ],
      photos: ['meeting', 'group'],
      parts: ['Sáng', 'Chiều'],
    };
  },
};

/** Month of action for occupational safety and health. */
const safetyMonth: EventType = {
  key: 'atvsld',
  weight: 6,
  hosts: ['province', 'city', 'district', 'economic', 'health', 'grassroots'],
  when: inMonths(5, 6),
  fits: (u) => u.kind !== 'grassroots' || u.place === 'enterprise' || u.place === 'hospital',
  write(c) {
    const { rng, host, date } = c;
    if (host.kind === 'grassroots') {
      const trained = sized(c, 30, 600);
      return {
        headline: rng.pick([
          `${host.agency} huấn luyện an toàn, vệ sinh lao động cho ${n(trained)} người lao động`,
          `${host.abbr} hưởng ứng Tháng hành động về an toàn, vệ sinh lao động năm ${date.year}`,
          `Diễn tập phòng cháy, chữa cháy tại ${host.agency}`,
        ]),
        lead: `${host.name} phối hợp với lãnh đạo ${host.agency} tổ chức huấn luyện an toàn, vệ sinh lao động và diễn tập phòng cháy, chữa cháy cho ${n(trained)} ${host.workforce}, hưởng ứng Tháng hành động về an toàn, vệ sinh lao động năm ${date.year}.`,
        paragraphs: [
          `Buổi huấn luyện do cán bộ Phòng Cảnh sát phòng cháy, chữa cháy và cứu nạn, cứu hộ Công an tỉnh hướng dẫn, gồm các nội dung: nhận biết nguy cơ cháy nổ, sử dụng bình chữa cháy, thoát nạn và sơ cứu người bị nạn.`,
          `Mạng lưới ${rng.int(8, 40)} an toàn, vệ sinh viên của đơn vị đã được kiện toàn, thường xuyên kiểm tra, nhắc nhở người lao động chấp hành nội quy, sử dụng đầy đủ phương tiện bảo vệ cá nhân.`,
          `${capital(chairOf(host))} cho biết, năm nay đơn vị đã rà soát ${rng.int(10, 60)} vị trí làm việc có nguy cơ mất an toàn, đề xuất lãnh đạo đơn vị khắc phục kịp thời ${rng.int(5, 20)} nội dung.`,
          closing(
            rng,
            `Thông qua buổi huấn luyện, người lao động nâng cao ý thức tự bảo vệ, góp phần xây dựng môi trường làm việc an toàn, phòng ngừa tai nạn lao động.`,
          ),
        ],
        captions: ['Người lao động thực hành chữa cháy', 'Hướng dẫn sử dụng bình chữa cháy', 'Quang cảnh buổi huấn luyện'],
        photos: ['training', 'group', 'meeting'],
        parts: ['Sáng', 'Chiều'],
      };
    }
    const firms = rng.int(5, 40);
    const points = rng.int(10, 80);
    const officers = sized(c, 30, 600);
    return {
      headline: rng.pick([
        `${host.abbr} hưởng ứng Tháng hành động về an toàn, vệ sinh lao động năm ${date.year}`,
        `Kiểm tra công tác an toàn, vệ sinh lao động tại ${firms} doanh nghiệp`,
        `Huấn luyện phòng cháy, chữa cháy cho ${n(officers)} an toàn, vệ sinh viên`,
      ]),
      lead: `${host.name} phối hợp với Sở Lao động – Thương binh và Xã hội tổ chức các hoạt động hưởng ứng Tháng hành động về an toàn, vệ sinh lao động năm ${date.year}.`,
      paragraphs: [
        `Trong tháng, các đoàn kiểm tra liên ngành đã kiểm tra công tác an toàn, vệ sinh lao động tại ${firms} doanh nghiệp, phát hiện và kiến nghị khắc phục ${points} nội dung, chủ yếu về trang bị phương tiện bảo vệ cá nhân và huấn luyện an toàn.`,
        `${capital(host.abbr)} tổ chức huấn luyện kỹ năng phòng cháy, chữa cháy, sơ cấp cứu cho ${n(officers)} an toàn, vệ sinh viên và đoàn viên, người lao động.`,
        `Các CĐCS đã phối hợp với người sử dụng lao động rà soát nội quy, quy trình an toàn; treo băng rôn, khẩu hiệu tuyên truyền tại nơi làm việc.`,
        closing(
          rng,
          `Thông qua các hoạt động, nhận thức của người sử dụng lao động và người lao động về an toàn, vệ sinh lao động được nâng lên, góp phần giảm thiểu tai nạn lao động, bệnh nghề nghiệp.`,
        ),
      ],
      captions: ['Công nhân thực hành chữa cháy', 'Đoàn kiểm tra làm việc tại doanh nghiệp', 'Quang cảnh lễ phát động'],
      photos: ['meeting', 'group', 'training'],
      parts: ['Sáng', 'Chiều'],
    };
  },
};

/** Dialogue between leaders and workers. */
const dialogue: EventType = {
  key: 'doi-thoai',
  weight: 3,
  hosts: ['province', 'city', 'district', 'economic'],
  write(c) {
    const { rng, host, date } = c;
    const questions = rng.int(10, 45);
    const from = rng.pick([25_000, 28_000, 30_000]);
    return {
      headline: rng.pick([
        `Đối thoại giữa lãnh đạo ${host.kind === 'province' ? 'tỉnh' : host.authority} với công nhân lao động năm ${date.year}`,
        `${questions} ý kiến của công nhân được giải đáp tại hội nghị đối thoại`,
      ]),
      lead: `${host.name} phối hợp với ${host.authority} tổ chức hội nghị đối thoại với đoàn viên, công nhân lao động năm ${date.year} ${venue(c)}.`,
      paragraphs: [
        `Tham dự hội nghị có ${headOf(host)}, đại diện các sở, ngành, doanh nghiệp và ${n(rng.int(100, 400))} công nhân lao động.`,
        `Tại hội nghị, công nhân đã nêu ${questions} ý kiến, tập trung vào tiền lương, thời giờ làm thêm, đóng bảo hiểm xã hội, nhà ở, nhà trẻ cho con công nhân và chất lượng bữa ăn ca.`,
        `Các ý kiến đều được lãnh đạo các sở, ngành trả lời cụ thể; nhiều kiến nghị đã được giải quyết ngay tại hội nghị, như nâng giá trị bữa ăn ca từ ${money(from)} lên ${money(from + rng.pick([3_000, 5_000, 7_000]))} mỗi suất tại ${rng.int(2, 8)} doanh nghiệp.`,
        closing(
          rng,
          `${capital(headOf(host))} ghi nhận những đóng góp của công nhân lao động và yêu cầu các cơ quan liên quan tiếp tục theo dõi, giải quyết dứt điểm các kiến nghị.`,
        ),
      ],
      captions: [
        'Công nhân nêu ý kiến tại hội nghị đối thoại',
        'Quang cảnh hội nghị đối thoại',
        'Lãnh đạo các sở, ngành giải đáp kiến nghị của người lao động',
      ],
      photos: ['meeting', 'meeting'],
      parts: ['Sáng', 'Chiều'],
    };
  },
};

/** Legal education for members. */
const lawOutreach: EventType = {
  key: 'tuyen-truyen',
  weight: 5,
  hosts: ALL,
  write(c) {
    const { rng, host, date } = c;
    const afterJuly2024 = date.year > 2024 || (date.year === 2024 && date.month >= 8);
    const afterDec2024 = date.year > 2024;
    const laws: [string, string][] = [
      ['Bộ luật Lao động năm 2019', 'hợp đồng lao động, tiền lương, thời giờ làm việc, nghỉ ngơi'],
      ['Luật An toàn, vệ sinh lao động', 'quyền được bảo đảm an toàn tại nơi làm việc và chế độ khi bị tai nạn lao động'],
      ['Luật Phòng, chống ma túy', 'nhận biết, phòng ngừa tệ nạn ma túy trong gia đình và nơi làm việc'],
      ['Luật Phòng, chống bạo lực gia đình', 'nhận diện các hành vi bạo lực gia đình và cách ứng xử, trợ giúp'],
    ];
    if (date.year >= 2023)
      laws.push([
        'Luật Thực hiện dân chủ ở cơ sở năm 2022',
        'những việc người lao động được biết, được bàn, được quyết định tại cơ quan, đơn vị',
      ]);
    if (afterJuly2024) laws.push(['Luật Bảo hiểm xã hội năm 2024', 'điều kiện hưởng lương hưu, bảo hiểm xã hội một lần']);
    if (afterDec2024)
      laws.push(
        ['Luật Công đoàn năm 2024', 'quyền và trách nhiệm của công đoàn cơ sở, đoàn viên'],
        ['Luật Công đoàn năm 2024', 'kinh phí công đoàn và quyền gia nhập công đoàn của người lao động'],
      );
    const [law, topic] = rng.pick(laws);
    const people = sized(c, 50, 800);
    return {
      headline: rng.pick([
        `Tuyên truyền ${law} cho ${n(people)} đoàn viên, người lao động`,
        `${host.abbr} phổ biến ${law}`,
        `${host.abbr}: hội nghị tuyên truyền, phổ biến pháp luật năm ${date.year}`,
      ]),
      lead: `${host.name} tổ chức hội nghị tuyên truyền, phổ biến ${law} cho ${n(people)} đoàn viên, người lao động ${venue(c)}.`,
      paragraphs: [
        `Tại hội nghị, ${rng.pick(['báo cáo viên Sở Tư pháp', 'lãnh đạo Ban Chính sách – Pháp luật LĐLĐ tỉnh', 'luật sư Trung tâm Tư vấn pháp luật Công đoàn tỉnh'])} đã giới thiệu những nội dung cơ bản, điểm mới của ${law} và các văn bản hướng dẫn thi hành.`,
        `Các đại biểu đã trao đổi nhiều tình huống thực tế về ${topic} và được giải đáp cụ thể.`,
        `Ngoài hình thức hội nghị, ${host.abbr} còn tuyên truyền qua trang thông tin điện tử, nhóm Zalo, tài liệu hỏi – đáp phát tới ${below(host)}.`,
        closing(
          rng,
          `Qua đó giúp đoàn viên, người lao động nâng cao hiểu biết pháp luật, chủ động bảo vệ quyền, lợi ích hợp pháp của mình.`,
        ),
      ],
      captions: [
        'Quang cảnh hội nghị tuyên truyền',
        'Báo cáo viên giới thiệu nội dung của luật',
        'Đoàn viên, người lao động tham dự hội nghị',
      ],
      photos: ['training', 'meeting'],
      parts: ['Sáng', 'Chiều'],
    };
  },
};

/**
 * A visit by a working delegation, told without the words "công đoàn" side by side: "đoàn
 * công tác", "công nhân", "đoàn viên" — the search must rank it below articles with the phrase.
 */
const delegationVisit: EventType = {
  key: 'doan-cong-tac',
  weight: 5,
  hosts: ['province', 'city', 'district', 'grassroots'],
  write(c) {
    const { rng, host } = c;
    // the visitors are a Liên đoàn Lao động: of the district or city above, or of the province
    const above = host.parent;
    const ldld = host.kind !== 'grassroots' ? host : above && (above.kind === 'city' || above.kind === 'district') ? above : c.province;
    const candidates = ldld.kind === 'province' ? ldld.children.flatMap((u) => u.children) : ldld.children;
    const firms = candidates.filter((u) => u.place === 'enterprise');
    const visited = host.kind === 'grassroots' ? host : rng.pick(firms.length > 0 && rng.chance(0.8) ? firms : candidates);
    const target = visited.agency;
    const enterprise = visited.place === 'enterprise';
    const leader = rng.chance(0.5) ? ldld.chair : ldld.vice;
    const title = `${leader === ldld.chair ? 'Chủ tịch' : 'Phó Chủ tịch'} ${ldld.abbr}`;
    const workers = enterprise ? rng.int(120, 1800) : Math.max(12, visited.workers);
    return {
      headline: rng.pick([
        `Đoàn công tác ${ldld.abbr} làm việc tại ${target}`,
        `Lãnh đạo ${ldld.abbr} thăm, nắm tình hình công nhân tại ${target}`,
        `Đoàn công tác thăm hỏi công nhân, người lao động ${target}`,
      ]),
      lead: `Đoàn công tác của ${ldld.name} do đồng chí ${fullName(leader)}, ${title} làm trưởng đoàn đã đến thăm và làm việc tại ${target}.`,
      paragraphs: [
        `${target} hiện có ${n(workers)} ${enterprise ? 'công nhân, người lao động' : 'người lao động'}, trong đó ${n(Math.round(workers * rng.float(0.7, 0.95)))} người là đoàn viên. Thu nhập bình quân đạt ${money(rng.int(55, 110) * 100_000)} mỗi người mỗi tháng.`,
        `Báo cáo với đoàn, đại diện đơn vị cho biết thời gian qua đã thực hiện đầy đủ chế độ, chính sách cho người lao động; phối hợp tổ chức thăm hỏi ${rng.int(3, 40)} đoàn viên ốm đau, tặng quà cho ${enterprise ? 'công nhân' : 'người lao động'} có hoàn cảnh khó khăn.`,
        enterprise
          ? `Đoàn đã đi thăm dây chuyền sản xuất, bếp ăn tập thể, khu nhà ở của công nhân và lắng nghe tâm tư, nguyện vọng của người lao động về việc làm, tiền lương, nhà trẻ cho con em.`
          : `Đoàn đã đi thăm nơi làm việc, trao đổi với ${visited.workforce} về điều kiện làm việc, chế độ phụ cấp và đời sống của những người có hoàn cảnh khó khăn.`,
        closing(
          rng,
          `Phát biểu tại buổi làm việc, đồng chí ${fullName(leader)} ghi nhận kết quả đơn vị đạt được, đề nghị tiếp tục quan tâm chăm lo đời sống vật chất, tinh thần cho ${enterprise ? 'công nhân, ' : ''}người lao động; kịp thời phản ánh những khó khăn, vướng mắc để đoàn viên yên tâm gắn bó lâu dài.`,
        ),
      ],
      captions: [
        `Đoàn công tác làm việc tại ${target}`,
        `Thăm nơi làm việc của ${enterprise ? 'công nhân' : 'người lao động'}`,
        `Đồng chí ${fullName(leader)} thăm hỏi người lao động`,
      ],
      photos: ['gift', 'meeting', 'group'],
      parts: ['Sáng', 'Chiều'],
      apart: true,
    };
  },
};

export const EVENT_TYPES: readonly EventType[] = [
  committeeMeeting,
  workersMonth,
  careVisit,
  unionHome,
  sportsMeet,
  contest,
  awards,
  training,
  bloodDonation,
  tetProgramme,
  newMembers,
  staffConference,
  congress,
  womensDay,
  studyAwards,
  benefitAgreement,
  pledges,
  safetyMonth,
  dialogue,
  lawOutreach,
  delegationVisit,
];

/** The event types that fit this unit on this day, weighted; month-bound events weigh more in their season. */
export function eventTypesFor(host: OrgUnit, date: Day): (readonly [EventType, number])[] {
  return EVENT_TYPES.filter((e) => e.hosts.includes(host.kind) && (!e.fits || e.fits(host)) && (!e.when || e.when(date))).map(
    (e) => [e, e.when ? e.weight * 3 : e.weight] as const,
  );
}

// ---------------------------------------------------------------------------------------------
// Dates in the lead

const NUMBER_WORDS = ['', 'một', 'hai', 'ba', 'bốn'];

/** "Sáng 12/3", "Chiều ngày 27/4", "Sáng ngày 12/01/2023", "Ngày 20/6/2024", "Trong hai ngày 12 và 13/3". */
export function leadOpener(rng: Rng, d: Day, draft: Pick<Draft, 'parts' | 'days'>, end: Day | null): string {
  if (draft.days && draft.days > 1 && end) {
    const sameMonth = end.month === d.month;
    const word = NUMBER_WORDS[draft.days] ?? String(draft.days);
    const forms = [
      `Từ ngày ${d.day}/${d.month} đến ngày ${end.day}/${end.month}/${end.year}`,
      sameMonth
        ? `Trong ${word} ngày, từ ${d.day} – ${end.day}/${end.month}`
        : `Trong ${word} ngày, từ ${d.day}/${d.month} – ${end.day}/${end.month}`,
    ];
    if (draft.days === 2 && sameMonth) forms.push(`Trong hai ngày ${d.day} và ${end.day}/${d.month}`);
    return rng.pick(forms);
  }
  const dm = `${d.day}/${d.month}`;
  const dmy0 = `${pad2(d.day)}/${pad2(d.month)}/${d.year}`;
  const part = draft.parts && draft.parts.length > 0 ? rng.pick(draft.parts) : null;
  const forms: [string, number][] = [
    [`Ngày ${dm}/${d.year}`, 3],
    [`Ngày ${dm}`, 2],
  ];
  if (part) forms.push([`${part} ${dm}`, 6], [`${part} ngày ${dm}`, 2], [`${part} ngày ${dmy0}`, 2]);
  return rng.weighted(forms);
}
