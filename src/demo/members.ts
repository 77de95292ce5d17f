import type { AuthUser } from '../access/user.js';
import type { DbContext } from '../db/context.js';
import { addDays, formatIsoDate, isoDate } from '../lib/dates.js';
import { fold } from '../lib/fold.js';
import type { ColumnMapping } from '../members/import/columns.js';
import { importMembers } from '../members/import-service.js';
import { listCurrentMembers } from '../members/repo.js';
import type { LeaveInput, RegistryValues } from '../members/schema.js';
import { admitMember, memberLeaves, rejoinMember, transferMember } from '../members/service.js';
import type { DemoAccounts } from './accounts.js';
import { dayIn, daysBetween, later } from './days.js';
import { fullName, randomPerson, type OrgUnit, type Person } from './org.js';
import type { Rng } from './random.js';

/**
 * The demo's member registry, kept the way a federation keeps it: each upper union imports
 * the lists its grassroots unions sent (admissions over the past 20 years), then the
 * officers record what happened since, one by one: transfers between unions, departures,
 * rejoinings and this month's admissions. Everything goes through the registry's own
 * import and commands, so the running totals and the audit log are what they would be.
 */

export interface DemoMembers {
  members: number;
  transfers: number;
  departures: number;
  rejoins: number;
}

interface Planned {
  person: Person;
  unit: OrgUnit;
  birthDate: string;
  joinedOn: string;
  citizenId: string | null;
  phone: string | null;
  job: string;
}

type Event =
  | { on: string; kind: 'admit'; who: Planned }
  | { on: string; kind: 'transfer'; who: Planned; to: OrgUnit }
  | { on: string; kind: 'leave'; who: Planned }
  | { on: string; kind: 'rejoin'; who: Planned; to: OrgUnit };

const YEARS = 20;
/** Admissions this recent are recorded one by one, as an officer would at the form. */
const RECENT_DAYS = 45;

/** Women's share of a union's members, from the kind of workplace. */
function femaleShare(u: OrgUnit): number {
  const a = u.agency;
  if (/Mầm non/.test(a)) return 0.95;
  if (/May|Giày|điện tử/.test(a)) return 0.8;
  if (/Xi măng|Gạch|gỗ|Logistics|Điện lực|Bến xe|Cấp thoát nước|Môi trường|Kiểm lâm/.test(a)) return 0.25;
  switch (u.place) {
    case 'school':
      return 0.72;
    case 'hospital':
      return 0.66;
    case 'commune':
      return 0.42;
    default:
      return 0.5;
  }
}

type Jobs = readonly (readonly [string, number])[];

const ENTERPRISE_JOBS: readonly (readonly [RegExp, string])[] = [
  [/May/, 'Công nhân may'],
  [/Giày/, 'Công nhân giày da'],
  [/điện tử/, 'Công nhân lắp ráp'],
  [/Xi măng/, 'Công nhân vận hành lò'],
  [/Gạch/, 'Công nhân sản xuất'],
  [/gỗ/, 'Công nhân chế biến gỗ'],
  [/Chè/, 'Công nhân chế biến chè'],
  [/nông sản/, 'Công nhân chế biến'],
  [/Điện lực/, 'Công nhân quản lý vận hành lưới điện'],
  [/Logistics/, 'Nhân viên giao nhận'],
  [/Bến xe/, 'Nhân viên điều hành bến'],
  [/Cấp thoát nước/, 'Công nhân cấp nước'],
  [/Môi trường/, 'Công nhân vệ sinh môi trường'],
];

function jobsAt(u: OrgUnit): Jobs {
  switch (u.place) {
    case 'school':
      return /Mầm non/.test(u.agency)
        ? [
            ['Giáo viên mầm non', 12],
            ['Cấp dưỡng', 2],
            ['Kế toán', 1],
            ['Phó Hiệu trưởng', 1],
          ]
        : [
            ['Giáo viên', 14],
            ['Nhân viên văn thư', 1],
            ['Kế toán', 1],
            ['Nhân viên thiết bị, thư viện', 1],
            ['Phó Hiệu trưởng', 1],
          ];
    case 'hospital':
      return [
        ['Điều dưỡng', 10],
        ['Bác sĩ', 6],
        ['Kỹ thuật viên xét nghiệm', 2],
        ['Dược sĩ', 1],
        ['Hộ lý', 2],
        ['Kế toán', 1],
        ['Nhân viên hành chính', 1],
      ];
    case 'agency':
      return [
        ['Chuyên viên', 12],
        ['Kế toán', 1],
        ['Văn thư', 1],
        ['Lái xe', 1],
        ['Phó Trưởng phòng', 2],
        ['Trưởng phòng', 1],
      ];
    case 'commune':
      return [
        ['Công chức Văn phòng – Thống kê', 2],
        ['Công chức Địa chính – Xây dựng', 2],
        ['Công chức Tư pháp – Hộ tịch', 2],
        ['Công chức Tài chính – Kế toán', 1],
        ['Công chức Văn hóa – Xã hội', 2],
        ['Nhân viên', 1],
      ];
    default: {
      const main = ENTERPRISE_JOBS.find(([pattern]) => pattern.test(u.agency))?.[1] ?? 'Công nhân';
      return [
        [main, 16],
        ['Tổ trưởng sản xuất', 2],
        ['Kỹ thuật viên', 2],
        ['Nhân viên kế toán', 1],
        ['Thủ kho', 1],
        ['Lái xe', 1],
        ['Nhân viên hành chính', 1],
      ];
    }
  }
}

/** Days unions hold their admission ceremonies on: 1/5, 28/7, and 20/11 in schools. */
function ceremonyDay(rng: Rng, u: OrgUnit, year: number): string {
  const days: Array<[number, number]> = [
    [5, 1],
    [7, 28],
  ];
  if (u.place === 'school') days.push([11, 20]);
  const [month, day] = rng.pick(days);
  return isoDate(year, month, day);
}

/** How many members each grassroots union gets: in proportion to its size in the story, at least a handful. */
function shares(rng: Rng, units: OrgUnit[], total: number): Map<OrgUnit, number> {
  const weight = units.reduce((sum, u) => sum + u.members, 0);
  const out = new Map(units.map((u) => [u, Math.max(6, Math.floor((total * u.members) / weight))] as const));
  let placed = [...out.values()].reduce((a, b) => a + b, 0);
  const weights = units.map((u) => [u, u.members] as const);
  while (placed < total) {
    const u = rng.weighted(weights);
    out.set(u, (out.get(u) ?? 0) + 1);
    placed++;
  }
  return out;
}

const BIRTH_PROVINCES: readonly (readonly [string, number])[] = [
  ['020', 70],
  ['019', 5],
  ['022', 5],
  ['024', 5],
  ['001', 5],
  ['026', 3],
  ['036', 3],
  ['040', 2],
  ['004', 2],
];
const MOBILE_PREFIXES = [
  '096',
  '097',
  '098',
  '086',
  '091',
  '094',
  '088',
  '083',
  '084',
  '090',
  '093',
  '089',
  '070',
  '079',
  '077',
  '032',
  '033',
  '034',
  '035',
  '036',
  '037',
  '038',
  '039',
  '056',
  '058',
];

/** A 12-digit citizen ID shaped like the real ones: birth province, century and sex, year of birth, then a serial. */
function citizenId(rng: Rng, birthDate: string, female: boolean, taken: Set<string>): string {
  const year = Number(birthDate.slice(0, 4));
  const centuryAndSex = (year >= 2000 ? 2 : 0) + (female ? 1 : 0);
  for (;;) {
    const id = `${rng.weighted(BIRTH_PROVINCES)}${centuryAndSex}${String(year % 100).padStart(2, '0')}${String(rng.int(0, 999_999)).padStart(6, '0')}`;
    if (!taken.has(id)) {
      taken.add(id);
      return id;
    }
  }
}

function planMembers(rng: Rng, grassroots: OrgUnit[], total: number, today: string): Planned[] {
  const out: Planned[] = [];
  const people = new Set<string>();
  const ids = new Set<string>();
  const earliest = addDays(today, -YEARS * 365);
  for (const [unit, count] of shares(rng, grassroots, total)) {
    const jobs = jobsAt(unit);
    const young = unit.place === 'enterprise';
    for (let i = 0; i < count; i++) {
      const person = randomPerson(rng, rng.chance(femaleShare(unit)));
      const age = young ? rng.int(19, 50) : rng.int(23, 59);
      let birthDate = addDays(today, -(age * 365 + rng.int(0, 364)));
      // the same name and birth date is the same person to the registry: another day for a namesake
      while (people.has(`${fold(fullName(person))}|${birthDate}`)) birthDate = addDays(birthDate, 1);
      people.add(`${fold(fullName(person))}|${birthDate}`);
      const from = later(addDays(birthDate, (young ? 18 : 22) * 365 + 5), earliest);
      const to = addDays(today, -3);
      let joinedOn = dayIn(rng, from, to);
      if (rng.chance(0.4)) {
        const ceremony = ceremonyDay(rng, unit, Number(joinedOn.slice(0, 4)));
        if (ceremony >= from && ceremony <= to) joinedOn = ceremony;
      }
      out.push({
        person,
        unit,
        birthDate,
        joinedOn,
        citizenId: rng.chance(0.65) ? citizenId(rng, birthDate, person.female, ids) : null,
        phone: rng.chance(0.45) ? `${rng.pick(MOBILE_PREFIXES)}${String(rng.int(0, 9_999_999)).padStart(7, '0')}` : null,
        job: rng.weighted(jobs),
      });
    }
  }
  return out;
}

/** The words an officer writes when a departure's reason is "Khác". */
const OTHER_REASONS = ['Đi lao động ở nước ngoài', 'Chuyển về quê sinh sống', 'Nghỉ chăm con nhỏ', 'Không liên lạc được trên 12 tháng'];

/**
 * Why a member left: near retirement age mostly "Nghỉ hưu" (from 50 often, as early retirement);
 * otherwise mostly leaving the job or moving to work outside the union system, rarely a death or
 * an expulsion.
 */
function departureReason(rng: Rng, who: Planned, on: string): LeaveInput {
  const age = daysBetween(who.birthDate, on) / 365.25;
  if (age >= (who.person.female ? 54 : 58) && rng.chance(0.85)) return { reason: 'retired' };
  const reason = rng.weighted<LeaveInput['reason']>([
    ['quit_job', 38],
    ['moved_out', 30],
    ['voluntary', 14],
    ['other', 9],
    ['retired', age >= 50 ? 60 : 0],
    ['deceased', 3],
    ['expelled', 2],
  ]);
  return reason === 'other' ? { reason, note: rng.pick(OTHER_REASONS) } : { reason };
}

/** What happened to members after they joined: a few transfers, departures and later rejoinings. */
function planEvents(rng: Rng, planned: Planned[], grassroots: OrgUnit[], today: string): Event[] {
  const events: Event[] = [];
  const recentFrom = addDays(today, -RECENT_DAYS);
  for (const who of planned) {
    if (who.joinedOn > recentFrom) {
      events.push({ on: who.joinedOn, kind: 'admit', who });
      continue;
    }
    const roll = rng.next();
    if (roll < 0.035 && daysBetween(who.joinedOn, today) > 200) {
      const alike = grassroots.filter((u) => u !== who.unit && u.place === who.unit.place);
      const near = alike.filter((u) => u.parent === who.unit.parent);
      const to =
        near.length > 0 && rng.chance(0.6) ? rng.pick(near) : rng.pick(alike.length > 0 ? alike : grassroots.filter((u) => u !== who.unit));
      events.push({ on: dayIn(rng, addDays(who.joinedOn, 120), addDays(today, -3)), kind: 'transfer', who, to });
    } else if (roll < 0.115 && daysBetween(who.joinedOn, today) > 100) {
      const left = dayIn(rng, addDays(who.joinedOn, 90), addDays(today, -2));
      events.push({ on: left, kind: 'leave', who });
      if (rng.chance(0.3) && daysBetween(left, today) > 120) {
        const to = rng.chance(0.5) ? who.unit : rng.pick(grassroots);
        events.push({ on: dayIn(rng, addDays(left, 60), addDays(today, -1)), kind: 'rejoin', who, to });
      }
    }
  }
  // by day; a member's own events keep their order (a departure before its rejoining)
  return events
    .map((e, i) => ({ e, i }))
    .sort((a, b) => (a.e.on < b.e.on ? -1 : a.e.on > b.e.on ? 1 : a.i - b.i))
    .map((x) => x.e);
}

const HEADERS = ['Họ và tên', 'Giới tính', 'Ngày sinh', 'Số CCCD', 'Số điện thoại', 'Nghề nghiệp, chức vụ', 'Đơn vị', 'Ngày kết nạp'];
const MAPPING: ColumnMapping = {
  fullName: 0,
  gender: 1,
  birthDate: 2,
  citizenId: 3,
  phone: 4,
  job: 5,
  cardNumber: null,
  unit: 6,
  joinedOn: 7,
};

function csvOf(rows: Planned[]): Buffer {
  const cell = (v: string) => `"${v.replace(/"/g, '""')}"`;
  const lines = [HEADERS.map(cell).join(',')];
  for (const m of rows) {
    lines.push(
      [
        fullName(m.person),
        m.person.female ? 'Nữ' : 'Nam',
        formatIsoDate(m.birthDate),
        m.citizenId ?? '',
        m.phone ?? '',
        m.job,
        m.unit.shortName,
        formatIsoDate(m.joinedOn),
      ]
        .map(cell)
        .join(','),
    );
  }
  return Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8');
}

const slug = (s: string) =>
  fold(s)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

export async function generateMembers(
  ctx: DbContext,
  rng: Rng,
  province: OrgUnit,
  uppers: OrgUnit[],
  accounts: DemoAccounts,
  total: number,
  today: string,
): Promise<DemoMembers> {
  const grassroots = uppers.flatMap((u) => u.children);
  const planned = planMembers(rng, grassroots, total, today);
  const events = planEvents(rng, planned, grassroots, today);
  const admittedLater = new Set(events.flatMap((e) => (e.kind === 'admit' ? [e.who] : [])));
  const officerOf = (unit: OrgUnit): AuthUser => {
    const officer = unit.parent ? accounts.upper.get(unit.parent.id) : undefined;
    if (!officer) throw new Error(`no demo officer above ${unit.shortName}`);
    return officer;
  };

  let imported = 0;
  for (const upper of uppers) {
    const rows = planned.filter((m) => m.unit.parent === upper && !admittedLater.has(m));
    if (rows.length === 0) continue;
    const officer = officerOf(rows[0]!.unit);
    const report = await importMembers(
      ctx,
      officer,
      csvOf(rows),
      `danh-sach-doan-vien-${slug(upper.shortName)}.csv`,
      { mapping: MAPPING, defaultJoinedOn: today },
      'all',
    );
    const first = report.errors[0];
    if (first) throw new Error(`demo member list of ${upper.shortName}, row ${first.rowNumber}: ${first.message}`);
    imported += report.added;
  }

  const key = (name: string, birthDate: string | null) => `${name}|${birthDate}`;
  const ids = new Map<string, number>();
  for (const r of (await listCurrentMembers(ctx, [province.id], null, planned.length + 1, 0)).rows)
    ids.set(key(r.full_name, r.birth_date), r.id);
  const idOf = (m: Planned) => {
    const id = ids.get(key(fullName(m.person), m.birthDate));
    if (id === undefined) throw new Error(`demo member ${fullName(m.person)} was not stored`);
    return id;
  };

  const counts = { transfers: 0, departures: 0, rejoins: 0, admitted: 0 };
  for (const e of events) {
    switch (e.kind) {
      case 'admit': {
        const officer = e.who.unit === accounts.grassrootsUnit ? accounts.grassroots : officerOf(e.who.unit);
        const { id } = await admitMember(ctx, officer, {
          fullName: fullName(e.who.person),
          gender: e.who.person.female ? 'female' : 'male',
          birthDate: e.who.birthDate,
          citizenId: e.who.citizenId,
          phone: e.who.phone,
          job: e.who.job,
          unitId: e.who.unit.id,
          joinedOn: e.on,
          notADuplicate: true,
          ...registryOf(counts.admitted),
        });
        ids.set(key(fullName(e.who.person), e.who.birthDate), id);
        counts.admitted++;
        break;
      }
      case 'transfer':
        // A transfer between two upper unions is done by the province, whose scope covers both.
        await transferMember(
          ctx,
          e.who.unit.parent === e.to.parent ? officerOf(e.who.unit) : accounts.province,
          idOf(e.who),
          e.to.id,
          e.on,
        );
        counts.transfers++;
        break;
      case 'leave':
        // drawn here, after every event is planned, so the reasons leave the rest of the demo as it was
        await memberLeaves(ctx, officerOf(e.who.unit), idOf(e.who), e.on, departureReason(rng, e.who, e.on));
        counts.departures++;
        break;
      case 'rejoin':
        await rejoinMember(ctx, accounts.province, idOf(e.who), e.to.id, e.on);
        counts.rejoins++;
        break;
    }
  }
  return { members: imported + counts.admitted, transfers: counts.transfers, departures: counts.departures, rejoins: counts.rejoins };
}

/**
 * Registry fields for the demo's n-th admission, spread so the member list's filters find someone:
 * most members Kinh, some of other peoples; a Party member in five; a few union officers.
 */
function registryOf(n: number): Partial<RegistryValues> {
  const peoples = ['Tày', 'Thái', 'Mường', 'Nùng', 'Mông', 'Khmer'] as const;
  const qualifications = ['university', 'college', 'intermediate', 'university', 'master', 'untrained'] as const;
  const positions = ['chair', 'vice_chair', 'executive', 'executive', 'group_leader', 'inspection'] as const;
  const partyMember = n % 5 === 0 ? 1 : 0;
  return {
    ethnicity: n % 7 === 3 ? peoples[n % peoples.length]! : 'Kinh',
    qualification: qualifications[n % qualifications.length]!,
    partyMember,
    unionPosition: n % 11 === 0 ? positions[(n / 11) % positions.length]! : 'member',
    fullTimeOfficer: n % 97 === 0 ? 1 : 0,
    workforceType: n % 3 === 0 ? 'civil_servant' : n % 3 === 1 ? 'public_employee' : 'contract',
  };
}
