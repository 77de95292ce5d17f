import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUnitTree, makeUser } from '../client.js';
import { makeTestApp, type TestApp } from '../factories.js';
import { DIALECTS } from '../harness.js';
import { loadAuthUser } from '../../src/auth/service.js';
import { admitMember, transferMember } from '../../src/members/service.js';
import { artifactPath, launchBrowser, listenForBrowser } from './browser.js';

describe.each(DIALECTS)('correcting a member history in Chromium on %s', (dialect) => {
  let ta: TestApp;
  let browser: Browser;
  let page: Page;
  let base = '';
  let login = '';
  let memberId = 0;
  beforeAll(async () => {
    ta = await makeTestApp(dialect);
    const units = await makeUnitTree(ta.t);
    const officer = await makeUser(ta.t, 'officer', units.upper.id);
    login = officer.login;
    const user = (await loadAuthUser(ta.t, officer.id))!;
    memberId = (
      await admitMember(ta.t, user, {
        fullName: 'Lường Thị Mai',
        gender: 'female',
        birthDate: '1990-04-02',
        unitId: units.school.id,
        joinedOn: '2020-01-01',
      })
    ).id;
    await transferMember(ta.t, user, memberId, units.hospital.id, '2024-03-12');
    base = await listenForBrowser(ta.app);
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(15_000);
  });
  afterAll(async () => {
    await browser?.close();
    await ta?.close();
  });

  it('a wrong transfer: the member page links to Hủy bỏ, the confirmation says what happens, then the member is back', async () => {
    await page.goto(`${base}/dang-nhap?tiep=/quan-tri/doan-vien/${memberId}`);
    await page.fill('#login', login);
    await page.fill('#password', 'mat-khau-thu-nghiem-1');
    await Promise.all([page.waitForURL(new RegExp(`doan-vien/${memberId}$`)), page.click('button[type=submit]')]);
    await page.screenshot({ path: artifactPath(`member-corrections-links-${dialect}.png`), fullPage: true });

    // Sửa ngày with an impossible date: the message by the field.
    await Promise.all([
      page.waitForURL(/chuyen-sinh-hoat\/sua-ngay$/),
      page.click('.correction-links li:has-text("Chuyển sinh hoạt") >> text=Sửa ngày'),
    ]);
    await page.fill('#on', '01/01/2019');
    await page.click('text=Lưu ngày đúng');
    await expect(page.locator('#on-error').textContent()).resolves.toContain('phải sau ngày bắt đầu sinh hoạt tại CĐCS Trường THPT Số 1');
    await page.screenshot({ path: artifactPath(`member-corrections-date-${dialect}.png`), fullPage: true });

    await page.goto(`${base}/quan-tri/doan-vien/${memberId}`);
    await Promise.all([
      page.waitForURL(/chuyen-sinh-hoat\/huy-bo$/),
      page.click('.correction-links li:has-text("Chuyển sinh hoạt") >> text=Hủy bỏ'),
    ]);
    await expect(page.locator('.correction-summary').textContent()).resolves.toBe(
      'Hủy việc chuyển sinh hoạt ngày 12/03/2024 từ CĐCS Trường THPT Số 1 sang CĐCS Bệnh viện tỉnh: đoàn viên trở lại CĐCS Trường THPT Số 1 từ 01/01/2020 đến nay.',
    );
    await page.screenshot({ path: artifactPath(`member-corrections-confirm-${dialect}.png`), fullPage: true });
    await Promise.all([page.waitForURL(new RegExp(`doan-vien/${memberId}$`)), page.click('text=Xác nhận hủy bỏ')]);
    await expect(page.locator('.flash').first().textContent()).resolves.toContain('Đã hủy bỏ việc chuyển sinh hoạt.');
    const rows = await page.locator('table.grid tbody tr').allTextContents();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toContain('CĐCS Trường THPT Số 1');
  });
});
