import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUnitTree, makeUser } from '../client.js';
import { makeTestApp, type TestApp } from '../factories.js';
import { DIALECTS } from '../harness.js';
import { artifactPath, launchBrowser, listenForBrowser } from './browser.js';

const HEADER = 'Họ và tên,Giới tính,Ngày sinh,Số CCCD,Đơn vị,Ngày kết nạp';
const rows = (unit: string, bad: boolean) =>
  [
    HEADER,
    `Phùng Văn Khải,Nam,12/3/1984,001084012345,${unit},20/6/2010`,
    `Hà Thị Nguyệt,Nữ,${bad ? '31/02/1990' : '1/1/1990'},,${unit},1/9/2015`,
    `Vi Văn Đức,Nam,30/4/1988,,${bad ? 'Đơn vị không có' : unit},1/9/2016`,
  ].join('\n');

describe.each(DIALECTS)('importing members in Chromium on %s', (dialect) => {
  let ta: TestApp;
  let browser: Browser;
  let page: Page;
  let base = '';
  let dir = '';
  let officerLogin = '';
  beforeAll(async () => {
    ta = await makeTestApp(dialect);
    const units = await makeUnitTree(ta.t);
    officerLogin = (await makeUser(ta.t, 'officer', units.upper.id)).login;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'congdoan-import-'));
    fs.writeFileSync(path.join(dir, 'loi.csv'), rows(units.school.short_name, true));
    fs.writeFileSync(path.join(dir, 'dung.csv'), rows(units.school.short_name, false));
    base = await listenForBrowser(ta.app);
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    page.setDefaultTimeout(15_000);
  });
  afterAll(async () => {
    await browser?.close();
    await ta?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('shows every bad row, then imports the corrected file', async () => {
    await page.goto(`${base}/dang-nhap?tiep=/quan-tri/doan-vien/nhap`);
    await page.fill('#login', officerLogin);
    await page.fill('#password', 'mat-khau-thu-nghiem-1');
    await Promise.all([page.waitForURL(/doan-vien\/nhap$/), page.click('button[type=submit]')]);

    await page.setInputFiles('#file', path.join(dir, 'loi.csv'));
    await Promise.all([page.waitForURL(/doan-vien\/nhap$/), page.click('text=Tải lên và xem trước')]);
    const errors = await page.locator('table.errors tbody tr').allTextContents();
    expect(errors).toHaveLength(2);
    expect(errors[0]).toContain('3');
    expect(errors[0]).toContain('không có thật');
    expect(errors[1]).toContain('Đơn vị không có');
    await page.screenshot({ path: artifactPath(`member-import-errors-${dialect}.png`), fullPage: true });

    await page.goto(`${base}/quan-tri/doan-vien/nhap`);
    await page.setInputFiles('#file', path.join(dir, 'dung.csv'));
    await Promise.all([page.waitForURL(/doan-vien\/nhap$/), page.click('text=Tải lên và xem trước')]);
    await expect(page.locator('.flash-ok').textContent()).resolves.toContain('Không có lỗi nào');
    await Promise.all([page.waitForURL(/tien-do/), page.click('text=Nhập 3 đoàn viên')]);
    await page.waitForSelector('text=Đã nhập 3 đoàn viên mới', { timeout: 20_000 });
    await page.screenshot({ path: artifactPath(`member-import-done-${dialect}.png`) });
    await page.goto(`${base}/quan-tri/doan-vien`);
    const names = await page.locator('table.grid tbody td a').allTextContents();
    expect(names).toEqual(['Vi Văn Đức', 'Phùng Văn Khải', 'Hà Thị Nguyệt']);
  });
});
