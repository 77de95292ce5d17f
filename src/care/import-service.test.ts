import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { careListXlsx, rowOf, type CareListRow } from '../../test/fixtures/care/care-list.js';
import { makeUnitTree, makeUser } from '../../test/client.js';
import { DIALECTS, freshDb, type TestDb } from '../../test/harness.js';
import type { AuthUser } from '../access/user.js';
import { loadAuthUser } from '../auth/service.js';
import type { Role } from '../db/schema.js';
import { readSpreadsheet } from '../spreadsheet/read.js';
import { admitMember } from '../members/service.js';
import { approveCase, proposeCase } from './service.js';
import { guessCareColumns } from './import/columns.js';
import { recogniseReason } from './import/validate.js';
import { commitCareImport, planCareImport, type CareImportOptions } from './import-service.js';
import { createProgramme, type ProgrammeWithFunds } from './programme-service.js';

const outcome = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: { statusCode?: number; message: string }) => `${e.statusCode} ${e.message}`,
  );

describe('care list columns', () => {
  it('finds the usual headers and their variants, and leaves STT out', () => {
    const headers = [
      'STT',
      'Họ và tên',
      'Năm sinh',
      'Giới tính',
      'Số CCCD',
      'Đối tượng',
      'Đơn vị / CĐCS',
      'Lý do / Hoàn cảnh',
      'Tiền mặt',
      'Hiện vật (giá trị)',
      'Ghi chú',
    ];
    expect(guessCareColumns(headers)).toEqual({
      fullName: 1,
      birth: 2,
      gender: 3,
      citizenId: 4,
      kind: 5,
      parent: null,
      unit: 6,
      reason: 7,
      cash: 8,
      inKind: 9,
      note: 10,
    });
    const other = [
      'TT',
      'HỌ TÊN',
      'Ngày, tháng, năm sinh',
      'CMND/CCCD',
      'Đối tượng (ĐV/Con ĐV/NLĐ)',
      'Họ tên cha/mẹ',
      'Tên CĐCS',
      'Hoàn cảnh gia đình',
      'Số tiền hỗ trợ',
      'Giá trị quà',
      'Tổng cộng',
    ];
    expect(guessCareColumns(other)).toEqual({
      fullName: 1,
      birth: 2,
      gender: null,
      citizenId: 3,
      kind: 4,
      parent: 5,
      unit: 6,
      reason: 7,
      cash: 8,
      inKind: 9,
      note: null,
    });
    expect(
      guessCareColumns([
        'Họ và tên',
        'Năm sinh - Nam',
        'Năm sinh - Nữ',
        'Mức hỗ trợ - Tiền mặt',
        'Mức hỗ trợ - Hiện vật',
        'Mức hỗ trợ - Tổng cộng',
      ]),
    ).toMatchObject({
      birth: { male: 1, female: 2 },
      gender: { male: 1, female: 2 },
      cash: 3,
      inKind: 4,
    });
    expect(guessCareColumns(['Họ và tên', 'Ghi chú'])).toMatchObject({ fullName: 0, cash: null, inKind: null, unit: null, note: 1 });
  });

  it('reads the reason a list gives, the first one written', () => {
    expect(recogniseReason('Ốm đau dài ngày, hoàn cảnh khó khăn')).toBe('long_illness');
    expect(recogniseReason('Hoàn cảnh khó khăn, chồng bị bệnh hiểm nghèo')).toBe('hardship');
    expect(recogniseReason('BỊ TAI NẠN LAO ĐỘNG')).toBe('work_accident');
    expect(recogniseReason('Nhà bị sập do bão lũ')).toBe('disaster');
    expect(recogniseReason('Khác')).toBe('other');
    expect(recogniseReason('Gia đình đông con')).toBeNull();
  });
});

describe.each(DIALECTS)('care list import on %s', (dialect) => {
  let t: TestDb;
  let units: Awaited<ReturnType<typeof makeUnitTree>>;
  const users = {} as Record<'school' | 'upper' | 'clinic' | 'viewer', AuthUser>;
  let tet: ProgrammeWithFunds;
  let medical: ProgrammeWithFunds;
  let noDefaults: ProgrammeWithFunds;
  const user = async (role: Role, unitId: number) => (await loadAuthUser(t, (await makeUser(t, role, unitId)).id))!;
  const options = (over: Partial<CareImportOptions> = {}): CareImportOptions => ({
    programmeId: tet.id,
    occurredOn: '2026-01-20',
    defaultReason: 'holiday_gift',
    ...over,
  });
  const casesOf = (programmeId: number) =>
    t.db.selectFrom('care_cases').selectAll().where('programme_id', '=', programmeId).orderBy('id').execute();
  const brief = (e: { rowNumber: number; column: string; message: string }) => `${e.rowNumber} ${e.column}: ${e.message}`;

  beforeAll(async () => {
    t = await freshDb(dialect);
    units = await makeUnitTree(t);
    users.school = await user('officer', units.school.id);
    users.upper = await user('officer', units.upper.id);
    users.clinic = await user('officer', units.clinic.id);
    users.viewer = await user('viewer', units.province.id);
    const province = await user('officer', units.province.id);
    tet = await createProgramme(t, province, {
      unitId: units.province.id,
      name: 'Tết Sum vầy 2026',
      startsOn: '2026-01-01',
      endsOn: '2026-02-28',
      budget: '500.000.000',
      defaultCash: 500_000,
      defaultInKind: 300_000,
    });
    medical = await createProgramme(t, province, {
      unitId: units.otherUpper.id,
      name: 'Tháng Công nhân 2026 ngành Y tế',
      startsOn: '2026-05-01',
      endsOn: '2026-05-31',
      budget: 50_000_000,
    });
    noDefaults = await createProgramme(t, province, {
      unitId: units.province.id,
      name: 'Thăm hỏi ốm đau 2026',
      startsOn: '2026-01-01',
      endsOn: '2026-12-31',
      budget: 90_000_000,
    });
    const admit = (fullName: string, birthDate: string, citizenId: string | null = null, unitId = units.school.id) =>
      admitMember(t, unitId === units.school.id ? users.school : province, {
        fullName,
        birthDate,
        citizenId,
        unitId,
        joinedOn: '2015-09-01',
        gender: fullName.includes(' Thị ') ? 'female' : 'male',
        notADuplicate: true,
      });
    await admit('Nguyễn Thị Hương', '1985-04-12', '001185000123');
    await admit('Lê Văn Thành', '1979-02-01');
    await admit('Trần Văn Bình', '1982-07-07');
    await admit('Phạm Văn Nam', '1988-03-03');
    await admit('Phạm Văn Nam', '1992-10-10');
    await admit('Đỗ Thị Mai', '1990-01-01', null, units.hospital.id);
  });
  afterAll(async () => {
    await t.close();
  });

  const CLEAN: CareListRow[] = [
    {
      name: 'Nguyễn Thị Hương',
      year: 1985,
      gender: 'Nữ',
      citizenId: '001185000123',
      kind: 'Đoàn viên',
      reason: 'Hoàn cảnh khó khăn, chồng mất sớm',
      cash: '1.000.000',
      note: 'Nuôi hai con nhỏ',
    },
    {
      name: 'Le Van Thanh',
      year: '1979',
      gender: 'Nam',
      kind: 'ĐV',
      unit: 'CĐCS Trường THPT Số 1',
      reason: 'Ốm đau dài ngày',
      cash: '1,234,567',
      inKind: 0,
    },
    { name: 'Trần Minh Khôi', year: 2012, gender: 'Nam', kind: 'Con đoàn viên', parent: 'Trần Văn Bình', reason: 'Khuyến học' },
    {
      name: 'Vũ Thị Lan',
      year: new Date(Date.UTC(1995, 5, 1)),
      gender: 'Nữ',
      kind: 'Người lao động',
      unit: 'Trường THPT Số 1',
      cash: 500_000,
      inKind: 300_000,
    },
    { name: 'PHẠM VĂN NAM', year: 1992, gender: 'Nam' },
  ];

  it('reads a Tết list under its letterhead, proposes every row with the right amounts, and adds nothing the second time', async () => {
    const file = await careListXlsx(CLEAN);
    const table = await readSpreadsheet(file, 'ds-tet.xlsx');
    expect(table.headerRow).toBe(6);
    await proposeCase(t, users.school, {
      programmeId: tet.id,
      recipient: { kind: 'worker', fullName: 'Vũ Thị Lan', birthYear: 1995 },
      reason: 'holiday_gift',
      occurredOn: '2026-01-10',
      proposingUnitId: units.school.id,
    });
    const plan = await planCareImport(t, users.school, file, 'ds-tet.xlsx', options());
    expect(plan.errors.map(brief)).toEqual([]);
    expect(plan.totalsRow).toBe(rowOf(CLEAN.length));
    expect(plan.unused).toEqual(['STT']);
    expect(plan.table.rowCount).toBe(CLEAN.length);
    expect(plan.warnings).toEqual([
      {
        rowNumber: rowOf(3),
        message: expect.stringMatching(
          /^Vũ Thị Lan đã có hồ sơ số \d+ trong chương trình này \(CĐCS Trường THPT Số 1, ngày 10\/01\/2026, đã đề nghị\)\.$/,
        ),
      },
    ]);
    expect(plan.toWrite.map((r) => [r.rowNumber, r.recipientName, r.kind, r.cash, r.inKind])).toEqual([
      [rowOf(0), 'Nguyễn Thị Hương', 'member', 1_000_000, 300_000],
      [rowOf(1), 'Lê Văn Thành', 'member', 1_234_567, 0],
      [rowOf(2), 'Trần Minh Khôi', 'child', 500_000, 300_000],
      [rowOf(3), 'Vũ Thị Lan', 'worker', 500_000, 300_000],
      [rowOf(4), 'Phạm Văn Nam', 'member', 500_000, 300_000],
    ]);
    expect(plan.toWrite[0]!.defaulted).toEqual({ cash: false, inKind: true });

    const before = (await casesOf(tet.id)).length;
    expect(await commitCareImport(t, users.school, plan, 'all')).toEqual({
      added: 5,
      skipped: 0,
      rejected: 0,
      cash: 3_734_567,
      inKind: 1_200_000,
    });
    const cases = (await casesOf(tet.id)).slice(before);
    expect(
      cases.map((c) => [
        c.recipient_name,
        c.recipient_kind,
        c.reason,
        c.cash_amount,
        c.in_kind_amount,
        c.status,
        c.proposing_unit_id,
        c.occurred_on,
      ]),
    ).toEqual([
      ['Nguyễn Thị Hương', 'member', 'hardship', 1_000_000, 300_000, 'proposed', units.school.id, '2026-01-20'],
      ['Lê Văn Thành', 'member', 'long_illness', 1_234_567, 0, 'proposed', units.school.id, '2026-01-20'],
      ['Trần Minh Khôi', 'child', 'study', 500_000, 300_000, 'proposed', units.school.id, '2026-01-20'],
      ['Vũ Thị Lan', 'worker', 'holiday_gift', 500_000, 300_000, 'proposed', units.school.id, '2026-01-20'],
      ['Phạm Văn Nam', 'member', 'holiday_gift', 500_000, 300_000, 'proposed', units.school.id, '2026-01-20'],
    ]);
    expect(cases[0]!.description).toBe('Hoàn cảnh khó khăn, chồng mất sớm\nGhi chú: Nuôi hai con nhỏ');
    expect(cases[4]!.recipient_birth_year).toBe(1992);
    expect(cases[2]!.parent_member_id).not.toBeNull();
    const audit = await t.db
      .selectFrom('audit_events')
      .select(['action', 'after_json'])
      .where('action', 'in', ['care_case.import', 'care_case.propose'])
      .execute();
    expect(audit.filter((a) => a.action === 'care_case.propose').length).toBeGreaterThanOrEqual(5);
    expect(JSON.parse(audit.find((a) => a.action === 'care_case.import')!.after_json!)).toMatchObject({
      file: 'ds-tet.xlsx',
      mode: 'all',
      added: 5,
    });

    const again = await planCareImport(t, users.school, file, 'ds-tet.xlsx', options());
    expect(again).toMatchObject({ alreadyImported: 5, toWrite: [], errors: [] });
    expect(await commitCareImport(t, users.school, again, 'all')).toMatchObject({ added: 0, skipped: 5 });
    // A stale plan (made before the first import) writes nothing twice either.
    expect(await commitCareImport(t, users.school, plan, 'all')).toMatchObject({ added: 0, skipped: 5 });
    expect((await casesOf(tet.id)).length).toBe(before + 5);
  });

  it('reports every bad row with its row, column and reason; writes nothing in "all" mode and only the valid rows in "valid-only" mode', async () => {
    const rows: CareListRow[] = [
      { name: 'Lê Thị Hoa', year: 1990, kind: 'Người lao động', cash: '700.000' },
      { name: '', year: 1980, kind: 'Người lao động', cash: '500.000' },
      { name: 'Hà Văn Sai', year: '19x5', kind: 'Người lao động' },
      { name: 'Lò Văn Âm', year: 1970, kind: 'Người lao động', cash: '-500.000' },
      { name: 'Mạc Văn Lẻ', year: 1971, kind: 'Người lao động', cash: 1500.5 },
      { name: 'Tạ Văn Xa', year: 1972, kind: 'Người lao động', unit: 'CĐCS Công ty Không Có' },
      { name: 'Đỗ Thị Mai', year: 1990, kind: 'Đoàn viên', unit: 'CĐCS Bệnh viện tỉnh' },
      { name: 'Kiều Văn Lạ', year: 1973, kind: 'Hưu trí' },
      { name: 'Lê Thị Hoa', year: 1990, kind: 'Người lao động', cash: '700.000' },
      { name: 'Đinh Văn Vắng', year: 1975, kind: 'Đoàn viên' },
      { name: 'Phạm Văn Nam', kind: 'Đoàn viên' },
      { name: 'Trịnh Văn Đúng', year: 1980, kind: 'NLĐ', inKind: '200.000' },
    ];
    const file = await careListXlsx(rows);
    const plan = await planCareImport(t, users.school, file, 'loi.xlsx', options());
    expect(plan.errors.map(brief)).toEqual([
      `${rowOf(1)} Họ và tên: Thiếu họ và tên.`,
      `${rowOf(2)} Năm sinh: Năm sinh "19x5" không đọc được; hãy ghi năm sinh (ví dụ 1985) hoặc ngày/tháng/năm (ví dụ 20/6/1985).`,
      `${rowOf(3)} Tiền mặt (đồng): Tiền mặt: Số tiền không được âm: "-500.000".`,
      `${rowOf(4)} Tiền mặt (đồng): Tiền mặt: Số tiền phải là số đồng chẵn, không có phần lẻ: "1500.5".`,
      `${rowOf(5)} Đơn vị / CĐCS: Đơn vị "CĐCS Công ty Không Có" không có trong các đơn vị bạn được đề nghị hỗ trợ trong chương trình "Tết Sum vầy 2026".`,
      `${rowOf(6)} Đơn vị / CĐCS: Đơn vị "CĐCS Bệnh viện tỉnh" không có trong các đơn vị bạn được đề nghị hỗ trợ trong chương trình "Tết Sum vầy 2026".`,
      `${rowOf(7)} Đối tượng: Đối tượng "Hưu trí" không rõ: hãy ghi "Đoàn viên", "Con đoàn viên" hoặc "Người lao động".`,
      `${rowOf(8)} Họ và tên: "Lê Thị Hoa", sinh năm 1990, trùng với dòng ${rowOf(0)}: mỗi người chỉ ghi một dòng trong danh sách.`,
      `${rowOf(9)} Họ và tên: Không tìm thấy đoàn viên "Đinh Văn Vắng", sinh năm 1975, trong CĐCS Trường THPT Số 1: kiểm tra họ tên, năm sinh, số CCCD như trong danh sách đoàn viên; nếu người này chưa là đoàn viên, ghi "Người lao động" ở cột "Đối tượng".`,
      `${rowOf(10)} Họ và tên: CĐCS Trường THPT Số 1 có 2 đoàn viên "Phạm Văn Nam": hãy ghi thêm năm sinh hoặc số CCCD để biết là ai.`,
    ]);
    expect(plan.toWrite.map((r) => r.recipientName)).toEqual(['Lê Thị Hoa', 'Trịnh Văn Đúng']);
    const before = (await casesOf(tet.id)).length;
    expect(await outcome(commitCareImport(t, users.school, plan, 'all'))).toBe(
      '400 Tệp loi.xlsx còn 10 lỗi: hãy sửa tệp, hoặc chọn chỉ nhập các dòng hợp lệ.',
    );
    expect((await casesOf(tet.id)).length).toBe(before);
    expect(await commitCareImport(t, users.school, plan, 'valid-only')).toEqual({
      added: 2,
      skipped: 0,
      rejected: 10,
      cash: 1_200_000,
      inKind: 500_000,
    });
    const added = (await casesOf(tet.id)).slice(before);
    expect(added.map((c) => [c.recipient_name, c.cash_amount, c.in_kind_amount])).toEqual([
      ['Lê Thị Hoa', 700_000, 300_000],
      ['Trịnh Văn Đúng', 500_000, 200_000],
    ]);
  });

  it("takes a list with few columns: the uploader's unit, the default reason and amounts", async () => {
    const csv = Buffer.from('Họ và tên,Đối tượng\nMai Văn Tư,Người lao động\n');
    const plan = await planCareImport(t, users.school, csv, 'ngan.csv', options({ defaultReason: 'hardship' }));
    expect(plan.errors).toEqual([]);
    expect(plan.toWrite[0]).toMatchObject({
      unitName: 'CĐCS Trường THPT Số 1',
      cash: 500_000,
      inKind: 300_000,
      input: { reason: 'hardship', proposingUnitId: units.school.id },
    });
    const none = await planCareImport(t, users.school, csv, 'ngan.csv', options({ programmeId: noDefaults.id }));
    expect(none.errors.map(brief)).toEqual([
      '2 Tiền mặt: Tiền mặt và giá trị hiện vật đều bằng 0 (chương trình không có mức hỗ trợ mặc định): hãy ghi số tiền hỗ trợ.',
    ]);
    // An upper union's officer names the grassroots union of each row; rows naming none are its own.
    const upperPlan = await planCareImport(
      t,
      users.upper,
      Buffer.from('Họ và tên,Đối tượng,Đơn vị\nMai Văn Năm,NLĐ,CĐCS Bệnh viện tỉnh\nMai Văn Sáu,NLĐ,\n'),
      'cap-tren.csv',
      options(),
    );
    expect(upperPlan.toWrite.map((r) => r.unitName)).toEqual(['CĐCS Bệnh viện tỉnh', 'CĐ Viên chức tỉnh']);
  });

  it('refuses an empty file, a picture named .xlsx and a huge cell, in Vietnamese', async () => {
    expect(await outcome(planCareImport(t, users.school, Buffer.alloc(0), 'rong.xlsx', options()))).toBe(
      '400 Không đọc được tệp "rong.xlsx": tệp rỗng (0 byte).',
    );
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(200, 7)]);
    expect(await outcome(planCareImport(t, users.school, png, 'anh.xlsx', options()))).toBe(
      '400 Không đọc được tệp "anh.xlsx": đây là ảnh PNG, không phải bảng tính. Hãy chọn tệp Excel (.xlsx) hoặc CSV.',
    );
    const huge = await careListXlsx([{ name: 'Lý Văn Dài', year: 1980, kind: 'NLĐ', reason: 'Hoàn cảnh khó khăn '.repeat(5000) }]);
    const plan = await planCareImport(t, users.school, huge, 'dai.xlsx', options());
    expect(plan.errors.map(brief)).toEqual([
      `${rowOf(0)} Lý do / Hoàn cảnh: Lý do, hoàn cảnh: ô quá dài (hơn 1.000 ký tự), bắt đầu bằng "Hoàn cảnh khó khăn Hoàn cảnh khó khăn Hoàn cảnh khó khăn Hoà".`,
    ]);
    expect(plan.errors[0]!.value.length).toBeLessThanOrEqual(101);
    const noName = Buffer.from('Số thứ tự,Ghi chú,Đơn vị\n1,x,y\n');
    expect(await outcome(planCareImport(t, users.school, noName, 'sai.csv', options()))).toBe(
      '400 Không thấy cột "Họ và tên" trong dòng tiêu đề của tệp.',
    );
    const wide = Buffer.from(`${Array<string>(250_000).fill('Ab').join(',')}\nA,B\n`);
    expect(await outcome(planCareImport(t, users.school, wide, 'rong.csv', options()))).toBe(
      '400 Không đọc được tệp "rong.csv": dòng 1 có 250.000 cột, vượt giới hạn 200 cột; hãy xoá các cột thừa rồi lưu lại.',
    );
    const thousands = Buffer.from('Họ và tên,Đối tượng,Tiền mặt (nghìn đồng)\nMai Văn Tư,NLĐ,500\n');
    expect(await outcome(planCareImport(t, users.school, thousands, 'nghin.csv', options()))).toContain(
      'ghi số tiền theo nghìn hoặc triệu đồng',
    );
  });

  it("refuses a programme or a unit outside the officer's scope, and a day outside the programme", async () => {
    const list = Buffer.from('Họ và tên,Đối tượng\nMai Văn Bảy,NLĐ\n');
    expect(
      await outcome(planCareImport(t, users.school, list, 'x.csv', options({ programmeId: medical.id, occurredOn: '2026-05-10' }))),
    ).toMatch(/^403 /);
    expect(await outcome(planCareImport(t, users.viewer, list, 'x.csv', options()))).toMatch(/^403 /);
    expect(await outcome(planCareImport(t, users.school, list, 'x.csv', options({ occurredOn: '2026-03-01' })))).toBe(
      '400 Ngày 01/03/2026 nằm ngoài thời gian của chương trình "Tết Sum vầy 2026" (01/01/2026 – 28/02/2026).',
    );
    const other = await planCareImport(
      t,
      users.clinic,
      Buffer.from('Họ và tên,Đối tượng,Đơn vị\nMai Văn Tám,NLĐ,CĐCS Trường THPT Số 1\n'),
      'x.csv',
      options(),
    );
    expect(other.errors.map((e) => e.message)).toEqual([expect.stringContaining('không có trong các đơn vị bạn được đề nghị hỗ trợ')]);
    expect(other.toWrite).toEqual([]);
  });

  it("keeps the flow's rules: whoever imported a case cannot approve it; an upper union can", async () => {
    const list = Buffer.from(
      'Họ và tên,Đối tượng,Đơn vị\nKhổng Văn Chín,NLĐ,CĐCS Trường THPT Số 1\nKhổng Văn Mười,NLĐ,CĐCS Trường THPT Số 1\n',
    );
    const fromSchool = await planCareImport(t, users.school, list, 'a.csv', options());
    await commitCareImport(t, users.school, fromSchool, 'all');
    const [chin] = (await casesOf(tet.id)).filter((c) => c.recipient_name === 'Khổng Văn Chín');
    expect(await outcome(approveCase(t, users.school, chin!.id, chin!.version))).toMatch(/^403 Chỉ công đoàn cấp trên/);
    expect((await approveCase(t, users.upper, chin!.id, chin!.version)).status).toBe('approved');

    const fromUpper = await planCareImport(
      t,
      users.upper,
      Buffer.from('Họ và tên,Đối tượng,Đơn vị\nKhổng Văn Một,NLĐ,CĐCS Trường THPT Số 1\n'),
      'b.csv',
      options(),
    );
    await commitCareImport(t, users.upper, fromUpper, 'all');
    const [mot] = (await casesOf(tet.id)).filter((c) => c.recipient_name === 'Khổng Văn Một');
    expect(await outcome(approveCase(t, users.upper, mot!.id, mot!.version))).toBe('403 Người đề nghị không được tự duyệt hồ sơ của mình.');
  });
});
