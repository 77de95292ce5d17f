import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../test/harness.js';
import { makeArticle, makeSection, makeTestApp, type TestApp } from '../../test/factories.js';
import { siteTime } from '../lib/format.js';

describe.each(DIALECTS)('public portal on %s', (dialect) => {
  let ta: TestApp;
  let sectionSlug = '';
  let articleSlug = '';
  beforeAll(async () => {
    ta = await makeTestApp(dialect);
    const section = await makeSection(ta.t, 'LĐLĐ tỉnh');
    sectionSlug = section.slug;
    for (let i = 0; i < 23; i++) await makeArticle(ta.t, section.id);
    const a = await makeArticle(ta.t, section.id, {
      headline: 'Hội nghị Ban Chấp hành Công đoàn tỉnh',
      lead: 'Chiều 27/4, Ban Chấp hành họp với sự tham dự của đoàn viên công đoàn cơ sở.',
      bodyHtml:
        '<p>Tổng số tiền thăm hỏi là 840.748.000 đồng.</p><figure class="photo-missing"><div class="photo-placeholder" role="img" aria-label="Ảnh: a1"><span class="photo-name">Ảnh: a1</span></div><figcaption>Toàn cảnh hội nghị</figcaption></figure>',
      byline: { label: 'Tin & ảnh', author: 'Hoàng Thị Mai', unit: 'Ban TGNC LĐLĐ tỉnh' },
      publishedAt: siteTime(2016, 1, 22, 11, 16).getTime(),
    });
    articleSlug = a.slug;
    const other = await makeSection(ta.t, 'Công đoàn ngành Giáo dục');
    await makeArticle(ta.t, other.id, { headline: 'Đoàn thanh niên và công nhân', lead: 'Công nhân gặp đoàn thanh niên.' });
  });
  afterAll(async () => {
    await ta.close();
  });

  const get = (url: string, headers: Record<string, string> = {}) => ta.app.inject({ method: 'GET', url, headers });

  it('home shows the site identity and every section with its count', async () => {
    const res = await get('/');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).toContain('<html lang="vi">');
    expect(res.body).toContain('Vì quyền lợi hợp pháp của đoàn viên');
    expect(res.body).toContain('TEST PROVINCE FEDERATION OF LABOUR');
    expect(res.body).toContain('Chúc mừng năm mới');
    expect(res.body).toMatch(/LĐLĐ tỉnh <span class="count">\(24\)<\/span>/);
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
  });

  it('a section lists 10 articles a page with "Trang x / y"', async () => {
    const res = await get(`/chuyen-muc/${sectionSlug}`);
    expect(res.body).toContain('LĐLĐ tỉnh (24)</h1>');
    expect(res.body.match(/class="card"/g)).toHaveLength(10);
    expect(res.body).toContain('Trang 1 / 3');
    const p3 = await get(`/chuyen-muc/${sectionSlug}/trang/3`);
    expect(p3.statusCode).toBe(200);
    expect(p3.body).toContain('Trang 3 / 3');
    expect(p3.body.match(/class="card"/g)).toHaveLength(4);
  });

  it('an article shows the date line, figures, byline and unit line', async () => {
    const res = await get(`/bai-viet/${articleSlug}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Thứ sáu, 22 Tháng 1 2016 11:16');
    expect(res.body).toContain('<figcaption>Toàn cảnh hội nghị</figcaption>');
    expect(res.body).toContain('Tin &amp; ảnh: <span class="author">Hoàng Thị Mai</span>');
    expect(res.body).toContain('<p class="byline-unit">Ban TGNC LĐLĐ tỉnh</p>');
    expect(res.body).toContain('property="og:title" content="Hội nghị Ban Chấp hành Công đoàn tỉnh"');
    expect(res.body).toContain('Cùng chuyên mục');
  });

  it('revalidates with ETag and Last-Modified', async () => {
    const first = await get(`/bai-viet/${articleSlug}`);
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^".+"$/);
    expect(first.headers['last-modified']).toBeTruthy();
    const again = await get(`/bai-viet/${articleSlug}`, { 'if-none-match': etag });
    expect(again.statusCode).toBe(304);
    await makeArticle(ta.t, (await makeSection(ta.t, 'LĐLĐ tỉnh')).id, { headline: 'Bài mới làm đổi phiên bản' });
    const changed = await get(`/bai-viet/${articleSlug}`, { 'if-none-match': etag });
    expect(changed.statusCode).toBe(200);
  });

  it('search ignores case, diacritics, đ and NFD; words together rank first; matches are marked', async () => {
    for (const q of ['cong doan', 'CÔNG ĐOÀN', 'công đoàn'.normalize('NFD')]) {
      const res = await get(`/tim-kiem?q=${encodeURIComponent(q)}`);
      expect(res.statusCode).toBe(200);
      const first = res.body.indexOf('Hội nghị Ban Chấp hành');
      const apart = res.body.indexOf('thanh niên và');
      expect(first).toBeGreaterThan(0);
      expect(apart).toBeGreaterThan(first);
      expect(res.body).toContain('<mark>Công</mark> <mark>đoàn</mark>');
    }
    const dong = await get('/tim-kiem?q=748+dong');
    expect(dong.body).toContain('<mark>đồng</mark>');
  });

  it('bad input gets a proper page, never a 500', async () => {
    const cases: Array<[string, number, string]> = [
      [`/tim-kiem?q=${'công đoàn '.repeat(500)}`, 200, 'Từ khóa quá dài'],
      ['/tim-kiem?q=' + encodeURIComponent('!!! ??? ... ***'), 200, 'ít nhất một chữ cái'],
      ['/tim-kiem?q=' + encodeURIComponent('"'), 200, 'ít nhất một chữ cái'],
      ['/tim-kiem?q=' + encodeURIComponent('cong*'), 200, 'Tìm thấy'],
      ['/tim-kiem?q=' + encodeURIComponent('NEAR(cong doan'), 200, 'Tìm thấy'],
      ['/tim-kiem?q=' + encodeURIComponent("'; drop table articles; --"), 200, 'Tìm thấy 0'],
      ['/tim-kiem?q=' + encodeURIComponent('"cong doan" OR -x AND :'), 200, 'Tìm thấy'],
      ['/tim-kiem?q=cong&trang=999', 404, 'kết quả chỉ có'],
      ['/tim-kiem?q=cong&trang=abc', 404, 'Không có trang'],
      [`/chuyen-muc/${sectionSlug}/trang/99`, 404, 'chỉ có 3 trang'],
      [`/chuyen-muc/${sectionSlug}/trang/0`, 404, 'chỉ có 3 trang'],
      [`/chuyen-muc/${sectionSlug}/trang/-1`, 404, 'chỉ có 3 trang'],
      [`/chuyen-muc/${sectionSlug}/trang/99999999999999999999`, 404, 'chỉ có 3 trang'],
      ['/chuyen-muc/khong-co', 404, 'Chuyên mục này không tồn tại'],
      ['/bai-viet/khong-co-bai-nay', 404, 'Bài viết không tồn tại'],
      ['/bai-viet/' + encodeURIComponent("x'; drop table articles"), 404, 'Bài viết không tồn tại'],
      ['/trang-la', 404, 'Không tìm thấy trang'],
      ['/media/abc/large.jpg', 404, 'Không tìm thấy trang'],
    ];
    for (const [url, status, text] of cases) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(status);
      expect(res.body, url).toContain(text);
      expect(res.body, url).toContain('lang="vi"');
    }
    expect((await get('/tim-kiem')).statusCode).toBe(200);
  });

  it('serves Atom feeds, sitemap and robots.txt', async () => {
    const feed = await get('/feed.xml');
    expect(feed.headers['content-type']).toContain('application/atom+xml');
    expect(feed.body).toContain('<feed xmlns="http://www.w3.org/2005/Atom"');
    expect(feed.body).toContain(`http://congdoan.test/bai-viet/${articleSlug}`);
    const sectionFeed = await get(`/chuyen-muc/${sectionSlug}/feed.xml`);
    expect(sectionFeed.body).toContain('<title>LĐLĐ tỉnh – Liên đoàn Lao động tỉnh Thử Nghiệm</title>');
    expect(sectionFeed.body).not.toContain('Đoàn thanh niên và công nhân');
    const map = await get('/sitemap.xml');
    expect(map.body).toContain(`<loc>http://congdoan.test/chuyen-muc/${sectionSlug}</loc>`);
    const robots = await get('/robots.txt');
    expect(robots.body).toContain('Sitemap: http://congdoan.test/sitemap.xml');
  });
});
