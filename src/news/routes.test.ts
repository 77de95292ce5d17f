import { Document, ImageRun, Packer, Paragraph, TextRun } from 'docx';
import type { LightMyRequestResponse } from 'fastify';
import fs from 'node:fs/promises';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUnitTree, makeUser, TestClient } from '../../test/client.js';
import { makeSection, makeTestApp, type TestApp } from '../../test/factories.js';
import { DIALECTS } from '../../test/harness.js';
import { spoilPng } from '../files/png.js';
import { escapeHtml } from '../lib/html.js';
import { mediaDir } from '../media/store.js';
import * as portalRepo from '../portal/repo.js';
import * as repo from './repo.js';
import { sanitizeArticleHtml } from './sanitize.js';
import { fromEditorHtml, PHOTO_MISSING_TYPE, toEditorHtml } from './views/editor-html.js';

const XSS = {
  script: '<script>alert(1)</script>',
  img: '<img src=x onerror=alert(1)>',
  svg: '"><svg onload=alert(1)>',
  link: '<a href="javascript:alert(1)">bấm vào đây</a>',
};

const TAG = /<([a-z][a-z0-9-]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+))?)*)\s*\/?>/gi;
const ATTRIBUTE = /\s([^\s"'>/=]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+))?/g;

/** Tags of a page that would run script: payloads that reached it as markup rather than text. */
function liveMarkup(html: string): string[] {
  const found: string[] = [];
  for (const [tag, name = '', attributes = ''] of html.matchAll(TAG)) {
    if (/^(svg|iframe|object|embed|math)$/i.test(name)) found.push(tag);
    if (/^script$/i.test(name) && !/^\s+src="\/assets\/[a-z]+\.js"(\s+defer)?$/.test(attributes)) found.push(tag);
    for (const [, attr = '', value = ''] of attributes.matchAll(ATTRIBUTE)) {
      if (/^on/i.test(attr) || /^style$/i.test(attr)) found.push(tag);
      if (/^(href|src|action|formaction|srcset)$/i.test(attr) && /^["']?\s*(javascript|data|vbscript):/i.test(value)) found.push(tag);
    }
  }
  return found;
}

function expectNoLivePayload(html: string) {
  expect(liveMarkup(html)).toEqual([]);
  expect(html).not.toMatch(/<script>alert/i);
}

/** What Trix sends for a photo with a caption, inside one of its paragraph divs. */
function trixFigure(url: string, caption: string, width = 64, height = 48) {
  const attachment = escapeHtml(JSON.stringify({ contentType: 'image/jpeg', filename: 'anh.jpg', filesize: 1234, height, url, width }));
  const attributes = escapeHtml(JSON.stringify({ caption, presentation: 'gallery' }));
  return (
    `<div><figure data-trix-attachment="${attachment}" data-trix-content-type="image/jpeg" data-trix-attributes="${attributes}" class="attachment attachment--preview attachment--jpg">` +
    `<img src="${url}" width="${width}" height="${height}"><figcaption class="attachment__caption attachment__caption--edited">${escapeHtml(caption)}</figcaption></figure></div>`
  );
}

function multipartBody(fields: Record<string, string>, file: { field: string; name: string; type: string; bytes: Buffer } | null) {
  const boundary = `----congdoan${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  if (file) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${file.field}"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`,
      ),
      file.bytes,
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

const cookieHeader = (c: TestClient) => [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; ');

let hugePng: Promise<Buffer> | undefined;
/** 20,000 × 20,000 white pixels: about 1 MB on disk, 1.2 GB if decoded. */
const makeHugePng = () =>
  (hugePng ??= sharp({ create: { width: 20000, height: 20000, channels: 3, background: '#fff' }, limitInputPixels: false })
    .png({ compressionLevel: 9 })
    .toBuffer());
const makeJpeg = (color: string) =>
  sharp({ create: { width: 64, height: 48, channels: 3, background: color } })
    .jpeg()
    .toBuffer();

describe('the payload detector', () => {
  it('finds markup that would run, and not the same text escaped', () => {
    expect(liveMarkup(`<p>${XSS.img}</p><a href="javascript:alert(1)">x</a><div ${'"'}><svg onload=alert(1)>${XSS.script}`)).toHaveLength(
      5,
    ); // img, a, svg (twice: tag and handler), script
    expect(
      liveMarkup(
        `<p>${escapeHtml(Object.values(XSS).join(''))}</p><img src="/media/x.jpg" alt="${escapeHtml(XSS.img)}"><script src="/assets/trix.js" defer></script>`,
      ),
    ).toEqual([]);
  });
});

describe('the editor HTML', () => {
  const sha = 'ab'.repeat(32);
  const url = `/media/${sha}/large.jpg`;

  it('turns what Trix sends into paragraphs, top-level figures with captions and h2 headings', () => {
    const html = fromEditorHtml(
      `<div>Đoạn một<br>dòng hai<br><br>Đoạn <strong>hai</strong></div><h1>Mục mới</h1>${trixFigure(url, 'Toàn cảnh hội nghị')}<div><br></div><ul><li>Một</li></ul>`,
    );
    expect(html).toBe(
      '<p>Đoạn một<br />dòng hai</p><p>Đoạn <strong>hai</strong></p><h2>Mục mới</h2>' +
        `<figure class="photo"><img src="${url}" width="64" height="48" /><figcaption>Toàn cảnh hội nghị</figcaption></figure><ul><li>Một</li></ul>`,
    );
    expect(sanitizeArticleHtml(html)).toBe(html);
  });

  it('keeps no-break spaces the editor left between words as ordinary spaces', () => {
    expect(fromEditorHtml('<div>Hội nghị <strong>13/13 chỉ tiêu</strong>&nbsp;của năm\u00a02025. Giữ&nbsp;&nbsp;hai.</div>')).toBe(
      '<p>Hội nghị <strong>13/13 chỉ tiêu</strong> của năm 2025. Giữ\u00a0\u00a0hai.</p>',
    );
  });

  it('drops an empty caption and photos from elsewhere', () => {
    expect(
      fromEditorHtml(
        `<div>${trixFigure(url, '')
          .replace(/<figcaption[^>]*>.*<\/figcaption>/, '<figcaption class="attachment__caption"></figcaption>')
          .slice(5)}`,
      ),
    ).toBe(`<figure class="photo"><img src="${url}" width="64" height="48" /></figure>`);
    expect(fromEditorHtml('<div><img src="https://example.com/x.jpg"> chữ</div>')).toBe('<p> chữ</p>');
  });

  it('gives the editor photos as attachments with captions, and back unchanged', () => {
    const stored =
      `<p>Mở đầu</p><figure class="photo"><img src="${url}" alt="Chú thích &amp; &lt;b&gt;" width="800" height="600" loading="lazy" /><figcaption>Chú thích &amp; &lt;b&gt;</figcaption></figure>` +
      '<figure class="photo-missing"><div class="photo-placeholder" role="img" aria-label="Ảnh: Toan canh HN TK"><span class="photo-name">Ảnh: Toan canh HN TK</span></div><figcaption>Quang cảnh</figcaption></figure>';
    const editor = toEditorHtml(stored);
    expect(editor).toContain('<div>Mở đầu</div>');
    expect(editor).toContain(escapeHtml(JSON.stringify({ contentType: 'image/jpeg', url, width: 800, height: 600 })));
    expect(editor).toContain(escapeHtml(JSON.stringify({ caption: 'Chú thích & <b>' })));
    expect(editor).toContain(PHOTO_MISSING_TYPE);
    // What Trix writes back for those attachments:
    const placeholder =
      '<div class="photo-placeholder" role="img" aria-label="Ảnh: Toan canh HN TK"><span class="photo-name">Ảnh: Toan canh HN TK</span></div>';
    const back = fromEditorHtml(
      `<div>Mở đầu</div>${trixFigure(url, 'Chú thích & <b>', 800, 600)}<div><figure data-trix-content-type="${PHOTO_MISSING_TYPE}" class="attachment attachment--content">${placeholder}<figcaption class="attachment__caption attachment__caption--edited">Quang cảnh</figcaption></figure></div>`,
    );
    expect(back).toBe(
      `<p>Mở đầu</p><figure class="photo"><img src="${url}" width="800" height="600" /><figcaption>Chú thích &amp; &lt;b&gt;</figcaption></figure>` +
        `<figure class="photo-missing">${placeholder}<figcaption>Quang cảnh</figcaption></figure>`,
    );
    // Sent back untouched (the editor did not start): the same article.
    expect(fromEditorHtml(toEditorHtml(stored))).toBe(stored);
  });
});

describe.each(DIALECTS)('the newsroom over HTTP on %s', (dialect) => {
  let ta: TestApp;
  let tree: Awaited<ReturnType<typeof makeUnitTree>>;
  let sectionId: number;
  let reporter: TestClient;
  let otherReporter: TestClient;
  let editor: TestClient;
  let anonymous: TestClient;

  beforeAll(async () => {
    ta = await makeTestApp(dialect);
    tree = await makeUnitTree(ta.t);
    sectionId = (await makeSection(ta.t, 'Công đoàn cơ sở')).id;
    const logins = {
      reporter: (await makeUser(ta.t, 'reporter', tree.school.id)).login,
      other: (await makeUser(ta.t, 'reporter', tree.clinic.id)).login,
      editor: (await makeUser(ta.t, 'editor', tree.province.id)).login,
    };
    reporter = new TestClient(ta.app);
    otherReporter = new TestClient(ta.app);
    editor = new TestClient(ta.app);
    anonymous = new TestClient(ta.app);
    await reporter.signIn(logins.reporter);
    await otherReporter.signIn(logins.other);
    await editor.signIn(logins.editor);
  });
  afterAll(async () => {
    await ta?.close();
  });

  async function upload(client: TestClient, name: string, type: string, bytes: Buffer, withToken = true) {
    await client.get('/quan-tri/bai-viet/moi');
    const { payload, contentType } = multipartBody({}, { field: 'file', name, type, bytes });
    const res = await ta.app.inject({
      method: 'POST',
      url: '/quan-tri/anh',
      payload,
      headers: {
        cookie: cookieHeader(client),
        'content-type': contentType,
        accept: 'application/json',
        ...(withToken ? { 'x-csrf-token': client.csrf } : {}),
      },
    });
    return {
      status: res.statusCode,
      body: res.json() as { url?: string; sha256?: string; width?: number; height?: number; error?: string },
    };
  }

  const form = (over: Record<string, string | number> = {}) => ({
    sectionId,
    unitId: tree.school.id,
    headline: 'Hội nghị viên chức, người lao động năm 2025',
    lead: 'Sáng 10/01/2025, Công đoàn cơ sở tổ chức hội nghị.',
    bodyHtml: '<div>Hội nghị đã thông qua nghị quyết.</div>',
    bylineLabel: 'Tin & ảnh',
    authorName: 'Tô Thị Ái',
    authorUnit: 'CĐCS Trường THPT Số 1',
    ...over,
  });

  async function createDraftAs(client: TestClient, over: Record<string, string | number> = {}) {
    await client.get('/quan-tri/bai-viet/moi');
    const res = await client.post('/quan-tri/bai-viet/moi', form(over));
    expect(res.statusCode, res.body.slice(0, 500)).toBe(303);
    const id = Number(/\/quan-tri\/bai-viet\/(\d+)$/.exec(res.headers.location as string)?.[1]);
    expect(id).toBeGreaterThan(0);
    return id;
  }

  async function versionOf(id: number) {
    return (await repo.findArticleById(ta.t, id))!.version;
  }

  it('stores a photo from the editor and answers with its address', async () => {
    const { status, body } = await upload(reporter, 'anh-hoi-nghi.jpg', 'image/jpeg', await makeJpeg('#3060a0'));
    expect(status).toBe(200);
    expect(body.url).toMatch(/^\/media\/[0-9a-f]{64}\/large\.jpg$/);
    expect([body.width, body.height]).toEqual([64, 48]);
    expect((await ta.app.inject({ url: body.url! })).statusCode).toBe(200);
  });

  it('refuses a renamed executable, a 20,000 × 20,000 picture and an empty file, in Vietnamese', async () => {
    const elf = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(4000, 0x90)]);
    const renamed = await upload(reporter, 'anh.jpg', 'image/jpeg', elf);
    expect(renamed).toEqual({ status: 400, body: { error: 'Tệp không phải là ảnh (JPEG, PNG, WebP, GIF).' } });

    const png = await makeHugePng();
    expect(png.length).toBeLessThan(2 * 1024 * 1024);
    const huge = await upload(reporter, 'bom.png', 'image/png', png);
    expect(huge.status).toBe(400);
    expect(huge.body.error).toBe('Ảnh có kích thước 20000×20000 điểm ảnh, vượt quá giới hạn 40.000.000 điểm ảnh.');

    const empty = await upload(reporter, 'rong.jpg', 'image/jpeg', Buffer.alloc(0));
    expect(empty).toEqual({ status: 400, body: { error: 'Tệp ảnh rỗng.' } });

    const noToken = await upload(reporter, 'anh.jpg', 'image/jpeg', await makeJpeg('#aa0000'), false);
    expect(noToken.status).toBe(403);
    expect(noToken.body.error).toMatch(/Biểu mẫu đã hết hạn/);
  });

  it('refuses a PNG whose body is broken with a 400 in Vietnamese, leaving nothing in the media store', async () => {
    const png = await sharp({
      create: { width: 64, height: 48, channels: 3, background: '#3060a0', noise: { type: 'gaussian', mean: 128, sigma: 30 } },
    })
      .png()
      .toBuffer();
    const before = await fs.readdir(mediaDir(ta.t.dataDir)).catch(() => []);
    const broken = await upload(reporter, 'hong.png', 'image/png', spoilPng(png));
    expect(broken.status).toBe(400);
    expect(broken.body.error).toMatch(/^Tệp ảnh bị hỏng/);
    expect(await fs.readdir(mediaDir(ta.t.dataDir)).catch(() => [])).toEqual(before);
  });

  it('keeps a Trix photo and its caption from the editor to the public page', async () => {
    const photo = await upload(reporter, 'anh.jpg', 'image/jpeg', await makeJpeg('#208040'));
    const id = await createDraftAs(reporter, {
      headline: 'Trao quà Tết cho đoàn viên khó khăn',
      bodyHtml: `<div>Chiều 20/01, đoàn công tác trao 50 suất quà.</div>${trixFigure(photo.body.url!, 'Lãnh đạo Công đoàn trao quà cho đoàn viên', 64, 48)}<div>Mỗi suất 800 nghìn đồng.</div>`,
    });
    const stored = (await repo.findArticleById(ta.t, id))!;
    expect(stored.body_html).toBe(
      `<p>Chiều 20/01, đoàn công tác trao 50 suất quà.</p><figure class="photo"><img src="${photo.body.url}" width="64" height="48" /><figcaption>Lãnh đạo Công đoàn trao quà cho đoàn viên</figcaption></figure><p>Mỗi suất 800 nghìn đồng.</p>`,
    );
    expect((await portalRepo.listFiguresOf(ta.t, id)).map((f) => [f.sha256, f.caption])).toEqual([
      [photo.body.sha256, 'Lãnh đạo Công đoàn trao quà cho đoàn viên'],
    ]);

    const edit = await editor.get(`/quan-tri/bai-viet/${id}`);
    expect(edit.body).toContain(
      escapeHtml(escapeHtml(JSON.stringify({ caption: 'Lãnh đạo Công đoàn trao quà cho đoàn viên' }))).replace(/&amp;gt;/g, '>'),
    );
    const trixBody = `<div>Chiều 20/01, đoàn công tác trao 50 suất quà.</div>${trixFigure(photo.body.url!, 'Lãnh đạo Công đoàn trao quà cho đoàn viên', 64, 48)}<div>Mỗi suất 800 nghìn đồng.</div>`;
    expect(
      (
        await editor.post(`/quan-tri/bai-viet/${id}/dang`, {
          ...form({ headline: stored.headline, bodyHtml: trixBody }),
          version: stored.version,
        })
      ).statusCode,
    ).toBe(303);
    const published = (await repo.findArticleById(ta.t, id))!;
    expect(published.status).toBe('published');
    expect(published.body_html).toBe(stored.body_html);
    expect(published.version).toBe(stored.version + 1); // the same text: published without a new save
    const page = await anonymous.get(`/bai-viet/${published.slug}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`<img src="${photo.body.url}" width="64" height="48" />`);
    expect(page.body).toContain('<figcaption>Lãnh đạo Công đoàn trao quà cho đoàn viên</figcaption>');
    expect(page.body).toContain('Tin &amp; ảnh: <span class="author">Tô Thị Ái</span>');
  });

  it('never lets script payloads reach the public page or the newsroom pages unescaped', async () => {
    const photo = await upload(reporter, 'anh.jpg', 'image/jpeg', await makeJpeg('#804020'));
    const payloads = Object.values(XSS).join(' ');
    const id = await createDraftAs(reporter, {
      headline: `Tiêu đề ${XSS.script} ${XSS.img} ${XSS.svg}`,
      lead: `Sa-pô ${payloads}`,
      bodyHtml: `<div>Thân bài ${XSS.script} ${XSS.img} ${XSS.svg} ${XSS.link}</div>${trixFigure(photo.body.url!, `Chú thích ${payloads}`)}`,
      authorName: `Tác giả ${XSS.svg} ${XSS.script}`,
      authorUnit: `Đơn vị ${XSS.img}`,
      bylineLabel: `Tin ${XSS.svg}`,
    });
    const stored = (await repo.findArticleById(ta.t, id))!;
    expectNoLivePayload(stored.body_html);
    expect(stored.body_html).toContain('<a rel="noopener nofollow">bấm vào đây</a>');

    // A second version, so the revisions page has something to compare.
    await reporter.get(`/quan-tri/bai-viet/${id}`);
    const resaved = await reporter.post(`/quan-tri/bai-viet/${id}`, {
      ...form({
        headline: `Sửa ${XSS.script}`,
        lead: `Sa-pô ${payloads}`,
        bodyHtml: `<div>Khác ${XSS.img}</div>`,
        authorName: `Tác giả ${XSS.svg}`,
      }),
      version: stored.version,
    });
    expect(resaved.statusCode).toBe(303);
    await reporter.get(`/quan-tri/bai-viet/${id}`);
    expect(
      (
        await reporter.post(`/quan-tri/bai-viet/${id}/gui-duyet`, {
          ...form({
            headline: `Sửa ${XSS.script}`,
            lead: `Sa-pô ${payloads}`,
            bodyHtml: `<div>Khác ${XSS.img}</div>`,
            authorName: `Tác giả ${XSS.svg}`,
          }),
          version: await versionOf(id),
        })
      ).statusCode,
    ).toBe(303);

    const revisions = (await repo.listRevisions(ta.t, id)).map((r) => r.id);
    const adminPages = [
      '/quan-tri',
      '/quan-tri/bai-viet',
      '/quan-tri/duyet-bai',
      `/quan-tri/bai-viet/${id}`,
      `/quan-tri/bai-viet/${id}/xem-truoc`,
      `/quan-tri/bai-viet/${id}/phien-ban`,
      `/quan-tri/bai-viet/${id}/phien-ban?a=${revisions.at(-1)}&b=${revisions[0]}`,
    ];
    for (const url of adminPages) {
      const res = await editor.get(url);
      expect(res.statusCode, url).toBe(200);
      expectNoLivePayload(res.body);
    }
    const compare = await editor.get(`/quan-tri/bai-viet/${id}/phien-ban?a=${revisions.at(-1)}&b=${revisions[0]}`);
    expect(compare.body).toMatch(/<del>Tiêu đề<\/del>/);
    expect(compare.body).toContain('<span> &lt;script>alert(1)&lt;/script></span>');

    const preview = await reporter.post('/quan-tri/bai-viet/xem-truoc', {
      ...form({ headline: `Xem ${XSS.script}`, bodyHtml: `<div>${XSS.img}${XSS.link}</div>`, authorName: XSS.svg }),
      id,
    });
    expect(preview.statusCode).toBe(200);
    expectNoLivePayload(preview.body);

    await editor.get(`/quan-tri/bai-viet/${id}`);
    const published = await editor.post(`/quan-tri/bai-viet/${id}/dang`, {
      ...form({
        headline: `Tiêu đề ${XSS.script} ${XSS.svg}`,
        lead: `Sa-pô ${payloads}`,
        bodyHtml: toEditorHtml(stored.body_html),
        authorName: `Tác giả ${XSS.svg}`,
        authorUnit: `Đơn vị ${XSS.img}`,
      }),
      version: await versionOf(id),
    });
    expect(published.statusCode).toBe(303);
    const article = (await repo.findArticleById(ta.t, id))!;
    const page = await anonymous.get(`/bai-viet/${article.slug}`);
    expect(page.statusCode).toBe(200);
    expectNoLivePayload(page.body);
    expect(page.body).toContain('<h1>Tiêu đề &lt;script>alert(1)&lt;/script> &quot;>&lt;svg onload=alert(1)></h1>');
    expect(page.body).toMatch(/<figcaption>Chú thích &lt;script&gt;alert\(1\)&lt;\/script&gt; &lt;img src=x onerror=alert\(1\)&gt;/);
    for (const url of ['/', `/chuyen-muc/cong-doan-co-so`, '/tim-kiem?q=tieu+de', '/feed.xml'])
      expectNoLivePayload((await anonymous.get(url)).body);
  });

  it('refuses a save without the CSRF token', async () => {
    const id = await createDraftAs(reporter, { headline: 'Bài thử mã chống giả mạo' });
    const res = await reporter.post(`/quan-tri/bai-viet/${id}`, { ...form({ headline: 'Đổi tiêu đề' }), version: 1 }, false);
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('Biểu mẫu đã hết hạn hoặc không hợp lệ');
    expect((await repo.findArticleById(ta.t, id))!.headline).toBe('Bài thử mã chống giả mạo');
  });

  it('gives a reporter of another CĐCS the 403 page for a draft of this one', async () => {
    const id = await createDraftAs(reporter, { headline: 'Bản nháp riêng của trường' });
    for (const url of [`/quan-tri/bai-viet/${id}`, `/quan-tri/bai-viet/${id}/phien-ban`, `/quan-tri/bai-viet/${id}/xem-truoc`]) {
      const res = await otherReporter.get(url);
      expect(res.statusCode, url).toBe(403);
      expect(res.body).toContain('Không có quyền truy cập');
      expect(res.body).not.toContain('Bản nháp riêng của trường');
    }
    await otherReporter.get('/quan-tri/bai-viet/moi');
    expect((await otherReporter.post(`/quan-tri/bai-viet/${id}`, { ...form({ unitId: tree.clinic.id }), version: 1 })).statusCode).toBe(
      403,
    );
    expect((await otherReporter.get('/quan-tri/bai-viet')).body).not.toContain('Bản nháp riêng của trường');
    expect((await otherReporter.get('/quan-tri/duyet-bai')).statusCode).toBe(403);
  });

  it('answers a list page past the last with 404, not an empty table', async () => {
    // Editors do not read the member registry: a viewer asks for its page.
    const viewer = new TestClient(ta.app);
    await viewer.signIn((await makeUser(ta.t, 'viewer', tree.province.id)).login);
    const pages: [TestClient, string][] = [
      [editor, '/quan-tri/bai-viet?trang=999'],
      [editor, '/quan-tri/duyet-bai?trang=999'],
      [viewer, '/quan-tri/doan-vien?trang=999'],
    ];
    for (const [client, url] of pages) {
      const res = await client.get(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.body, url).toContain('không có trang 999');
    }
    expect((await editor.get('/quan-tri/bai-viet?trang=1')).statusCode).toBe(200);
  });

  it('answers a bad or unknown article id with a 404 inside the admin layout', async () => {
    const urls = [
      '/quan-tri/bai-viet/abc',
      '/quan-tri/bai-viet/0',
      '/quan-tri/bai-viet/-3',
      '/quan-tri/bai-viet/1e3',
      '/quan-tri/bai-viet/99999999',
      '/quan-tri/bai-viet/abc/phien-ban',
      '/quan-tri/bai-viet/0/xem-truoc',
    ];
    for (const url of urls) {
      const res = await editor.get(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.body, url).toContain('<title>Không tìm thấy – Quản trị</title>');
      expect(res.body, url).toContain('<header class="admin-bar">');
    }
    expect((await editor.get('/quan-tri/bai-viet/99999999')).body).toContain('Bài viết không tồn tại hoặc đã bị xóa.');
    await editor.get('/quan-tri/bai-viet/moi');
    for (const url of ['/quan-tri/bai-viet/abc', '/quan-tri/bai-viet/0/gui-duyet', '/quan-tri/bai-viet/abc/go-bai']) {
      const res = await editor.post(url, { ...form(), version: 1 });
      expect(res.statusCode, url).toBe(404);
      expect(res.body, url).toContain('<header class="admin-bar">');
    }
    expect((await editor.post('/quan-tri/bai-viet/abc/phien-ban/1/khoi-phuc', { version: 1 })).statusCode).toBe(404);
  });

  it('shows a refused save again in the editor, with what was typed and the message next to its field', async () => {
    const id = await createDraftAs(reporter, { headline: 'Bài sẽ bị từ chối lưu' });
    await reporter.get(`/quan-tri/bai-viet/${id}`);
    const res = await reporter.post(`/quan-tri/bai-viet/${id}`, {
      ...form({ headline: '   ', lead: 'Sa-pô vừa gõ', bodyHtml: '<div>Đoạn vừa gõ.</div>', authorName: 'Người viết mới' }),
      version: 1,
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('<title>Sửa bài viết – Quản trị</title>');
    expect(res.body).toContain('Biểu mẫu còn chỗ chưa đúng: xem lời nhắn bên cạnh từng ô.');
    expect(res.body).toMatch(/name="headline"[^>]*\/><span class="field-error" role="alert">Cần nhập tiêu đề\.<\/span>/);
    expect(res.body).toContain('Sa-pô vừa gõ');
    expect(res.body).toContain('name="bodyHtml" value="&lt;div>Đoạn vừa gõ.&lt;/div>"');
    expect(res.body).toContain('value="Người viết mới"');
    expect(res.body).toContain('name="version" value="1"');
    expect(res.body).toContain('src="/assets/trix.js"');
    expect((await repo.findArticleById(ta.t, id))!.headline).toBe('Bài sẽ bị từ chối lưu');

    await reporter.get('/quan-tri/bai-viet/moi');
    const fresh = await reporter.post('/quan-tri/bai-viet/moi', form({ headline: '', lead: 'Sa-pô của bài chưa có tiêu đề' }));
    expect(fresh.statusCode).toBe(400);
    expect(fresh.body).toContain('<title>Viết bài mới – Quản trị</title>');
    expect(fresh.body).toContain('Cần nhập tiêu đề.');
    expect(fresh.body).toContain('Sa-pô của bài chưa có tiêu đề');
    const noSection = await reporter.post('/quan-tri/bai-viet/moi', form({ sectionId: '', headline: 'Bài chưa chọn chuyên mục' }));
    expect(noSection.statusCode).toBe(400);
    expect(noSection.body).toMatch(/<span class="field-error" role="alert">Cần chọn chuyên mục\.<\/span>/);
    expect(noSection.body).toContain('value="Bài chưa chọn chuyên mục"');
  });

  it('keeps the unsaved text in the form when a save conflicts or is invalid', async () => {
    const id = await createDraftAs(reporter, { headline: 'Bài hai người cùng sửa' });
    await editor.get(`/quan-tri/bai-viet/${id}`);
    expect(
      (
        await editor.post(`/quan-tri/bai-viet/${id}`, {
          ...form({ headline: 'Bài hai người cùng sửa', bodyHtml: '<div>Bản của biên tập viên.</div>' }),
          version: 1,
        })
      ).statusCode,
    ).toBe(303);
    await reporter.get(`/quan-tri/bai-viet/${id}`);
    const conflict = await reporter.post(`/quan-tri/bai-viet/${id}`, {
      ...form({
        headline: 'Bài hai người cùng sửa',
        lead: 'Sa-pô chưa lưu của phóng viên',
        bodyHtml: '<div>Đoạn phóng viên vừa viết.</div>',
      }),
      version: 1,
    });
    expect(conflict.statusCode).toBe(409);
    expect(conflict.body).toContain('Thay đổi của bạn chưa được lưu');
    expect(conflict.body).toContain('Sa-pô chưa lưu của phóng viên');
    expect(conflict.body).toContain('name="bodyHtml" value="&lt;div>Đoạn phóng viên vừa viết.&lt;/div>"');
    expect(conflict.body).toContain('name="version" value="1"');
    expect((await repo.findArticleById(ta.t, id))!.body_html).toBe('<p>Bản của biên tập viên.</p>');

    const invalid = await reporter.post(`/quan-tri/bai-viet/${id}`, { ...form({ headline: '  ', lead: 'Sa-pô vẫn còn' }), version: 2 });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.body).toContain('Cần nhập tiêu đề.');
    expect(invalid.body).toContain('Sa-pô vẫn còn');

    await editor.get(`/quan-tri/bai-viet/${id}`);
    const noComment = await editor.post(`/quan-tri/bai-viet/${id}/tra-lai`, {
      ...form({ headline: 'Bài hai người cùng sửa' }),
      version: 2,
      comment: ' ',
    });
    expect(noComment.statusCode).toBe(400);
    expect(noComment.body).toContain('Cần ghi nhận xét');
    const past = await editor.post(`/quan-tri/bai-viet/${id}/hen-gio`, {
      ...form({ headline: 'Bài hai người cùng sửa' }),
      version: 2,
      publishAt: '2020-01-01T08:00',
    });
    expect(past.statusCode).toBe(400);
    expect(past.body).toContain('Thời điểm hẹn đăng phải sau thời điểm hiện tại');
  });

  it('runs the review: submit, the queue oldest first, return with a comment the reporter sees, schedule, publish, unpublish', async () => {
    const first = await createDraftAs(reporter, { headline: 'Bài gửi trước' });
    const second = await createDraftAs(reporter, { headline: 'Bài gửi sau' });
    for (const id of [first, second]) {
      await reporter.get(`/quan-tri/bai-viet/${id}`);
      const res = await reporter.post(`/quan-tri/bai-viet/${id}/gui-duyet`, {
        ...form({ headline: id === first ? 'Bài gửi trước' : 'Bài gửi sau' }),
        version: 1,
      });
      expect(res.statusCode).toBe(303);
      expect((await repo.findArticleById(ta.t, id))!.version).toBe(2); // unchanged text: no extra version
    }
    const queue = await editor.get('/quan-tri/duyet-bai');
    expect(queue.body.indexOf('Bài gửi trước')).toBeGreaterThan(-1);
    expect(queue.body.indexOf('Bài gửi trước')).toBeLessThan(queue.body.indexOf('Bài gửi sau'));
    expect((await editor.get('/quan-tri')).body).toMatch(/<strong class="desk-count">\d+<\/strong> Bài chờ duyệt/);

    await editor.get(`/quan-tri/bai-viet/${first}`);
    const returned = await editor.post(`/quan-tri/bai-viet/${first}/tra-lai`, {
      ...form({ headline: 'Bài gửi trước' }),
      version: 2,
      comment: 'Cần thêm ảnh & chú thích.',
    });
    expect(returned.statusCode).toBe(303);
    const dashboard = await reporter.get('/quan-tri');
    expect(dashboard.body).toContain('Bài bị trả lại');
    expect(dashboard.body).toContain('Cần thêm ảnh &amp; chú thích.');
    expect((await reporter.get(`/quan-tri/bai-viet/${first}`)).body).toContain('Cần thêm ảnh &amp; chú thích.');

    const edit = await editor.get(`/quan-tri/bai-viet/${second}`);
    expect(edit.body).toContain('Đăng ngay');
    expect(edit.body).toMatch(/id="publishAt" name="publishAt" type="text"[^>]*placeholder="dd\/mm\/yyyy hh:mm"/);
    const scheduled = await editor.post(`/quan-tri/bai-viet/${second}/hen-gio`, {
      ...form({ headline: 'Bài gửi sau' }),
      version: 2,
      publishAt: '01/05/2099 08:30',
    });
    expect(scheduled.statusCode).toBe(303);
    const article = (await repo.findArticleById(ta.t, second))!;
    expect(article.status).toBe('scheduled');
    expect(new Date(article.published_at!).toISOString()).toBe('2099-05-01T01:30:00.000Z');
    const shown = await editor.get(`/quan-tri/bai-viet/${second}`);
    expect(shown.body).toContain('Đã hẹn giờ đăng bài.');
    expect(shown.body).toContain('value="01/05/2099 08:30"');

    await editor.post(`/quan-tri/bai-viet/${second}/dang`, { ...form({ headline: 'Bài gửi sau' }), version: article.version });
    const live = (await repo.findArticleById(ta.t, second))!;
    expect(live.status).toBe('published');
    expect((await anonymous.get(`/bai-viet/${live.slug}`)).statusCode).toBe(200);
    await editor.get(`/quan-tri/bai-viet/${second}`);
    expect((await editor.post(`/quan-tri/bai-viet/${second}/go-bai`, { version: live.version })).statusCode).toBe(303);
    expect((await anonymous.get(`/bai-viet/${live.slug}`)).statusCode).toBe(404);

    // Reporters have no publishing routes at all.
    await reporter.get(`/quan-tri/bai-viet/${first}`);
    expect((await reporter.post(`/quan-tri/bai-viet/${first}/dang`, { ...form(), version: 3 })).statusCode).toBe(403);
  });

  it('lists articles of the scope by status, 20 a page', async () => {
    for (let i = 0; i < 21; i++) await createDraftAs(reporter, { headline: `Bản nháp số ${i + 1}` });
    const page1 = await reporter.get('/quan-tri/bai-viet?trang-thai=nhap');
    expect(page1.statusCode).toBe(200);
    expect(page1.body).toContain('Trang 1 / 2');
    expect(page1.body.match(/<span class="status status-draft">Bản nháp<\/span>/g)?.length).toBe(20);
    const page2 = await reporter.get('/quan-tri/bai-viet?trang-thai=nhap&trang=2');
    expect(page2.body).toContain('Trang 2 / 2');
    const submitted = await reporter.get('/quan-tri/bai-viet?trang-thai=cho-duyet');
    expect(submitted.body).not.toContain('status-draft"');
  });

  it('shows a preview with its banner, compares versions and restores one', async () => {
    const id = await createDraftAs(reporter, {
      headline: 'Giải cầu lông công nhân viên chức',
      bodyHtml: '<div>Có 47 đoàn tham gia.</div>',
    });
    await reporter.get(`/quan-tri/bai-viet/${id}`);
    await reporter.post(`/quan-tri/bai-viet/${id}`, {
      ...form({ headline: 'Giải cầu lông công nhân viên chức', bodyHtml: '<div>Có 48 đoàn tham gia.</div>' }),
      version: 1,
    });
    const preview = await reporter.get(`/quan-tri/bai-viet/${id}/xem-truoc`);
    expect(preview.body).toContain('Bản xem trước – chưa đăng');
    expect(preview.body).toContain('<h1>Giải cầu lông công nhân viên chức</h1>');
    expect(preview.body).toContain('<meta name="robots" content="noindex"/>');

    const [v2, v1] = await repo.listRevisions(ta.t, id);
    const compare = await reporter.get(`/quan-tri/bai-viet/${id}/phien-ban?a=${v1!.id}&b=${v2!.id}`);
    expect(compare.body).toContain('<del>47</del><ins>48</ins>');
    await reporter.get(`/quan-tri/bai-viet/${id}/phien-ban`);
    const restored = await reporter.post(`/quan-tri/bai-viet/${id}/phien-ban/${v1!.id}/khoi-phuc`, { version: 2 });
    expect(restored.statusCode).toBe(303);
    const article = (await repo.findArticleById(ta.t, id))!;
    expect([article.version, article.body_html]).toEqual([3, '<p>Có 47 đoàn tham gia.</p>']);
    expect((await reporter.get(`/quan-tri/bai-viet/${id}`)).body).toContain('Đã khôi phục nội dung phiên bản 1 thành phiên bản 3.');
  });

  it('makes a draft from pasted text, with the importer’s warnings shown once', async () => {
    await reporter.get('/quan-tri/bai-viet/dan-van-ban');
    const text = [
      'Công đoàn Viên chức tỉnh tổ chức Hội thi nấu ăn',
      'Sáng 8/3, Công đoàn Viên chức tỉnh tổ chức Hội thi nấu ăn với 28 đội tham gia.',
      'Toan canh HN TK',
      'Quang cảnh hội thi',
      'Tin & ảnh: Lê Văn Bình',
      'Công đoàn Viên chức tỉnh',
      '',
      'Giải cầu lông công nhân viên chức',
      'Chiều 9/3, giải cầu lông khai mạc với 47 đoàn.',
      'Tin: Tô Thị Ái',
    ].join('\n');
    const res = await reporter.post('/quan-tri/bai-viet/dan-van-ban', { sectionId, unitId: tree.school.id, text });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(303);
    const id = Number(/(\d+)$/.exec(res.headers.location as string)?.[1]);
    const article = (await repo.findArticleById(ta.t, id))!;
    expect([article.status, article.headline, article.byline_label, article.author_name, article.author_unit]).toEqual([
      'draft',
      'Công đoàn Viên chức tỉnh tổ chức Hội thi nấu ăn',
      'Tin & ảnh',
      'Lê Văn Bình',
      'Công đoàn Viên chức tỉnh',
    ]);
    expect(article.body_html).toContain(
      '<figure class="photo-missing"><div class="photo-placeholder" role="img" aria-label="Ảnh: Toan canh HN TK"><span class="photo-name">Ảnh: Toan canh HN TK</span></div><figcaption>Quang cảnh hội thi</figcaption></figure>',
    );
    const first = await reporter.get(`/quan-tri/bai-viet/${id}`);
    expect(first.body).toContain('Đã tạo bản nháp từ nội dung nhập.');
    expect(first.body).toContain('Nội dung dán vào có 2 bài; đã gộp thành một bài nháp.');
    expect((await reporter.get(`/quan-tri/bai-viet/${id}`)).body).not.toContain('Nội dung dán vào có 2 bài');

    const empty = await reporter.post('/quan-tri/bai-viet/dan-van-ban', { sectionId, unitId: tree.school.id, text: '   ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('Chưa có nội dung');
    const noSection = await reporter.post('/quan-tri/bai-viet/dan-van-ban', { sectionId: '', unitId: tree.school.id, text });
    expect(noSection.statusCode).toBe(400);
    expect(noSection.body).toContain('Cần chọn chuyên mục.');
    expect(noSection.body).toContain('Toan canh HN TK');
  });

  it('makes a draft from a Word file with its photo, and explains a file that is not one', async () => {
    const photo = await sharp({ create: { width: 120, height: 80, channels: 3, background: '#c04040' } })
      .png()
      .toBuffer();
    const docx = await Packer.toBuffer(
      new Document({
        sections: [
          {
            children: [
              new Paragraph({ children: [new TextRun({ text: 'Công đoàn ngành Y tế thăm hỏi đoàn viên ốm đau', bold: true })] }),
              new Paragraph('Chiều 27/4, Công đoàn ngành Y tế thăm hỏi 12 đoàn viên ốm đau dài ngày.'),
              new Paragraph('Mỗi suất quà trị giá 800 nghìn đồng, gồm 500 nghìn tiền mặt và hiện vật 300 nghìn.'),
              new Paragraph({ children: [new ImageRun({ type: 'png', data: photo, transformation: { width: 120, height: 80 } })] }),
              new Paragraph('Đại diện Công đoàn ngành trao quà cho đoàn viên'),
              new Paragraph('Tin & ảnh: Nguyễn Thị Hoa'),
            ],
          },
        ],
      }),
    );
    await reporter.get('/quan-tri/bai-viet/nhap-docx');
    const post = (fields: Record<string, string>, file: Buffer, name: string) => {
      const { payload, contentType } = multipartBody(
        { _csrf: reporter.csrf, ...fields },
        { field: 'file', name, type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', bytes: file },
      );
      return ta.app.inject({
        method: 'POST',
        url: '/quan-tri/bai-viet/nhap-docx',
        payload,
        headers: { cookie: cookieHeader(reporter), 'content-type': contentType },
      });
    };
    const res: LightMyRequestResponse = await post(
      { sectionId: String(sectionId), unitId: String(tree.school.id) },
      Buffer.from(docx),
      'tham-hoi.docx',
    );
    expect(res.statusCode, res.body.slice(0, 400)).toBe(303);
    const id = Number(/(\d+)$/.exec(res.headers.location as string)?.[1]);
    const article = (await repo.findArticleById(ta.t, id))!;
    expect(article.headline).toBe('Công đoàn ngành Y tế thăm hỏi đoàn viên ốm đau');
    expect(article.body_html).toMatch(/<figure class="photo"><img src="\/media\/[0-9a-f]{64}\/large\.jpg"/);
    expect((await portalRepo.listFiguresOf(ta.t, id)).filter((f) => f.sha256)).toHaveLength(1);

    const notWord = await post({ sectionId: String(sectionId), unitId: String(tree.school.id) }, await makeJpeg('#000'), 'anh.docx');
    expect(notWord.statusCode).toBe(400);
    expect(notWord.body).toContain('Không nhập được «anh.docx»: đây là ảnh JPEG, không phải văn bản Word (.docx).');

    const { payload, contentType } = multipartBody(
      { sectionId: String(sectionId), unitId: String(tree.school.id) },
      { field: 'file', name: 'a.docx', type: 'application/octet-stream', bytes: Buffer.from(docx) },
    );
    const forged = await ta.app.inject({
      method: 'POST',
      url: '/quan-tri/bai-viet/nhap-docx',
      payload,
      headers: { cookie: cookieHeader(reporter), 'content-type': contentType },
    });
    expect(forged.statusCode).toBe(403);
  });
});
