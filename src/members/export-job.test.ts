import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUnitTree, makeUser, TestClient } from '../../test/client.js';
import { makeTestApp, type TestApp } from '../../test/factories.js';
import { DIALECTS } from '../../test/harness.js';
import { buildApp } from '../app.js';
import type { AuthUser } from '../access/user.js';
import { loadAuthUser } from '../auth/service.js';
import type { DbContext } from '../db/context.js';
import { memberWorkbookWriter } from './export.js';
import { insertExportJob } from './export-repo.js';
import { exportsSettled, readOwnExportJob, startMemberExport } from './export-job-service.js';
import { PROCESS_OWNER } from '../lib/process-owner.js';
import type { MemberListRow } from './repo.js';
import { removeStalePendingUploads } from '../web/pending-uploads.js';
import { admitMember } from './service.js';

async function readBook(bytes: Buffer | string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  if (typeof bytes === 'string') await wb.xlsx.readFile(bytes);
  else await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  return wb;
}

/** The data rows of every sheet: STT, name, unit. */
function dataRows(wb: ExcelJS.Workbook): Array<[number, string, string]> {
  const out: Array<[number, string, string]> = [];
  for (const ws of wb.worksheets)
    ws.eachRow((row, n) => {
      if (n > 3) out.push([row.getCell(1).value as number, row.getCell(2).value as string, row.getCell(7).value as string]);
    });
  return out;
}

describe('the streamed member workbook', () => {
  it('numbers rows on, and a list longer than a sheet goes on in the next sheet with the title and header again', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'congdoan-export-'));
    const file = path.join(dir, 'x.xlsx');
    const row = (i: number): MemberListRow => ({
      id: i,
      full_name: `Người ${i}`,
      gender: i % 2 ? 'male' : 'female',
      birth_date: i === 1 ? '1990-05-01' : null,
      birth_year: 1980,
      job: null,
      card_number: null,
      unit_id: 1,
      unit_name: 'CĐCS A',
      started_on: '2020-01-10',
    });
    const writer = memberWorkbookWriter(file, 'Danh sách thử', 3);
    await writer.add([1, 2].map(row));
    // The writer measures what waits for the zip (and holds rows back when it grows): an exceljs that hides it fails here.
    expect(writer.backlog()).toEqual(expect.any(Number));
    await writer.add([3, 4, 5, 6, 7].map(row));
    await writer.finish();
    const wb = await readBook(file);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Đoàn viên', 'Đoàn viên (2)', 'Đoàn viên (3)']);
    expect(wb.worksheets[1]!.getRow(1).getCell(1).value).toBe('Danh sách thử (tiếp theo)');
    expect(wb.worksheets[2]!.getRow(3).getCell(2).value).toBe('Họ và tên');
    expect(dataRows(wb).map(([n, name]) => `${n} ${name}`)).toEqual([1, 2, 3, 4, 5, 6, 7].map((i) => `${i} Người ${i}`));
    const first = wb.worksheets[0]!.getRow(4);
    expect(first.getCell(3).value).toBe('Nam');
    expect((first.getCell(4).value as Date).toISOString().slice(0, 10)).toBe('1990-05-01');
    expect(first.getCell(4).numFmt).toBe('dd/mm/yyyy');
    expect(first.getCell(8).numFmt).toBe('dd/mm/yyyy');
    expect(wb.worksheets[0]!.getRow(5).getCell(4).value).toBe(1980);
    expect(wb.worksheets[0]!.getRow(5).getCell(4).numFmt).toBeUndefined();
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe.each(DIALECTS)('member exports as background jobs on %s', (dialect) => {
  let ta: TestApp;
  let units: Awaited<ReturnType<typeof makeUnitTree>>;
  let upperOfficer: AuthUser;
  let officer: TestClient;
  let colleague: TestClient;

  beforeAll(async () => {
    ta = await makeTestApp(dialect);
    units = await makeUnitTree(ta.t);
    const u = await makeUser(ta.t, 'officer', units.upper.id);
    upperOfficer = (await loadAuthUser(ta.t, u.id))!;
    officer = new TestClient(ta.app);
    await officer.signIn(u.login);
    colleague = new TestClient(ta.app);
    await colleague.signIn((await makeUser(ta.t, 'officer', units.upper.id)).login);
    const admit = (fullName: string, unitId: number, birthDate: string) =>
      admitMember(ta.t, upperOfficer, { fullName, gender: 'female', birthDate, unitId, joinedOn: '2020-01-10' });
    // Two people of one name: the keyset pages break the tie by id.
    for (const [name, unit, born] of [
      ['Trần Thị Bích', units.school.id, '1990-01-01'],
      ['Lê Văn An', units.school.id, '1985-02-02'],
      ['Nguyễn Văn An', units.school.id, '1991-03-03'],
      ['Nguyễn Văn An', units.school.id, '1979-04-04'],
      ['Đặng Thị Ánh', units.school.id, '1992-05-05'],
      ['Phạm Văn Cường', units.hospital.id, '1980-06-06'],
    ] as const)
      await admit(name, unit, born);
    const clinicOfficer = (await loadAuthUser(ta.t, (await makeUser(ta.t, 'officer', units.province.id)).id))!;
    await admitMember(ta.t, clinicOfficer, {
      fullName: 'Hoàng Văn Xa',
      gender: 'male',
      birthDate: '1970-01-01',
      unitId: units.clinic.id,
      joinedOn: '2020-01-10',
    });
  });
  afterAll(async () => {
    await exportsSettled();
    await ta.close();
  });

  const listNames = async (c: TestClient, query: string) =>
    [...(await c.get(`/quan-tri/doan-vien?${query}`)).body.matchAll(/href="\/quan-tri\/doan-vien\/\d+">([^<]+)</g)].map((m) => m[1]);

  const startExport = async (c: TestClient, form: Record<string, string | number>) => {
    await c.get('/quan-tri/doan-vien');
    return c.post('/quan-tri/doan-vien/xuat', form);
  };

  it('the button starts a job, its page shows the progress, then a download of the filtered list in the list order', async () => {
    const list = await officer.get(`/quan-tri/doan-vien?don_vi=${units.school.id}&q=van`);
    expect(list.body).toMatch(/<form id="member-export" method="post" action="\/quan-tri\/doan-vien\/xuat"/);
    expect(list.body).toContain('<input type="checkbox" name="nhay_cam" value="1"/>');
    expect(list.body).toContain(`<input type="hidden" name="don_vi" value="${units.school.id}"/>`);

    const started = await officer.post('/quan-tri/doan-vien/xuat', { don_vi: units.school.id, q: 'van' });
    expect(started.statusCode).toBe(303);
    const jobUrl = started.headers.location!;
    expect(jobUrl).toMatch(/^\/quan-tri\/doan-vien\/xuat\/\d+$/);
    await exportsSettled();

    const page = await officer.get(jobUrl);
    expect(page.statusCode).toBe(200);
    expect(page.headers.refresh).toBeUndefined();
    expect(page.body).toContain('Đã xuất xong 3 đoàn viên.');
    expect(page.body).toContain('đơn vị CĐCS Trường THPT Số 1 (gồm cả cấp dưới); họ tên có “van”');
    expect(page.body).toContain(`href="${jobUrl}/tep"`);

    const file = await ta.app.inject({
      url: `${jobUrl}/tep`,
      headers: { cookie: [...officer.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toContain('spreadsheetml');
    expect(file.headers['content-disposition']).toMatch(/^attachment; filename="doan-vien-\d{4}-\d{2}-\d{2}\.xlsx"$/);
    const wb = await readBook(file.rawPayload);
    const sheet = wb.worksheets[0]!;
    expect(String(sheet.getRow(1).getCell(1).value)).toContain('Danh sách đoàn viên Công đoàn cơ sở Trường THPT Số 1');
    const rows = dataRows(wb);
    expect(rows.map(([, name]) => name)).toEqual(await listNames(officer, `don_vi=${units.school.id}&q=van`));
    expect(rows).toEqual([
      [1, 'Lê Văn An', 'CĐCS Trường THPT Số 1'],
      [2, 'Nguyễn Văn An', 'CĐCS Trường THPT Số 1'],
      [3, 'Nguyễn Văn An', 'CĐCS Trường THPT Số 1'],
    ]);

    const audit = await ta.t.db.selectFrom('audit_events').selectAll().where('action', '=', 'member.export').execute();
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!.after_json!)).toMatchObject({ rows: 3, filter: { unit_id: units.school.id, q: 'van' } });
  });

  it('reads page after page by key: a page of two rows exports the whole scope in the list order', async () => {
    const runner = { ctx: ta.t, jobsCtx: ta.t, dataDir: ta.t.dataDir, pageRows: 2 };
    const id = await startMemberExport(runner, upperOfficer, { don_vi: null, q: '' });
    await exportsSettled();
    const job = await readOwnExportJob(ta.t, ta.t.dataDir, upperOfficer, id);
    expect(job).toMatchObject({ status: 'done', done: 6, total: 6 });
    const row = await ta.t.db.selectFrom('export_jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const wb = await readBook(path.join(ta.t.dataDir, 'exports', row.file_name));
    const names = dataRows(wb).map(([, name]) => name);
    expect(names).toEqual(await listNames(officer, ''));
    expect(names).toHaveLength(6);
    expect(names).not.toContain('Hoàng Văn Xa');
    expect(fs.readdirSync(path.join(ta.t.dataDir, 'exports')).filter((f) => f.endsWith('.partial'))).toEqual([]);

    // Windows of one member: most hold nobody the filter wants.
    const sparse = await startMemberExport({ ...runner, pageRows: 1 }, upperOfficer, { don_vi: units.school.id, q: 'van' });
    await exportsSettled();
    const sparseRow = await ta.t.db.selectFrom('export_jobs').selectAll().where('id', '=', sparse).executeTakeFirstOrThrow();
    expect(sparseRow).toMatchObject({ status: 'done', done: 3 });
    const sparseBook = await readBook(path.join(ta.t.dataDir, 'exports', sparseRow.file_name));
    expect(dataRows(sparseBook).map(([n, name]) => `${n} ${name}`)).toEqual(['1 Lê Văn An', '2 Nguyễn Văn An', '3 Nguyễn Văn An']);
  });

  it('another user gets 404 for the job page and its file, even in the same scope', async () => {
    const started = await startExport(officer, {});
    const jobUrl = started.headers.location!;
    await exportsSettled();
    expect((await officer.get(`${jobUrl}/tep`)).statusCode).toBe(200);
    for (const url of [jobUrl, `${jobUrl}/tep`, '/quan-tri/doan-vien/xuat/999999', '/quan-tri/doan-vien/xuat/999999/tep'])
      expect((await colleague.get(url)).statusCode, url).toBe(404);
  });

  it('refuses whoever does not read members in the unit chosen, and starts no job', async () => {
    const before = await ta.t.db.selectFrom('export_jobs').select('id').execute();
    const clinicViewer = new TestClient(ta.app);
    await clinicViewer.signIn((await makeUser(ta.t, 'viewer', units.clinic.id)).login);
    const outside = await startExport(clinicViewer, { don_vi: units.school.id });
    expect(outside.statusCode).toBe(403);
    expect(outside.body).toContain('Đơn vị này ngoài phạm vi của bạn');
    const editor = new TestClient(ta.app);
    await editor.signIn((await makeUser(ta.t, 'editor', units.province.id)).login);
    await editor.get('/quan-tri');
    expect((await editor.post('/quan-tri/doan-vien/xuat', {})).statusCode).toBe(403);
    expect((await editor.post('/quan-tri/doan-vien/xuat', { don_vi: units.school.id })).statusCode).toBe(403);
    const reporter = new TestClient(ta.app);
    await reporter.signIn((await makeUser(ta.t, 'reporter', units.school.id)).login);
    await reporter.get('/quan-tri');
    expect((await reporter.post('/quan-tri/doan-vien/xuat', {})).statusCode).toBe(403);
    expect(await ta.t.db.selectFrom('export_jobs').select('id').execute()).toEqual(before);
    // Their own unit: allowed, and only their members.
    const own = await startExport(clinicViewer, { don_vi: units.clinic.id });
    expect(own.statusCode).toBe(303);
    await exportsSettled();
    expect((await clinicViewer.get(own.headers.location!)).body).toContain('Đã xuất xong 1 đoàn viên.');
  });

  it('a running job refreshes itself and shows "Đang xuất x / y dòng"; a file removed after a day is said so', async () => {
    const alive = `${os.hostname().slice(0, 30)}:${process.ppid}:other-process`;
    const id = await insertExportJob(ta.t, {
      userId: upperOfficer.id,
      kind: 'members',
      fileName: 'chua-xong.xlsx',
      total: 403_000,
      filter: { unitId: null, unitName: null, q: '' },
      owner: alive,
    });
    await ta.t.db.updateTable('export_jobs').set({ done: 12_000 }).where('id', '=', id).execute();
    const page = await officer.get(`/quan-tri/doan-vien/xuat/${id}`);
    expect(page.headers.refresh).toBe('2');
    expect(page.body).toContain('Đang xuất 12.000 / 403.000 dòng (2%)');
    expect((await officer.get(`/quan-tri/doan-vien/xuat/${id}/tep`)).statusCode).toBe(404);
    // A second press of the same export shows the one under way; another export waits for it.
    const again = await startExport(officer, {});
    expect(again.headers.location).toBe(`/quan-tri/doan-vien/xuat/${id}`);
    const other = await startExport(officer, { q: 'bich' });
    expect(other.statusCode).toBe(409);
    expect(other.body).toContain('Bạn đang có một lần xuất danh sách chưa xong.');
    await ta.t.db.updateTable('export_jobs').set({ status: 'failed' }).where('id', '=', id).execute();

    const started = await startExport(officer, { q: 'bich' });
    await exportsSettled();
    const row = await ta.t.db
      .selectFrom('export_jobs')
      .select('file_name')
      .where('id', '=', Number(started.headers.location!.split('/').pop()))
      .executeTakeFirstOrThrow();
    fs.rmSync(path.join(ta.t.dataDir, 'exports', row.file_name));
    const gone = await officer.get(started.headers.location!);
    expect(gone.body).toContain('Tệp đã được xóa (tệp xuất chỉ được giữ một ngày).');
    expect(gone.body).toContain('Xuất lại');
    const download = await officer.get(`${started.headers.location!}/tep`);
    expect(download.statusCode).toBe(404);
    expect(download.body).toContain('Hãy xuất lại.');
  });

  it('the hourly sweep removes export files a day after they were written', async () => {
    const dir = path.join(ta.t.dataDir, 'exports');
    fs.mkdirSync(dir, { recursive: true });
    const old = path.join(dir, 'cu.xlsx');
    const fresh = path.join(dir, 'moi.xlsx');
    fs.writeFileSync(old, 'x');
    fs.writeFileSync(fresh, 'x');
    const when = new Date(Date.now() - 25 * 60 * 60_000);
    fs.utimesSync(old, when, when);
    await removeStalePendingUploads(ta.t.dataDir);
    expect([fs.existsSync(old), fs.existsSync(fresh)]).toEqual([false, true]);
    fs.rmSync(fresh);
  });

  it('runs at most two exports at once in a process: a third, pressed together, is asked to wait', async () => {
    const users = await Promise.all(
      [1, 2, 3].map(async () => (await loadAuthUser(ta.t, (await makeUser(ta.t, 'viewer', units.upper.id)).id))!),
    );
    const runner = { ctx: ta.t, jobsCtx: ta.t, dataDir: ta.t.dataDir };
    const outcomes = await Promise.allSettled(users.map((u) => startMemberExport(runner, u, { don_vi: null, q: '' })));
    await exportsSettled();
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(2);
    const refused = outcomes.find((o) => o.status === 'rejected');
    expect((refused?.reason as Error).message).toBe('Máy chủ đang xuất các danh sách khác. Hãy thử lại sau ít phút.');
    // Once they are done, the next one starts.
    expect(await startMemberExport(runner, users[2]!, { don_vi: null, q: '' })).toEqual(expect.any(Number));
    await exportsSettled();
  });

  it('a failure ends the job with a Vietnamese message, leaves no file, and offers to export again', async () => {
    let pages = 0;
    const failing: DbContext = {
      dialect: ta.t.dialect,
      db: new Proxy(ta.t.db, {
        get(target, prop) {
          if (prop === 'selectFrom')
            return (from: 'members') => {
              // A window of rows, after the job started (on SQLite the count reads 'members' too, window by window).
              if (from === 'members' && ++pages === 3) throw new Error('disk I/O error');
              return target.selectFrom(from);
            };
          const value = Reflect.get(target, prop) as unknown;
          return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
        },
      }),
    };
    const errors: unknown[] = [];
    const files = () => fs.readdirSync(path.join(ta.t.dataDir, 'exports')).sort();
    const before = files();
    const id = await startMemberExport(
      { ctx: failing, jobsCtx: ta.t, dataDir: ta.t.dataDir, pageRows: 2, onError: (e) => errors.push(e) },
      upperOfficer,
      { don_vi: null, q: '' },
    );
    await exportsSettled();
    expect(errors).toHaveLength(1);
    expect(files()).toEqual(before);
    const page = await officer.get(`/quan-tri/doan-vien/xuat/${id}`);
    expect(page.headers.refresh).toBeUndefined();
    expect(page.body).toContain('Lỗi hệ thống khi xuất danh sách; tệp chưa được tạo.');
    expect(page.body).toMatch(/<button type="submit" class="secondary">Xuất lại<\/button>/);
    expect(page.body).not.toContain('/tep"');
  });

  it('at start, exports left running by a dead process are interrupted and their page says so, with "Xuất lại"', async () => {
    const job = async (owner: string, heartbeatAt: number) => {
      const id = await insertExportJob(ta.t, {
        userId: upperOfficer.id,
        kind: 'members',
        fileName: `${owner.length}-${heartbeatAt}.xlsx`,
        total: 100,
        filter: { unitId: units.school.id, unitName: 'CĐCS Trường THPT Số 1', q: 'an' },
        owner,
      });
      await ta.t.db.updateTable('export_jobs').set({ heartbeat_at: heartbeatAt }).where('id', '=', id).execute();
      return id;
    };
    const now = Date.now();
    const dead = await job('process-that-died', now - 5 * 60_000);
    const partial = path.join(ta.t.dataDir, 'exports', `${'process-that-died'.length}-${now - 5 * 60_000}.xlsx.partial`);
    fs.writeFileSync(partial, 'nửa chừng');
    const alive = await job('process-still-running', now - 10_000);
    // A row of this very process that it does not run (its finish was lost): shown interrupted at once.
    const orphan = await job(PROCESS_OWNER, now);

    const app: FastifyInstance = await buildApp({
      ctx: ta.t,
      config: { dataDir: ta.t.dataDir, publicUrl: 'http://congdoan.test', logLevel: 'silent', secureCookies: false },
    });
    await app.ready();
    try {
      const statuses = await ta.t.db.selectFrom('export_jobs').select(['id', 'status']).where('id', 'in', [dead, alive, orphan]).execute();
      expect(Object.fromEntries(statuses.map((s) => [s.id, s.status]))).toEqual({
        [dead]: 'interrupted',
        [alive]: 'running',
        [orphan]: 'running',
      });
      expect(fs.existsSync(partial)).toBe(false);
      const client = new TestClient(app);
      await client.signIn(
        (await ta.t.db.selectFrom('users').select('login').where('id', '=', upperOfficer.id).executeTakeFirstOrThrow()).login,
      );
      for (const id of [dead, orphan]) {
        const page = await client.get(`/quan-tri/doan-vien/xuat/${id}`);
        expect(page.statusCode).toBe(200);
        expect(page.headers.refresh).toBeUndefined();
        expect(page.body).toContain('Lần xuất này bị gián đoạn vì máy chủ đã dừng giữa chừng');
        expect(page.body).toContain(`<input type="hidden" name="don_vi" value="${units.school.id}"/>`);
        expect(page.body).toContain('Xuất lại');
        expect(page.body).not.toContain('Đang xuất');
      }
      expect((await client.get(`/quan-tri/doan-vien/xuat/${alive}`)).body).toContain('Đang xuất 0 / 100 dòng');
    } finally {
      await app.close();
    }
  });
});
