import { describe, expect, it } from 'vitest';
import { moneyInWords, numberInWords } from './money-words.js';

describe('numberInWords', () => {
  it.each([
    [0, 'không'],
    [5, 'năm'],
    [10, 'mười'],
    [11, 'mười một'],
    [14, 'mười bốn'],
    [15, 'mười lăm'],
    [20, 'hai mươi'],
    [21, 'hai mươi mốt'],
    [24, 'hai mươi tư'],
    [25, 'hai mươi lăm'],
    [41, 'bốn mươi mốt'],
    [100, 'một trăm'],
    [105, 'một trăm linh năm'],
    [110, 'một trăm mười'],
    [115, 'một trăm mười lăm'],
    [1000, 'một nghìn'],
    [1005, 'một nghìn không trăm linh năm'],
    [1050, 'một nghìn không trăm năm mươi'],
    [15_000, 'mười lăm nghìn'],
    [500_000, 'năm trăm nghìn'],
    [800_000, 'tám trăm nghìn'],
    [920_000, 'chín trăm hai mươi nghìn'],
    [1_000_005, 'một triệu không trăm linh năm'],
    [19_000_000, 'mười chín triệu'],
    [840_748_000, 'tám trăm bốn mươi triệu bảy trăm bốn mươi tám nghìn'],
    [1_000_000_000, 'một tỷ'],
    [1_020_000_000, 'một tỷ không trăm hai mươi triệu'],
    [2_700_000_000, 'hai tỷ bảy trăm triệu'],
    [5_400_000_001, 'năm tỷ bốn trăm triệu không trăm linh một'],
    [1_000_000_000_000, 'một nghìn tỷ'],
    [1_234_567_891_011, 'một nghìn hai trăm ba mươi tư tỷ năm trăm sáu mươi bảy triệu tám trăm chín mươi mốt nghìn không trăm mười một'],
  ])('%i → %s', (n, text) => {
    expect(numberInWords(n)).toBe(text);
  });

  it('refuses what is not a whole number of đồng', () => {
    expect(() => numberInWords(-1)).toThrow(RangeError);
    expect(() => numberInWords(1.5)).toThrow(RangeError);
  });
});

describe('moneyInWords', () => {
  it('reads an amount as a voucher writes it', () => {
    expect(moneyInWords(840_748_000)).toBe('Tám trăm bốn mươi triệu bảy trăm bốn mươi tám nghìn đồng');
    expect(moneyInWords(0)).toBe('Không đồng');
    expect(moneyInWords(500_000)).toBe('Năm trăm nghìn đồng');
  });
});

describe('letterhead words', () => {
  it('writes names in capitals, the place from a provincial name, and the date line', async () => {
    const { capitals, placeDateLine, placeFromNames } = await import('./letterhead.js');
    expect(capitals('Liên đoàn Lao động tỉnh Lạng Sơn')).toBe('LIÊN ĐOÀN LAO ĐỘNG TỈNH LẠNG SƠN');
    expect(placeFromNames(['Công đoàn Viên chức tỉnh', 'Liên đoàn Lao động tỉnh Lạng Sơn'])).toBe('Lạng Sơn');
    expect(placeFromNames(['Công đoàn Trường THPT Số 1'])).toBeNull();
    expect(placeDateLine('Lạng Sơn', '2026-12-08')).toBe('Lạng Sơn, ngày 08 tháng 12 năm 2026');
    expect(placeDateLine(null, '2026-01-05')).toBe('……………, ngày 05 tháng 01 năm 2026');
  });
});
