import { describe, expect, it } from 'vitest';
import { fold, foldedWords } from './fold.js';
import { formatDateLine, formatLongDate, formatMoney, formatNumber, formatShortDate, siteTime } from './format.js';
import { highlight, snippet } from './highlight.js';
import { compareVietnameseNames } from './names.js';
import { pageWindow, paginate, paginateList, parsePageNumber } from './pagination.js';
import { slugify, uniqueSlug } from './slug.js';

describe('fold', () => {
  it('drops case, diacritics and đ, NFC and NFD alike', () => {
    expect(fold('Công đoàn')).toBe('cong doan');
    expect(fold('CÔNG ĐOÀN')).toBe('cong doan');
    expect(fold('Công đoàn'.normalize('NFD'))).toBe('cong doan');
    expect(fold('đồng Đồng')).toBe('dong dong');
    expect(fold('Nghỉ dưỡng, ưu đãi, Ơn nghĩa')).toBe('nghi duong, uu dai, on nghia');
    // Other scripts keep their whole-string case rules; mixed text folds alike either way.
    expect(fold('ΟΔΟΣ Lê')).toBe('οδος le');
    expect(fold('Ỷ Lan 😀 Đà')).toBe('y lan 😀 da');
  });
  it('splits words on punctuation', () => {
    expect(foldedWords('840.748.000 đồng; "Mái ấm Công đoàn"')).toEqual(['840', '748', '000', 'dong', 'mai', 'am', 'cong', 'doan']);
  });
});

describe('slugify', () => {
  it('makes a URL from a Vietnamese headline', () => {
    expect(slugify('Hội nghị Tổng kết công tác Công đoàn năm 2015, triển khai nhiệm vụ năm 2016')).toBe(
      'hoi-nghi-tong-ket-cong-tac-cong-doan-nam-2015-trien-khai-nhiem-vu-nam-2016',
    );
    expect(slugify('LĐLĐ tỉnh')).toBe('ldld-tinh');
    expect(slugify('“Tết Sum vầy” – 2026!')).toBe('tet-sum-vay-2026');
  });
  it('cuts long headlines at a word and never returns an empty slug', () => {
    const long = slugify('Công đoàn '.repeat(40));
    expect(long.length).toBeLessThanOrEqual(80);
    expect(long.endsWith('-')).toBe(false);
    expect(slugify('!!! ???')).toBe('bai-viet');
    expect(slugify('漢字')).toBe('bai-viet');
  });
  it('numbers duplicates', () => {
    expect(uniqueSlug('a', new Set())).toBe('a');
    expect(uniqueSlug('a', new Set(['a', 'a-2']))).toBe('a-3');
  });
});

describe('Vietnamese formats', () => {
  it('writes numbers and money with dots', () => {
    expect(formatNumber(1234567)).toBe('1.234.567');
    expect(formatNumber(22.5)).toBe('22,5');
    expect(formatMoney(840748000)).toBe('840.748.000 đồng');
  });
  it('writes the date line as the site does, in Vietnam time', () => {
    const at = siteTime(2016, 1, 22, 11, 16);
    expect(at.toISOString()).toBe('2016-01-22T04:16:00.000Z');
    expect(formatDateLine(at)).toBe('Thứ sáu, 22 Tháng 1 2016 11:16');
    expect(formatDateLine(siteTime(2024, 7, 7, 8, 5))).toBe('Chủ nhật, 7 Tháng 7 2024 08:05');
    expect(formatDateLine(siteTime(2025, 12, 31, 23, 59))).toBe('Thứ tư, 31 Tháng 12 2025 23:59');
    expect(formatLongDate(siteTime(2022, 12, 8))).toBe('ngày 08 tháng 12 năm 2022');
    expect(formatShortDate(siteTime(2022, 1, 14))).toBe('14/01/2022');
  });
});

describe('Vietnamese name order', () => {
  it('sorts by given name, then family name, then middle name; letters before tones', () => {
    const names = ['Trần Văn Bình', 'Tô Thị Ái', 'Đỗ Văn An', 'Nguyễn Thị Ái', 'Lê Ánh', 'Nguyễn Văn Đức', 'Nguyễn Văn Dũng'];
    expect([...names].sort(compareVietnameseNames)).toEqual([
      'Nguyễn Thị Ái',
      'Tô Thị Ái',
      'Đỗ Văn An',
      'Lê Ánh',
      'Trần Văn Bình',
      'Nguyễn Văn Dũng',
      'Nguyễn Văn Đức',
    ]);
  });
});

describe('highlight and snippet', () => {
  it('marks folded matches on the original text, whole words only', () => {
    expect(highlight('Công đoàn và đồng chí', ['cong', 'doan', 'dong'])).toEqual([
      { text: 'Công', mark: true },
      { text: ' ', mark: false },
      { text: 'đoàn', mark: true },
      { text: ' và ', mark: false },
      { text: 'đồng', mark: true },
      { text: ' chí', mark: false },
    ]);
    expect(highlight('Cộng đồng', ['con'])).toEqual([{ text: 'Cộng đồng', mark: false }]);
    expect(
      highlight('Công đoàn'.normalize('NFD'), ['cong'])
        .filter((s) => s.mark)
        .map((s) => s.text),
    ).toEqual(['Công']);
  });
  it('cuts a window around the first match', () => {
    const text = `${'Lời mở đầu dài. '.repeat(30)}Công đoàn tỉnh trao quà. ${'Đoạn kết. '.repeat(30)}`;
    const s = snippet(text, ['cong'], 120);
    expect(s).toContain('Công đoàn tỉnh');
    expect(s.startsWith('… ')).toBe(true);
    expect(s.length).toBeLessThanOrEqual(126);
  });
});

describe('pagination', () => {
  it('counts pages and reads page numbers from input', () => {
    expect(paginate(223, 5)).toMatchObject({ page: 5, pages: 23, offset: 40 });
    expect(paginate(0, 1).pages).toBe(1);
    expect(parsePageNumber(undefined)).toBe(1);
    expect(parsePageNumber('3')).toBe(3);
    for (const bad of ['0', '-1', 'abc', '1e3', '99999999999', '2.5']) expect(parsePageNumber(bad)).toBeNull();
    expect(paginateList(30, 2, 15)).toMatchObject({ page: 2, pages: 2, offset: 15 });
    expect(paginateList(0, 1).pages).toBe(1);
    expect(() => paginateList(30, 3, 15)).toThrow('Danh sách chỉ có 2 trang; không có trang 3.');
    expect(() => paginateList(1_000_000, 100_001, 10)).toThrow('có 100.000 trang; không có trang 100.001');
  });
  it('shows a window of page links with gaps', () => {
    expect(pageWindow(5, 23)).toEqual([1, 0, 3, 4, 5, 6, 7, 0, 23]);
    expect(pageWindow(1, 3)).toEqual([1, 2, 3]);
  });
});

describe('the name sort key', () => {
  it('orders like the Vietnamese collator on given, family and middle names', async () => {
    const { vietnameseNameSortKey } = await import('./names.js');
    const names = [
      'Trần Văn Bình',
      'Tô Thị Ái',
      'Đỗ Văn An',
      'Nguyễn Thị Ái',
      'Lê Ánh',
      'Nguyễn Văn Đức',
      'Nguyễn Văn Dũng',
      'Phạm Thị Ăn',
      'Hoàng Văn Ân',
      'Vũ Thị Hà',
      'Vũ Thị Hạ',
      'Vũ Thị Hả',
      'Lý Thị Ha',
      'Bùi Ơn',
      'Bùi On',
      'Bùi Ôn',
      'Ngô Uyên',
      'Ngô Ưng',
      'Mai Văn Yên',
      'Đặng Văn Zin',
      'Công Tằng Tôn Nữ Hoa',
      'Hoa',
      'Nguyễn Thị Hoa',
      'Nguyễn Hoa',
      'Nguyễn Văn Hoa',
    ];
    const byKey = [...names].sort((x, y) => (vietnameseNameSortKey(x) < vietnameseNameSortKey(y) ? -1 : 1));
    expect(byKey).toEqual([...names].sort(compareVietnameseNames));
    expect(vietnameseNameSortKey('Tô Thị Ái')).toBe(vietnameseNameSortKey('Tô Thị Ái'.normalize('NFD')));
    expect(vietnameseNameSortKey('Tô Thị Ái')).toMatch(/^[0-9]+$/);
  });
});
