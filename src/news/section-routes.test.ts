import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUnitTree, makeUser, TestClient } from '../../test/client.js';
import { makeArticle, makeSection, makeTestApp, type TestApp } from '../../test/factories.js';
import { DIALECTS } from '../../test/harness.js';
import * as portalRepo from '../portal/repo.js';
import * as repo from './repo.js';

describe.each(DIALECTS)('the sections page on %s', (dialect) => {
  let ta: TestApp;
  let units: Awaited<ReturnType<typeof makeUnitTree>>;
  let admin: TestClient;
  let upperEditor: TestClient;
  let clinicEditor: TestClient;
  let news: { id: number; slug: string };

  const signedIn = async (role: 'admin' | 'editor' | 'reporter', unitId: number) => {
    const client = new TestClient(ta.app);
    await client.signIn((await makeUser(ta.t, role, unitId)).login);
    return client;
  };
  const sectionBySlug = async (slug: string) => {
    const section = await portalRepo.findSectionBySlug(ta.t, slug);
    if (!section) throw new Error(`no section ${slug}`);
    return section;
  };
  /** The section links of the public menu, in order. */
  const menu = async () => {
    const home = (await new TestClient(ta.app).get('/')).body;
    const nav = home.slice(home.indexOf('<nav class="sections"'), home.indexOf('</nav>', home.indexOf('<nav class="sections"')));
    return [...nav.matchAll(/href="\/chuyen-muc\/([^"]+)"/g)].map((m) => m[1]);
  };

  beforeAll(async () => {
    ta = await makeTestApp(dialect);
    units = await makeUnitTree(ta.t);
    news = await makeSection(ta.t, 'Tin tức');
    await makeArticle(ta.t, news.id);
    await makeArticle(ta.t, news.id);
    admin = await signedIn('admin', units.province.id);
    upperEditor = await signedIn('editor', units.upper.id);
    clinicEditor = await signedIn('editor', units.clinic.id);
  });
  afterAll(async () => {
    await ta.close();
  });

  it('lists the sections with their unit, public address and published articles, under its own menu entry', async () => {
    const page = await admin.get('/quan-tri/chuyen-muc');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<title>Chuyên mục – Quản trị</title>');
    expect(page.body).toMatch(/<a href="\/quan-tri\/chuyen-muc" aria-current="page">Chuyên mục<\/a>/);
    expect(page.body).toContain('<a href="/chuyen-muc/tin-tuc" target="_blank" rel="noopener">/chuyen-muc/tin-tuc</a>');
    expect(page.body).toMatch(
      new RegExp(
        `<tr id="chuyen-muc-${news.id}">[\\s\\S]*?value="Tin tức"[\\s\\S]*?<span class="muted">Chung</span>[\\s\\S]*?<td class="sections-num">2</td>`,
      ),
    );
    expect(page.body).toContain('Thêm chuyên mục');
    expect(page.body).toContain('Chung (không thuộc đơn vị nào)');
  });

  it('creates a section and renames it: the public page shows the new name at the same address', async () => {
    await admin.get('/quan-tri/chuyen-muc');
    const created = await admin.post('/quan-tri/chuyen-muc', { name: 'Hoạt động công đoàn', unitId: '', sortOrder: '' });
    expect(created.statusCode).toBe(303);
    expect(created.headers.location).toBe('/quan-tri/chuyen-muc');
    expect((await admin.get('/quan-tri/chuyen-muc')).body).toContain(
      'Đã thêm chuyên mục “Hoạt động công đoàn” tại /chuyen-muc/hoat-dong-cong-doan.',
    );
    const section = await sectionBySlug('hoat-dong-cong-doan');
    expect((await new TestClient(ta.app).get('/chuyen-muc/hoat-dong-cong-doan')).body).toContain('Hoạt động công đoàn');

    const renamed = await admin.post(`/quan-tri/chuyen-muc/${section.id}/ten`, { name: 'Hoạt động Công đoàn cơ sở' });
    expect(renamed.statusCode).toBe(303);
    expect((await admin.get('/quan-tri/chuyen-muc')).body).toContain(
      'Đã đổi tên chuyên mục thành “Hoạt động Công đoàn cơ sở”, đường dẫn vẫn là /chuyen-muc/hoat-dong-cong-doan.',
    );
    const publicPage = await new TestClient(ta.app).get('/chuyen-muc/hoat-dong-cong-doan');
    expect(publicPage.statusCode).toBe(200);
    expect(publicPage.body).toContain('<title>Hoạt động Công đoàn cơ sở – ');
    expect(publicPage.body).not.toContain('Hoạt động công đoàn <span');
  });

  it('a duplicate name or a bad order shows the page again with the reason and what was typed', async () => {
    await admin.get('/quan-tri/chuyen-muc');
    const dup = await admin.post('/quan-tri/chuyen-muc', { name: 'tin tuc', unitId: String(units.school.id), sortOrder: '7' });
    expect(dup.statusCode).toBe(400);
    expect(dup.body).toContain(
      'Tên “tin tuc” trùng với chuyên mục “Tin tức” đã có (chỉ khác chữ hoa, chữ thường hoặc dấu): hãy chọn tên khác.',
    );
    expect(dup.body).toContain('id="new-name" name="name" type="text" required maxlength="200" value="tin tuc"');
    expect(dup.body).toContain('value="7"');
    expect(dup.body).toMatch(new RegExp(`<option value="${units.school.id}" selected>CĐCS Trường THPT Số 1</option>`));

    const section = await sectionBySlug('hoat-dong-cong-doan');
    const renamed = await admin.post(`/quan-tri/chuyen-muc/${section.id}/ten`, { name: 'Tin tức' });
    expect(renamed.statusCode).toBe(400);
    expect(renamed.body).toContain('Đã có chuyên mục “Tin tức”: hãy chọn tên khác.');
    expect(renamed.body).toMatch(
      new RegExp(`<tr id="chuyen-muc-${section.id}" class="sections-refused">[\\s\\S]*?name="name"[^>]*value="Tin tức"`),
    );

    for (const typed of ['1,5', '-2', 'mười']) {
      const bad = await admin.post(`/quan-tri/chuyen-muc/${section.id}/thu-tu`, { sortOrder: typed });
      expect(bad.statusCode).toBe(400);
      expect(bad.body).toContain('Chuyên mục “Hoạt động Công đoàn cơ sở”: thứ tự phải là số nguyên từ 0 đến 99.999.');
      expect(bad.body).toContain(`value="${typed}"`);
    }
    const empty = await admin.post('/quan-tri/chuyen-muc', { name: '   ', unitId: '', sortOrder: '' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('Cần nhập tên chuyên mục.');
    expect((await admin.post('/quan-tri/chuyen-muc/999999/ten', { name: 'Tên mới' })).statusCode).toBe(404);
    expect((await admin.post('/quan-tri/chuyen-muc/abc/ten', { name: 'Tên mới' })).statusCode).toBe(404);
    expect((await admin.post('/quan-tri/chuyen-muc', { name: 'Tin mới' }, false)).statusCode).toBe(403);
  });

  it('answers a bad or unknown section id with a 404 inside the admin layout', async () => {
    await admin.get('/quan-tri/chuyen-muc');
    for (const [url, body] of [
      ['/quan-tri/chuyen-muc/abc/ten', { name: 'Tên mới' }],
      ['/quan-tri/chuyen-muc/0/ten', { name: 'Tên mới' }],
      ['/quan-tri/chuyen-muc/-1/thu-tu', { sortOrder: '5' }],
      ['/quan-tri/chuyen-muc/12abc/thu-tu', { sortOrder: '5' }],
      ['/quan-tri/chuyen-muc/999999/thu-tu', { sortOrder: '5' }],
    ] as const) {
      const res = await admin.post(url, body);
      expect(res.statusCode, url).toBe(404);
      expect(res.body, url).toContain('<title>Không tìm thấy – Quản trị</title>');
      expect(res.body, url).toContain('<header class="admin-bar">');
    }
    expect((await admin.post('/quan-tri/chuyen-muc/999999/ten', { name: 'Tên mới' })).body).toContain('Không có chuyên mục số 999999.');
  });

  it('an editor orders and reassigns the sections of units in scope, and nothing else', async () => {
    const page = await upperEditor.get('/quan-tri/chuyen-muc');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Tin tức');
    expect(page.body).not.toContain(`action="/quan-tri/chuyen-muc/${news.id}/ten"`);
    expect(page.body).not.toContain('Chung (không thuộc đơn vị nào)');

    const created = await upperEditor.post('/quan-tri/chuyen-muc', {
      name: 'CĐCS Trường THPT Số 1',
      unitId: String(units.school.id),
      sortOrder: '',
    });
    expect(created.statusCode).toBe(303);
    const school = await sectionBySlug('cdcs-truong-thpt-so-1');
    expect(school.unit_id).toBe(units.school.id);

    await upperEditor.get('/quan-tri/chuyen-muc');
    const moved = await upperEditor.post('/quan-tri/chuyen-muc/don-vi', {
      sectionId: String(school.id),
      unitId: String(units.hospital.id),
    });
    expect(moved.statusCode).toBe(303);
    expect((await upperEditor.get('/quan-tri/chuyen-muc')).body).toContain(
      'Chuyên mục “CĐCS Trường THPT Số 1” thuộc đơn vị “CĐCS Bệnh viện tỉnh”.',
    );
    const noSection = await upperEditor.post('/quan-tri/chuyen-muc/don-vi', { sectionId: '', unitId: String(units.hospital.id) });
    expect(noSection.statusCode).toBe(400);
    expect(noSection.body).toContain('Cần chọn chuyên mục để đổi đơn vị.');
    expect(
      (await upperEditor.post('/quan-tri/chuyen-muc/don-vi', { sectionId: String(news.id), unitId: String(units.school.id) })).statusCode,
    ).toBe(403);

    const ordered = await upperEditor.post(`/quan-tri/chuyen-muc/${school.id}/thu-tu`, { sortOrder: '0' });
    expect(ordered.statusCode).toBe(303);
    expect((await menu())[0]).toBe('cdcs-truong-thpt-so-1');

    await clinicEditor.get('/quan-tri/chuyen-muc');
    const refused = await clinicEditor.post(`/quan-tri/chuyen-muc/${school.id}/ten`, { name: 'Trạm Y tế' });
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain('Bạn không có quyền quản lý chuyên mục “CĐCS Trường THPT Số 1” của đơn vị “CĐCS Bệnh viện tỉnh”.');
  });

  it('a reporter may neither open nor post, and has no menu entry', async () => {
    const reporter = await signedIn('reporter', units.school.id);
    expect((await reporter.get('/quan-tri/chuyen-muc')).statusCode).toBe(403);
    const dashboard = await reporter.get('/quan-tri');
    expect(dashboard.statusCode).toBe(200);
    expect(dashboard.body).not.toContain('href="/quan-tri/chuyen-muc"');
    expect((await reporter.post('/quan-tri/chuyen-muc', { name: 'Tin phóng viên', unitId: String(units.school.id) })).statusCode).toBe(403);
    expect(await repo.findSectionByName(ta.t, 'Tin phóng viên')).toBeUndefined();
  });
});
