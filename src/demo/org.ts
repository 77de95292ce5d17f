import type { UnitLevel } from '../db/schema.js';
import type { Rng } from './random.js';

/**
 * The invented federation of the demo: the province, its upper units and their grassroots
 * unions, with the people who lead them and write their news.
 */

export const PROVINCE = 'Bình Lâm';

export interface Person {
  family: string;
  middle: string;
  given: string;
  female: boolean;
}

export const fullName = (p: Person) => `${p.family} ${p.middle} ${p.given}`;

/** "N.T.H." — how a report names a member whose health or hardship it describes. */
export const initials = (p: Person) => `${[p.family, ...p.middle.split(' '), p.given].map((w) => w.charAt(0)).join('.')}.`;

const FAMILIES: readonly (readonly [string, number])[] = [
  ['Nguyễn', 30],
  ['Trần', 10],
  ['Lê', 9],
  ['Phạm', 7],
  ['Hoàng', 6],
  ['Vũ', 5],
  ['Đặng', 3],
  ['Bùi', 3],
  ['Đỗ', 3],
  ['Ngô', 2],
  ['Dương', 2],
  ['Lý', 2],
  ['Hà', 2],
  ['Lương', 2],
  ['Nông', 2],
  ['Triệu', 1],
  ['Lục', 1],
  ['Chu', 1],
  ['Mai', 1],
  ['Đinh', 2],
  ['Tạ', 1],
  ['Lâm', 1],
  ['Vi', 1],
  ['Hồ', 1],
  ['Phan', 2],
  ['Trịnh', 1],
  ['Đoàn', 1],
  ['Lăng', 1],
  ['Hứa', 1],
  ['Mạc', 1],
];
const MIDDLE_MALE = [
  'Văn',
  'Văn',
  'Văn',
  'Đức',
  'Minh',
  'Quang',
  'Hữu',
  'Tiến',
  'Xuân',
  'Thanh',
  'Mạnh',
  'Ngọc',
  'Trung',
  'Đình',
  'Việt',
  'Công',
];
const MIDDLE_FEMALE = [
  'Thị',
  'Thị',
  'Thị',
  'Thị',
  'Thu',
  'Thanh',
  'Ngọc',
  'Thúy',
  'Hồng',
  'Kim',
  'Phương',
  'Minh',
  'Thị Thu',
  'Thị Minh',
  'Hải',
];
const GIVEN_MALE = [
  'Hùng',
  'Dũng',
  'Sơn',
  'Tuấn',
  'Long',
  'Thắng',
  'Hải',
  'Nam',
  'Bình',
  'Cường',
  'Khánh',
  'Phong',
  'Toàn',
  'Trung',
  'Hiếu',
  'Đạt',
  'Quân',
  'Huy',
  'Thành',
  'Kiên',
  'Tùng',
  'Lực',
  'Vinh',
  'Thịnh',
  'Hoàn',
  'Chiến',
  'Tâm',
  'Quyết',
  'Duy',
  'Nghĩa',
];
const GIVEN_FEMALE = [
  'Lan',
  'Hoa',
  'Hương',
  'Mai',
  'Ngọc',
  'Thảo',
  'Hà',
  'Linh',
  'Trang',
  'Huyền',
  'Yến',
  'Nhung',
  'Oanh',
  'Hằng',
  'Duyên',
  'Thủy',
  'Loan',
  'Vân',
  'Hạnh',
  'Liên',
  'Thơm',
  'Nga',
  'Dung',
  'Phượng',
  'Quyên',
  'Giang',
  'Hiền',
  'Tuyết',
  'Châm',
  'Nhàn',
];

export function randomPerson(rng: Rng, female = rng.chance(0.5)): Person {
  return {
    family: rng.weighted(FAMILIES),
    middle: rng.pick(female ? MIDDLE_FEMALE : MIDDLE_MALE),
    given: rng.pick(female ? GIVEN_FEMALE : GIVEN_MALE),
    female,
  };
}

export type UnitKind = 'province' | 'city' | 'district' | 'education' | 'health' | 'civil' | 'economic' | 'grassroots';
export type PlaceKind = 'school' | 'hospital' | 'agency' | 'enterprise' | 'commune';

export interface Reporter {
  person: Person;
  unit: string;
}

export interface OrgUnit {
  /** Set once the unit is stored. */
  id: number;
  kind: UnitKind;
  level: UnitLevel;
  place: PlaceKind | null;
  fullName: string;
  shortName: string;
  /** The name in running text: "Công đoàn ngành Y tế", "Liên đoàn Lao động huyện Đồng Sơn". */
  name: string;
  /** The short name in running text: "CĐN Y tế", "LĐLĐ huyện Đồng Sơn", "CĐCS Sở Tài chính". */
  abbr: string;
  /** The agency, school or enterprise of a grassroots union, without the word "Công đoàn". */
  agency: string;
  /** The local authority or head of the agency: "UBND huyện Đồng Sơn", "Sở Y tế". */
  authority: string;
  /** Title of the agency's head: "Giám đốc Sở Y tế", "Hiệu trưởng nhà trường". */
  headTitle: string;
  /** Who the workforce is, in the unit's own words. */
  workforce: string;
  parent: OrgUnit | null;
  children: OrgUnit[];
  chair: Person;
  vice: Person;
  head: Person;
  members: number;
  workers: number;
  /** How many grassroots unions it has in the story (more than the demo tree holds). */
  cdcs: number;
  reporters: Reporter[];
  /** The executive committee's term number (khóa). */
  term: number;
}

interface UpperPlan {
  kind: Exclude<UnitKind, 'province' | 'grassroots'>;
  fullName: string;
  shortName: string;
  name: string;
  abbr: string;
  authority: string;
  headTitle: string;
  workforce: string;
  bylineUnit: string;
  grassroots: readonly (readonly [string, PlaceKind, string?])[];
}

const CNVCLD = 'công nhân, viên chức, lao động (CNVCLĐ)';

const UPPER_UNITS: readonly UpperPlan[] = [
  {
    kind: 'city',
    fullName: `Liên đoàn Lao động thành phố ${PROVINCE}`,
    shortName: `LĐLĐ thành phố ${PROVINCE}`,
    name: 'Liên đoàn Lao động thành phố',
    abbr: 'LĐLĐ thành phố',
    authority: 'UBND thành phố',
    headTitle: 'Phó Chủ tịch UBND thành phố',
    workforce: CNVCLD,
    bylineUnit: 'LĐLĐ thành phố',
    grassroots: [
      [`Công ty Cổ phần Cấp thoát nước ${PROVINCE}`, 'enterprise'],
      [`Công ty TNHH MTV Môi trường đô thị ${PROVINCE}`, 'enterprise'],
      ['Trường Tiểu học Bến Đá', 'school'],
      ['Trường Mầm non Hoa Sen', 'school'],
      ['Ủy ban nhân dân phường Bến Đá', 'commune', 'Công đoàn cơ quan UBND phường Bến Đá'],
      [`Bến xe khách ${PROVINCE}`, 'enterprise'],
    ],
  },
  {
    kind: 'district',
    fullName: 'Liên đoàn Lao động huyện Đồng Sơn',
    shortName: 'LĐLĐ huyện Đồng Sơn',
    name: 'Liên đoàn Lao động huyện Đồng Sơn',
    abbr: 'LĐLĐ huyện Đồng Sơn',
    authority: 'UBND huyện Đồng Sơn',
    headTitle: 'Phó Chủ tịch UBND huyện',
    workforce: CNVCLD,
    bylineUnit: 'LĐLĐ huyện Đồng Sơn',
    grassroots: [
      ['Trường THCS thị trấn Đồng Sơn', 'school'],
      ['Trung tâm Y tế huyện Đồng Sơn', 'hospital'],
      ['Cơ quan Ủy ban nhân dân huyện Đồng Sơn', 'agency', 'Công đoàn cơ quan UBND huyện Đồng Sơn'],
      ['Công ty TNHH Chè Đồng Sơn', 'enterprise'],
      ['Ủy ban nhân dân xã Thanh Lương', 'commune', 'Công đoàn cơ sở xã Thanh Lương'],
    ],
  },
  {
    kind: 'district',
    fullName: 'Liên đoàn Lao động huyện Tân Quang',
    shortName: 'LĐLĐ huyện Tân Quang',
    name: 'Liên đoàn Lao động huyện Tân Quang',
    abbr: 'LĐLĐ huyện Tân Quang',
    authority: 'UBND huyện Tân Quang',
    headTitle: 'Phó Chủ tịch UBND huyện',
    workforce: CNVCLD,
    bylineUnit: 'LĐLĐ huyện Tân Quang',
    grassroots: [
      ['Trường Mầm non Tân Quang', 'school'],
      ['Công ty Cổ phần Xi măng Tân Quang', 'enterprise'],
      ['Kho bạc Nhà nước huyện Tân Quang', 'agency'],
      ['Ủy ban nhân dân xã Quang Trung', 'commune', 'Công đoàn cơ sở xã Quang Trung'],
    ],
  },
  {
    kind: 'district',
    fullName: 'Liên đoàn Lao động huyện Hòa Thuận',
    shortName: 'LĐLĐ huyện Hòa Thuận',
    name: 'Liên đoàn Lao động huyện Hòa Thuận',
    abbr: 'LĐLĐ huyện Hòa Thuận',
    authority: 'UBND huyện Hòa Thuận',
    headTitle: 'Phó Chủ tịch UBND huyện',
    workforce: CNVCLD,
    bylineUnit: 'LĐLĐ huyện Hòa Thuận',
    grassroots: [
      ['Trường THCS Hòa Thuận', 'school'],
      ['Điện lực Hòa Thuận', 'enterprise'],
      ['Bảo hiểm xã hội huyện Hòa Thuận', 'agency'],
      ['Ủy ban nhân dân xã Hòa Bình', 'commune', 'Công đoàn cơ sở xã Hòa Bình'],
    ],
  },
  {
    kind: 'district',
    fullName: 'Liên đoàn Lao động huyện Phú Hưng',
    shortName: 'LĐLĐ huyện Phú Hưng',
    name: 'Liên đoàn Lao động huyện Phú Hưng',
    abbr: 'LĐLĐ huyện Phú Hưng',
    authority: 'UBND huyện Phú Hưng',
    headTitle: 'Phó Chủ tịch UBND huyện',
    workforce: CNVCLD,
    bylineUnit: 'LĐLĐ huyện Phú Hưng',
    grassroots: [
      ['Trường Tiểu học Phú Hưng', 'school'],
      ['Công ty TNHH Chế biến nông sản Phú Hưng', 'enterprise'],
      ['Trung tâm Y tế huyện Phú Hưng', 'hospital'],
    ],
  },
  {
    kind: 'district',
    fullName: 'Liên đoàn Lao động huyện Bắc Khê',
    shortName: 'LĐLĐ huyện Bắc Khê',
    name: 'Liên đoàn Lao động huyện Bắc Khê',
    abbr: 'LĐLĐ huyện Bắc Khê',
    authority: 'UBND huyện Bắc Khê',
    headTitle: 'Phó Chủ tịch UBND huyện',
    workforce: CNVCLD,
    bylineUnit: 'LĐLĐ huyện Bắc Khê',
    grassroots: [
      ['Trường PTDT bán trú THCS Bắc Khê', 'school'],
      ['Hạt Kiểm lâm huyện Bắc Khê', 'agency'],
      ['Trung tâm Y tế huyện Bắc Khê', 'hospital'],
    ],
  },
  {
    kind: 'education',
    fullName: `Công đoàn ngành Giáo dục tỉnh ${PROVINCE}`,
    shortName: 'Công đoàn ngành Giáo dục',
    name: 'Công đoàn ngành Giáo dục',
    abbr: 'CĐN Giáo dục',
    authority: 'Sở Giáo dục và Đào tạo',
    headTitle: 'Phó Giám đốc Sở Giáo dục và Đào tạo',
    workforce: 'cán bộ, nhà giáo, người lao động (CBNGNLĐ)',
    bylineUnit: 'CĐN Giáo dục',
    grassroots: [
      [`Trường THPT Chuyên ${PROVINCE}`, 'school'],
      ['Trường THPT Đồng Sơn', 'school'],
      ['Trường THPT Tân Quang', 'school'],
      ['Trường PT Dân tộc nội trú tỉnh', 'school'],
      [`Trường Cao đẳng Sư phạm ${PROVINCE}`, 'school'],
      ['Cơ quan Sở Giáo dục và Đào tạo', 'agency', 'Công đoàn cơ quan Sở Giáo dục và Đào tạo'],
    ],
  },
  {
    kind: 'health',
    fullName: `Công đoàn ngành Y tế tỉnh ${PROVINCE}`,
    shortName: 'Công đoàn ngành Y tế',
    name: 'Công đoàn ngành Y tế',
    abbr: 'CĐN Y tế',
    authority: 'Sở Y tế',
    headTitle: 'Phó Giám đốc Sở Y tế',
    workforce: 'cán bộ, viên chức, người lao động ngành Y tế',
    bylineUnit: 'Công đoàn ngành Y tế',
    grassroots: [
      ['Bệnh viện Đa khoa tỉnh', 'hospital'],
      ['Bệnh viện Y dược cổ truyền tỉnh', 'hospital'],
      ['Bệnh viện Phổi tỉnh', 'hospital'],
      ['Trung tâm Kiểm soát bệnh tật tỉnh', 'hospital'],
      ['Bệnh viện Phục hồi chức năng tỉnh', 'hospital'],
      ['Cơ quan Sở Y tế', 'agency', 'Công đoàn cơ quan Sở Y tế'],
    ],
  },
  {
    kind: 'civil',
    fullName: `Công đoàn Viên chức tỉnh ${PROVINCE}`,
    shortName: 'Công đoàn Viên chức tỉnh',
    name: 'Công đoàn Viên chức tỉnh',
    abbr: 'CĐVC tỉnh',
    authority: 'Đảng ủy Khối các cơ quan tỉnh',
    headTitle: 'Phó Bí thư Đảng ủy Khối các cơ quan tỉnh',
    workforce: 'cán bộ, công chức, viên chức, lao động (CCVCLĐ)',
    bylineUnit: 'Công đoàn Viên chức tỉnh',
    grassroots: [
      ['Kho bạc Nhà nước tỉnh', 'agency'],
      ['Văn phòng UBND tỉnh', 'agency'],
      ['Sở Tài chính', 'agency'],
      ['Sở Lao động – Thương binh và Xã hội', 'agency'],
      ['Đài Phát thanh và Truyền hình tỉnh', 'agency'],
      ['Sở Tư pháp', 'agency'],
      ['Thư viện tỉnh', 'agency'],
    ],
  },
  {
    kind: 'economic',
    fullName: `Công đoàn Khu kinh tế tỉnh ${PROVINCE}`,
    shortName: 'Công đoàn Khu kinh tế',
    name: 'Công đoàn Khu kinh tế',
    abbr: 'Công đoàn Khu kinh tế',
    authority: 'Ban Quản lý Khu kinh tế tỉnh',
    headTitle: 'Phó Trưởng Ban Quản lý Khu kinh tế tỉnh',
    workforce: 'công nhân lao động',
    bylineUnit: 'Công đoàn Khu kinh tế',
    grassroots: [
      ['Công ty TNHH May Phú Thành', 'enterprise'],
      [`Công ty Cổ phần Gạch ốp lát ${PROVINCE}`, 'enterprise'],
      ['Công ty TNHH Giày da Tân Việt', 'enterprise'],
      ['Công ty Cổ phần Chế biến gỗ Đồng Tiến', 'enterprise'],
      ['Công ty TNHH Linh kiện điện tử Minh Quang', 'enterprise'],
      [`Công ty Cổ phần Logistics Cửa khẩu ${PROVINCE}`, 'enterprise'],
    ],
  },
];

const HEAD_TITLES: Record<PlaceKind, string> = {
  school: 'Hiệu trưởng nhà trường',
  hospital: 'Giám đốc đơn vị',
  agency: 'Thủ trưởng cơ quan',
  enterprise: 'Giám đốc công ty',
  commune: 'Chủ tịch UBND xã',
};

const WORKFORCE: Record<PlaceKind, string> = {
  school: 'cán bộ, giáo viên, nhân viên',
  hospital: 'y, bác sĩ, nhân viên',
  agency: 'cán bộ, công chức, viên chức',
  enterprise: 'công nhân lao động',
  commune: 'cán bộ, công chức',
};

/** The whole tree, with invented leaders and reporters; ids are filled in when stored. */
export function planOrganisation(rng: Rng): { province: OrgUnit; uppers: OrgUnit[]; all: OrgUnit[] } {
  const province: OrgUnit = {
    id: 0,
    kind: 'province',
    level: 'province',
    place: null,
    fullName: `Liên đoàn Lao động tỉnh ${PROVINCE}`,
    shortName: 'LĐLĐ tỉnh',
    name: 'Liên đoàn Lao động tỉnh',
    abbr: 'LĐLĐ tỉnh',
    agency: `tỉnh ${PROVINCE}`,
    authority: 'UBND tỉnh',
    headTitle: 'Phó Chủ tịch UBND tỉnh',
    workforce: CNVCLD,
    parent: null,
    children: [],
    chair: randomPerson(rng, false),
    vice: randomPerson(rng),
    head: randomPerson(rng, false),
    members: rng.int(44_000, 47_000),
    workers: rng.int(49_000, 53_000),
    cdcs: rng.int(1_300, 1_420),
    reporters: [
      { person: randomPerson(rng, true), unit: 'Ban TGNC LĐLĐ tỉnh' },
      { person: randomPerson(rng, true), unit: 'Ban Tuyên giáo – Nữ công LĐLĐ tỉnh' },
      { person: randomPerson(rng), unit: 'Ban TGNC LĐLĐ tỉnh' },
      { person: randomPerson(rng), unit: 'Văn phòng LĐLĐ tỉnh' },
    ],
    term: 17,
  };
  const all: OrgUnit[] = [province];
  const uppers = UPPER_UNITS.map((plan): OrgUnit => {
    const upper: OrgUnit = {
      id: 0,
      kind: plan.kind,
      level: 'upper',
      place: null,
      fullName: plan.fullName,
      shortName: plan.shortName,
      name: plan.name,
      abbr: plan.abbr,
      agency: plan.authority,
      authority: plan.authority,
      headTitle: plan.headTitle,
      workforce: plan.workforce,
      parent: province,
      children: [],
      chair: randomPerson(rng),
      vice: randomPerson(rng),
      head: randomPerson(rng),
      members: 0,
      workers: 0,
      cdcs: 0,
      reporters: Array.from({ length: rng.int(2, 3) }, () => ({ person: randomPerson(rng), unit: plan.bylineUnit })),
      term: rng.int(3, 12),
    };
    for (const [agency, place, unionName] of plan.grassroots) {
      const members = place === 'enterprise' ? rng.int(120, 1800) : rng.int(18, 160);
      const name = unionName ?? `Công đoàn ${agency}`;
      upper.children.push({
        id: 0,
        kind: 'grassroots',
        level: 'grassroots',
        place,
        fullName: unionName ?? `Công đoàn cơ sở ${agency}`,
        shortName: agency,
        name,
        abbr: unionName ? name.replace(/^Công đoàn/, 'CĐ') : `CĐCS ${agency}`,
        agency,
        authority: agency,
        headTitle: HEAD_TITLES[place],
        workforce: WORKFORCE[place],
        parent: upper,
        children: [],
        chair: randomPerson(rng),
        vice: randomPerson(rng),
        head: randomPerson(rng),
        members,
        workers: members + rng.int(0, Math.ceil(members * 0.06)),
        cdcs: 1,
        reporters: [{ person: randomPerson(rng), unit: unionName ? name : `CĐCS ${agency}` }],
        term: rng.int(4, 15),
      });
    }
    upper.members = plan.kind === 'city' || plan.kind === 'economic' ? rng.int(6_000, 9_500) : rng.int(2_400, 6_500);
    upper.workers = Math.round(upper.members * rng.float(1.02, 1.08));
    upper.cdcs = Math.max(
      upper.children.length,
      Math.round(upper.members / (plan.kind === 'economic' ? rng.int(150, 300) : rng.int(40, 90))),
    );
    return upper;
  });
  province.children = uppers;
  for (const upper of uppers) all.push(upper, ...upper.children);
  return { province, uppers, all };
}
