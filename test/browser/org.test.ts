import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAuthUser } from '../../src/auth/service.js';
import { admitMember } from '../../src/members/service.js';
import { makeUnitTree, makeUser, TEST_PASSWORD } from '../client.js';
import { makeTestApp, type TestApp } from '../factories.js';
import { DIALECTS } from '../harness.js';
import { artifactPath, launchBrowser, listenForBrowser } from './browser.js';

describe.each(DIALECTS)('the union tree in Chromium on %s', (dialect) => {
  let ta: TestApp;
  let browser: Browser;
  let page: Page;
  let base = '';
  let units: Awaited<ReturnType<typeof makeUnitTree>>;
  let adminLogin = '';
  let adminId = 0;
  beforeAll(async () => {
    ta = await makeTestApp(dialect);
    units = await makeUnitTree(ta.t);
    const admin = await makeUser(ta.t, 'admin', units.province.id);
    adminLogin = admin.login;
    adminId = admin.id;
    base = await listenForBrowser(ta.app);
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    page.setDefaultTimeout(15_000);
  });
  afterAll(async () => {
    await browser?.close();
    await ta?.close();
  });

  /** The short names directly under a unit in the tree page as of `date`. */
  async function childrenInTree(date: string, parentName: string): Promise<string[]> {
    await page.goto(`${base}/quan-tri/don-vi?ngay=${date}`);
    const parent = page.locator('ul.tree li', { has: page.locator(`> a:text-is("${parentName}")`) });
    return parent.locator('> ul.tree > li > a').allTextContents();
  }

  it('founds, renames, moves and dissolves a grassroots union through the forms, each change on its date', async () => {
    await page.goto(`${base}/dang-nhap?tiep=/quan-tri/don-vi/${units.upper.id}`);
    await page.fill('#login', adminLogin);
    await page.fill('#password', TEST_PASSWORD);
    await Promise.all([page.waitForURL(new RegExp(`don-vi/${units.upper.id}$`)), page.click('button[type=submit]')]);

    await page.fill('#n-short', 'CĐCS Công ty May Sông Hồng');
    await page.fill('#n-full', 'Công đoàn cơ sở Công ty May Sông Hồng');
    await page.selectOption('#n-type', 'non_state_enterprise');
    await page.fill('#n-on', '01/01/2020');
    await Promise.all([
      page.waitForURL((url) => /don-vi\/\d+$/.test(url.pathname) && !url.pathname.endsWith(`/${units.upper.id}`)),
      page.click('button:text-is("Thành lập")'),
    ]);
    await expect(page.locator('.flash-ok').textContent()).resolves.toContain('Đã thành lập đơn vị.');
    const unitUrl = page.url();

    await page.fill('#shortName', 'CĐCS Công ty CP May Sông Hồng');
    // Dates are typed and shown day first, whatever the browser's language.
    expect(await page.getAttribute('#on-u', 'type')).toBe('text');
    expect(await page.inputValue('#on-u')).toMatch(/^\d{2}\/\d{2}\/\d{4}$/);
    await page.fill('#on-u', '01/05/2022');
    await Promise.all([page.waitForURL(unitUrl), page.click('button:text-is("Lưu thay đổi")')]);
    await expect(page.locator('.flash-ok').textContent()).resolves.toContain('Đã ghi nhận thay đổi.');

    await page.selectOption('#parentId', { label: units.otherUpper.short_name });
    await page.fill('#on-m', '2024-01-01');
    await Promise.all([page.waitForURL(unitUrl), page.click('button:text-is("Chuyển")')]);
    await expect(page.locator('.flash-ok').textContent()).resolves.toContain('Đã chuyển đơn vị.');

    // An event dated before the last change is refused, and says why.
    await page.fill('#on-d', '01/01/2023');
    await page.click('button:text-is("Giải thể")');
    await expect(page.locator('.flash-error').textContent()).resolves.toContain('01/01/2024');
    expect(await page.inputValue('#on-d')).toBe('01/01/2023');
    await page.screenshot({ path: artifactPath(`org-unit-${dialect}.png`), fullPage: true });

    expect(await childrenInTree('2021-06-30', units.upper.short_name)).toContain('CĐCS Công ty May Sông Hồng');
    expect(await childrenInTree('2023-12-31', units.upper.short_name)).toContain('CĐCS Công ty CP May Sông Hồng');
    expect(await childrenInTree('2024-01-01', units.upper.short_name)).not.toContain('CĐCS Công ty CP May Sông Hồng');
    expect(await childrenInTree('2024-01-01', units.otherUpper.short_name)).toContain('CĐCS Công ty CP May Sông Hồng');
    expect(await childrenInTree('2019-12-31', units.upper.short_name)).not.toContain('CĐCS Công ty May Sông Hồng');
    await page.screenshot({ path: artifactPath(`org-tree-${dialect}.png`), fullPage: true });

    await page.goto(unitUrl);
    await page.fill('#on-d', '2025-07-01');
    await page.fill('#note', 'Quyết định số 12/QĐ-LĐLĐ');
    await Promise.all([page.waitForURL(/giai-the$/), page.click('button:text-is("Giải thể")')]);
    await expect(page.locator('.plan-summary').textContent()).resolves.toContain(
      'Giải thể CĐCS Công ty CP May Sông Hồng từ ngày 01/07/2025 (Quyết định số 12/QĐ-LĐLĐ)',
    );
    await Promise.all([page.waitForURL(/xac-nhan$/), page.click('button:text-is("Xác nhận")')]);
    await expect(page.locator('.plan-summary').textContent()).resolves.toContain('Đã giải thể');
    await page.goto(`${unitUrl}?ngay=2025-06-30`);
    const history = await page.locator('table.grid tbody tr').allTextContents();
    expect(history.join('\n')).toContain('Quyết định số 12/QĐ-LĐLĐ');
    expect(history).toHaveLength(4);
    expect(await childrenInTree('2025-06-30', units.otherUpper.short_name)).toContain('CĐCS Công ty CP May Sông Hồng');
    expect(await childrenInTree('2025-07-01', units.otherUpper.short_name)).not.toContain('CĐCS Công ty CP May Sông Hồng');
  });

  it('asks to confirm a merge with its figures, writes nothing until "Xác nhận", then shows what was done and the merged unit as it last stood', async () => {
    const by = (await loadAuthUser(ta.t, adminId))!;
    for (const fullName of ['Nguyễn Thị Thu', 'Hà Văn Long'])
      await admitMember(ta.t, by, { fullName, unitId: units.hospital.id, joinedOn: '2024-01-01', birthYear: 1988 });
    const officer = await makeUser(ta.t, 'officer', units.hospital.id);
    await page.goto(`${base}/quan-tri/don-vi/${units.hospital.id}`);
    if (page.url().includes('/dang-nhap')) {
      await page.fill('#login', adminLogin);
      await page.fill('#password', TEST_PASSWORD);
      await Promise.all([page.waitForURL(new RegExp(`don-vi/${units.hospital.id}$`)), page.click('button[type=submit]')]);
    }
    await page.selectOption('#survivorId', { label: units.school.short_name });
    await page.fill('#on-g', '2025-07-01');
    const countOpen = async (unitId: number) =>
      Number(
        (
          await ta.t.db
            .selectFrom('memberships')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('unit_id', '=', unitId)
            .where('ended_on', 'is', null)
            .executeTakeFirst()
        )?.n ?? 0,
      );
    await Promise.all([page.waitForURL(/sap-nhap$/), page.click('button:text-is("Sáp nhập")')]);
    const summary = await page.locator('.plan-summary').textContent();
    expect(summary).toContain('Sáp nhập CĐCS Bệnh viện tỉnh vào CĐCS Trường THPT Số 1 từ ngày 01/07/2025: chuyển 2 đoàn viên');
    await expect(page.locator('.plan-details').textContent()).resolves.toContain(`Người dùng ${officer.login}`);
    expect(await countOpen(units.hospital.id)).toBe(2);
    await page.screenshot({ path: artifactPath(`org-merge-confirm-${dialect}.png`), fullPage: true });

    await Promise.all([page.waitForURL(/xac-nhan$/), page.click('button:text-is("Xác nhận")')]);
    await expect(page.locator('.plan-summary').textContent()).resolves.toContain(
      'Đã sáp nhập CĐCS Bệnh viện tỉnh vào CĐCS Trường THPT Số 1',
    );
    expect(await countOpen(units.hospital.id)).toBe(0);
    await page.screenshot({ path: artifactPath(`org-merge-done-${dialect}.png`), fullPage: true });

    await page.click('a:text-is("Về trang đơn vị")');
    await expect(page.locator('.unit-ended').textContent()).resolves.toContain(
      'Đơn vị đã sáp nhập vào CĐCS Trường THPT Số 1 ngày 01/07/2025.',
    );
    await expect(page.locator('dl.facts').textContent()).resolves.toContain('30/06/2025');
    await page.screenshot({ path: artifactPath(`org-merged-unit-${dialect}.png`), fullPage: true });
    await page.click('table.grid a:text-is("CĐCS Trường THPT Số 1")');
    expect(page.url()).toBe(`${base}/quan-tri/don-vi/${units.school.id}`);

    // Disabling an account asks first too.
    await page.goto(`${base}/quan-tri/tai-khoan?q=${officer.login}`);
    await page.screenshot({ path: artifactPath(`accounts-search-${dialect}.png`), fullPage: true });
    await Promise.all([page.waitForURL(/vo-hieu$/), page.click('button:text-is("Vô hiệu hóa")')]);
    await expect(page.locator('.plan-summary').textContent()).resolves.toContain(`Vô hiệu hóa tài khoản Người dùng ${officer.login}`);
    await page.screenshot({ path: artifactPath(`accounts-disable-confirm-${dialect}.png`), fullPage: true });
    const disabled = async () =>
      (await ta.t.db.selectFrom('users').select('disabled').where('id', '=', officer.id).executeTakeFirstOrThrow()).disabled;
    expect(await disabled()).toBe(0);
    await Promise.all([page.waitForURL(/xac-nhan$/), page.click('button:text-is("Xác nhận")')]);
    await expect(page.locator('.plan-summary').textContent()).resolves.toContain('Đã vô hiệu hóa tài khoản');
    expect(await disabled()).toBe(1);
  });
});
