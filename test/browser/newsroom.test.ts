import type { Browser, BrowserContext, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAuthUser } from '../../src/auth/service.js';
import * as repo from '../../src/news/repo.js';
import { createDraft, saveDraft } from '../../src/news/service.js';
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
  let ids: { reporter: number; editor: number } = { reporter: 0, editor: 0 };
  let schoolId = 0;
  let sectionId = 0;
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
    sectionId = (await makeSection(ta.t, 'Hoạt động công đoàn cơ sở')).id;
    schoolId = tree.school.id;
    const made = {
      reporter: await makeUser(ta.t, 'reporter', tree.school.id),
      editor: await makeUser(ta.t, 'editor', tree.province.id),
      other: await makeUser(ta.t, 'reporter', tree.clinic.id),
    };
    logins = { reporter: made.reporter.login, editor: made.editor.login, other: made.other.login };
    ids = { reporter: made.reporter.id, editor: made.editor.id };
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

  it(
    'the editor warns before leaving with unsaved changes and saves the draft by itself every minute; a conflicting autosave overwrites nothing',
    async () => {
      const reporter = (await loadAuthUser(ta.t, ids.reporter))!;
      const draft = {
        sectionId,
        unitId: schoolId,
        headline: 'Bản nháp tự lưu',
        lead: 'Chiều 15/3, Công đoàn cơ sở tổ chức tọa đàm.',
        bodyHtml: '<p>Đoạn một.</p>',
        bylineLabel: 'Tin & ảnh',
        authorName: 'Tô Thị Ái',
        authorUnit: '',
      };
      const { id } = await createDraft(ta.t, reporter, draft);
      const page = await signedInPage(logins.reporter);
      await page.clock.install();
      await page.goto(`${base}/quan-tri/bai-viet/${id}`);
      await page.waitForFunction(() =>
        Boolean((document.querySelector('trix-editor') as (HTMLElement & { editor?: unknown }) | null)?.editor),
      );
      await expect(page.getAttribute('#article-form', 'data-autosave')).resolves.toBe(`/quan-tri/bai-viet/${id}/tu-luu`);

      // Nothing typed yet: a link leaves without a question.
      const dialogs: string[] = [];
      page.on('dialog', (d) => {
        dialogs.push(`${d.type()}: ${d.message()}`);
        void d.dismiss();
      });
      await page.fill('#headline', 'Bản nháp tự lưu (đã sửa)');
      await page.click('trix-editor');
      await page.keyboard.press('End');
      await page.keyboard.type(' Thêm một câu.');

      // An in-app link asks first; dismissed, the page stays.
      await page.click('text=Các phiên bản');
      expect(dialogs.at(-1)).toMatch(/^confirm: Bài có thay đổi chưa lưu/);
      expect(page.url()).toBe(`${base}/quan-tri/bai-viet/${id}`);

      // A minute later the draft is saved: a new version and revision, as "Lưu" would.
      await page.clock.fastForward('01:01');
      await page.waitForFunction(() => /Đã tự lưu lúc \d\d:\d\d/.test(document.getElementById('autosave-status')?.textContent ?? ''));
      const saved = (await repo.findArticleById(ta.t, id))!;
      expect([saved.headline, saved.version]).toEqual(['Bản nháp tự lưu (đã sửa)', 2]);
      expect(saved.body_html).toContain('Thêm một câu.');
      await expect(page.inputValue('input[name="version"]')).resolves.toBe('2');
      await page.screenshot({ path: artifactPath(`newsroom-autosave-${dialect}.png`), fullPage: true });

      // Saved: no change left, so leaving asks nothing; a minute without changes saves nothing.
      await page.clock.fastForward('01:01');
      expect((await repo.findArticleById(ta.t, id))!.version).toBe(2);

      // Meanwhile an editor saves version 3; the reporter's next autosave must not overwrite it.
      const editor = (await loadAuthUser(ta.t, ids.editor))!;
      await saveDraft(ta.t, editor, id, 2, { ...draft, headline: 'Bản của biên tập viên' });
      await page.fill('#headline', 'Bản cũ của phóng viên');
      await page.clock.fastForward('01:01');
      await page.waitForFunction(() => document.getElementById('autosave-status')?.classList.contains('error'));
      await expect(page.locator('#autosave-status').textContent()).resolves.toMatch(
        /^Bài viết đã được .* lưu \(phiên bản 3\).*Tự lưu đã dừng/,
      );
      expect((await repo.findArticleById(ta.t, id))!.headline).toBe('Bản của biên tập viên');
      await page.screenshot({ path: artifactPath(`newsroom-autosave-conflict-${dialect}.png`), fullPage: true });

      // Closing the tab with changes still unsaved brings the browser's own warning.
      await page.close({ runBeforeUnload: true });
      await expect.poll(() => dialogs.some((d) => d.startsWith('beforeunload'))).toBe(true);
    },
    STORY_TIMEOUT,
  );

  it(
    'a new article is saved by itself a minute after it has a headline, and the page becomes its editing page',
    async () => {
      const page = await signedInPage(logins.reporter);
      await page.clock.install();
      await page.goto(`${base}/quan-tri/bai-viet/moi`);
      await page.waitForFunction(() =>
        Boolean((document.querySelector('trix-editor') as (HTMLElement & { editor?: unknown }) | null)?.editor),
      );
      await page.selectOption('#sectionId', { label: 'Hoạt động công đoàn cơ sở' });
      await page.fill('#headline', 'Bài mới được tự lưu');
      await page.clock.fastForward('01:01');
      await page.waitForURL(/\/quan-tri\/bai-viet\/\d+$/);
      await expect(page.locator('#autosave-status').textContent()).resolves.toMatch(/^Đã tự lưu lúc \d\d:\d\d\.$/);
      const id = Number(/(\d+)$/.exec(page.url())?.[1]);
      expect((await repo.findArticleById(ta.t, id))!.headline).toBe('Bài mới được tự lưu');
      // "Lưu" goes on from the autosaved version.
      await page.fill('#lead', 'Sáng 20/3, đoàn viên tham gia.');
      await Promise.all([page.waitForURL(`${base}/quan-tri/bai-viet/${id}`), page.click('button:text-is("Lưu")')]);
      await expect(page.locator('.flash-ok').textContent()).resolves.toBe('Đã lưu bài viết.');
      const saved = (await repo.findArticleById(ta.t, id))!;
      expect([saved.version, saved.lead]).toEqual([2, 'Sáng 20/3, đoàn viên tham gia.']);
      await page.screenshot({ path: artifactPath(`newsroom-autosave-new-${dialect}.png`), fullPage: true });
    },
    STORY_TIMEOUT,
  );

  it(
    'unpublishing shows what will happen first, writes nothing until confirmed, then takes the article off the portal',
    async () => {
      const before = (await repo.findArticleById(ta.t, articleId))!;
      expect(before.status).toBe('published');
      const page = await signedInPage(logins.editor);
      await page.goto(`${base}/quan-tri/bai-viet/${articleId}`);
      await Promise.all([page.waitForURL(/\/go-bai$/), page.click('a:text-is("Gỡ bài…")')]);
      await expect(page.locator('h1').textContent()).resolves.toBe('Gỡ bài khỏi cổng thông tin');
      await expect(page.locator('.confirm-effects').textContent()).resolves.toContain(
        'Chuyên mục “Hoạt động công đoàn cơ sở” còn 0 bài (hiện có 1).',
      );
      await expect(page.locator('.confirm-effects').textContent()).resolves.toContain(`/bai-viet/${before.slug}`);
      await page.screenshot({ path: artifactPath(`newsroom-unpublish-confirm-${dialect}.png`), fullPage: true });
      const still = (await repo.findArticleById(ta.t, articleId))!;
      expect([still.status, still.version]).toEqual(['published', before.version]);

      await Promise.all([page.waitForURL(/\/quan-tri\/bai-viet\/\d+$/), page.click('button:text-is("Gỡ bài")')]);
      await expect(page.locator('.flash-ok').textContent()).resolves.toBe('Đã gỡ bài khỏi cổng thông tin.');
      expect((await repo.findArticleById(ta.t, articleId))!.status).toBe('unpublished');
      const publicPage = await page.goto(`${base}/bai-viet/${before.slug}`);
      expect(publicPage?.status()).toBe(404);
      await page.screenshot({ path: artifactPath(`newsroom-unpublished-404-${dialect}.png`) });
      expect(blockedScripts).toEqual([]);
    },
    STORY_TIMEOUT,
  );
});
