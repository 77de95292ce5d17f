import ExcelJS from 'exceljs';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { makeUnitTree, makeUser, TestClient } from '../../test/client.js';
import { makeTestApp, type TestApp } from '../../test/factories.js';
import { DIALECTS } from '../../test/harness.js';
import { guessColumnMapping, MEMBER_FIELDS } from './import/columns.js';
import { purgeOldRejectedRows, REJECTS_KEPT_MS } from './import-files-service.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const PATH = '/quan-tri/doan-vien/nhap';

function multipartBody(fields: Record<string, string>, file: { name: string; bytes: Buffer; type: string }) {
  const boundary = `----congdoan${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields))
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`,
    ),
    file.bytes,
    Buffer.from('\r\n'),
    Buffer.from(`--${boundary}--\r\n`),
  );
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

const cookieHeader = (c: TestClient) => [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
const tokenOf = (res: LightMyRequestResponse) => new RegExp(`action="${PATH}/([\\w-]{24})"`).exec(res.body)?.[1] ?? '';

/** The cells of a sheet as text, row by row (dates as dd/mm/yyyy). */
async function sheetRows(bytes: Buffer, index = 0): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  const ws = wb.worksheets[index]!;
  const out: string[][] = [];
  ws.eachRow((row) => {
    const cells: string[] = [];
    for (let c = 1; c <= ws.columnCount; c++) {
      const v = row.getCell(c).value;
      cells.push(v instanceof Date ? v.toISOString().slice(0, 10) : v === null || v === undefined ? '' : String(v));
    }
    out.push(cells);
  });
  return out;
}

describe.each(DIALECTS)('member import files on %s', (dialect) => {
  let ta: TestApp;
  let units: Awaited<ReturnType<typeof makeUnitTree>>;
  let officer: TestClient;
  let clinic: TestClient;
  let viewer: TestClient;
  beforeAll(async () => {
    ta = await makeTestApp(dialect);
    units = await makeUnitTree(ta.t);
    officer = new TestClient(ta.app);
    await officer.signIn((await makeUser(ta.t, 'officer', units.school.id)).login);
    clinic = new TestClient(ta.app);
    await clinic.signIn((await makeUser(ta.t, 'officer', units.clinic.id)).login);
    viewer = new TestClient(ta.app);
    await viewer.signIn((await makeUser(ta.t, 'viewer', units.province.id)).login);
  });
  afterAll(async () => {
    await ta.close();
  });

  const download = (c: TestClient, url: string) => ta.app.inject({ method: 'GET', url, headers: { cookie: cookieHeader(c) } });
  const upload = async (c: TestClient, file: { name: string; bytes: Buffer; type: string }) => {
    await c.get(PATH);
    const { payload, contentType } = multipartBody({ _csrf: c.csrf, joinedOn: '2024-01-01' }, file);
    return ta.app.inject({ method: 'POST', url: PATH, payload, headers: { cookie: cookieHeader(c), 'content-type': contentType } });
  };
  /** Starts the import of a previewed file and waits for its job to end; the job's page. */
  const importAndWait = async (c: TestClient, token: string, mode: 'all' | 'valid-only') => {
    const started = await c.post(`${PATH}/${token}`, { mode });
    expect(started.statusCode).toBe(303);
    const jobPath = started.headers.location!;
    let page = await c.get(jobPath);
    await vi.waitFor(
      async () => {
        page = await c.get(jobPath);
        expect(page.headers.refresh).toBeUndefined();
      },
      { timeout: 20_000, interval: 100 },
    );
    return { jobPath, page };
  };

  it('offers a template: the importer’s columns, an example row in the user’s union, a "Hướng dẫn" sheet; filled in, it imports', async () => {
    expect((await officer.get(PATH)).body).toContain(`href="${PATH}/mau.xlsx"`);
    const res = await download(officer, `${PATH}/mau.xlsx`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain(XLSX);
    expect(res.headers['content-disposition']).toContain('mau-danh-sach-doan-vien.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Danh sách đoàn viên', 'Hướng dẫn']);
    const [header, example] = await sheetRows(res.rawPayload);
    expect(header).toEqual(MEMBER_FIELDS.map((f) => f.label));
    // Every column of the template is taken by the importer for its field.
    const mapping = guessColumnMapping(header!);
    MEMBER_FIELDS.forEach((f, i) => expect(mapping[f.field], f.field).toBe(i));
    expect(example![header!.indexOf('Đơn vị (CĐCS)')]).toBe('CĐCS Trường THPT Số 1');
    const guide = await sheetRows(res.rawPayload, 1);
    expect(guide[0]).toEqual(['Cột', 'Bắt buộc', 'Nội dung và giá trị hợp lệ']);
    for (const f of MEMBER_FIELDS)
      expect(
        guide.some((r) => r[0] === f.label && r[2] !== ''),
        f.label,
      ).toBe(true);
    expect(guide.find((r) => r[0] === 'Giới tính')![2]).toContain('"Nam" hoặc "Nữ"');
    expect(guide.some((r) => r[2] === 'CĐCS Trường THPT Số 1')).toBe(true);
    expect((await download(viewer, `${PATH}/mau.xlsx`)).statusCode).toBe(403);

    // Round trip: the template as downloaded (its example row filled in) goes in without an error.
    const preview = await upload(officer, { name: 'mau.xlsx', bytes: res.rawPayload, type: XLSX });
    expect(preview.statusCode).toBe(200);
    expect(preview.body).toContain('Không có lỗi nào.');
    const { page } = await importAndWait(officer, tokenOf(preview), 'all');
    expect(page.body).toContain('Đã nhập 1 đoàn viên mới');
    const member = await ta.t.db.selectFrom('members').selectAll().where('full_name', '=', 'Nguyễn Thị Thu Hà').executeTakeFirstOrThrow();
    expect(member).toMatchObject({ gender: 'female', birth_date: '1988-05-12', citizen_id: '001188012345', phone: '0912345678' });
    expect(member.card_number).toBe('ĐV-2021-0153');
    const period = await ta.t.db.selectFrom('memberships').selectAll().where('member_id', '=', member.id).executeTakeFirstOrThrow();
    expect(period).toMatchObject({ unit_id: units.school.id, started_on: '2021-03-15', start_kind: 'join' });
  });

  it('gives the rejected rows as .xlsx, in the file’s columns with "Lý do": after the check, and from the job once it has ended', async () => {
    const csv = [
      'Họ và tên,Giới tính,Ngày sinh,Số CCCD,Đơn vị,Ngày kết nạp',
      'Lê Văn Một,Nam,01/02/1985,001085000111,CĐCS Trường THPT Số 1,01/03/2020',
      'Trần Thị Hai,Nữ,02/03/1986,12345,CĐCS Trường THPT Số 1,01/03/2020',
      'Phạm Văn Ba,Nam,03/04/1987,,Trường Không Có,01/03/2020',
      'Hoàng Thị Bốn,Nữ,04/05/1988,,Trường THPT Số 1,01/03/2020',
      'Vũ Văn Năm,Nam giới,05/06/1989,,CĐCS Trường THPT Số 1,01/03/2020',
    ].join('\n');
    const preview = await upload(officer, { name: 'ds.csv', bytes: Buffer.from(csv), type: 'text/csv' });
    expect(preview.statusCode).toBe(200);
    const token = tokenOf(preview);
    const link = new RegExp(`href="(${PATH}/${token}/dong-loi\\.xlsx\\?[^"]*)"`).exec(preview.body)?.[1]?.replace(/&amp;/g, '&');
    expect(link).toBeTruthy();
    const afterCheck = await download(officer, link!);
    expect(afterCheck.statusCode).toBe(200);
    expect(afterCheck.headers['content-type']).toContain(XLSX);
    const rows = await sheetRows(afterCheck.rawPayload);
    expect(rows[0]).toEqual(['Họ và tên', 'Giới tính', 'Ngày sinh', 'Số CCCD', 'Đơn vị', 'Ngày kết nạp', 'Lý do']);
    expect(rows.slice(1).map((r) => r.slice(0, 6))).toEqual([
      ['Trần Thị Hai', 'Nữ', '02/03/1986', '12345', 'CĐCS Trường THPT Số 1', '01/03/2020'],
      ['Phạm Văn Ba', 'Nam', '03/04/1987', '', 'Trường Không Có', '01/03/2020'],
      ['Vũ Văn Năm', 'Nam giới', '05/06/1989', '', 'CĐCS Trường THPT Số 1', '01/03/2020'],
    ]);
    const reasons = rows.slice(1).map((r) => r[6]!);
    expect(reasons[0]).toMatch(/^Dòng 3: Số CCCD: Số CCCD "12345" phải gồm 12 chữ số/);
    expect(reasons[1]).toMatch(/^Dòng 4: Đơn vị: /);
    expect(reasons[2]).toMatch(/^Dòng 6: Giới tính: Giới tính "Nam giới" không phải "Nam" hoặc "Nữ"/);
    // Another officer cannot fetch this upload's rows.
    expect((await download(clinic, link!)).statusCode).toBe(404);

    const { jobPath, page } = await importAndWait(officer, token, 'valid-only');
    expect(page.body).toContain('Đã nhập 2 đoàn viên mới');
    expect(page.body).toContain(`href="${jobPath}/dong-loi.xlsx"`);
    expect(page.body).toContain('Tải 3 dòng bị từ chối (.xlsx)');
    // The upload is gone once imported; the job still gives its rejected rows.
    expect((await download(officer, link!)).statusCode).toBe(404);
    const fromJob = await download(officer, `${jobPath}/dong-loi.xlsx`);
    expect(fromJob.statusCode).toBe(200);
    expect(await sheetRows(fromJob.rawPayload)).toEqual(rows);
    expect((await download(clinic, `${jobPath}/dong-loi.xlsx`)).statusCode).toBe(404);
    expect((await download(viewer, `${jobPath}/dong-loi.xlsx`)).statusCode).toBe(403);
    // Kept 30 days after the import, then swept away with their personal data.
    expect(await purgeOldRejectedRows(ta.t)).toBe(0);
    const jobId = Number(/(\d+)$/.exec(jobPath)![1]);
    const kept = await ta.t.db.selectFrom('import_rejected_rows').selectAll().where('job_id', '=', jobId).execute();
    expect(await purgeOldRejectedRows(ta.t, Date.now() + REJECTS_KEPT_MS + 1000)).toBeGreaterThanOrEqual(3);
    expect((await download(officer, `${jobPath}/dong-loi.xlsx`)).statusCode).toBe(404);
    await ta.t.db.insertInto('import_rejected_rows').values(kept).execute();

    // The rejected rows, fixed in their own file, go in (the "Lý do" column is left aside).
    const fixed = rows.map((r, i) =>
      i === 0
        ? r
        : r.map((c) =>
            c
              .replace(/^12345$/, '001086000222')
              .replace('Trường Không Có', 'CĐCS Bệnh viện tỉnh')
              .replace('Nam giới', 'Nam'),
          ),
    );
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Sửa');
    for (const r of fixed) ws.addRow(r);
    const again = await upload(officer, { name: 'sua.xlsx', bytes: Buffer.from(await wb.xlsx.writeBuffer()), type: XLSX });
    // The hospital is outside the school officer's scope: that row stays refused, the two others are fine now.
    const second = await download(
      officer,
      new RegExp(`href="(${PATH}/${tokenOf(again)}/dong-loi\\.xlsx\\?[^"]*)"`).exec(again.body)![1]!.replace(/&amp;/g, '&'),
    );
    expect((await sheetRows(second.rawPayload)).slice(1).map((r) => r[0])).toEqual(['Phạm Văn Ba']);
  });

  it('a job without rejected rows offers none', async () => {
    const csv = ['Họ và tên,Giới tính,Ngày sinh,Đơn vị', 'Đỗ Thị Sáu,Nữ,06/07/1990,CĐCS Trường THPT Số 1'].join('\n');
    const preview = await upload(officer, { name: 'ok.csv', bytes: Buffer.from(csv), type: 'text/csv' });
    expect(preview.body).not.toContain('dong-loi.xlsx');
    const { jobPath, page } = await importAndWait(officer, tokenOf(preview), 'all');
    expect(page.body).not.toContain('dong-loi.xlsx');
    expect((await download(officer, `${jobPath}/dong-loi.xlsx`)).statusCode).toBe(404);
  });
});
