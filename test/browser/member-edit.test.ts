import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUnitTree, makeUser } from '../client.js';
import { makeTestApp, type TestApp } from '../factories.js';
import { artifactPath, launchBrowser, listenForBrowser } from './browser.js';

/** The member edit form and the list's filters as an officer sees them (SQLite: the pages, not the data, are under test). */
describe('editing a member in Chromium', () => {
  let ta: TestApp;
  let browser: Browser;
  let page: Page;
  let base = '';
  let officerLogin = '';
  beforeAll(async () => {
    ta = await makeTestApp('sqlite');
    const units = await makeUnitTree(ta.t);
    officerLogin = (await makeUser(ta.t, 'officer', units.upper.id)).login;
    base = await listenForBrowser(ta.app);
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    page.setDefaultTimeout(15_000);
  });
  afterAll(async () => {
    await browser?.close();
    await ta?.close();
  });

  it('admits with the registry fields, edits with dd/mm/yyyy dates, refuses a bad email by its field, filters the list', async () => {
    await page.goto(`${base}/dang-nhap?tiep=/quan-tri/doan-vien/moi`);
    await page.fill('#login', officerLogin);
    await page.fill('#password', 'mat-khau-thu-nghiem-1');
    await Promise.all([page.waitForURL(/doan-vien\/moi$/), page.click('button[type=submit]')]);
    await page.fill('#fullName', 'Lò Thị Xuân');
    await page.selectOption('#ethnicity', 'Thái');
    await page.fill('#religion', 'Không');
    await page.selectOption('#unionPosition', 'chair');
    await page.selectOption('#partyMember', '1');
    await page.fill('#partyJoinedOn', '03/02/2015');
    await page.fill('#unionJoinedOn', '01/09/2012');
    await page.fill('#consentOn', '01/03/2024');
    await page.fill('#consentPurpose', 'Quản lý đoàn viên, báo cáo số liệu');
    await page.screenshot({ path: artifactPath('member-admit-registry.png'), fullPage: true });
    await Promise.all([page.waitForURL(/doan-vien\/\d+$/), page.click('form.form-grid button.primary')]);
    await page.screenshot({ path: artifactPath('member-page-registry.png'), fullPage: true });
    expect(await page.textContent('dl.facts')).toContain('Có, vào Đảng ngày 03/02/2015');
    expect(await page.textContent('dl.facts')).not.toContain('Thái');

    await Promise.all([page.waitForURL(/\/sua$/), page.click('text=Sửa thông tin')]);
    expect(await page.inputValue('#partyJoinedOn')).toBe('03/02/2015');
    await page.fill('#email', 'khong-phai-email');
    await Promise.all([page.waitForLoadState(), page.click('form.form-grid button.primary')]);
    expect(await page.textContent('#email-error')).toContain('Email không hợp lệ');
    await page.screenshot({ path: artifactPath('member-edit-error.png'), fullPage: true });
    await page.fill('#email', 'xuan@example.vn');
    await page.fill('#hometown', 'Mường La, Sơn La');
    await Promise.all([page.waitForURL(/doan-vien\/\d+$/), page.click('form.form-grid button.primary')]);
    expect(await page.textContent('dl.facts')).toContain('xuan@example.vn');

    await page.goto(`${base}/quan-tri/doan-vien?chuc_vu=chair&dang_vien=co`);
    expect(await page.textContent('table.grid')).toContain('Lò Thị Xuân');
    await page.screenshot({ path: artifactPath('member-list-filters.png'), fullPage: true });
  });
});
