import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthUser } from '../../src/access/user.js';
import { loadAuthUser } from '../../src/auth/service.js';
import { proposeCase } from '../../src/care/service.js';
import { createFund, recordReceipt } from '../../src/funds/service.js';
import { addDays, todayInVietnam } from '../../src/lib/dates.js';
import { admitMember } from '../../src/members/service.js';
import { makeUnitTree, makeUser, TEST_PASSWORD } from '../client.js';
import { makeArticle, makeSection, makeTestApp, type TestApp } from '../factories.js';
import { DIALECTS } from '../harness.js';
import { artifactPath, launchBrowser, listenForBrowser } from './browser.js';

const PHONE = { width: 390, height: 844 };

/** How far the page scrolls sideways beyond the phone's width (0: it does not). */
const sidewaysOverflow = (page: Page) => page.evaluate((width) => document.scrollingElement!.scrollWidth - width, PHONE.width);

describe.each(DIALECTS)('the site on a phone (390 px) in Chromium, on %s', (dialect) => {
  let ta: TestApp;
  let browser: Browser;
  let page: Page;
  let base = '';
  let fundId = 0;
  let login = '';

  beforeAll(async () => {
    ta = await makeTestApp(dialect);
    const units = await makeUnitTree(ta.t);
    const made = await makeUser(ta.t, 'admin', units.province.id);
    login = made.login;
    const admin = (await loadAuthUser(ta.t, made.id)) as AuthUser;
    const sections = [
      await makeSection(ta.t, 'Hoạt động công đoàn cơ sở'),
      await makeSection(ta.t, 'Chăm lo đời sống đoàn viên'),
      await makeSection(ta.t, 'Pháp luật lao động'),
      await makeSection(ta.t, 'Thi đua khen thưởng'),
      await makeSection(ta.t, 'Văn hóa thể thao'),
      await makeSection(ta.t, 'Tin tức tổng hợp'),
    ];
    for (let i = 0; i < 8; i++)
      await makeArticle(ta.t, sections[i % sections.length]!.id, {
        headline: `Công đoàn Viên chức tỉnh tổ chức hội nghị người lao động năm 2026 lần thứ ${i + 1} tại hội trường lớn`,
        unitId: units.school.id,
        publishedAt: Date.now() - i * 3600_000,
      });
    const { id: submitted } = await makeArticle(ta.t, sections[0]!.id, {
      headline: 'Hội nghị người lao động Trường THPT Số 1 năm 2026 chờ biên tập viên duyệt trước khi đăng',
      unitId: units.school.id,
      status: 'draft',
    });
    await ta.t.db.updateTable('articles').set({ status: 'submitted', submitted_at: Date.now() }).where('id', '=', submitted).execute();
    for (const [i, name] of ['Nguyễn Thị Hương', 'Trần Văn Bình', 'Lê Hoàng Phương Thảo'].entries())
      await admitMember(ta.t, admin, {
        fullName: name,
        gender: i % 2 ? 'male' : 'female',
        birthDate: `198${i}-04-12`,
        unitId: units.school.id,
        joinedOn: '2015-09-01',
      });
    const fund = await createFund(ta.t, admin, { unitId: units.upper.id, name: 'Quỹ Tương trợ Công đoàn Viên chức tỉnh', kind: 'other' });
    fundId = fund.id;
    await recordReceipt(ta.t, admin, {
      fundId,
      on: addDays(todayInVietnam(), -10),
      amount: '125.000.000',
      sourceLabel: 'Đoàn viên Công đoàn Viên chức tỉnh ủng hộ quỹ tương trợ năm 2026',
    });
    await proposeCase(ta.t, admin, {
      recipient: { kind: 'worker', fullName: 'Lê Văn Thành', birthYear: 1979 },
      reason: 'grave_illness',
      description: 'Vợ ốm nặng, hai con nhỏ.',
      occurredOn: todayInVietnam(),
      proposingUnitId: units.school.id,
      cashAmount: 1_000_000,
      inKindAmount: 300_000,
    });
    base = await listenForBrowser(ta.app);
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: PHONE, locale: 'vi-VN', hasTouch: true, isMobile: true });
    page.setDefaultTimeout(15_000);
  });
  afterAll(async () => {
    await browser?.close();
    await ta?.close();
  });

  it('public home: the menu folds behind a button, the first headline shows on the first screen, the menu opens on tap', async () => {
    await page.goto(`${base}/`);
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    await expect(page.isVisible('nav.sections ul')).resolves.toBe(false);
    const headline = page.locator('.top-story .card-title a').first();
    const box = await headline.boundingBox();
    expect(box).not.toBeNull();
    expect(box!.y + Math.min(box!.height, 30)).toBeLessThanOrEqual(PHONE.height);
    await page.screenshot({ path: artifactPath(`phone-home-${dialect}.png`) });
    await page.tap('nav.sections .menu-button');
    await expect(page.isVisible('nav.sections >> text=Pháp luật lao động')).resolves.toBe(true);
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: artifactPath(`phone-home-menu-${dialect}.png`) });
    await Promise.all([page.waitForURL(/chuyen-muc/), page.tap('nav.sections >> text=Pháp luật lao động')]);
  });

  it('admin lists: no page scrolls sideways; tables scroll inside their box with the first column kept', async () => {
    await page.goto(`${base}/dang-nhap`);
    await page.fill('#login', login);
    await page.fill('#password', TEST_PASSWORD);
    await Promise.all([page.waitForURL(/\/quan-tri$/), page.click('button[type=submit]')]);
    const pages: Array<[string, string]> = [
      ['desk', '/quan-tri'],
      ['articles', '/quan-tri/bai-viet'],
      ['queue', '/quan-tri/duyet-bai'],
      ['members', '/quan-tri/doan-vien'],
      ['units', '/quan-tri/don-vi'],
      ['care', '/quan-tri/cham-lo'],
      ['funds', '/quan-tri/quy'],
      ['ledger', `/quan-tri/quy/${fundId}`],
      ['accounts', '/quan-tri/tai-khoan'],
      ['audit', '/quan-tri/nhat-ky'],
      ['figures', '/quan-tri/thong-ke'],
    ];
    const wide: string[] = [];
    for (const [name, path] of pages) {
      await page.goto(`${base}${path}`);
      const overflow = await sidewaysOverflow(page);
      if (overflow > 0) wide.push(`${path}: ${overflow}px`);
      await page.screenshot({ path: artifactPath(`phone-${name}-${dialect}.png`), fullPage: true });
    }
    expect(wide).toEqual([]);

    // The admin menu folds behind its button too (with the sum of its counts), and opens on tap.
    await page.goto(`${base}/quan-tri/bai-viet`);
    await expect(page.isVisible('.admin-bar nav ul')).resolves.toBe(false);
    await expect(page.locator('.admin-bar .menu-button').textContent()).resolves.toBe('Menu (1)');
    const title = await page.locator('h1').boundingBox();
    expect(title!.y + title!.height).toBeLessThanOrEqual(PHONE.height / 3);
    await page.tap('.admin-bar .menu-button');
    await expect(page.isVisible('.admin-bar nav >> text=Duyệt bài (1)')).resolves.toBe(true);
    await page.screenshot({ path: artifactPath(`phone-admin-menu-${dialect}.png`) });

    // The chart's labels stay readable (at least 10 px high as drawn) and the chart stays within the page.
    await page.goto(`${base}/quan-tri/thong-ke`);
    const labelHeights = await page.locator('.chart svg text').evaluateAll((texts) => texts.map((t) => t.getBoundingClientRect().height));
    expect(labelHeights.length).toBeGreaterThan(0);
    expect(Math.min(...labelHeights)).toBeGreaterThanOrEqual(10);
    await page.locator('.chart').scrollIntoViewIfNeeded();
    await page.screenshot({ path: artifactPath(`phone-chart-${dialect}.png`) });

    // A wide table scrolls inside its box; its first column stays in view.
    await page.goto(`${base}/quan-tri/cham-lo`);
    const table = page.locator('table.grid').first();
    const scroll = await table.evaluate((t) => {
      const box = t.closest('.table-scroll') ?? t;
      const first = t.querySelector('tbody tr td:not(.col-secondary)') as HTMLElement;
      const before = first.getBoundingClientRect().left;
      box.scrollLeft = 400;
      return { scrolls: box.scrollWidth > box.clientWidth, moved: box.scrollLeft > 0, kept: first.getBoundingClientRect().left === before };
    });
    expect(scroll).toEqual({ scrolls: true, moved: true, kept: true });
    await table.scrollIntoViewIfNeeded();
    await page.screenshot({ path: artifactPath(`phone-care-scrolled-${dialect}.png`) });
  });
});
