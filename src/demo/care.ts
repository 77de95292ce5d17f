import type { AuthUser } from '../access/user.js';
import { approveCase, closeCase, payCase, proposeCase, resubmitCase, returnCase } from '../care/service.js';
import { createFund, recordReceipt, recordTransfer, reverseEntry } from '../funds/service.js';
import { createProgramme } from '../care/programme-service.js';
import type { CaseInput } from '../care/schema.js';
import type { DbContext } from '../db/context.js';
import type { CareCase, CareCaseStatus, CareReason, Fund } from '../db/schema.js';
import { addDays, formatIsoDate, isoDate } from '../lib/dates.js';
import { listCurrentMembers, type MemberListRow } from '../members/repo.js';
import type { DemoAccounts } from './accounts.js';
import { dayIn, earlier, later } from './days.js';
import { fullName, randomPerson, type OrgUnit } from './org.js';
import type { Rng } from './random.js';

/**
 * The demo's care work: four funds with their receipts, four programmes of the past year,
 * and cases of members, members' children and workers in every state, with a transfer
 * between funds and two reversals. Everything is written through the care commands by the
 * demo's officers, in the order of the ledger's dates, so every rule and audit row holds.
 */

export interface DemoCare {
  funds: number;
  programmes: number;
  cases: number;
}

type FundKey = 'social' | 'home' | 'study' | 'campaign';
type ProgrammeKey = 'tet' | 'workers' | 'home' | 'study';

interface ProgrammePlan {
  key: ProgrammeKey;
  name: string;
  startsOn: string;
  endsOn: string;
  defaultCash: number;
  defaultInKind: number;
  publishTotals: boolean;
  funds: FundKey[];
}

interface CasePlan {
  programme: ProgrammeKey | null;
  unit: OrgUnit;
  recipient: CaseInput['recipient'];
  reason: CareReason;
  description: string;
  occurredOn: string;
  /** Left out: the programme's default. */
  cash?: number;
  inKind?: number;
  status: CareCaseStatus;
  fund: FundKey;
  paidOn: string;
  /** Returned once and sent back corrected before the decision. */
  corrected: boolean;
  returnNote: string;
  /** Paid from the wrong fund first, then the payout reversed and paid again. */
  wrongFund: FundKey | null;
  /** Proposed again by mistake for someone already served by the programme: returned with the first case's number. */
  duplicateOf: CasePlan | null;
}

interface Action {
  on: string;
  flows: Array<[FundKey, number]>;
  run: () => Promise<void>;
}

const MILLION = 1_000_000;
const THOUSAND = 1_000;

const WORDS: Record<CareReason, readonly string[]> = {
  holiday_gift: [
    'Gia đình thuộc hộ cận nghèo, chồng thường xuyên ốm đau.',
    'Nuôi con nhỏ một mình, thu nhập thấp.',
    'Bố mẹ già yếu, bản thân là lao động chính trong gia đình.',
    'Gia đình có người khuyết tật, kinh tế khó khăn.',
    'Vợ chồng cùng làm công nhân, nuôi hai con đang đi học.',
    'Bản thân mới điều trị bệnh dài ngày, thu nhập giảm.',
  ],
  hardship: [
    'Chồng mất do bệnh, một mình nuôi hai con nhỏ.',
    'Gia đình có hai người cùng mất việc làm trong năm.',
    'Nhà ở xuống cấp, thu nhập không ổn định.',
    'Con bị bệnh bẩm sinh, chi phí điều trị lớn.',
  ],
  long_illness: [
    'Điều trị dài ngày tại Bệnh viện Đa khoa tỉnh.',
    'Phẫu thuật thay khớp háng, nghỉ việc điều trị hai tháng.',
    'Điều trị viêm phổi kéo dài tại Bệnh viện Phổi tỉnh.',
    'Điều trị thoát vị đĩa đệm, nghỉ việc theo chỉ định của bác sĩ.',
  ],
  grave_illness: [
    'Mắc bệnh ung thư, đang điều trị hóa chất tại bệnh viện tuyến trên.',
    'Suy thận mạn, chạy thận nhân tạo định kỳ.',
    'Phẫu thuật tim tại bệnh viện tuyến trung ương.',
    'Tai biến mạch máu não, liệt nửa người.',
  ],
  work_accident: [
    'Bị thương ở tay khi vận hành máy, nghỉ việc điều trị.',
    'Tai nạn trên đường đi làm, gãy chân.',
    'Bệnh nghề nghiệp do bụi, điều trị định kỳ.',
    'Ngã khi làm việc trên cao, chấn thương cột sống.',
  ],
  disaster: ['Nhà bị tốc mái do mưa bão.', 'Lũ quét làm hư hỏng nhà ở và hoa màu.', 'Sạt lở đất làm sập một phần nhà bếp.'],
  house: [
    'Hỗ trợ xây mới nhà ở; nhà cũ tạm bợ, dột nát.',
    'Hỗ trợ sửa chữa nhà ở xuống cấp nghiêm trọng.',
    'Gia đình đã có đất, thiếu kinh phí xây nhà; được Ban Chấp hành công đoàn cơ sở đề nghị.',
  ],
  study: [],
  other: [],
};

const RETURN_NOTES = [
  'Đề nghị bổ sung giấy ra viện hoặc giấy xác nhận điều trị.',
  'Thiếu xác nhận hoàn cảnh khó khăn của Ban Chấp hành công đoàn cơ sở.',
  'Số tiền đề nghị vượt mức hỗ trợ; đề nghị đơn vị điều chỉnh lại.',
];

const step = (rng: Rng, min: number, max: number, by: number) => rng.int(min / by, max / by) * by;

/** The latest year whose `month`/`day` is at least `margin` days before today. */
function latestYear(today: string, month: number, day: number, margin: number): number {
  let year = Number(today.slice(0, 4)) + 1;
  while (isoDate(year, month, day) > addDays(today, -margin)) year--;
  return year;
}

function programmePlans(today: string): ProgrammePlan[] {
  const tet = latestYear(today, 12, 1, 30) + 1;
  const may = latestYear(today, 5, 1, 20);
  const study = latestYear(today, 6, 1, 20);
  const home = Number(addDays(today, -150).slice(0, 4));
  return [
    {
      key: 'tet',
      name: `Tết Sum vầy ${tet}`,
      startsOn: isoDate(tet - 1, 12, 1),
      endsOn: isoDate(tet, 2, 28),
      defaultCash: 700 * THOUSAND,
      defaultInKind: 300 * THOUSAND,
      publishTotals: true,
      funds: ['social', 'campaign'],
    },
    {
      key: 'workers',
      name: `Tháng Công nhân ${may}`,
      startsOn: isoDate(may, 5, 1),
      endsOn: isoDate(may, 5, 31),
      defaultCash: MILLION,
      defaultInKind: 200 * THOUSAND,
      publishTotals: false,
      funds: ['social'],
    },
    {
      key: 'home',
      name: `Mái ấm Công đoàn ${home}`,
      startsOn: isoDate(home, 1, 1),
      endsOn: isoDate(home, 12, 31),
      defaultCash: 50 * MILLION,
      defaultInKind: 0,
      publishTotals: true,
      funds: ['home'],
    },
    {
      key: 'study',
      name: `Khuyến học năm học ${study - 1}–${study}`,
      startsOn: isoDate(study, 6, 1),
      endsOn: isoDate(study, 9, 30),
      defaultCash: 500 * THOUSAND,
      defaultInKind: 200 * THOUSAND,
      publishTotals: false,
      funds: ['study'],
    },
  ];
}

interface Roster {
  byUnit: Map<number, MemberListRow[]>;
  /** Programme (or reason and year) × member already given a case: no one twice by accident. */
  served: Set<string>;
}

class CasePlanner {
  constructor(
    private readonly rng: Rng,
    private readonly roster: Roster,
    private readonly grassroots: OrgUnit[],
    private readonly economic: OrgUnit,
    private readonly today: string,
  ) {}

  private weightedUnit(filter: (u: OrgUnit) => boolean = () => true): OrgUnit {
    const units = this.grassroots.filter(filter);
    // large unions propose more, but not in proportion: small ones have hardships too
    return this.rng.weighted(units.map((u) => [u, Math.sqrt(Math.max(1, this.roster.byUnit.get(u.id)?.length ?? 0))] as const));
  }

  /** A member of the unit on that day who has not had this kind of case yet. */
  private member(unit: OrgUnit, on: string, served: string): MemberListRow | null {
    const pool = (this.roster.byUnit.get(unit.id) ?? []).filter((m) => m.started_on <= on && !this.roster.served.has(`${served}|${m.id}`));
    if (pool.length === 0) return null;
    const m = this.rng.pick(pool);
    this.roster.served.add(`${served}|${m.id}`);
    return m;
  }

  private worker(): CaseInput['recipient'] {
    const p = randomPerson(this.rng);
    return { kind: 'worker', fullName: fullName(p), birthYear: Number(this.today.slice(0, 4)) - this.rng.int(19, 45), citizenId: null };
  }

  private inKkt(u: OrgUnit) {
    return u.parent === this.economic;
  }

  private base(
    unit: OrgUnit,
    occurredOn: string,
  ): Pick<CasePlan, 'unit' | 'occurredOn' | 'status' | 'paidOn' | 'corrected' | 'returnNote' | 'wrongFund' | 'duplicateOf'> {
    return {
      unit,
      occurredOn,
      status: 'closed',
      paidOn: occurredOn,
      corrected: false,
      returnNote: this.rng.pick(RETURN_NOTES),
      wrongFund: null,
      duplicateOf: null,
    };
  }

  tet(p: ProgrammePlan): CasePlan {
    const year = Number(p.endsOn.slice(0, 4));
    const on = dayIn(
      this.rng,
      earlier(isoDate(year - 1, 12, 20), addDays(this.today, -1)),
      earlier(isoDate(year, 2, 5), addDays(this.today, -1)),
    );
    const unit = this.weightedUnit();
    const m = unit.place === 'enterprise' && this.rng.chance(0.3) ? null : this.member(unit, on, p.key);
    const special = this.rng.chance(0.25);
    return {
      ...this.base(unit, on),
      programme: 'tet',
      reason: 'holiday_gift',
      recipient: m ? { kind: 'member', memberId: m.id } : this.worker(),
      description: m ? this.rng.pick(WORDS.holiday_gift) : 'Công nhân chưa vào công đoàn, ở trọ xa quê, hoàn cảnh khó khăn.',
      ...(special ? { cash: MILLION, inKind: 500 * THOUSAND } : {}),
      fund: this.inKkt(unit) ? 'campaign' : 'social',
    };
  }

  workers(p: ProgrammePlan): CasePlan {
    const on = dayIn(this.rng, p.startsOn, earlier(p.endsOn, addDays(this.today, -1)));
    const unit = this.weightedUnit((u) => u.place === 'enterprise' || this.rng.chance(0.3));
    const reason = this.rng.weighted<CareReason>([
      ['hardship', 5],
      ['work_accident', 3],
      ['long_illness', 2],
    ]);
    const m = this.member(unit, on, p.key);
    const amounts =
      reason === 'work_accident' ? { cash: step(this.rng, 2 * MILLION, 3 * MILLION, 500 * THOUSAND), inKind: 200 * THOUSAND } : {};
    return {
      ...this.base(unit, on),
      programme: 'workers',
      reason,
      recipient: m ? { kind: 'member', memberId: m.id } : this.worker(),
      description: this.rng.pick(WORDS[reason]),
      ...amounts,
      fund: 'social',
    };
  }

  home(p: ProgrammePlan): CasePlan {
    const on = dayIn(this.rng, addDays(p.startsOn, 60), earlier(p.endsOn, addDays(this.today, -1)));
    const unit = this.weightedUnit();
    const m = this.member(unit, on, p.key);
    return {
      ...this.base(unit, on),
      programme: 'home',
      reason: 'house',
      recipient: m ? { kind: 'member', memberId: m.id } : this.worker(),
      description: this.rng.pick(WORDS.house),
      cash: step(this.rng, 40 * MILLION, 70 * MILLION, 5 * MILLION),
      inKind: 0,
      fund: 'home',
    };
  }

  study(p: ProgrammePlan): CasePlan {
    const year = Number(p.endsOn.slice(0, 4));
    const on = dayIn(this.rng, addDays(p.startsOn, 45), earlier(p.endsOn, addDays(this.today, -1)));
    const unit = this.weightedUnit((u) => u.place !== 'enterprise' || this.rng.chance(0.5));
    const parent = this.member(unit, on, `${p.key}|${this.rng.int(1, 2)}`);
    const [description, cash] = this.rng.weighted<[string, number]>([
      [[`Học sinh giỏi năm học ${year - 1}–${year}.`, 500 * THOUSAND], 6],
      [[`Đạt giải kỳ thi chọn học sinh giỏi cấp tỉnh năm học ${year - 1}–${year}.`, MILLION], 3],
      [[`Đỗ đại học năm ${year} với kết quả cao.`, 1_500 * THOUSAND], 1],
    ]);
    const child = randomPerson(this.rng);
    // a child carries the father's family name
    const family = parent?.gender === 'male' ? (parent.full_name.split(' ')[0] ?? child.family) : child.family;
    const born = year - (cash > MILLION ? 18 : this.rng.int(7, 17));
    return {
      ...this.base(unit, on),
      programme: 'study',
      reason: 'study',
      description,
      cash,
      inKind: 200 * THOUSAND,
      fund: 'study',
      recipient: parent
        ? { kind: 'child', parentMemberId: parent.id, fullName: fullName({ ...child, family }), birthYear: born, citizenId: null }
        : { kind: 'worker', fullName: fullName(child), birthYear: born, citizenId: null },
    };
  }

  /** Visits outside the programmes: illness, accidents, a storm; the most recent ones still waiting for a decision. */
  single(recent: boolean): CasePlan {
    // storms come in the rainy season: recent visits are for illness, accidents and hardship
    const reason = this.rng.weighted<CareReason>([
      ['long_illness', 35],
      ['grave_illness', 25],
      ['work_accident', 20],
      ['hardship', 10],
      ['disaster', recent ? 0 : 10],
    ]);
    const stormYear = latestYear(this.today, 10, 15, 1);
    const on =
      reason === 'disaster'
        ? dayIn(this.rng, isoDate(stormYear, 9, 8), isoDate(stormYear, 10, 15))
        : dayIn(this.rng, addDays(this.today, recent ? -30 : -540), addDays(this.today, -1));
    const unit = this.weightedUnit(reason === 'disaster' ? (u) => u.parent?.kind === 'district' : undefined);
    const m = this.member(unit, on, `${reason}|${on.slice(0, 4)}`);
    const amount: Record<CareReason, () => number> = {
      long_illness: () => step(this.rng, MILLION, 3 * MILLION, 500 * THOUSAND),
      grave_illness: () => step(this.rng, 3 * MILLION, 10 * MILLION, MILLION),
      work_accident: () => step(this.rng, 2 * MILLION, 5 * MILLION, 500 * THOUSAND),
      hardship: () => step(this.rng, MILLION, 2 * MILLION, 500 * THOUSAND),
      disaster: () => step(this.rng, 2 * MILLION, 5 * MILLION, MILLION),
      holiday_gift: () => MILLION,
      study: () => MILLION,
      house: () => MILLION,
      other: () => MILLION,
    };
    return {
      ...this.base(unit, on),
      programme: null,
      reason,
      recipient: m ? { kind: 'member', memberId: m.id } : this.worker(),
      description: this.rng.pick(WORDS[reason]),
      cash: amount[reason](),
      inKind: this.rng.chance(0.4) ? step(this.rng, 200 * THOUSAND, 500 * THOUSAND, 100 * THOUSAND) : 0,
      fund: this.inKkt(unit) ? 'campaign' : 'social',
    };
  }
}

/**
 * Cases of the last month wait at every step of the flow (the newest few at least);
 * older ones are paid, and closed once their papers are in, most of those past two months.
 */
function assignStatuses(rng: Rng, cases: CasePlan[], today: string): void {
  const byAge = [...cases].sort((a, b) => (a.occurredOn > b.occurredOn ? -1 : a.occurredOn < b.occurredOn ? 1 : 0));
  const recent = addDays(today, -30);
  const cycle: CareCaseStatus[] = ['proposed', 'returned', 'approved'];
  let paid = 0;
  for (const [i, c] of byAge.entries()) {
    if (i < cycle.length) c.status = cycle[i]!;
    else if (c.occurredOn >= recent)
      c.status = rng.weighted<CareCaseStatus>([
        ['proposed', 4],
        ['returned', 1],
        ['approved', 3],
      ]);
    else c.status = paid === 0 || rng.chance(c.occurredOn >= addDays(today, -60) ? 0.6 : 0.12) ? 'paid' : 'closed';
    if (c.status === 'paid') paid++;
    c.paidOn = earlier(addDays(c.occurredOn, rng.int(1, 12)), today);
    c.corrected = (c.status === 'approved' || c.status === 'paid' || c.status === 'closed') && rng.chance(0.04);
  }
}

function sumUp(rng: Rng, amount: number, by: number): number {
  return Math.ceil((amount * rng.float(1.1, 1.3)) / by) * by;
}

export async function generateCare(
  ctx: DbContext,
  rng: Rng,
  province: OrgUnit,
  uppers: OrgUnit[],
  accounts: DemoAccounts,
  total: number,
  today: string,
): Promise<DemoCare> {
  const economic = uppers.find((u) => u.kind === 'economic');
  if (!economic) throw new Error('the demo tree has no economic-zone union');
  const kktOfficer = accounts.upper.get(economic.id)!;
  const grassroots = uppers.flatMap((u) => u.children);
  const { rows } = await listCurrentMembers(ctx, [province.id], null, 1_000_000, 0);
  const roster: Roster = { byUnit: new Map(), served: new Set() };
  for (const r of rows) roster.byUnit.set(r.unit_id, [...(roster.byUnit.get(r.unit_id) ?? []), r]);

  // --- funds and programmes
  const fundPlans: Array<[FundKey, OrgUnit, AuthUser, string, Fund['kind']]> = [
    ['social', province, accounts.province, 'Quỹ Xã hội', 'social'],
    ['home', province, accounts.province, 'Quỹ Mái ấm Công đoàn', 'home'],
    ['study', province, accounts.province, 'Quỹ khuyến học', 'study'],
    ['campaign', economic, kktOfficer, 'Quỹ vận động “Một ngày lương vì công nhân khó khăn”', 'campaign'],
  ];
  const funds = new Map<FundKey, Fund>();
  const fundOwner = new Map<FundKey, AuthUser>();
  for (const [key, unit, officer, name, kind] of fundPlans) {
    funds.set(key, await createFund(ctx, officer, { unitId: unit.id, name, kind }));
    fundOwner.set(key, officer);
  }
  const fundId = (k: FundKey) => funds.get(k)!.id;

  // --- cases
  const programmes = programmePlans(today);
  const planOf = (k: ProgrammeKey) => programmes.find((p) => p.key === k)!;
  const planner = new CasePlanner(rng, roster, grassroots, economic, today);
  const count = Math.max(20, Math.floor(total));
  const houses = Math.min(15, Math.max(3, Math.round(count * 0.04)));
  const tetCount = Math.round(count * 0.4);
  const workersCount = Math.round(count * 0.12);
  const studyCount = Math.round(count * 0.2);
  const singles = count - houses - tetCount - workersCount - studyCount;
  const cases: CasePlan[] = [
    ...Array.from({ length: tetCount }, () => planner.tet(planOf('tet'))),
    ...Array.from({ length: workersCount }, () => planner.workers(planOf('workers'))),
    ...Array.from({ length: houses }, () => planner.home(planOf('home'))),
    ...Array.from({ length: studyCount }, () => planner.study(planOf('study'))),
    ...Array.from({ length: singles }, (_, i) => planner.single(i < Math.max(6, singles * 0.35))),
  ];
  assignStatuses(rng, cases, today);
  const paidCases = cases.filter((c) => c.status === 'paid' || c.status === 'closed');
  const misrouted = paidCases.find((c) => c.programme === 'tet' && c.fund === 'campaign') ?? paidCases.find((c) => c.fund === 'campaign');
  if (misrouted) misrouted.wrongFund = 'social';
  const served = paidCases.find((c) => c.programme === 'tet' && c.recipient.kind === 'member');
  if (served) {
    const on = later(served.occurredOn, earlier(addDays(served.paidOn, 1), earlier(planOf('tet').endsOn, today)));
    cases.push({ ...served, occurredOn: on, status: 'returned', corrected: false, wrongFund: null, duplicateOf: served });
  }

  const cashOf = (c: CasePlan) => c.cash ?? (c.programme ? planOf(c.programme).defaultCash : 0);
  const inKindOf = (c: CasePlan) => c.inKind ?? (c.programme ? planOf(c.programme).defaultInKind : 0);
  const stored = new Map<ProgrammeKey, number>();
  for (const p of programmes) {
    const planned = cases.filter((c) => c.programme === p.key).reduce((sum, c) => sum + cashOf(c) + inKindOf(c), 0);
    const made = await createProgramme(ctx, accounts.province, {
      unitId: province.id,
      name: p.name,
      startsOn: p.startsOn,
      endsOn: p.endsOn,
      budget: sumUp(rng, Math.max(planned, 10 * MILLION), 10 * MILLION),
      defaultCash: p.defaultCash,
      defaultInKind: p.defaultInKind,
      publishTotals: p.publishTotals,
      fundIds: p.funds.map(fundId),
    });
    stored.set(p.key, made.id);
  }

  // --- the ledger's story, run in date order
  const actions: Action[] = [];
  const officerAbove = (u: OrgUnit) => (u === accounts.grassrootsUnit ? accounts.grassroots : accounts.upper.get(u.parent!.id)!);
  const caseIds = new Map<CasePlan, number>();
  for (const c of cases) {
    const proposer = officerAbove(c.unit);
    const decider = proposer === accounts.grassroots ? accounts.upper.get(c.unit.parent!.id)! : accounts.province;
    const payer = fundOwner.get(c.fund)!;
    const paid = c.status === 'paid' || c.status === 'closed';
    const flows: Array<[FundKey, number]> = [];
    if (paid && c.wrongFund) flows.push([c.wrongFund, -cashOf(c)], [c.wrongFund, cashOf(c)]);
    if (paid) flows.push([c.fund, -cashOf(c)]);
    actions.push({
      // a case proposed twice comes after the first one
      on: later(paid ? c.paidOn : c.occurredOn, c.duplicateOf?.paidOn ?? ''),
      flows,
      run: async () => {
        const input: CaseInput = {
          programmeId: c.programme ? stored.get(c.programme)! : null,
          recipient: c.recipient,
          reason: c.reason,
          description: c.description,
          occurredOn: c.occurredOn,
          proposingUnitId: c.unit.id,
          ...(c.cash !== undefined ? { cashAmount: c.cash, inKindAmount: c.inKind ?? 0 } : {}),
        };
        let k: CareCase = (await proposeCase(ctx, proposer, input)).case;
        caseIds.set(c, k.id);
        const first = c.duplicateOf ? caseIds.get(c.duplicateOf) : undefined;
        if (first !== undefined) {
          await returnCase(
            ctx,
            decider,
            k.id,
            k.version,
            `Trùng với hồ sơ số ${first} đã chi trong chương trình; đề nghị đơn vị rà soát lại danh sách.`,
          );
          return;
        }
        if (c.corrected) {
          k = await returnCase(ctx, decider, k.id, k.version, c.returnNote);
          k = await resubmitCase(ctx, proposer, k.id, k.version);
        }
        if (c.status === 'proposed') return;
        if (c.status === 'returned') {
          await returnCase(ctx, decider, k.id, k.version, c.returnNote);
          return;
        }
        k = await approveCase(ctx, decider, k.id, k.version, {
          fundId: fundId(c.fund),
          note: rng.chance(0.3) ? 'Đồng ý hỗ trợ theo đề nghị của đơn vị.' : null,
        });
        if (!paid) return;
        if (c.wrongFund) {
          const wrong = await payCase(ctx, accounts.province, k.id, fundId(c.wrongFund), c.paidOn);
          await reverseEntry(ctx, accounts.province, wrong.entry!.id, {
            on: c.paidOn,
            memo: `Chi nhầm nguồn: hồ sơ số ${k.id} chi từ ${funds.get(c.fund)!.name}.`,
          });
        }
        k = (await payCase(ctx, payer, k.id, fundId(c.fund), c.paidOn)).case;
        if (c.status === 'closed') await closeCase(ctx, payer, k.id, k.version);
      },
    });
  }

  const receipt = (
    fund: FundKey,
    on: string,
    amount: number,
    sourceLabel: string,
    sourceUnit: OrgUnit | null,
    memo: string | null = null,
  ): Action => ({
    on,
    flows: [[fund, amount]],
    run: async () => {
      await recordReceipt(ctx, fundOwner.get(fund)!, {
        fundId: fundId(fund),
        on,
        amount,
        sourceLabel,
        sourceUnitId: sourceUnit?.id ?? null,
        memo,
      });
    },
  });
  // the books open on 1 January of the year of the first case
  const firstYear = Number(
    addDays(
      cases.reduce(
        (min, c) => earlier(min, c.occurredOn),
        programmes.reduce((min, p) => earlier(min, p.startsOn), today),
      ),
      -20,
    ).slice(0, 4),
  );
  const start = isoDate(firstYear, 1, 1);
  /** A day in the given months of `year`, not after today. */
  const within = (year: number, fromMonth: number, toMonth: number) =>
    earlier(dayIn(rng, isoDate(year, fromMonth, 2), isoDate(year, toMonth, 28)), today);
  for (let year = firstYear; year <= Number(today.slice(0, 4)); year++) {
    for (const u of uppers) {
      actions.push(
        receipt(
          'social',
          within(year, 1, 3),
          step(rng, 20 * MILLION, 60 * MILLION, MILLION),
          u.fullName,
          u,
          `Ủng hộ Quỹ Xã hội năm ${year}`,
        ),
      );
      if (rng.chance(0.5))
        actions.push(
          receipt(
            'home',
            within(year, 3, 4),
            step(rng, 10 * MILLION, 40 * MILLION, 5 * MILLION),
            u.fullName,
            u,
            `Ủng hộ chương trình Mái ấm Công đoàn năm ${year}`,
          ),
        );
    }
    for (const u of rng.sample(
      grassroots.filter((g) => g.place === 'enterprise'),
      4,
    )) {
      actions.push(receipt('social', within(year, 4, 11), step(rng, 10 * MILLION, 30 * MILLION, MILLION), `Ban Giám đốc ${u.agency}`, u));
    }
    for (let i = 0; i < 3; i++) {
      const p = randomPerson(rng);
      actions.push(
        receipt(
          'study',
          within(year, 5, 8),
          step(rng, 2 * MILLION, 10 * MILLION, MILLION),
          `${p.female ? 'Bà' : 'Ông'} ${fullName(p)}`,
          null,
          'Ủng hộ Quỹ khuyến học',
        ),
      );
    }
  }
  const tet = planOf('tet');
  const campaignOn = earlier(addDays(tet.startsOn, -10), today);
  for (const u of economic.children) {
    const members = roster.byUnit.get(u.id)?.length ?? 10;
    actions.push(
      receipt(
        'campaign',
        later(start, campaignOn),
        Math.max(1, Math.round((members * rng.int(180, 320)) / 10)) * 10 * THOUSAND,
        `Công đoàn ${u.agency}`,
        u,
        'Một ngày lương của đoàn viên, người lao động',
      ),
    );
  }
  const education = uppers.find((u) => u.kind === 'education') ?? province;
  const doubled = receipt(
    'study',
    later(start, earlier(addDays(planOf('study').startsOn, -5), today)),
    30 * MILLION,
    education.fullName,
    education,
    'Ủng hộ Quỹ khuyến học',
  );
  actions.push(doubled, {
    ...doubled,
    run: async () => {
      const entry = await recordReceipt(ctx, accounts.province, {
        fundId: fundId('study'),
        on: doubled.on,
        amount: 30 * MILLION,
        sourceLabel: education.fullName,
        sourceUnitId: education.id,
        memo: 'Ủng hộ Quỹ khuyến học',
      });
      await reverseEntry(ctx, accounts.province, entry.id, {
        on: doubled.on,
        memo: `Ghi trùng phiếu thu ngày ${formatIsoDate(doubled.on)}.`,
      });
    },
    flows: [
      ['study', 30 * MILLION],
      ['study', -30 * MILLION],
    ],
  });
  const home = planOf('home');
  const transferOn = later(start, earlier(addDays(home.startsOn, 45), today));
  const transferAmount = 200 * MILLION;
  actions.push({
    on: transferOn,
    flows: [
      ['social', -transferAmount],
      ['home', transferAmount],
    ],
    run: async () => {
      await recordTransfer(ctx, accounts.province, {
        fromFundId: fundId('social'),
        toFundId: fundId('home'),
        on: transferOn,
        amount: transferAmount,
        memo: `Trích Quỹ Xã hội cho chương trình ${home.name}`,
      });
    },
  });

  // every fund opens with what it carried over, enough that no payout of the story is refused
  const ordered = actions
    .map((a, i) => ({ a, i }))
    .sort((x, y) => (x.a.on < y.a.on ? -1 : x.a.on > y.a.on ? 1 : x.i - y.i))
    .map((x) => x.a);
  const balance = new Map<FundKey, number>();
  const lowest = new Map<FundKey, number>();
  for (const a of ordered) {
    for (const [fund, amount] of a.flows) {
      const now = (balance.get(fund) ?? 0) + amount;
      balance.set(fund, now);
      lowest.set(fund, Math.min(lowest.get(fund) ?? 0, now));
    }
  }
  const openings: Action[] = fundPlans.map(([key, unit]) => {
    const amount =
      Math.ceil((-(lowest.get(key) ?? 0) + step(rng, 30 * MILLION, 80 * MILLION, 10 * MILLION)) / (10 * MILLION)) * 10 * MILLION;
    const label =
      key === 'campaign' ? `${economic.fullName} trích kinh phí phát động cuộc vận động` : `Số dư năm ${firstYear - 1} chuyển sang`;
    return receipt(key, start, amount, label, unit);
  });
  for (const a of [...openings, ...ordered]) await a.run();

  return { funds: funds.size, programmes: programmes.length, cases: cases.length };
}
