import type { Browser, BrowserContext, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as repo from '../../src/news/repo.js';
import * as portalRepo from '../../src/portal/repo.js';
import { makeUnitTree, makeUser, TEST_PASSWORD } from '../client.js';
import { makeSection, makeTestApp, type TestApp } from '../factories.js';
import { DIALECTS } from '../harness.js';
import { artifactPath, launchBrowser, listenForBrowser } from './browser.js';

const HEADLINE = 'Công đoàn Trường THPT Số 1 tổ chức Hội nghị viên chức năm 2025';
const CAPTION = 'Đồng chí Chủ tịch Công đoàn phát biểu tại hội nghị';
/** A browser story takes several seconds alone, much longer on a busy machine. */
const STORY_TIMEOUT = 120_000;

describe.each(DIALECTS)('the newsroom in Chromium, on %s', (dialect) => {
  let ta: TestApp;
  let browser: Browser;
  let base = '';
  let logins: { reporter: string; editor: string; other: string };
  let articleId = 0;
  const contexts: BrowserContext[] = [];
  /** Script the page's Content-Security-Policy refused: there must be none. */
  const blockedScripts: string[] = [];

  async function signedInPage(login: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy/.test(m.text()) && /script-src/.test(m.text())) blockedScripts.push(m.text());
    });
    await page.goto(`${base}/dang-nhap`);
    await page.fill('#login', login);
    await page.fill('#password', TEST_PASSWORD);
    await Promise.all([page.waitForURL(`${base}/quan-tri`), page.click('button[type=submit]')]);
    return page;
  }

  beforeAll(async () => {
    ta = await makeTestApp(dialect);
    const tree = await makeUnitTree(ta.t);
    await makeSection(ta.t, 'Hoạt động công đoàn cơ sở');
    logins = {
      reporter: (await makeUser(ta.t, 'reporter', tree.school.id)).login,
      editor: (await makeUser(ta.t, 'editor', tree.province.id)).login,
      other: (await makeUser(ta.t, 'reporter', tree.clinic.id)).login,
    };
    base = await listenForBrowser(ta.app);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await ta?.close();
  });

  it(
    'a reporter of a CĐCS writes a draft with a captioned photo in the editor, saves it and submits it',
    async () => {
      const page = await signedInPage(logins.reporter);
      await expect(page.locator('h1').textContent()).resolves.toBe('Việc cần làm');
      await Promise.all([page.waitForURL(/\/quan-tri\/bai-viet\/moi$/), page.click('text=Viết bài mới')]);
      await page.waitForSelector('trix-toolbar .trix-button--icon-attach');
      await expect(page.getAttribute('trix-toolbar .trix-button--icon-attach', 'title')).resolves.toBe('Chèn ảnh');

      await page.selectOption('#sectionId', { label: 'Hoạt động công đoàn cơ sở' });
      await page.fill('#headline', HEADLINE);
      await page.fill('#lead', 'Sáng 10/01/2025, Công đoàn cơ sở Trường THPT Số 1 tổ chức Hội nghị viên chức, người lao động năm 2025.');
      await page.waitForFunction(() =>
        Boolean((document.querySelector('trix-editor') as (HTMLElement & { editor?: unknown }) | null)?.editor),
      );
      // Each toolbar button is pressed and seen active (or not) before typing on: Trix applies it asynchronously.
      const toggle = async (button: 'bold' | 'heading-1', on: boolean) => {
        await page.click(`trix-toolbar .trix-button--icon-${button}`);
        await page.waitForSelector(`trix-toolbar .trix-button--icon-${button}${on ? '.trix-active' : ':not(.trix-active)'}`);
      };
      await page.click('trix-editor');
      await page.keyboard.type('Kết quả hội nghị');
      await toggle('heading-1', true);
      await page.keyboard.press('Enter');
      await page.waitForSelector('trix-toolbar .trix-button--icon-heading-1:not(.trix-active)');
      await page.keyboard.type('Hội nghị đã thông qua ');
      await toggle('bold', true);
      await page.keyboard.type('13/13 chỉ tiêu');
      await toggle('bold', false);
      await page.keyboard.type(' của năm 2025.');
      await page.keyboard.press('Enter');

      const photo = await sharp({ create: { width: 640, height: 400, channels: 3, background: '#2d5fa8' } })
        .composite([{ input: { create: { width: 320, height: 200, channels: 3, background: '#f2c12e' } }, left: 160, top: 100 }])
        .jpeg()
        .toBuffer();
      const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.click('trix-toolbar .trix-button--icon-attach')]);
      await chooser.setFiles({ name: 'hoi-nghi.jpg', mimeType: 'image/jpeg', buffer: photo });
      await page.waitForSelector('trix-editor figure img[src^="/media/"]');
      await expect(page.locator('#editor-status').textContent()).resolves.toContain('Đã tải ảnh lên');

      await page.click('trix-editor figure img');
      await page.waitForSelector('trix-editor figcaption textarea');
      await page.fill('trix-editor figcaption textarea', CAPTION);
      await page.keyboard.press('Enter');
      await page.waitForFunction((caption) => (document.querySelector('#bodyHtml') as HTMLInputElement).value.includes(caption), CAPTION);
      await page.fill('#authorName', 'Tô Thị Ái');
      await page.fill('#authorUnit', 'CĐCS Trường THPT Số 1');
      await page.screenshot({ path: artifactPath(`newsroom-editor-${dialect}.png`), fullPage: true });

      await Promise.all([page.waitForURL(/\/quan-tri\/bai-viet\/\d+$/), page.click('button:text-is("Lưu")')]);
      await expect(page.locator('.flash-ok').textContent()).resolves.toBe('Đã lưu bản nháp.');
      articleId = Number(/(\d+)$/.exec(page.url())?.[1]);
      const saved = (await repo.findArticleById(ta.t, articleId))!;
      expect(saved.body_html).toMatch(
        /^<h2>Kết quả hội nghị<\/h2><p>Hội nghị đã thông qua <strong>13\/13 chỉ tiêu<\/strong> của năm 2025\.<\/p>/,
      );
      expect(saved.body_html).toContain(`<figcaption>${CAPTION}</figcaption></figure>`);
      expect((await portalRepo.listFiguresOf(ta.t, articleId)).map((f) => [Boolean(f.sha256), f.caption])).toEqual([[true, CAPTION]]);

      // Opened again, the editor shows the photo with its caption and the heading.
      await page.waitForSelector('trix-editor figure img[src^="/media/"]');
      await expect(page.locator('trix-editor figcaption').textContent()).resolves.toBe(CAPTION);
      await expect(page.locator('trix-editor h2').textContent()).resolves.toBe('Kết quả hội nghị');

      await Promise.all([page.waitForURL(/\/quan-tri\/bai-viet\/\d+$/), page.click('button:text-is("Gửi duyệt")')]);
      await expect(page.locator('.flash-ok').textContent()).resolves.toBe('Đã gửi bài cho biên tập viên duyệt.');
      await expect(page.locator('.article-meta .status').textContent()).resolves.toBe('Chờ duyệt');
      const submitted = (await repo.findArticleById(ta.t, articleId))!;
      expect([submitted.status, submitted.version]).toEqual(['submitted', 2]);
      await page.screenshot({ path: artifactPath(`newsroom-submitted-${dialect}.png`), fullPage: true });
    },
    STORY_TIMEOUT,
  );

  it(
    'an editor of the province finds it in the queue and publishes it; readers see it with its photo and caption',
    async () => {
      const page = await signedInPage(logins.editor);
      await expect(page.locator('[data-key="news.review"]').textContent()).resolves.toBe('1 Bài chờ duyệt');
      await Promise.all([page.waitForURL(/duyet-bai$/), page.click('[data-key="news.review"] a')]);
      await page.screenshot({ path: artifactPath(`newsroom-queue-${dialect}.png`), fullPage: true });
      await Promise.all([page.waitForURL(/\/quan-tri\/bai-viet\/\d+$/), page.click(`text=${HEADLINE}`)]);
      await page.waitForSelector('trix-editor figure img[src^="/media/"]');
      await expect(page.locator('.editor-desk legend').textContent()).resolves.toBe('Biên tập');
      await page.screenshot({ path: artifactPath(`newsroom-review-${dialect}.png`), fullPage: true });

      // The preview opens in a new tab, with the text as it stands in the form.
      await page.fill(
        '#lead',
        'Sáng 10/01/2025, Công đoàn cơ sở Trường THPT Số 1 tổ chức Hội nghị viên chức, người lao động năm 2025 (đã biên tập).',
      );
      const [preview] = await Promise.all([page.waitForEvent('popup'), page.click('button:text-is("Xem trước")')]);
      await preview.waitForLoadState();
      await expect(preview.locator('.preview-banner').textContent()).resolves.toBe(
        'Bản xem trước – chưa đăng (gồm cả những thay đổi chưa lưu)',
      );
      await expect(preview.locator('.lead').textContent()).resolves.toContain('(đã biên tập)');
      await expect(preview.locator('.article-body figcaption').textContent()).resolves.toBe(CAPTION);
      await preview.screenshot({ path: artifactPath(`newsroom-preview-${dialect}.png`), fullPage: true });
      await preview.close();

      await Promise.all([page.waitForURL(/\/quan-tri\/bai-viet\/\d+$/), page.click('button:text-is("Đăng ngay")')]);
      await expect(page.locator('.flash-ok').textContent()).resolves.toBe('Đã đăng bài lên cổng thông tin.');
      await page.screenshot({ path: artifactPath(`newsroom-published-admin-${dialect}.png`), fullPage: true });
      await Promise.all([page.waitForURL(/phien-ban$/), page.click('text=Các phiên bản')]);
      await page.check('input[aria-label="Bản cũ: phiên bản 1"]');
      await Promise.all([page.waitForURL(/phien-ban\?/), page.click('button:text-is("So sánh hai phiên bản đã chọn")')]);
      await expect(page.locator('.diff h2').textContent()).resolves.toBe('So sánh phiên bản 1 với phiên bản 4');
      await expect(page.locator('.diff-text ins').first().textContent()).resolves.toContain('(đã biên tập)');
      await page.screenshot({ path: artifactPath(`newsroom-revisions-${dialect}.png`), fullPage: true });
      await page.goto(`${base}/quan-tri/bai-viet`);
      await expect(page.locator('table.grid .status').first().textContent()).resolves.toBe('Đã đăng');
      await page.screenshot({ path: artifactPath(`newsroom-list-${dialect}.png`), fullPage: true });

      await page.goto(`${base}/chuyen-muc/hoat-dong-cong-doan-co-so`);
      await Promise.all([page.waitForURL(/\/bai-viet\//), page.click(`.listing >> text=${HEADLINE}`)]);
      await expect(page.locator('article.article h1').textContent()).resolves.toBe(HEADLINE);
      await expect(page.locator('.article-body h2').textContent()).resolves.toBe('Kết quả hội nghị');
      await expect(page.locator('.article-body figure.photo figcaption').textContent()).resolves.toBe(CAPTION);
      const loaded = await page
        .locator('.article-body figure img')
        .evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0);
      expect(loaded).toBe(true);
      await expect(page.locator('.byline-line').textContent()).resolves.toBe('Tin & ảnh: Tô Thị Ái');
      await page.screenshot({ path: artifactPath(`newsroom-public-${dialect}.png`), fullPage: true });
    },
    STORY_TIMEOUT,
  );

  it(
    'a reporter of another unit gets the Vietnamese 403 page for its edit address',
    async () => {
      const page = await signedInPage(logins.other);
      await page.screenshot({ path: artifactPath(`newsroom-dashboard-${dialect}.png`), fullPage: true });
      const response = await page.goto(`${base}/quan-tri/bai-viet/${articleId}`);
      expect(response?.status()).toBe(403);
      await expect(page.locator('h1').textContent()).resolves.toBe('Không có quyền truy cập');
      await expect(page.locator('main p').first().textContent()).resolves.toBe('Bài viết này thuộc đơn vị ngoài phạm vi của bạn.');
      await page.screenshot({ path: artifactPath(`newsroom-403-${dialect}.png`) });
      expect(blockedScripts).toEqual([]);
    },
    STORY_TIMEOUT,
  );
});
