import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeArticle, makeSection, makeTestApp, type TestApp } from '../factories.js';
import { DIALECTS } from '../harness.js';
import { artifactPath, launchBrowser, listenForBrowser } from './browser.js';

describe.each(DIALECTS)('a reader in Chromium, on %s', (dialect) => {
  let ta: TestApp;
  let browser: Browser;
  let page: Page;
  let base = '';

  beforeAll(async () => {
    ta = await makeTestApp(dialect);
    const section = await makeSection(ta.t, 'Công đoàn Viên chức tỉnh');
    for (let i = 0; i < 14; i++) await makeArticle(ta.t, section.id);
    await makeArticle(ta.t, section.id, {
      headline: 'Hội nghị Ban Chấp hành Công đoàn Viên chức tỉnh',
      lead: 'Ngày 20/6, Ban Chấp hành công đoàn họp sơ kết 6 tháng.',
      byline: { label: 'Tin & ảnh', author: 'Lê Văn Bình', unit: 'Công đoàn Viên chức tỉnh' },
      publishedAt: Date.now(),
    });
    base = await listenForBrowser(ta.app);
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(10_000);
  });
  afterAll(async () => {
    await browser?.close();
    await ta?.close();
  });

  it('opens home, a section, its page 2, an article, and searches', async () => {
    await page.goto(`${base}/`);
    await expect(page.title()).resolves.toBe('Liên đoàn Lao động tỉnh Thử Nghiệm');
    await Promise.all([page.waitForURL(/chuyen-muc/), page.click('nav.sections >> text=Công đoàn Viên chức tỉnh')]);
    await expect(page.locator('h1').textContent()).resolves.toBe('Công đoàn Viên chức tỉnh (15)');
    await expect(page.locator('.pager-status').textContent()).resolves.toBe('Trang 1 / 2');
    await Promise.all([page.waitForURL(/trang\/2$/), page.click('.pager a:text-is("2")')]);
    await expect(page.locator('.pager-status').textContent()).resolves.toBe('Trang 2 / 2');
    expect(page.url()).toBe(`${base}/chuyen-muc/cong-doan-vien-chuc-tinh/trang/2`);
    await page.goto(`${base}/chuyen-muc/cong-doan-vien-chuc-tinh`);
    await Promise.all([page.waitForURL(/bai-viet/), page.click('.listing >> text=Hội nghị Ban Chấp hành Công đoàn Viên chức tỉnh')]);
    await expect(page.locator('article.article h1').textContent()).resolves.toBe('Hội nghị Ban Chấp hành Công đoàn Viên chức tỉnh');
    await expect(page.locator('.byline-line').textContent()).resolves.toBe('Tin & ảnh: Lê Văn Bình');

    await page.fill('#q', 'cong doan');
    await page.press('#q', 'Enter');
    await page.waitForURL(/tim-kiem/);
    const marks = await page.locator('.results mark').allTextContents();
    expect(marks).toContain('Công');
    expect(marks).toContain('đoàn');
    await expect(page.locator('.results li h2').first().textContent()).resolves.toBe('Hội nghị Ban Chấp hành Công đoàn Viên chức tỉnh');
    await page.screenshot({ path: artifactPath(`search-${dialect}.png`), fullPage: true });
  });

  it('reads well on a phone', async () => {
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await phone.goto(`${base}/chuyen-muc/cong-doan-vien-chuc-tinh`);
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await phone.screenshot({ path: artifactPath(`section-phone-${dialect}.png`) });
    await phone.close();
  });
});
