import { spoilPng } from '../files/png.js';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUnitTree, makeUser, TestClient } from '../../test/client.js';
import { makeTestApp, type TestApp } from '../../test/factories.js';
import { DIALECTS } from '../../test/harness.js';
import type { AuthUser } from '../access/user.js';
import { loadAuthUser } from '../auth/service.js';
import type { Fund } from '../db/schema.js';
import { admitMember } from '../members/service.js';
import { createFund, recordReceipt } from '../funds/service.js';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 0x90)]);

interface UploadFile {
  name: string;
  type: string;
  bytes: Buffer;
}

function multipartBody(fields: Record<string, string>, file: UploadFile | null) {
  const boundary = `----congdoan${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields))
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  if (file)
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`,
      ),
      file.bytes,
      Buffer.from('\r\n'),
    );
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

const cookieHeader = (c: TestClient) => [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
const caseIdOf = (location: unknown) => Number(/\/quan-tri\/cham-lo\/ho-so\/(\d+)$/.exec(String(location))?.[1]);

describe.each(DIALECTS)('care pages on %s', (dialect) => {
  let ta: TestApp;
  let units: Awaited<ReturnType<typeof makeUnitTree>>;
  let school: TestClient;
  let upper: TestClient;
  let otherUpper: TestClient;
  let clinic: TestClient;
  let fund: Fund;
  let memberId: number;
  let png: Buffer;

  beforeAll(async () => {
    ta = await makeTestApp(dialect);
    units = await makeUnitTree(ta.t);
    const accounts = {
      school: await makeUser(ta.t, 'officer', units.school.id),
      upper: await makeUser(ta.t, 'officer', units.upper.id),
      otherUpper: await makeUser(ta.t, 'officer', units.otherUpper.id),
      clinic: await makeUser(ta.t, 'officer', units.clinic.id),
    };
    [school, upper, otherUpper, clinic] = [new TestClient(ta.app), new TestClient(ta.app), new TestClient(ta.app), new TestClient(ta.app)];
    await school.signIn(accounts.school.login);
    await upper.signIn(accounts.upper.login);
    await otherUpper.signIn(accounts.otherUpper.login);
    await clinic.signIn(accounts.clinic.login);
    const upperUser = (await loadAuthUser(ta.t, accounts.upper.id)) as AuthUser;
    fund = await createFund(ta.t, upperUser, { unitId: units.upper.id, name: 'Quỹ Tương trợ', kind: 'other' });
    await recordReceipt(ta.t, upperUser, { fundId: fund.id, on: '2026-01-05', amount: '3.000.000', sourceLabel: 'CĐCS Trường THPT Số 1' });
    const schoolUser = (await loadAuthUser(ta.t, accounts.school.id)) as AuthUser;
    ({ id: memberId } = await admitMember(ta.t, schoolUser, {
      fullName: 'Nguyễn Thị Hương',
      gender: 'female',
      birthDate: '1985-04-12',
      unitId: units.school.id,
      joinedOn: '2015-09-01',
    }));
    png = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#cc2222' } })
      .png()
      .toBuffer();
  });
  afterAll(async () => {
    await ta?.close();
  });

  const countCases = async () =>
    Number(
      (
        await ta.t.db
          .selectFrom('care_cases')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirst()
      )?.n ?? 0,
    );
  const findCase = (id: number) => ta.t.db.selectFrom('care_cases').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  const worker = (over: Record<string, string> = {}) => ({
    recipientKind: 'worker',
    fullName: 'Lê Văn Thành',
    birthYear: '1979',
    citizenId: '',
    reason: 'hardship',
    description: 'Vợ ốm nặng, hai con nhỏ.',
    occurredOn: '2026-01-15',
    programmeId: '',
    cashAmount: '1.000.000',
    inKindAmount: '',
    proposingUnitId: String(units.school.id),
    _action: 'gui',
    ...over,
  });

  /** Posts the proposal form as a browser does (multipart), with the token of the form page unless told otherwise. */
  async function propose(client: TestClient, fields: Record<string, string>, file: UploadFile | null = null, withCsrf = true) {
    await client.get('/quan-tri/cham-lo/ho-so/moi');
    const { payload, contentType } = multipartBody(
      { ...(withCsrf ? { _csrf: client.csrf } : {}), ...fields },
      file ?? { name: '', type: 'application/octet-stream', bytes: Buffer.alloc(0) },
    );
    const res = await ta.app.inject({
      method: 'POST',
      url: '/quan-tri/cham-lo/ho-so',
      payload,
      headers: { cookie: cookieHeader(client), 'content-type': contentType },
    });
    for (const c of res.cookies) client.cookies.set(c.name, c.value);
    return res;
  }

  async function proposed(client: TestClient, fields: Record<string, string> = {}, file: UploadFile | null = null) {
    const res = await propose(client, worker(fields), file);
    expect(res.statusCode, res.body.slice(0, 2000)).toBe(303);
    return caseIdOf(res.headers.location);
  }

  /** Opens the case page (for a fresh token and the version it shows) and posts an action form. */
  async function act(client: TestClient, id: number, action: string, form: Record<string, string | number> = {}) {
    const page = await client.get(`/quan-tri/cham-lo/ho-so/${id}`);
    const version = /name="version" value="(\d+)"/.exec(page.body)?.[1] ?? String((await findCase(id)).version);
    return client.post(`/quan-tri/cham-lo/ho-so/${id}/${action}`, { version, ...form });
  }

  it('a CĐCS officer proposes; amounts typed "1.234.567" and "1,234,567" are read, bad ones refused next to the field with nothing written', async () => {
    const dotted = await proposed(school, { cashAmount: '1.234.567' });
    expect(await findCase(dotted)).toMatchObject({
      status: 'proposed',
      cash_amount: 1_234_567,
      in_kind_amount: 0,
      recipient_name: 'Lê Văn Thành',
      proposing_unit_id: units.school.id,
    });
    const commas = await proposed(school, { cashAmount: '1,234,567', fullName: 'Hoàng Văn Bình' });
    expect((await findCase(commas)).cash_amount).toBe(1_234_567);
    const page = await school.get(`/quan-tri/cham-lo/ho-so/${dotted}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('1.234.567 đồng');
    expect(page.body).toContain('Đã đề nghị');
    expect(page.body).toMatch(
      /Đề nghị<\/td><td>Người dùng officer\d+<\/td><td><time[^>]*>(Thứ (hai|ba|tư|năm|sáu|bảy)|Chủ nhật), \d{1,2} Tháng \d{1,2} \d{4} \d{2}:\d{2}<\/time>/,
    );
    const list = await school.get('/quan-tri/cham-lo');
    expect(list.body).toContain('Lê Văn Thành');
    expect(list.body).toContain('Hoàng Văn Bình');

    const before = await countCases();
    for (const [typed, message] of [
      ['-5', 'không được âm'],
      ['12,5', 'không có phần lẻ'],
      ['abc', 'không phải là một số'],
    ] as const) {
      const res = await propose(school, worker({ cashAmount: typed, fullName: 'Trần Văn Sai' }));
      expect(res.statusCode, typed).toBe(400);
      expect(res.body).toMatch(new RegExp(`<span class="field-error" id="cashAmount-error" role="alert">[^<]*${message}`));
      expect(res.body).toContain(`value="${typed}"`);
      expect(res.body).toContain('value="Trần Văn Sai"');
    }
    const missing = await propose(school, worker({ recipientKind: 'member', reason: '', occurredOn: '' }));
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('Cần chọn đoàn viên');
    expect(missing.body).toContain('Cần chọn lý do hỗ trợ.');
    expect(missing.body).toContain('Cần nhập ngày thăm hỏi, trao hỗ trợ.');
    expect(await countCases()).toBe(before);
  });

  it('finds a member of the scope by name without diacritics and proposes for them', async () => {
    await school.get('/quan-tri/cham-lo/ho-so/moi');
    const { payload, contentType } = multipartBody(
      { _csrf: school.csrf, ...worker({ recipientKind: 'member', memberQuery: 'nguyen thi huong', _action: 'tim' }) },
      null,
    );
    const search = await ta.app.inject({
      method: 'POST',
      url: '/quan-tri/cham-lo/ho-so',
      payload,
      headers: { cookie: cookieHeader(school), 'content-type': contentType },
    });
    expect(search.statusCode).toBe(200);
    expect(search.body).toContain(`name="memberId" value="${memberId}"`);
    expect(search.body).toContain('Nguyễn Thị Hương, sinh năm 1985 – CĐCS Trường THPT Số 1');
    const hidden = await propose(
      clinic,
      worker({ recipientKind: 'member', memberQuery: 'huong', _action: 'tim', proposingUnitId: String(units.clinic.id) }),
    );
    expect(hidden.body).not.toContain('Nguyễn Thị Hương');

    const id = await proposed(school, { recipientKind: 'member', memberId: String(memberId), fullName: '', birthYear: '' });
    expect(await findCase(id)).toMatchObject({
      recipient_kind: 'member',
      member_id: memberId,
      recipient_name: 'Nguyễn Thị Hương',
      recipient_birth_year: 1985,
    });

    const child = await proposed(school, {
      recipientKind: 'child',
      memberId: String(memberId),
      fullName: 'Nguyễn Minh Khôi',
      birthYear: '2012',
      reason: 'study',
    });
    expect(await findCase(child)).toMatchObject({
      recipient_kind: 'child',
      parent_member_id: memberId,
      member_id: null,
      recipient_name: 'Nguyễn Minh Khôi',
      recipient_birth_year: 2012,
    });
    expect((await school.get(`/quan-tri/cham-lo/ho-so/${child}`)).body).toMatch(
      /Con của đoàn viên<\/dt><dd><a href="\/quan-tri\/doan-vien\/\d+">Nguyễn Thị Hương<\/a>/,
    );
    const edit = await school.get(`/quan-tri/cham-lo/ho-so/${child}/sua`);
    expect(edit.body).toContain(`name="memberId" value="${memberId}" checked`);
    expect(edit.body).toMatch(/id="inKindAmount"[^>]*value="0"/);
  });

  it('roles: the CĐCS cannot approve or pay; the upper union approves in its scope only; the proposer cannot approve', async () => {
    const id = await proposed(school);
    for (const action of ['duyet', 'chi']) {
      const res = await act(school, id, action, { fundId: fund.id, paidOn: '2026-01-20' });
      expect(res.statusCode, action).toBe(403);
    }
    expect((await findCase(id)).status).toBe('proposed');
    const page = await school.get(`/quan-tri/cham-lo/ho-so/${id}`);
    expect(page.body).not.toContain('/duyet"');

    const clinicCase = await proposed(clinic, { proposingUnitId: String(units.clinic.id), fullName: 'Vi Thị Mai' });
    expect((await act(upper, clinicCase, 'duyet')).statusCode).toBe(403);
    expect((await upper.get(`/quan-tri/cham-lo/ho-so/${clinicCase}`)).statusCode).toBe(403);
    expect((await upper.get('/quan-tri/cham-lo')).body).not.toContain('Vi Thị Mai');
    expect((await findCase(clinicCase)).status).toBe('proposed');

    const own = await proposed(upper, { fullName: 'Đinh Văn Tự' });
    const self = await act(upper, own, 'duyet');
    expect(self.statusCode).toBe(403);
    expect(self.body).toContain('Người đề nghị không được tự duyệt');

    const ok = await act(upper, id, 'duyet', { note: 'Đồng ý hỗ trợ', fundId: fund.id });
    expect(ok.statusCode).toBe(303);
    expect(await findCase(id)).toMatchObject({ status: 'approved', fund_id: fund.id, decision_note: 'Đồng ý hỗ trợ' });
    expect((await upper.get(`/quan-tri/cham-lo/ho-so/${id}`)).body).toContain('Đã duyệt');
  });

  it('returns with a required note, and refuses an action on a stale version with the conflict message', async () => {
    const id = await proposed(school, { fullName: 'Lò Văn Cũ' });
    const noNote = await act(upper, id, 'tra-lai', { note: '  ' });
    expect(noNote.statusCode).toBe(400);
    expect(noNote.body).toContain('Cần ghi lý do trả lại hồ sơ.');

    const stale = (await findCase(id)).version;
    await school.get(`/quan-tri/cham-lo/ho-so/${id}/sua`);
    const edit = await school.post(`/quan-tri/cham-lo/ho-so/${id}/sua`, {
      version: stale,
      ...worker({ fullName: 'Lò Văn Mới', cashAmount: '900.000' }),
    });
    expect(edit.statusCode).toBe(303);
    expect(await findCase(id)).toMatchObject({ recipient_name: 'Lò Văn Mới', cash_amount: 900_000, version: stale + 1 });

    await upper.get(`/quan-tri/cham-lo/ho-so/${id}`);
    const late = await upper.post(`/quan-tri/cham-lo/ho-so/${id}/duyet`, { version: stale, note: 'Đồng ý' });
    expect(late.statusCode).toBe(409);
    expect(late.body).toContain('đã được người khác cập nhật');
    expect(late.body).toContain('Đồng ý</textarea>');
    expect((await findCase(id)).status).toBe('proposed');

    const returned = await act(upper, id, 'tra-lai', { note: 'Thiếu xác nhận của BCH.' });
    expect(returned.statusCode).toBe(303);
    const page = await school.get(`/quan-tri/cham-lo/ho-so/${id}`);
    expect(page.body).toContain('Thiếu xác nhận của BCH.');
    expect(page.body).toContain('Gửi lại hồ sơ');
    expect((await act(school, id, 'gui-lai')).statusCode).toBe(303);
    expect((await findCase(id)).status).toBe('proposed');
  });

  it('refuses a payout above the balance and changes nothing; pays within it, shows the balance, then closes', async () => {
    const big = await proposed(school, { fullName: 'Mã Văn Lớn', cashAmount: '5.000.000' });
    expect((await act(upper, big, 'duyet', { fundId: fund.id })).statusCode).toBe(303);
    const page = await upper.get(`/quan-tri/cham-lo/ho-so/${big}`);
    expect(page.body).toContain('Quỹ Tương trợ (CĐ Viên chức tỉnh) – số dư 3.000.000 đồng');
    const refused = await act(upper, big, 'chi', { fundId: fund.id, paidOn: '2026-01-20' });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('Quỹ &quot;Quỹ Tương trợ&quot; không đủ tiền');
    expect(await findCase(big)).toMatchObject({ status: 'approved', paid_entry_id: null });
    expect(await ta.t.db.selectFrom('fund_entries').selectAll().where('case_id', '=', big).execute()).toEqual([]);

    const small = await proposed(school, { fullName: 'Mã Văn Nhỏ', cashAmount: '1.200.000', inKindAmount: '300.000' });
    expect((await act(upper, small, 'duyet')).statusCode).toBe(303);
    const version = (await findCase(small)).version;
    await upper.get(`/quan-tri/cham-lo/ho-so/${small}`);
    const stale = await upper.post(`/quan-tri/cham-lo/ho-so/${small}/chi`, { version: version - 1, fundId: fund.id, paidOn: '2026-01-20' });
    expect(stale.statusCode).toBe(409);
    const paid = await act(upper, small, 'chi', { fundId: fund.id, paidOn: '2026-01-20' });
    expect(paid.statusCode).toBe(303);
    expect((await findCase(small)).status).toBe('paid');
    const entries = await ta.t.db
      .selectFrom('fund_entries')
      .select(['amount', 'kind', 'entry_date'])
      .where('case_id', '=', small)
      .execute();
    expect(entries.map((e) => ({ ...e, amount: Number(e.amount) }))).toEqual([
      { amount: -1_200_000, kind: 'payout', entry_date: '2026-01-20' },
    ]);
    const after = await school.get(`/quan-tri/cham-lo/ho-so/${small}`);
    expect(after.body).toContain('Đã chi');
    expect(after.body).toContain('1.200.000 đồng ngày 20/01/2026');
    expect(after.body).toMatch(/số dư quỹ hiện nay: <strong class="care-balance">1\.800\.000 đồng<\/strong>/);
    expect((await act(upper, small, 'chi', { fundId: fund.id, paidOn: '2026-01-21' })).statusCode).toBe(409);
    expect((await act(upper, small, 'hoan-tat')).statusCode).toBe(303);
    expect((await findCase(small)).status).toBe('closed');
    const history = (await upper.get(`/quan-tri/cham-lo/ho-so/${small}`)).body;
    for (const step of ['Đề nghị', 'Duyệt', 'Chi tiền', 'Hoàn tất']) expect(history).toContain(`<td>${step}</td>`);
  });

  it('checks attachments by content: a renamed program and an empty file are refused, PNG and PDF are kept and downloaded by readers only', async () => {
    const before = await countCases();
    const exe = await propose(school, worker({ fullName: 'Tạ Văn Tệp' }), {
      name: 'giay-xac-nhan.pdf',
      type: 'application/pdf',
      bytes: EXE,
    });
    expect(exe.statusCode).toBe(400);
    expect(exe.body).toContain('tệp chương trình');
    expect(exe.body).toContain('value="Tạ Văn Tệp"');
    const empty = await propose(school, worker({ fullName: 'Tạ Văn Tệp' }), {
      name: 'don.pdf',
      type: 'application/pdf',
      bytes: Buffer.alloc(0),
    });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('rỗng (0 byte)');
    const text = await propose(school, worker(), { name: 'anh.png', type: 'image/png', bytes: Buffer.from('không phải ảnh') });
    expect(text.statusCode).toBe(400);
    expect(text.body).toContain('không phải PDF, ảnh JPEG hay PNG');
    const broken = await propose(school, worker(), { name: 'anh-hong.png', type: 'image/png', bytes: spoilPng(png) });
    expect(broken.statusCode).toBe(400);
    expect(broken.body).toContain('bị hỏng hoặc không đầy đủ');
    expect(await countCases()).toBe(before);

    const id = await proposed(
      school,
      { fullName: 'Tạ Văn Tệp' },
      { name: 'Giấy xác nhận.png', type: 'application/octet-stream', bytes: png },
    );
    await school.get(`/quan-tri/cham-lo/ho-so/${id}`);
    const { payload, contentType } = multipartBody(
      { _csrf: school.csrf },
      { name: 'don-de-nghi.pdf', type: 'application/pdf', bytes: PDF },
    );
    const added = await ta.app.inject({
      method: 'POST',
      url: `/quan-tri/cham-lo/ho-so/${id}/tep`,
      payload,
      headers: { cookie: cookieHeader(school), 'content-type': contentType },
    });
    expect(added.statusCode).toBe(303);
    const files = await ta.t.db
      .selectFrom('care_attachments')
      .select(['id', 'file_name', 'mime', 'size'])
      .where('case_id', '=', id)
      .orderBy('id')
      .execute();
    expect(files.map((f) => [f.file_name, f.mime, Number(f.size)])).toEqual([
      ['Giấy xác nhận.png', 'image/png', png.length],
      ['don-de-nghi.pdf', 'application/pdf', PDF.length],
    ]);

    const url = `/quan-tri/cham-lo/ho-so/${id}/tep/${files[0]!.id}`;
    expect((await school.get(`/quan-tri/cham-lo/ho-so/${id}`)).body).toContain(`href="${url}"`);
    const download = await ta.app.inject({ method: 'GET', url, headers: { cookie: cookieHeader(upper) } });
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('image/png');
    expect(download.headers['content-disposition']).toContain("filename*=UTF-8''Gi%E1%BA%A5y%20x%C3%A1c%20nh%E1%BA%ADn.png");
    expect(Buffer.compare(download.rawPayload, png)).toBe(0);
    expect((await ta.app.inject({ method: 'GET', url, headers: { cookie: cookieHeader(otherUpper) } })).statusCode).toBe(403);
    expect(
      (await ta.app.inject({ method: 'GET', url: `/quan-tri/cham-lo/ho-so/${id}/tep/99999`, headers: { cookie: cookieHeader(school) } }))
        .statusCode,
    ).toBe(404);
  });

  it('answers a malformed id with 404 on every case and programme page and action', async () => {
    for (const url of [
      '/quan-tri/cham-lo/ho-so/abc',
      '/quan-tri/cham-lo/ho-so/0',
      '/quan-tri/cham-lo/ho-so/abc/sua',
      '/quan-tri/cham-lo/chuong-trinh/abc',
    ])
      expect((await school.get(url)).statusCode, url).toBe(404);
    await upper.get('/quan-tri/cham-lo');
    for (const action of ['duyet', 'tra-lai', 'chi', 'hoan-tat'])
      expect((await upper.post(`/quan-tri/cham-lo/ho-so/abc/${action}`, { version: 1, note: 'x' })).statusCode, action).toBe(404);
    expect((await school.get('/quan-tri/cham-lo/ho-so/1/tep/abc')).statusCode).toBe(404);
  });

  it('a proposal with a bad amount or date is shown again with what was typed and the message by the field', async () => {
    const before = await countCases();
    const badDate = await propose(school, worker({ occurredOn: '2026-02-30', fullName: 'Trần Thị Ngày', cashAmount: '700.000' }));
    expect(badDate.statusCode).toBe(400);
    expect(badDate.body).toMatch(/<span class="field-error" id="occurredOn-error" role="alert">Ngày không hợp lệ\.<\/span>/);
    expect(badDate.body).toContain('value="2026-02-30"');
    expect(badDate.body).toContain('value="Trần Thị Ngày"');
    expect(badDate.body).toContain('value="700.000"');
    const badAmount = await propose(school, worker({ inKindAmount: '1.5 triệu đồng lẻ', fullName: 'Trần Thị Tiền' }));
    expect(badAmount.statusCode).toBe(400);
    expect(badAmount.body).toMatch(/<span class="field-error" id="inKindAmount-error" role="alert">[^<]+<\/span>/);
    expect(badAmount.body).toContain('value="1.5 triệu đồng lẻ"');
    expect(badAmount.body).toContain('value="Trần Thị Tiền"');
    expect(await countCases()).toBe(before);
  });

  it('a case action on a stale version is a 409 shown on the case page with what was typed', async () => {
    const id = await proposed(school, { fullName: 'Hà Văn Trễ' });
    const seen = (await findCase(id)).version;
    await school.get(`/quan-tri/cham-lo/ho-so/${id}/sua`);
    expect(
      (await school.post(`/quan-tri/cham-lo/ho-so/${id}/sua`, { version: seen, ...worker({ fullName: 'Hà Văn Mới' }) })).statusCode,
    ).toBe(303);
    await upper.get(`/quan-tri/cham-lo/ho-so/${id}`);
    const late = await upper.post(`/quan-tri/cham-lo/ho-so/${id}/tra-lai`, { version: seen, note: 'Thiếu giấy xác nhận' });
    expect(late.statusCode).toBe(409);
    expect(late.body).toContain(`Hồ sơ số ${id}: Hà Văn Mới`);
    expect(late.body).toMatch(/<p class="flash flash-error" role="alert">Hồ sơ số \d+ đã được người khác cập nhật/);
    expect(late.body).toContain('Thiếu giấy xác nhận</textarea>');
    expect((await findCase(id)).status).toBe('proposed');
    const staleEdit = await school.post(`/quan-tri/cham-lo/ho-so/${id}/sua`, { version: seen, ...worker({ fullName: 'Hà Văn Cũ' }) });
    expect(staleEdit.statusCode).toBe(409);
    expect(staleEdit.body).toContain('value="Hà Văn Cũ"');
    expect(staleEdit.body).toContain('đã được người khác cập nhật');
  });

  it('refuses forms without the CSRF token, and answers unknown and foreign cases with 404 and 403', async () => {
    const before = await countCases();
    const res = await propose(school, worker({ fullName: 'Không Có Mã' }), null, false);
    expect(res.statusCode).toBe(403);
    expect(await countCases()).toBe(before);
    const id = await proposed(school, { fullName: 'Phan Văn Chờ' });
    await upper.get(`/quan-tri/cham-lo/ho-so/${id}`);
    const noToken = await upper.post(`/quan-tri/cham-lo/ho-so/${id}/duyet`, { version: 1 }, false);
    expect(noToken.statusCode).toBe(403);
    expect((await findCase(id)).status).toBe('proposed');
    expect((await school.get('/quan-tri/cham-lo/ho-so/99999')).statusCode).toBe(404);
    expect((await school.get('/quan-tri/cham-lo/ho-so/abc')).statusCode).toBe(404);
    expect((await otherUpper.get(`/quan-tri/cham-lo/ho-so/${id}`)).statusCode).toBe(403);
    expect((await school.get('/quan-tri/cham-lo/chuong-trinh/99999')).statusCode).toBe(404);
  });

  it('programmes: created with amounts as typed, errors next to the field, defaults reach cases, duplicates warned with a link', async () => {
    await upper.get('/quan-tri/cham-lo/chuong-trinh/moi');
    const form = {
      unitId: units.upper.id,
      name: 'Tết Sum vầy 2026',
      startsOn: '2026-01-01',
      endsOn: '2026-02-28',
      budget: '10.000.000',
      defaultCash: '500.000',
      defaultInKind: '300.000',
      fundIds: fund.id,
      publishTotals: '1',
    };
    const bad = await upper.post('/quan-tri/cham-lo/chuong-trinh', { ...form, budget: '-5', defaultCash: '12,5' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toMatch(/id="budget-error" role="alert">Số tiền không được âm/);
    expect(bad.body).toMatch(/id="defaultCash-error" role="alert">Số tiền phải là số đồng chẵn/);
    expect(bad.body).toContain('value="Tết Sum vầy 2026"');
    const backwards = await upper.post('/quan-tri/cham-lo/chuong-trinh', { ...form, endsOn: '2025-12-31' });
    expect(backwards.body).toMatch(/id="endsOn-error" role="alert">Ngày kết thúc phải từ ngày bắt đầu trở đi\./);
    expect(await ta.t.db.selectFrom('programmes').selectAll().execute()).toEqual([]);
    expect((await school.get('/quan-tri/cham-lo/chuong-trinh/moi')).statusCode).toBe(200);
    await school.get('/quan-tri/cham-lo/chuong-trinh/moi');
    expect((await school.post('/quan-tri/cham-lo/chuong-trinh', { ...form })).statusCode).toBe(403);

    await upper.get('/quan-tri/cham-lo/chuong-trinh/moi');
    const created = await upper.post('/quan-tri/cham-lo/chuong-trinh', form);
    expect(created.statusCode).toBe(303);
    const programme = await ta.t.db.selectFrom('programmes').selectAll().executeTakeFirstOrThrow();
    expect(programme).toMatchObject({
      name: 'Tết Sum vầy 2026',
      budget: 10_000_000,
      default_cash: 500_000,
      default_in_kind: 300_000,
      publish_totals: 1,
    });

    const first = await proposed(school, {
      programmeId: String(programme.id),
      cashAmount: '',
      inKindAmount: '',
      fullName: 'Lương Thị Tết',
      reason: 'holiday_gift',
    });
    expect(await findCase(first)).toMatchObject({ cash_amount: 500_000, in_kind_amount: 300_000, programme_id: programme.id });
    const second = await propose(
      school,
      worker({ programmeId: String(programme.id), cashAmount: '', fullName: 'Lương Thị Tết', reason: 'holiday_gift' }),
    );
    expect(second.statusCode).toBe(303);
    const secondPage = await school.get(String(second.headers.location));
    expect(secondPage.body).toContain('người này đã có hồ sơ hỗ trợ khác');
    expect(secondPage.body).toContain(`<a href="/quan-tri/cham-lo/ho-so/${first}">hồ sơ số ${first}</a>`);
    // Whoever decides sees it too, every time the case is opened.
    expect((await upper.get(String(second.headers.location))).body).toContain('người này đã có hồ sơ hỗ trợ khác');
    expect((await school.get(`${String(second.headers.location)}/sua`)).body).toMatch(/id="inKindAmount"[^>]*value="300.000"/);

    expect((await act(upper, first, 'duyet')).statusCode).toBe(303);
    expect((await act(upper, first, 'chi', { fundId: fund.id, paidOn: '2026-01-25' })).statusCode).toBe(303);
    const list = await school.get('/quan-tri/cham-lo/chuong-trinh');
    expect(list.body).toMatch(
      /Tết Sum vầy 2026<\/a>.*<td>01\/01\/2026 – 28\/02\/2026<\/td><td>CĐ Viên chức tỉnh<\/td><td class="num">10\.000\.000<\/td><td class="num">800\.000<\/td><td class="num">9\.200\.000<\/td><td class="num"><a[^>]*>2<\/a>/s,
    );
    expect((await school.get(`/quan-tri/cham-lo?chuong_trinh=${programme.id}`)).body).toContain('2 hồ sơ');

    const page = await upper.get(`/quan-tri/cham-lo/chuong-trinh/${programme.id}`);
    expect(page.body).toContain('Sửa chương trình');
    expect(page.body).toContain('value="10.000.000"');
    const saved = await upper.post(`/quan-tri/cham-lo/chuong-trinh/${programme.id}`, {
      ...form,
      budget: '12,000,000',
      name: 'Tết Sum vầy 2026 (bổ sung)',
    });
    expect(saved.statusCode).toBe(303);
    expect(await ta.t.db.selectFrom('programmes').select(['name', 'budget']).executeTakeFirstOrThrow()).toEqual({
      name: 'Tết Sum vầy 2026 (bổ sung)',
      budget: 12_000_000,
    });
    expect((await school.get(`/quan-tri/cham-lo/chuong-trinh/${programme.id}`)).body).not.toContain('Sửa chương trình');
  });
});
