import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it, expect } from 'vitest';
import { deriveHeadline, parsePageDump, type ParsedArticle, type ParsedPage } from './import-parse.js';

const fixtureDir = fileURLToPath(new URL('../../test/fixtures/pages/', import.meta.url));
const seedDir = path.resolve(process.cwd(), '../shared/seeds');

function fixture(name: string): string {
  return readFileSync(path.join(fixtureDir, name), 'utf8');
}

function figuresOf(article: ParsedArticle) {
  return article.blocks.flatMap((block) => (block.type === 'figure' ? [block] : []));
}

function allFigures(page: ParsedPage) {
  return page.articles.flatMap(figuresOf);
}

/** Windows line ends, a byte-order mark, and indentation made of tabs and no-break spaces. */
function messUp(text: string): string {
  const lines = text.split('\n').map((line, index) => (index % 2 === 0 ? `\u00A0 ${line}` : `\t  ${line}  `));
  return `\uFEFF${lines.join('\r\n')}`;
}

describe('parsePageDump: single-article page', () => {
  const page = parsePageDump(fixture('article-single.txt'));
  const [article] = page.articles;

  it('finds the slogan, one article and no listing furniture', () => {
    expect(page.slogan).toMatch(/^Công đoàn ngành Giáo dục tỉnh đồng hành/);
    expect(page.section).toBeNull();
    expect(page.pager).toBeNull();
    expect(page.articles).toHaveLength(1);
    expect(page.warnings).toEqual([]);
  });

  it('reads the date line, the headline after it and the dated lead', () => {
    expect(article?.dateLine).toEqual({ year: 2019, month: 3, day: 13, hour: 9, minute: 5 });
    expect(article?.headline).toBe('Hội thảo nâng cao chất lượng hoạt động Ban Nữ công công đoàn cơ sở trường học');
    expect(article?.lead).toMatch(/^Sáng ngày 12\/3\/2019, Công đoàn ngành Giáo dục/);
    expect(article?.leadDate).toEqual({ year: 2019, month: 3, day: 12 });
  });

  it('keeps paragraphs, a subheading and photos with their captions in order', () => {
    expect(article?.blocks.map((block) => block.type)).toEqual(['figure', 'p', 'h', 'p', 'figure', 'p', 'figure']);
    expect(figuresOf(article!)).toEqual([
      { type: 'figure', image: 'IMG_2041.jpg', caption: 'Quang cảnh Hội thảo' },
      { type: 'figure', image: 'Toan canh hoi thao', caption: 'Đại biểu các trường vùng cao chia sẻ kinh nghiệm' },
      {
        type: 'figure',
        image: 'z5123456789012 0a1b2c3d4e5f60718293a4b5c6d7e8f9',
        caption: 'Lãnh đạo Công đoàn ngành trao Giấy khen cho các Ban Nữ công tiêu biểu',
      },
    ]);
    expect(article?.blocks[2]).toEqual({ type: 'h', text: 'Những kết quả nổi bật' });
  });

  it('reads the byline and the unit line under it', () => {
    expect(article?.byline).toEqual({ label: 'Bài và ảnh', author: 'Lương Thị Mai', unit: null });
    expect(article?.unitLine).toBe('CĐN Giáo dục');
  });

  it('gives the same result with CRLF, a BOM and indentation', () => {
    expect(parsePageDump(messUp(fixture('article-single.txt')))).toEqual(page);
  });
});

describe('parsePageDump: listing page', () => {
  const page = parsePageDump(fixture('listing.txt'));

  it('reads the section heading (not the breadcrumb above it) and the pager', () => {
    expect(page.section).toEqual({ name: 'Công đoàn ngành', count: 67 });
    expect(page.pager).toEqual({ page: 2, pages: 7 });
    expect(page.slogan).toMatch(/^Công đoàn tỉnh Bắc Sơn/);
    expect(page.warnings).toEqual([]);
  });

  it('splits headline-less articles at bylines and at bare dated leads', () => {
    expect(page.articles).toHaveLength(9);
    expect(page.articles.every((article) => article.headline === null && article.dateLine === null)).toBe(true);
    expect(page.articles.map((article) => article.lead.slice(0, 10))).toEqual([
      'Chiều 5/9,',
      'Sáng 28/8/',
      'Ngày 20/8/',
      'Ngày 15/8,',
      'Ngày 12/8,',
      'Trong 2 ng',
      'Với hơn 2.',
      'Ngày 2/8/2',
      'Chiều 30/7',
    ]);
  });

  it('reads every byline variant, with the unit inline or on its own line', () => {
    expect(page.articles.map((article) => [article.byline, article.unitLine])).toEqual([
      [{ label: 'Tin & ảnh', author: 'Đinh Văn Khoa', unit: null }, 'CĐN Y tế'],
      [{ label: 'Tin và ảnh', author: 'Hà Thị Lan', unit: 'Công đoàn ngành Giáo dục' }, null],
      [{ label: 'Tin, ảnh', author: 'Vi Văn Tùng', unit: null }, 'Ban Nữ công CĐN Xây dựng'],
      [null, null],
      [null, null],
      [{ label: 'Bài, ảnh', author: 'Lục Thị Hằng', unit: null }, 'CĐN Nông nghiệp'],
      [{ label: 'Tin', author: 'Mã Văn Quân', unit: null }, 'Văn phòng CĐN Giao thông'],
      [{ label: 'Bài', author: 'Trương Thị Nga', unit: 'Công đoàn ngành Tài chính' }, null],
      [{ label: '', author: 'Nông Văn Bình', unit: 'Công đoàn ngành Giáo dục' }, null],
    ]);
  });

  it('reads the lead dates, with or without a year', () => {
    expect(page.articles.map((article) => article.leadDate)).toEqual([
      { year: null, month: 9, day: 5 },
      { year: 2024, month: 8, day: 28 },
      { year: 2024, month: 8, day: 20 },
      { year: null, month: 8, day: 15 },
      { year: null, month: 8, day: 12 },
      { year: 2024, month: 8, day: 8 },
      null,
      { year: 2024, month: 8, day: 2 },
      { year: null, month: 7, day: 30 },
    ]);
  });

  it('finds photos by file name, numbered name and alt text', () => {
    expect(allFigures(page).map((figure) => [figure.image, figure.caption])).toEqual([
      ['Anh 1 tap huan', 'Quang cảnh lớp tập huấn'],
      ['DSC_0457.JPG', 'Bác sĩ khám sức khỏe cho công nhân tại công trường'],
      ['Giai nhat nau an', 'Ban Tổ chức trao giải Nhất cho đội Chi cục Thủy lợi'],
    ]);
  });

  it('never takes the pager or navigation links for content', () => {
    const text = page.articles.flatMap((article) => [
      article.lead,
      ...article.blocks.map((block) => ('text' in block ? block.text : block.caption)),
    ]);
    expect(text.some((line) => /Trang 2|Xem tiếp/.test(line))).toBe(false);
  });
});

describe('parsePageDump: national sector union page', () => {
  const page = parsePageDump(fixture('national.txt'));
  const [article] = page.articles;

  it('skips the bilingual masthead and breadcrumb, and keeps the greeting banner as the slogan', () => {
    expect(page.slogan).toMatch(/^Chào mừng kỷ niệm 95 năm/);
    expect(page.articles).toHaveLength(1);
    expect(page.warnings).toEqual([]);
  });

  it('reads the headline followed by a "hh:mm dd-mm-yy" date line', () => {
    expect(article?.headline).toBe('Công đoàn Viên chức tỉnh Hòa An tổng kết Hội thi bóng chuyền hơi năm 2024');
    expect(article?.dateLine).toEqual({ year: 2024, month: 7, day: 18, hour: 9, minute: 47 });
    expect(article?.leadDate).toEqual({ year: 2024, month: 7, day: 16 });
  });

  it('reads a unit in parentheses and ignores the related-articles list', () => {
    expect(article?.byline).toEqual({ label: 'Tin', author: 'Đặng Minh Châu', unit: 'CĐVC tỉnh Hòa An' });
    expect(figuresOf(article!)).toEqual([
      { type: 'figure', image: 'bong chuyen 2024.png', caption: 'Ban Tổ chức trao cúp vô địch cho đội nữ Sở Tài chính' },
    ]);
    expect(article?.blocks).toHaveLength(2);
  });
});

describe('parsePageDump: Unicode normalisation', () => {
  it('parses NFD text exactly as its NFC form and returns NFC strings', () => {
    const raw = fixture('nfd.txt');
    expect(raw).not.toBe(raw.normalize('NFC'));
    const page = parsePageDump(raw);
    expect(page).toEqual(parsePageDump(raw.normalize('NFC')));
    expect(page.articles).toHaveLength(2);
    expect(page.articles[0]?.byline).toEqual({ label: 'Tin và ảnh', author: 'Nguyễn Thị Ánh Tuyết', unit: null });
    expect(page.articles[0]?.unitLine).toBe('LĐLĐ huyện Đồng Hỷ');
    expect(page.articles[1]?.byline?.label).toBe('Tin, ảnh');
    expect(allFigures(page)).toEqual([{ type: 'figure', image: 'Đối thoại 2024', caption: 'Toàn cảnh Hội nghị đối thoại' }]);
    const strings = JSON.stringify(page);
    expect(strings).toBe(strings.normalize('NFC'));
  });
});

describe('parsePageDump: small cases', () => {
  it('reports an empty page', () => {
    for (const text of [fixture('empty.txt'), '', '\n \u00A0\n\t\r\n\uFEFF']) {
      const page = parsePageDump(text);
      expect(page).toMatchObject({ slogan: null, section: null, pager: null, articles: [] });
      expect(page.warnings).toEqual(['Trang trống: không có nội dung nào để phân tích.']);
    }
  });

  it('keeps a lead-only article with its byline', () => {
    const page = parsePageDump(
      'Chiều 2/6, Công đoàn cơ sở Trường Tiểu học Kim Đồng tặng quà cho 30 học sinh nghèo.\n\nTin: Hoàng Văn Sơn\n',
    );
    expect(page.articles).toHaveLength(1);
    expect(page.articles[0]).toMatchObject({ blocks: [], byline: { label: 'Tin', author: 'Hoàng Văn Sơn', unit: null }, unitLine: null });
  });

  it('uses a caption printed above a run of uncaptioned photos, and warns about the rest', () => {
    const text = [
      'Ngày 4/4/2024, Công đoàn Khu kinh tế tổ chức giải chạy vì sức khỏe công nhân với 600 vận động viên.',
      'Các vận động viên tại vạch xuất phát',
      'anh 5',
      'anh 6',
      'Giải chạy khép lại với nhiều niềm vui cho công nhân sau những ngày làm việc vất vả ở nhà máy./.',
    ].join('\n');
    const page = parsePageDump(text);
    expect(allFigures(page)).toEqual([
      { type: 'figure', image: 'anh 5', caption: 'Các vận động viên tại vạch xuất phát' },
      { type: 'figure', image: 'anh 6', caption: '' },
    ]);
    expect(page.warnings).toEqual(['Dòng 4: ảnh «anh 6» không có chú thích.']);
  });

  it('starts a new article at each date line, in either order with its headline', () => {
    const text = [
      'Thứ hai, 3 Tháng 6 2024 08:30',
      'Công đoàn ngành Y tế khám sức khỏe cho nữ đoàn viên',
      'Sáng 1/6/2024, Công đoàn ngành Y tế khám sức khỏe miễn phí cho 150 nữ đoàn viên.',
      'Công đoàn Khu kinh tế trao nhà Mái ấm Công đoàn',
      'Thứ ba, 4 Tháng 6 2024 14:05',
      'Chiều 3/6/2024, Công đoàn Khu kinh tế trao nhà Mái ấm Công đoàn cho một công nhân có hoàn cảnh khó khăn.',
    ].join('\n');
    const page = parsePageDump(text);
    expect(page.articles.map((article) => [article.headline, article.dateLine?.day, article.dateLine?.hour])).toEqual([
      ['Công đoàn ngành Y tế khám sức khỏe cho nữ đoàn viên', 3, 8],
      ['Công đoàn Khu kinh tế trao nhà Mái ấm Công đoàn', 4, 14],
    ]);
  });

  it('warns about an impossible date line and a byline that belongs to no article', () => {
    const page = parsePageDump(
      'Tin: Lê Văn Tám\nThứ sáu, 31 Tháng 2 2020 10:00\nNgày 5/3/2020, Công đoàn Viên chức tỉnh tổ chức Hội nghị cán bộ.',
    );
    expect(page.warnings).toEqual([
      'Dòng 1: dòng tác giả «Tin: Lê Văn Tám» không thuộc bài nào, đã bỏ qua.',
      'Dòng 2: ngày giờ «Thứ sáu, 31 Tháng 2 2020 10:00» không hợp lệ, đã bỏ qua.',
    ]);
    expect(page.articles).toHaveLength(1);
  });
});

describe('parsePageDump never throws', () => {
  function randomGenerator(seed: number): () => number {
    let state = seed >>> 0;
    return () => {
      state = (state * 1664525 + 1013904223) >>> 0;
      return state / 2 ** 32;
    };
  }

  function expectWellFormed(page: ParsedPage): void {
    expect(Array.isArray(page.articles)).toBe(true);
    expect(Array.isArray(page.warnings)).toBe(true);
    for (const article of page.articles) {
      expect(typeof article.lead).toBe('string');
      expect(Array.isArray(article.blocks)).toBe(true);
    }
  }

  it('survives binary junk', () => {
    const next = randomGenerator(7);
    const bytes = Buffer.from(Array.from({ length: 20_000 }, () => Math.floor(next() * 256)));
    const page = parsePageDump(bytes.toString('utf8'));
    expectWellFormed(page);
    expect(page.warnings.length).toBeGreaterThan(0);
    expectWellFormed(parsePageDump(bytes.toString('latin1')));
  });

  it('survives a 1 MB single line, quickly', () => {
    const started = Date.now();
    const page = parsePageDump(`Ngày 1/1/2024, ${'công đoàn '.repeat(100_000)}`);
    expect(page.articles).toHaveLength(1);
    expect(page.articles[0]?.leadDate).toEqual({ year: 2024, month: 1, day: 1 });
    expect(Date.now() - started).toBeLessThan(5_000);
    expectWellFormed(parsePageDump('x'.repeat(1_000_000)));
  });

  it('stays fast on inputs that trip backtracking regular expressions', () => {
    const started = Date.now();
    for (const text of [
      '1'.repeat(100) + 'x',
      'a '.repeat(60) + '(',
      '.'.repeat(5_000) + 'x',
      '”'.repeat(5_000),
      `Tin: ${'A '.repeat(70)}`,
    ]) {
      expectWellFormed(parsePageDump(text));
      deriveHeadline(text);
    }
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('survives random arrangements of the dump vocabulary', () => {
    const pieces = [
      'Tin & ảnh: Tô Văn Ba',
      'LĐLĐ tỉnh',
      'Trang 1 / 2',
      'Trang 9 / 2',
      'Thứ sáu, 22 Tháng 1 2016 11:16',
      '11:03 05-07-24',
      'anh1',
      'Toan canh',
      'Chiều 27/4, Công đoàn tổ chức hội nghị.',
      'Hội nghị tổng kết năm',
      'LĐLĐ tỉnh (12)',
      '',
      ' ',
      '\uD800',
      '\u0000',
      '¬',
      'Các tin khác',
      'Xem tiếp',
      'Nguyễn Văn A, Công đoàn ngành',
      '(((',
      'Ngày 31/2,',
      '\r\n',
    ];
    const next = randomGenerator(42);
    for (let round = 0; round < 300; round += 1) {
      const length = Math.floor(next() * 30);
      const text = Array.from({ length }, () => pieces[Math.floor(next() * pieces.length)] ?? '').join(next() < 0.5 ? '\n' : '\n\n');
      expectWellFormed(parsePageDump(text));
    }
  });

  it('accepts lone surrogates and non-string input', () => {
    expectWellFormed(parsePageDump('\uDC00Ngày 2/2, đoàn viên \uD800 tham gia.'));
    expectWellFormed(parsePageDump(undefined as unknown as string));
    expect(deriveHeadline(null as unknown as string)).toBe('');
  });
});

describe('deriveHeadline', () => {
  it('drops a leading date phrase and the sentence end', () => {
    expect(deriveHeadline('Chiều 3/10, Liên đoàn Lao động huyện Na Rì tổ chức lớp bồi dưỡng nghiệp vụ cho cán bộ công đoàn cơ sở.')).toBe(
      'Liên đoàn Lao động huyện Na Rì tổ chức lớp bồi dưỡng nghiệp vụ cho cán bộ công đoàn cơ sở',
    );
    expect(deriveHeadline('Ngày 05/02/2021, Công đoàn Khu kinh tế trao 300 suất quà Tết cho công nhân./.')).toBe(
      'Công đoàn Khu kinh tế trao 300 suất quà Tết cho công nhân',
    );
    expect(deriveHeadline('Ngày 08 tháng 12 năm 2022 Công đoàn ngành Y tế ra mắt câu lạc bộ nữ bác sĩ trẻ.')).toBe(
      'Công đoàn ngành Y tế ra mắt câu lạc bộ nữ bác sĩ trẻ',
    );
  });

  it('takes only the first sentence and capitalises it', () => {
    expect(
      deriveHeadline(
        'Sáng ngày 12/01/2023, các cấp công đoàn trong tỉnh đồng loạt ra quân hưởng ứng Tháng Công nhân. Hoạt động kéo dài đến hết tháng 5.',
      ),
    ).toBe('Các cấp công đoàn trong tỉnh đồng loạt ra quân hưởng ứng Tháng Công nhân');
  });

  it('does not end a sentence at an abbreviation, and drops acronym glosses', () => {
    expect(deriveHeadline('Tối 9/9, TP. Hòa An tổ chức đêm văn nghệ cho công nhân lao động (CNLĐ) khu công nghiệp.')).toBe(
      'TP. Hòa An tổ chức đêm văn nghệ cho công nhân lao động khu công nghiệp',
    );
  });

  it('ends the first sentence after a short place name', () => {
    expect(deriveHeadline('Ngày 2/9, đoàn cán bộ công đoàn tỉnh dự lễ kỷ niệm tại Hà Nội. Sau đó đoàn thăm Khu di tích.')).toBe(
      'Đoàn cán bộ công đoàn tỉnh dự lễ kỷ niệm tại Hà Nội',
    );
  });

  it('leaves an undated lead as it is', () => {
    expect(deriveHeadline('Với hơn 900 đoàn viên tham gia, ngày hội hiến máu năm nay vượt 30% chỉ tiêu.')).toBe(
      'Với hơn 900 đoàn viên tham gia, ngày hội hiến máu năm nay vượt 30% chỉ tiêu',
    );
  });

  it('cuts a long sentence to at most 120 characters at a word boundary', () => {
    const lead =
      'Ngày 14/3/2024, Công đoàn Viên chức tỉnh phối hợp với Sở Nội vụ tổ chức hội nghị tập huấn chuyên sâu về kỹ năng thương lượng tập thể và đối thoại tại nơi làm việc cho gần hai trăm cán bộ công đoàn cơ sở khối hành chính sự nghiệp.';
    const headline = deriveHeadline(lead);
    expect(headline.length).toBeLessThanOrEqual(120);
    expect(headline.length).toBeGreaterThan(80);
    expect(lead).toContain(`${headline} `);
    expect(headline).not.toMatch(/[\s.,;:]$|\svà$/);
    expect(headline.startsWith('Công đoàn Viên chức tỉnh')).toBe(true);
  });

  it('prefers a clause boundary that keeps most of the allowance, but not a numeric range', () => {
    const lead =
      'Chiều 20/5, Ban Thường vụ Liên đoàn Lao động tỉnh tổ chức hội nghị giao ban công tác công đoàn quý II năm 2024 với các huyện, triển khai kế hoạch tổ chức Tháng Công nhân.';
    expect(deriveHeadline(lead)).toBe(
      'Ban Thường vụ Liên đoàn Lao động tỉnh tổ chức hội nghị giao ban công tác công đoàn quý II năm 2024 với các huyện',
    );
    const ranged =
      'Ngày 28/3, Liên đoàn Lao động tỉnh tổ chức Hội nghị Ban Chấp hành lần thứ 12, khóa XVI, nhiệm kỳ 2018 - 2023 để góp ý dự thảo báo cáo chính trị trình Đại hội.';
    expect(deriveHeadline(ranged)).not.toMatch(/2018$/);
  });

  it('handles empty and NFD input', () => {
    expect(deriveHeadline('')).toBe('');
    expect(deriveHeadline('   ')).toBe('');
    const nfd = 'Chiều 1/5, đoàn viên Công đoàn Viên chức tham gia ngày hội.'.normalize('NFD');
    expect(deriveHeadline(nfd)).toBe('Đoàn viên Công đoàn Viên chức tham gia ngày hội');
  });
});

describe.skipIf(!existsSync(seedDir))('parsePageDump on the seed dumps', () => {
  function seed(prefix: string): ParsedPage {
    const name = readdirSync(seedDir).find((file) => file.startsWith(prefix));
    if (!name) throw new Error(`seed ${prefix} not found`);
    return parsePageDump(readFileSync(path.join(seedDir, name), 'utf8'));
  }

  function counts(page: ParsedPage) {
    const figures = allFigures(page);
    return {
      articles: page.articles.length,
      headlines: page.articles.filter((article) => article.headline !== null).length,
      figures: figures.length,
      captioned: figures.filter((figure) => figure.caption !== '').length,
      bylines: page.articles.filter((article) => article.byline !== null).length,
      unitLines: page.articles.filter((article) => article.unitLine !== null).length,
      leadDates: page.articles.filter((article) => article.leadDate !== null).length,
    };
  }

  it('000: listing page of the provincial section without a count', () => {
    const page = seed('000_');
    // Hand count: 10 articles (5 end with a byline, 5 are bare dated leads), 6 alt-text photos each with a caption, 5 bylines (3 labelled "Tin & ảnh", 2 "Name, Unit"/"Name – Unit"), no unit lines, 9 leads open with a date.
    expect(counts(page)).toEqual({ articles: 10, headlines: 0, figures: 6, captioned: 6, bylines: 5, unitLines: 0, leadDates: 9 });
    expect(page.section).toEqual({ name: 'Công đoàn viên chức tỉnh', count: null });
    expect(page.pager).toEqual({ page: 1, pages: 3 });
    expect(page.slogan).not.toBeNull();
    expect(page.articles.map((article) => article.byline?.label ?? null)).toEqual([
      'Tin & ảnh',
      'Tin & ảnh',
      '',
      'Tin & ảnh',
      null,
      null,
      '',
      null,
      null,
      null,
    ]);
    expect(page.warnings).toEqual([]);
  });

  it('001: single article with a date line above its headline', () => {
    const page = seed('001_');
    // Hand count: 1 article with date line + headline, 3 alt-text photos each with a caption, 1 unlabelled "Name, Unit" byline, no unit line, lead opens with a date.
    expect(counts(page)).toEqual({ articles: 1, headlines: 1, figures: 3, captioned: 3, bylines: 1, unitLines: 0, leadDates: 1 });
    expect(page.articles[0]?.dateLine).toEqual({ year: 2016, month: 1, day: 22, hour: 11, minute: 16 });
    expect(page.articles[0]?.leadDate).toEqual({ year: 2016, month: 1, day: 19 });
    expect(page.section).toBeNull();
    expect(page.pager).toBeNull();
    expect(page.slogan).not.toBeNull();
    expect(page.warnings).toEqual([]);
  });

  it('002: listing page of the provincial section with a count', () => {
    const page = seed('002_');
    // Hand count: 10 articles each closed by a labelled byline and a unit line; 26 photo lines, of which 3 have no caption (two in a gallery run, one followed by body text) and one takes the caption printed above its run, so 23 captioned; 8 leads carry a date (one in its second sentence).
    expect(counts(page)).toEqual({ articles: 10, headlines: 0, figures: 26, captioned: 23, bylines: 10, unitLines: 10, leadDates: 8 });
    expect(page.section).toEqual({ name: 'LĐLĐ tỉnh', count: 223 });
    expect(page.pager).toEqual({ page: 5, pages: 23 });
    expect(page.articles.map((article) => article.byline?.label)).toEqual([
      'Tin và ảnh',
      'Tin & ảnh',
      'Tin, ảnh',
      'Tin & ảnh',
      'Bài và ảnh',
      'Tin và ảnh',
      'Tin, ảnh',
      'Tin, ảnh',
      'Tin, ảnh',
      'Tin và ảnh',
    ]);
    expect(page.warnings).toHaveLength(3);
  });
});
