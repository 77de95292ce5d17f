import { describe, expect, it } from 'vitest';
import { formatMoney } from './format.js';
import { parseDong, type MoneyReading } from './money.js';

const value = (r: MoneyReading) => (r.ok ? r.value : r.message);

describe('parseDong', () => {
  it('reads amounts as Vietnamese and English writers group them', () => {
    for (const text of [
      '1.234.567',
      '1,234,567',
      '1234567',
      '1 234 567',
      '1\u00a0234\u00a0567',
      '1.234.567 đ',
      '1.234.567đ',
      '1.234.567 đồng',
      '1.234.567 VND',
      '1.234.567 VNĐ',
      '1.234.567₫',
      ' 1.234.567 Đồng '.normalize('NFD'),
    ]) {
      expect(value(parseDong(text)), text).toBe(1_234_567);
    }
    expect(value(parseDong('0'))).toBe(0);
    expect(value(parseDong('800'))).toBe(800);
    expect(value(parseDong('19.000.000đ'))).toBe(19_000_000);
    expect(value(parseDong(840_748_000))).toBe(840_748_000);
  });

  it("reads the scale words of the federation's reports", () => {
    expect(value(parseDong('500 nghìn'))).toBe(500_000);
    expect(value(parseDong('300 ngàn đồng'))).toBe(300_000);
    expect(value(parseDong('976 triệu'))).toBe(976_000_000);
    expect(value(parseDong('2,7 tỷ đồng'))).toBe(2_700_000_000);
    expect(value(parseDong('1,02 tỷ'))).toBe(1_020_000_000);
    expect(value(parseDong('1.020 triệu'))).toBe(1_020_000_000);
    expect(value(parseDong('1,2345 nghìn'))).toContain('không có phần lẻ');
  });

  it('refuses negatives, fractions, non-numbers, empty and unsafe amounts with a reason', () => {
    expect(value(parseDong('-5'))).toBe('Số tiền không được âm: "-5".');
    expect(value(parseDong('−1.000 đ'))).toContain('không được âm');
    expect(value(parseDong(-5))).toContain('không được âm');
    expect(value(parseDong('1.234,5'))).toBe('Số tiền phải là số đồng chẵn, không có phần lẻ: "1.234,5".');
    expect(value(parseDong('12.5'))).toContain('không có phần lẻ');
    expect(value(parseDong('12,50'))).toContain('không có phần lẻ');
    expect(value(parseDong('1.234.567,00'))).toContain('không có phần lẻ');
    expect(value(parseDong('1,234.567'))).toContain('không có phần lẻ');
    expect(value(parseDong(12.5))).toBe('Số tiền phải là số đồng chẵn, không có phần lẻ (12,5).');
    expect(value(parseDong('1.23.456'))).toContain('sai chỗ dấu phân cách hàng nghìn');
    expect(value(parseDong('1.234,567'))).toContain('không có phần lẻ');
    expect(value(parseDong('1..000'))).toContain('sai chỗ dấu phân cách hàng nghìn');
    expect(value(parseDong(''))).toBe('Chưa nhập số tiền.');
    expect(value(parseDong('   '))).toBe('Chưa nhập số tiền.');
    expect(value(parseDong('abc'))).toBe('Số tiền "abc" không phải là một số.');
    expect(value(parseDong('12a'))).toContain('không phải là một số');
    expect(value(parseDong('1e6'))).toContain('không phải là một số');
    expect(value(parseDong('9.007.199.254.740.992'))).toContain('quá lớn');
    expect(value(parseDong('9.007.199.254.740.991'))).toBe(Number.MAX_SAFE_INTEGER);
    expect(value(parseDong(2 ** 60))).toBe('Số tiền quá lớn.');
    expect(value(parseDong(Number.NaN))).toBe('Số tiền không hợp lệ.');
  });

  it('reads back what formatMoney writes', () => {
    for (const n of [0, 7, 1_000, 920_000, 840_748_000, 5_400_000_000]) expect(value(parseDong(formatMoney(n)))).toBe(n);
    expect(formatMoney(840_748_000)).toBe('840.748.000 đồng');
  });
});
