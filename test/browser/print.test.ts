import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthUser } from '../../src/access/user.js';
import { loadAuthUser } from '../../src/auth/service.js';
import { createProgramme } from '../../src/care/programme-service.js';
import { approveCase, payCase, proposeCase } from '../../src/care/service.js';
import type { Fund, FundEntry } from '../../src/db/schema.js';
import { createFund, recordReceipt } from '../../src/funds/service.js';
import { addDays, todayInVietnam } from '../../src/lib/dates.js';
import { admitMember } from '../../src/members/service.js';
import { articlePath } from '../../src/web/views/layout.js';
import { makeUnitTree, makeUser, TEST_PASSWORD } from '../client.js';
import { makeArticle, makeSection, makeTestApp, type TestApp } from '../factories.js';
import { DIALECTS } from '../harness.js';
import { artifactPath, launchBrowser, listenForBrowser } from './browser.js';
import { pdfTexts } from './pdf-text.js';

/**
 * Print and paper in Chromium: each report, figures page, ledger, case, voucher, signature list and
 * article, with the print media emulated, hides menus, forms and buttons and shows the letterhead and
 * the signatures; a PDF is printed; the stylesheet's @page margin boxes (page numbers) are understood.
 */
describe.each(DIALECTS)('printing in Chromium on %s', (dialect) => {
  let ta: TestApp;
  let browser: Browser;
  let page: Page;
  let base = '';
  let upperLogin = '';
  let fund: Fund;
  let payout: FundEntry;
  let caseId = 0;
  let programmeId = 0;
  let articleSlug = '';
  let units: Awaited<ReturnType<typeof makeUnitTree>>;

  beforeAll(async () => {
    ta = await makeTestApp(dialect);
    units = await makeUnitTree(ta.t);
    const upper = await makeUser(ta.t, 'officer', units.upper.id);
    upperLogin = upper.login;
    const treasurer: AuthUser = (await loadAuthUser(ta.t, upper.id))!;
    const school: AuthUser = (await loadAuthUser(ta.t, (await makeUser(ta.t, 'officer', units.school.id)).id))!;
    const today = todayInVietnam();
    fund = await createFund(ta.t, treasurer, { unitId: units.upper.id, name: 'Quỹ Xã hội', kind: 'social' });
    for (let i = 0; i < 60; i++)
      await recordReceipt(ta.t, treasurer, {
        fundId: fund.id,
        on: addDays(today, -90 + i),
        amount: 15_000_000 + i * 1000,
        sourceLabel: `Đoàn viên ủng hộ đợt ${i + 1}`,
      });
    const programme = await createProgramme(ta.t, treasurer, {
      unitId: units.upper.id,
      name: 'Tết Sum vầy',
      startsOn: addDays(today, -60),
      endsOn: addDays(today, 30),
      budget: '100.000.000',
      defaultCash: '500.000',
      defaultInKind: '0',
      fundIds: [fund.id],
    });
    programmeId = programme.id;
    for (const [name, cash] of [
      ['Lê Văn Thành', 840_748_000],
      ['Nguyễn Thị Hương', 500_000],
    ] as const) {
      const { case: c } = await proposeCase(ta.t, school, {
        recipient: { kind: 'worker', fullName: name, birthYear: 1980 },
        reason: 'hardship',
        description: 'Hoàn cảnh khó khăn.',
        occurredOn: addDays(today, -10),
        proposingUnitId: units.school.id,
        cashAmount: cash,
        inKindAmount: 0,
        programmeId,
      });
      const a = await approveCase(ta.t, treasurer, c.id, c.version, { fundId: fund.id });
      const paid = await payCase(ta.t, treasurer, a.id, fund.id, addDays(today, -5));
      if (name === 'Lê Văn Thành') {
        payout = paid.entry!;
        caseId = c.id;
      }
    }
    for (const [fullName, gender] of [
      ['Trần Thị Bích', 'female'],
      ['Lê Văn An', 'male'],
    ] as const)
      await admitMember(ta.t, school, {
        fullName,
        gender,
        birthDate: '1990-01-01',
        unitId: units.school.id,
        joinedOn: addDays(today, -40),
      });
    const section = await makeSection(ta.t, 'Công đoàn Viên chức tỉnh');
    for (let i = 0; i < 3; i++) await makeArticle(ta.t, section.id);
    const article = await makeArticle(ta.t, section.id, {
      headline: 'Hội nghị Ban Chấp hành Công đoàn Viên chức tỉnh',
      bodyHtml:
        '<p>Sáng 20/6, Ban Chấp hành họp sơ kết 6 tháng.</p><figure class="photo"><img src="/assets/favicon.svg" width="64" height="48" /><figcaption>Toàn cảnh hội nghị</figcaption></figure>',
      byline: { label: 'Tin & ảnh', author: 'Lê Văn Bình', unit: 'Công đoàn Viên chức tỉnh' },
      publishedAt: Date.now(),
    });
    articleSlug = article.slug;
    base = await listenForBrowser(ta.app);
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1100, height: 900 }, locale: 'vi-VN' });
    page.setDefaultTimeout(15_000);
    await page.goto(`${base}/dang-nhap?tiep=${encodeURIComponent('/quan-tri')}`);
    await page.fill('#login', upperLogin);
    await page.fill('#password', TEST_PASSWORD);
    await Promise.all([page.waitForURL((url) => url.pathname === '/quan-tri'), page.click('button[type=submit]')]);
  });
  afterAll(async () => {
    await browser?.close();
    await ta?.close();
  });

  const visible = (selector: string) => page.locator(selector).first().isVisible();

  /** Opens a page on screen (letterhead hidden, menu shown), then as print: menu, forms and buttons gone, letterhead and signatures shown. */
  async function printed(name: string, path: string, expectedTitle: string) {
    await page.emulateMedia({ media: 'screen' });
    const res = await page.goto(`${base}${path}`);
    expect(res?.status(), path).toBe(200);
    expect(await visible('.admin-bar')).toBe(true);
    // On screen a page made to be printed (voucher, list) shows its sheet; any other page hides its letterhead and signatures.
    const sheet = (await page.locator('.paper').count()) > 0;
    expect(await visible('.letterhead'), `${name}: letterhead on screen`).toBe(sheet);
    expect(await visible('.signature-block'), `${name}: signatures on screen`).toBe(sheet);
    // As on paper: A4 less the margins (210 − 30 − 15 mm) is 624 CSS pixels wide.
    await page.setViewportSize({ width: 624, height: 900 });
    await page.emulateMedia({ media: 'print' });
    expect(await visible('.admin-bar'), `${name}: menu`).toBe(false);
    expect(await page.locator('form:visible').count(), `${name}: forms`).toBe(0);
    expect(await page.locator('button:visible').count(), `${name}: buttons`).toBe(0);
    expect(await visible('.letterhead'), `${name}: letterhead`).toBe(true);
    expect(await visible('.signature-block'), `${name}: signatures`).toBe(true);
    const head = await page.locator('.letterhead').first().innerText();
    expect(head).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(head).toContain('CÔNG ĐOÀN VIÊN CHỨC TỈNH');
    expect(await page.locator('.print-title:visible').first().innerText()).toBe(expectedTitle);
    // The unit's name is underlined, the parent's is not.
    expect(
      await page
        .locator('.letterhead-unit')
        .first()
        .evaluate((el) => getComputedStyle(el).textDecorationLine),
    ).toBe('underline');
    await page.screenshot({ path: artifactPath(`print-${name}-${dialect}.png`), fullPage: true });
    await page.setViewportSize({ width: 1100, height: 900 });
  }

  it('prints the ledger, with the letterhead, title and signatures; the PDF has page numbers in its margin boxes', async () => {
    await printed('ledger', `/quan-tri/quy/${fund.id}?tu=${addDays(todayInVietnam(), -120)}&den=${todayInVietnam()}`, 'SỔ QUỸ QUỸ XÃ HỘI');
    expect(await visible('.fund-ledger')).toBe(true);
    expect(await visible('.ledger-presets')).toBe(false);
    expect(await page.locator('th:visible', { hasText: 'Hủy, phiếu chi' }).count()).toBe(0);
    // Chromium (131 and later) reads @page margin boxes: the page rule keeps its bottom-right box with the counters.
    const boxes = await page.evaluate(() => {
      const out: string[] = [];
      for (const sheet of Array.from(document.styleSheets))
        for (const rule of Array.from(sheet.cssRules))
          if (rule instanceof CSSPageRule)
            for (const inner of Array.from((rule as CSSPageRule & { cssRules?: CSSRuleList }).cssRules ?? [])) out.push(inner.cssText);
      return out;
    });
    expect(boxes.join(' ')).toMatch(/@bottom-right\s*\{[^}]*content: "Trang " counter\(page\) " \/ " counter\(pages\)/);
    const pdf = await page.pdf({ format: 'A4', printBackground: false });
    fs.writeFileSync(artifactPath(`print-ledger-${dialect}.pdf`), pdf);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page\b/g) ?? []).length;
    expect(pages).toBeGreaterThan(1);
    // Every printed page carries "Trang n / N" from the margin box.
    const numbers = pdfTexts(pdf).flatMap((t) => t.match(/Trang \d+ \/ \d+/g) ?? []);
    expect(numbers).toEqual(Array.from({ length: pages }, (_, i) => `Trang ${i + 1} / ${pages}`));
  });

  it('prints the payment voucher and the signature list as they show', async () => {
    await printed('voucher', `/quan-tri/quy/${fund.id}/but-toan/${payout.id}/phieu-chi`, 'PHIẾU CHI');
    const text = await page.locator('.paper').innerText();
    expect(text).toContain('840.748.000 đồng');
    expect(text).toContain('Tám trăm bốn mươi triệu bảy trăm bốn mươi tám nghìn đồng');
    expect(await page.locator('.signature-title').allInnerTexts()).toEqual([
      'THỦ TRƯỞNG ĐƠN VỊ',
      'KẾ TOÁN TRƯỞNG',
      'NGƯỜI LẬP PHIẾU',
      'NGƯỜI NHẬN TIỀN',
      'THỦ QUỸ',
    ]);
    fs.writeFileSync(artifactPath(`print-voucher-${dialect}.pdf`), await page.pdf({ format: 'A4' }));
    await printed('sign-list', `/quan-tri/cham-lo/chuong-trinh/${programmeId}/danh-sach-ky-nhan`, 'DANH SÁCH KÝ NHẬN');
    expect(await page.locator('.sign-list-total').innerText()).toContain('841.248.000');
  });

  it('prints the care report, the figures and a case', async () => {
    await printed(
      'care-report',
      `/quan-tri/bao-cao-cham-lo?don_vi=${units.upper.id}&tu=${addDays(todayInVietnam(), -30)}&den=${todayInVietnam()}`,
      'BÁO CÁO KẾT QUẢ CHĂM LO ĐOÀN VIÊN, NGƯỜI LAO ĐỘNG',
    );
    await printed('figures', `/quan-tri/thong-ke?don_vi=${units.upper.id}`, 'SỐ LIỆU ĐOÀN VIÊN CÔNG ĐOÀN VIÊN CHỨC TỈNH');
    expect(await visible('.figures-child-table')).toBe(true);
    await page.emulateMedia({ media: 'screen' });
    await page.goto(`${base}/quan-tri/cham-lo/ho-so/${caseId}`);
    expect(await page.locator('a', { hasText: `Phiếu chi số ${payout.id}` }).count()).toBe(1);
    await page.emulateMedia({ media: 'print' });
    expect(await visible('.admin-bar')).toBe(false);
    expect(await page.locator('form:visible').count()).toBe(0);
    // The case's letterhead is its proposing unit's, under its parent.
    const head = await page.locator('.letterhead').innerText();
    expect(head).toContain('CÔNG ĐOÀN CƠ SỞ TRƯỜNG THPT SỐ 1');
    expect(await visible('.signature-block')).toBe(true);
    await page.screenshot({ path: artifactPath(`print-case-${dialect}.png`), fullPage: true });
  });

  it('prints an article clean: no menus or sidebars, the caption kept, the address and date', async () => {
    await page.emulateMedia({ media: 'screen' });
    await page.goto(`${base}${articlePath(articleSlug)}`);
    expect(await visible('.more-from')).toBe(true);
    expect(await visible('.print-source')).toBe(false);
    await page.emulateMedia({ media: 'print' });
    for (const hidden of ['.masthead', 'nav.sections', '.more-from', '.site-footer', '.breadcrumb', '.search-box'])
      expect(await visible(hidden), hidden).toBe(false);
    expect(await visible('figcaption')).toBe(true);
    expect(await page.locator('figcaption').innerText()).toBe('Toàn cảnh hội nghị');
    expect(await visible('.date-line')).toBe(true);
    expect(await page.locator('.print-source').innerText()).toContain(articlePath(articleSlug));
    await page.screenshot({ path: artifactPath(`print-article-${dialect}.png`), fullPage: true });
    const pdf = await page.pdf({ format: 'A4' });
    fs.writeFileSync(artifactPath(`print-article-${dialect}.pdf`), pdf);
    expect(pdfTexts(pdf).join(' ')).toContain('Trang 1 / 1');
  });
});
