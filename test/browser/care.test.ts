import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthUser } from '../../src/access/user.js';
import { loadAuthUser } from '../../src/auth/service.js';
import { balanceAsOf, createFund, recordReceipt } from '../../src/funds/service.js';
import { createProgramme } from '../../src/care/programme-service.js';
import type { Fund } from '../../src/db/schema.js';
import { addDays, todayInVietnam } from '../../src/lib/dates.js';
import { makeUnitTree, makeUser, TEST_PASSWORD } from '../client.js';
import { makeTestApp, type TestApp } from '../factories.js';
import { DIALECTS } from '../harness.js';
import { artifactPath, launchBrowser, listenForBrowser } from './browser.js';

describe.each(DIALECTS)('a care case from proposal to payment in Chromium on %s', (dialect) => {
  let ta: TestApp;
  let browser: Browser;
  let page: Page;
  let base = '';
  let dir = '';
  let schoolLogin = '';
  let upperLogin = '';
  let upperUser: AuthUser;
  let fund: Fund;

  beforeAll(async () => {
    ta = await makeTestApp(dialect);
    const units = await makeUnitTree(ta.t);
    schoolLogin = (await makeUser(ta.t, 'officer', units.school.id)).login;
    const upper = await makeUser(ta.t, 'officer', units.upper.id);
    upperLogin = upper.login;
    upperUser = (await loadAuthUser(ta.t, upper.id))!;
    fund = await createFund(ta.t, upperUser, { unitId: units.upper.id, name: 'Quỹ Tương trợ', kind: 'other' });
    await recordReceipt(ta.t, upperUser, {
      fundId: fund.id,
      on: addDays(todayInVietnam(), -30),
      amount: '5.000.000',
      sourceLabel: 'Đoàn viên CĐ Viên chức tỉnh ủng hộ',
    });
    await createProgramme(ta.t, upperUser, {
      unitId: units.upper.id,
      name: 'Tháng Công nhân 2026',
      startsOn: '2026-05-01',
      endsOn: '2026-05-31',
      budget: '20.000.000',
      defaultCash: '500.000',
      defaultInKind: '300.000',
      fundIds: [fund.id],
    });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'congdoan-care-'));
    await sharp({ create: { width: 320, height: 200, channels: 3, background: '#f4f0e6' } })
      .png()
      .toFile(path.join(dir, 'giay-xac-nhan.png'));
    base = await listenForBrowser(ta.app);
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 1000 }, locale: 'vi-VN' });
    page.setDefaultTimeout(15_000);
  });
  afterAll(async () => {
    await browser?.close();
    await ta?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function signIn(login: string, next: string) {
    await page.goto(`${base}/dang-nhap?tiep=${encodeURIComponent(next)}`);
    await page.fill('#login', login);
    await page.fill('#password', TEST_PASSWORD);
    await Promise.all([page.waitForURL((url) => url.pathname === next), page.click('button[type=submit]')]);
  }

  it('a CĐCS officer proposes with an attachment; the upper union approves and pays from its fund', async () => {
    await signIn(schoolLogin, '/quan-tri/cham-lo/ho-so/moi');
    await page.check('input[name=recipientKind][value=worker]');
    await page.fill('#fullName', 'Lê Văn Thành');
    await page.fill('#birthYear', '1979');
    await page.selectOption('#reason', 'work_accident');
    await page.fill('#cashAmount', '1.500.000');
    await page.fill('#description', 'Bị tai nạn lao động khi đang làm việc, phải nằm viện 3 tuần.');
    await page.setInputFiles('#file', path.join(dir, 'giay-xac-nhan.png'));
    await page.screenshot({ path: artifactPath(`care-propose-${dialect}.png`), fullPage: true });
    await Promise.all([page.waitForURL(/\/quan-tri\/cham-lo\/ho-so\/\d+$/), page.click('text=Gửi đề nghị')]);
    await expect(page.locator('.flash-ok').textContent()).resolves.toContain('Đã gửi đề nghị hỗ trợ.');
    const caseUrl = new URL(page.url()).pathname;
    await expect(page.locator('dl.facts').textContent()).resolves.toContain('1.500.000 đồng');
    await expect(page.locator('.care-attachments a').textContent()).resolves.toBe('giay-xac-nhan.png');
    await expect(page.locator('form[action$="/duyet"]').count()).resolves.toBe(0);

    await Promise.all([page.waitForURL((url) => !url.pathname.startsWith('/quan-tri')), page.click('text=Đăng xuất')]);
    await signIn(upperLogin, caseUrl);
    await page.screenshot({ path: artifactPath(`care-decide-${dialect}.png`), fullPage: true });
    await page.selectOption('#approve-fund', String(fund.id));
    await page.fill('#approve-note', 'Đồng ý hỗ trợ theo đề nghị.');
    await Promise.all([page.waitForURL((url) => url.pathname === caseUrl), page.click('text=Duyệt hồ sơ')]);
    await expect(page.locator('.flash-ok').textContent()).resolves.toContain('Đã duyệt hồ sơ.');
    await expect(page.locator('#pay-fund option:checked').textContent()).resolves.toBe(
      'Quỹ Tương trợ (CĐ Viên chức tỉnh) – số dư 5.000.000 đồng',
    );

    await Promise.all([page.waitForURL((url) => url.pathname === caseUrl), page.click('text=Ghi chi tiền')]);
    await expect(page.locator('.flash-ok').textContent()).resolves.toContain('Đã ghi chi tiền.');
    await expect(page.locator('dl.facts .status').textContent()).resolves.toBe('Đã chi');
    await expect(page.locator('.care-balance').textContent()).resolves.toBe('3.500.000 đồng');
    await expect(page.locator('.care-history tbody td:first-child').allTextContents()).resolves.toEqual([
      'Đề nghị',
      'Thêm tệp đính kèm',
      'Duyệt',
      'Chi tiền',
    ]);
    await page.screenshot({ path: artifactPath(`care-paid-${dialect}.png`), fullPage: true });
    expect(await balanceAsOf(ta.t, upperUser, fund.id, todayInVietnam())).toBe(3_500_000);
    const attachmentHref = await page.locator('.care-attachments a').getAttribute('href');

    await page.goto(`${base}/quan-tri/cham-lo`);
    await expect(page.locator('.care-table tbody tr').count()).resolves.toBe(1);
    await page.screenshot({ path: artifactPath(`care-list-${dialect}.png`), fullPage: true });
    await page.goto(`${base}/quan-tri/cham-lo/chuong-trinh`);
    await expect(page.locator('.care-table tbody tr td:first-child a').textContent()).resolves.toBe('Tháng Công nhân 2026');
    await page.screenshot({ path: artifactPath(`care-programmes-${dialect}.png`), fullPage: true });
    await page.click('text=Tháng Công nhân 2026');
    await page.fill('#budget', '20.000.000,5');
    await Promise.all([page.waitForLoadState(), page.click('text=Lưu thay đổi')]);
    await expect(page.locator('#budget-error').textContent()).resolves.toContain('không có phần lẻ');
    await page.screenshot({ path: artifactPath(`care-programme-${dialect}.png`), fullPage: true });

    const download = await page.request.get(`${base}${attachmentHref}`);
    expect(download.status()).toBe(200);
    expect(download.headers()['content-type']).toBe('image/png');
  });
});
