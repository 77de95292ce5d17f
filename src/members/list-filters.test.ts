import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUnitTree, makeUser, TestClient } from '../../test/client.js';
import { makeTestApp, type TestApp } from '../../test/factories.js';
import { DIALECTS } from '../../test/harness.js';
import type { AuthUser } from '../access/user.js';
import { loadAuthUser } from '../auth/service.js';
import { todayInVietnam } from '../lib/dates.js';
import { exportsSettled, readOwnExportJob, startMemberExport } from './export-job-service.js';
import type { MemberInput } from './schema.js';
import { admitMember, memberLeaves, rejoinMember } from './service.js';

const year = Number(todayInVietnam().slice(0, 4));

describe.each(DIALECTS)('the member list filters and the export of what they find on %s', (dialect) => {
  let ta: TestApp;
  let units: Awaited<ReturnType<typeof makeUnitTree>>;
  let upperOfficer: AuthUser;
  let officer: TestClient;

  beforeAll(async () => {
    ta = await makeTestApp(dialect);
    units = await makeUnitTree(ta.t);
    const u = await makeUser(ta.t, 'officer', units.upper.id);
    upperOfficer = (await loadAuthUser(ta.t, u.id))!;
    officer = new TestClient(ta.app);
    await officer.signIn(u.login);
    const admit = async (fullName: string, over: Partial<MemberInput>) =>
      (
        await admitMember(ta.t, upperOfficer, {
          fullName,
          gender: 'female',
          birthDate: `${year - 30}-06-01`,
          unitId: units.school.id,
          joinedOn: '2020-01-10',
          notADuplicate: true,
          ...over,
        })
      ).id;
    await admit('Lò Thị Chủ Tịch', {
      ethnicity: 'Thái',
      religion: 'Không',
      citizenId: '001090000123',
      unionPosition: 'chair',
      fullTimeOfficer: 1,
      partyMember: 1,
      qualification: 'master',
      hometown: 'Sơn La',
    });
    await admit('Nguyễn Văn Trẻ', { gender: 'male', birthDate: `${year - 22}-01-01`, joinedOn: '2024-05-01', ethnicity: 'Kinh' });
    await admit('Trần Thị Viện', { unitId: units.hospital.id, qualification: 'university', partyMember: 0 });
    const retired = await admit('Phạm Văn Hưu', { gender: 'male', birthDate: `${year - 61}-01-01` });
    await memberLeaves(ta.t, upperOfficer, retired, '2025-01-01', { reason: 'retired' });
    const quit = await admit('Hoàng Thị Nghỉ', { joinedOn: '2019-03-01' });
    await memberLeaves(ta.t, upperOfficer, quit, '2024-01-01', { reason: 'quit_job' });
    // Left, then rejoined: a current member, not a former one.
    const back = await admit('Đỗ Văn Trở Lại', { gender: 'male' });
    await memberLeaves(ta.t, upperOfficer, back, '2023-01-01', { reason: 'voluntary' });
    await rejoinMember(ta.t, upperOfficer, back, units.school.id, '2024-01-01');
    // Out of the officer's scope, former.
    const clinicOfficer = (await loadAuthUser(ta.t, (await makeUser(ta.t, 'officer', units.province.id)).id))!;
    const away = (await admitMember(ta.t, clinicOfficer, { fullName: 'Vũ Thị Xa', unitId: units.clinic.id, joinedOn: '2020-01-10' })).id;
    await memberLeaves(ta.t, clinicOfficer, away, '2024-01-01', { reason: 'retired' });
  });
  afterAll(async () => {
    await exportsSettled();
    await ta.close();
  });

  const names = async (query: string) => {
    const res = await officer.get(`/quan-tri/doan-vien?${query}`);
    expect(res.statusCode).toBe(200);
    return [...res.body.matchAll(/href="\/quan-tri\/doan-vien\/\d+">([^<]+)</g)].map((m) => m[1]).sort();
  };

  it('lists current members by default, former ones or both by status, a former one opens with the rejoin form', async () => {
    expect(await names('')).toEqual(['Lò Thị Chủ Tịch', 'Nguyễn Văn Trẻ', 'Trần Thị Viện', 'Đỗ Văn Trở Lại'].sort());
    expect(await names('tinh_trang=da-thoi')).toEqual(['Hoàng Thị Nghỉ', 'Phạm Văn Hưu'].sort());
    expect(await names('tinh_trang=tat-ca')).toHaveLength(6);
    const page = await officer.get('/quan-tri/doan-vien?tinh_trang=da-thoi');
    expect(page.body).toContain('Đã thôi từ 01/01/2025 (Nghỉ hưu)');
    const id = /href="\/quan-tri\/doan-vien\/(\d+)">Phạm Văn Hưu</.exec(page.body)![1];
    const record = await officer.get(`/quan-tri/doan-vien/${id}`);
    expect(record.body).toContain(`action="/quan-tri/doan-vien/${id}/ket-nap-lai"`);
  });

  it('filters by leave reason, sex, age, join period and the registry fields', async () => {
    expect(await names('ly_do=quit_job')).toEqual(['Hoàng Thị Nghỉ']);
    expect(await names('tinh_trang=tat-ca&ly_do=retired')).toEqual(['Phạm Văn Hưu']);
    expect(await names('gioi_tinh=male')).toEqual(['Nguyễn Văn Trẻ', 'Đỗ Văn Trở Lại'].sort());
    expect(await names('tuoi_den=25')).toEqual(['Nguyễn Văn Trẻ']);
    expect(await names('tinh_trang=tat-ca&tuoi_tu=60')).toEqual(['Phạm Văn Hưu']);
    expect(await names('tuoi_tu=25&tuoi_den=35')).toEqual(['Lò Thị Chủ Tịch', 'Trần Thị Viện', 'Đỗ Văn Trở Lại'].sort());
    expect(await names('vao_tu=01/01/2024&vao_den=31/12/2024')).toEqual(['Nguyễn Văn Trẻ', 'Đỗ Văn Trở Lại'].sort());
    expect(await names('tinh_trang=da-thoi&vao_den=01/06/2019')).toEqual(['Hoàng Thị Nghỉ']);
    expect(await names('chuc_vu=chair')).toEqual(['Lò Thị Chủ Tịch']);
    expect(await names('chuyen_trach=co')).toEqual(['Lò Thị Chủ Tịch']);
    expect(await names('dang_vien=co')).toEqual(['Lò Thị Chủ Tịch']);
    expect(await names('dang_vien=khong')).toEqual(['Trần Thị Viện']);
    expect(await names('chuyen_mon=university')).toEqual(['Trần Thị Viện']);
    expect(await names(`don_vi=${units.hospital.id}&chuyen_mon=master`)).toEqual([]);
    // A filter that cannot be read is dropped, never an error page.
    expect(await names('gioi_tinh=x&tuoi_tu=abc&chuc_vu=vua&tinh_trang=khac')).toHaveLength(4);
    // The pager keeps the filters.
    expect((await officer.get('/quan-tri/doan-vien?tinh_trang=da-thoi&gioi_tinh=male')).body).toContain('name="gioi_tinh" value="male"');
  });

  it('filtering by ethnicity, sensitive data, is logged', async () => {
    const before = await ta.t.db.selectFrom('audit_events').select('id').where('action', '=', 'member.list_sensitive').execute();
    expect(before).toEqual([]);
    expect(await names('dan_toc=Th%C3%A1i')).toEqual(['Lò Thị Chủ Tịch']);
    expect(await names('dan_toc=Kinh')).toEqual(['Nguyễn Văn Trẻ']);
    const logged = await ta.t.db.selectFrom('audit_events').select('after_json').where('action', '=', 'member.list_sensitive').execute();
    expect(logged.map((e) => JSON.parse(e.after_json!))).toEqual([
      { fields: ['ethnicity'], rows: 1 },
      { fields: ['ethnicity'], rows: 1 },
    ]);
  });

  const download = async (jobUrl: string) => {
    const file = await ta.app.inject({
      url: `${jobUrl}/tep`,
      headers: { cookie: [...officer.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0]!;
    const header = (sheet.getRow(3).values as unknown[]).slice(1).map(String);
    const rows: Array<Record<string, unknown>> = [];
    sheet.eachRow((row, n) => {
      if (n > 3) rows.push(Object.fromEntries(header.map((h, i) => [h, row.getCell(i + 1).value])));
    });
    return { header, rows, title: String(sheet.getRow(1).getCell(1).value) };
  };
  const exportEvents = async () =>
    (await ta.t.db.selectFrom('audit_events').select('after_json').where('action', '=', 'member.export').orderBy('id').execute()).map((e) =>
      JSON.parse(e.after_json!),
    );

  it('exports the registry columns; the sensitive ones only when ticked, and the audit row says which', async () => {
    await officer.get('/quan-tri/doan-vien');
    const plain = await officer.post('/quan-tri/doan-vien/xuat', { chuc_vu: 'chair' });
    expect(plain.statusCode).toBe(303);
    await exportsSettled();
    const without = await download(plain.headers.location!);
    expect(without.header).toContain('Chức vụ công đoàn');
    expect(without.header).toContain('Quê quán');
    for (const h of ['Số CCCD', 'Dân tộc', 'Tôn giáo']) expect(without.header).not.toContain(h);
    expect(without.rows).toHaveLength(1);
    expect(without.rows[0]).toMatchObject({
      'Họ và tên': 'Lò Thị Chủ Tịch',
      'Chức vụ công đoàn': 'Chủ tịch',
      'Quê quán': 'Sơn La',
      'Chuyên trách': 'Có',
    });
    expect(JSON.stringify(without.rows)).not.toContain('Thái');
    expect(without.title).toContain('chức vụ Chủ tịch');

    await officer.get('/quan-tri/doan-vien');
    const asked = await officer.post('/quan-tri/doan-vien/xuat', { chuc_vu: 'chair', nhay_cam: '1' });
    await exportsSettled();
    const page = await officer.get(asked.headers.location!);
    expect(page.body).toContain('Tệp gồm dữ liệu cá nhân nhạy cảm');
    const withSensitive = await download(asked.headers.location!);
    expect(withSensitive.rows[0]).toMatchObject({ 'Số CCCD': '001090000123', 'Dân tộc': 'Thái', 'Tôn giáo': 'Không' });
    expect((await exportEvents()).map((e) => [e.sensitive, e.filter.chuc_vu])).toEqual([
      [false, 'chair'],
      [true, 'chair'],
    ]);
  });

  it('exports former members with their departure, window by window as well', async () => {
    await officer.get('/quan-tri/doan-vien');
    const started = await officer.post('/quan-tri/doan-vien/xuat', { tinh_trang: 'da-thoi' });
    await exportsSettled();
    const book = await download(started.headers.location!);
    expect(book.rows.map((r) => r['Họ và tên']).sort()).toEqual(['Hoàng Thị Nghỉ', 'Phạm Văn Hưu'].sort());
    expect(book.rows.find((r) => r['Họ và tên'] === 'Phạm Văn Hưu')).toMatchObject({ 'Lý do thôi sinh hoạt': 'Nghỉ hưu' });
    // Pages of two rows read the registry window by window: the same filters apply there.
    const runner = { ctx: ta.t, jobsCtx: ta.t, dataDir: ta.t.dataDir, pageRows: 2 };
    for (const [query, done] of [
      [{ tinh_trang: 'da-thoi' as const }, 2],
      [{ tinh_trang: 'tat-ca' as const, gioi_tinh: 'male' as const }, 3],
      [{ dang_vien: 'co' as const, nhay_cam: true }, 1],
    ] as const) {
      const id = await startMemberExport(runner, upperOfficer, { don_vi: null, q: '', ...query });
      await exportsSettled();
      expect(await readOwnExportJob(ta.t, ta.t.dataDir, upperOfficer, id)).toMatchObject({ status: 'done', done });
    }
  });
});
