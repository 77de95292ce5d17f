import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { guessColumnMapping, type ColumnMapping } from './columns.js';
import { readDate } from '../../spreadsheet/dates.js';
import { capitaliseName, checkCitizenId, checkFullName, checkPhone } from './fields.js';
import { readSpreadsheet, type SheetTable } from '../../spreadsheet/read.js';
import { ColumnMappingError, validateMemberRows, type RowError, type ValidateContext } from './validate.js';

const UNITS = new Map([
  ['CĐCS Trường THPT Hoa Sen', 11],
  ['CĐCS Công ty May Hồng Lĩnh', 12],
]);
const ctx: ValidateContext = { resolveUnit: (name) => UNITS.get(name) ?? null, today: new Date('2025-06-01T00:00:00Z') };

async function fixtureResult(name: string, context = ctx) {
  const table = await readSpreadsheet(readFileSync(new URL(`../../../test/fixtures/members/${name}`, import.meta.url)), name);
  return validateMemberRows(table, guessColumnMapping(table.headers), context);
}

function table(headers: string[], ...rows: string[][]): SheetTable {
  return { sheetName: null, headerRow: 1, headers, rows: rows.map((cells, i) => ({ rowNumber: i + 2, cells })) };
}

const brief = (e: RowError) => `${e.rowNumber} ${e.column}: ${e.message}`;

describe('validateMemberRows on a list with every kind of bad row', () => {
  it('reports each bad row with its number, column, value and a Vietnamese reason', async () => {
    const { errors } = await fixtureResult('bad-rows.csv');
    expect(errors.map(brief)).toEqual([
      '5 Họ và tên: Thiếu họ và tên.',
      '6 Họ và tên: Họ và tên "Lục Thị 2 Trang" có chữ số.',
      '7 Họ và tên: Họ và tên "Đinh Thị @Hương" có ký tự không hợp lệ "@".',
      '8 Ngày sinh: Ngày sinh "31/02/1990" không có thật.',
      '9 Ngày sinh: Ngày sinh "mùng năm tháng bảy" không đọc được; hãy ghi dạng ngày/tháng/năm, ví dụ 20/6/1985.',
      '10 Ngày sinh: Ngày sinh "01/01/2015" cho tuổi 10, ngoài khoảng 15–100 tuổi.',
      '11 Ngày sinh: Ngày sinh "1920-05-05" cho tuổi 105, ngoài khoảng 15–100 tuổi.',
      '12 Ngày kết nạp: Ngày kết nạp "01/01/1995" trước khi đoàn viên đủ 15 tuổi (sinh ngày 10/10/1985).',
      '13 Ngày kết nạp: Ngày kết nạp "01/01/2030" ở tương lai.',
      '14 Đơn vị: Đơn vị "CĐCS Công ty Sao Mai" không có trong danh sách đơn vị mà bạn được nhập đoàn viên.',
      '15 Số CCCD: Số CCCD "12345" phải gồm 12 chữ số (hoặc 9 chữ số nếu là CMND cũ).',
      '16 Điện thoại: Số điện thoại "12345" không phải số di động Việt Nam (10 chữ số, bắt đầu bằng 03, 05, 07, 08 hoặc 09).',
      '17 Giới tính: Giới tính "Khác" không phải "Nam" hoặc "Nữ".',
      '18 Số CCCD: Số CCCD "001084012345" trùng với dòng 4.',
      '19 Họ và tên: Đoàn viên "PHÙNG  VĂN KHẢI" sinh ngày 12/03/1984 trùng với dòng 4 ("Phùng Văn Khải").',
      '22 Đơn vị: Thiếu tên đơn vị (CĐCS).',
      '23 Số thẻ đoàn viên: Số thẻ đoàn viên "HS-0001" trùng với dòng 4.',
    ]);
    expect(errors[7]).toEqual({
      rowNumber: 12,
      column: 'Ngày kết nạp',
      field: 'joinedOn',
      value: '01/01/1995',
      message: expect.any(String),
    });
  });

  it('normalises the valid rows; the footer line is passed over', async () => {
    const { valid } = await fixtureResult('bad-rows.csv');
    expect(valid).toEqual([
      {
        rowNumber: 4,
        fullName: 'Phùng Văn Khải',
        nameFolded: 'phung van khai',
        gender: 'male',
        birthDate: '1984-03-12',
        birthYear: 1984,
        citizenId: '001084012345',
        phone: '0912345678',
        job: 'Giáo viên',
        cardNumber: 'HS-0001',
        unitId: 11,
        joinedOn: '2010-06-20',
      },
      {
        rowNumber: 20,
        fullName: 'Đàm Thị Nga',
        nameFolded: 'dam thi nga',
        gender: 'female',
        birthDate: null,
        birthYear: 1985,
        citizenId: null,
        phone: '0987654321',
        job: 'Kế toán',
        cardNumber: null,
        unitId: 11,
        joinedOn: null,
      },
      {
        rowNumber: 21,
        fullName: 'Chu Văn Quyết',
        nameFolded: 'chu van quyet',
        gender: 'male',
        birthDate: '1987-06-20',
        birthYear: 1987,
        citizenId: '038087001122',
        phone: '0387111222',
        job: null,
        cardNumber: 'HS-0002',
        unitId: 11,
        joinedOn: '2017-06-20',
      },
    ]);
  });
});

describe('dates', () => {
  it('reads Excel day numbers and text dates alike, and explains an Excel number that makes no sense', async () => {
    const { valid, errors } = await fixtureResult('dates.csv');
    expect(valid.map((m) => [m.fullName, m.birthDate, m.joinedOn])).toEqual([
      ['Đoàn Văn Lực', '1990-01-01', '2012-06-20'],
      ['Quách Thị Vân', '1990-01-01', '2012-06-20'],
      ['Kiều Văn Đạt', '1990-06-20', '2012-06-20'],
      ['Lã Thị Oanh', '1990-06-20', '2012-06-20'],
      ['Thân Văn Bảo', '1990-06-20', '2012-06-20'],
    ]);
    expect(errors.map(brief)).toEqual([
      '7 Ngày sinh: Ngày sinh "45" (số ngày kiểu Excel, tức 14/02/1900) cho tuổi 125, ngoài khoảng 15–100 tuổi.',
      '7 Ngày kết nạp: Ngày kết nạp "60" không có thật.',
    ]);
  });

  it('parses the usual Vietnamese forms', () => {
    for (const text of [
      '20/6/2017',
      '20/06/2017',
      '20-06-2017',
      '20.6.2017',
      '2017-06-20',
      'ngày 20 tháng 6 năm 2017',
      'Ngày 20 tháng 06 năm 2017',
      '20 / 6 / 2017',
      '42906',
    ]) {
      expect(readDate(text), text).toMatchObject({ kind: 'date', iso: '2017-06-20' });
    }
    expect(readDate('1985')).toEqual({ kind: 'year', year: 1985 });
    expect(readDate('năm 1985')).toEqual({ kind: 'year', year: 1985 });
    expect(readDate('29/02/2023')).toEqual({ kind: 'impossible' });
    expect(readDate('29/02/2024')).toMatchObject({ iso: '2024-02-29' });
    expect(readDate('20/13/2017')).toEqual({ kind: 'impossible' });
    expect(readDate('20/6/17')).toEqual({ kind: 'unreadable' });
    expect(readDate('42906', false)).toEqual({ kind: 'unreadable' });
  });

  it('accepts the 15th and 100th birthdays and joining on the 15th birthday', () => {
    const t = table(
      ['Họ và tên', 'Ngày sinh', 'Ngày kết nạp', 'Đơn vị'],
      ['Lê Văn Tâm', '01/06/2010', '01/06/2025', 'CĐCS Trường THPT Hoa Sen'],
      ['Văn Thị Cúc', '02/06/2010', '', 'CĐCS Trường THPT Hoa Sen'],
      ['Hà Văn Tiến', '02/06/1924', '', 'CĐCS Trường THPT Hoa Sen'],
      ['Mạc Thị Loan', '01/06/1924', '', 'CĐCS Trường THPT Hoa Sen'],
      ['Lã Văn Bình', '1990', '2004-12-31', 'CĐCS Trường THPT Hoa Sen'],
      ['Lã Văn Bình', '1990', '2012', 'CĐCS Trường THPT Hoa Sen'],
      ['Kiều Thị Ánh', '01/07/2030', '', 'CĐCS Trường THPT Hoa Sen'],
    );
    const { valid, errors } = validateMemberRows(t, guessColumnMapping(t.headers), ctx);
    expect(valid.map((m) => m.rowNumber)).toEqual([2, 4]);
    expect(errors.map(brief)).toEqual([
      '3 Ngày sinh: Ngày sinh "02/06/2010" cho tuổi 14, ngoài khoảng 15–100 tuổi.',
      '5 Ngày sinh: Ngày sinh "01/06/1924" cho tuổi 101, ngoài khoảng 15–100 tuổi.',
      '6 Ngày kết nạp: Ngày kết nạp "2004-12-31" trước khi đoàn viên đủ 15 tuổi (sinh năm 1990).',
      '7 Ngày kết nạp: Ngày kết nạp "2012" chỉ có năm; hãy ghi đủ ngày/tháng/năm.',
      '8 Ngày sinh: Ngày sinh "01/07/2030" ở tương lai.',
    ]);
  });
});

describe('duplicates inside the file', () => {
  it('finds names differing only in diacritics with the same birth date', async () => {
    const { valid, errors } = await fixtureResult('diacritics-duplicate.csv');
    expect(valid.map((m) => m.fullName)).toEqual(['Nguyễn Văn Hùng', 'Trần Thị Mơ', 'Nguyễn Văn Hùng']);
    expect(errors.map(brief)).toEqual([
      '4 Họ và tên: Đoàn viên "Nguyen Van Hung" sinh ngày 15/08/1986 trùng với dòng 2 ("Nguyễn Văn Hùng").',
      // The rule is the folded name: "Hưng" folds as "Hùng" does, so a person must look.
      '5 Họ và tên: Đoàn viên "Nguyễn Văn Hưng" sinh ngày 15/08/1986 trùng với dòng 2 ("Nguyễn Văn Hùng").',
    ]);
  });
});

describe('cells and columns', () => {
  it('reports a cell over 1,000 characters as too long', async () => {
    const { valid, errors } = await fixtureResult('huge-cell.csv');
    expect(valid.map((m) => m.fullName)).toEqual(['Lê Văn Tâm']);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ rowNumber: 2, column: 'Nghề nghiệp', field: 'job' });
    expect(errors[0]?.message).toMatch(/^Nghề nghiệp, chức vụ: ô quá dài \(hơn 1\.000 ký tự\), bắt đầu bằng "Giáo viên dạy Toán/);
    expect(errors[0]?.value.length).toBeLessThanOrEqual(101);
  });

  it('refuses a mapping without the name or the unit', () => {
    const t = table(['Họ và tên', 'Ghi chú'], ['Lê Văn Tâm', '']);
    const mapping = guessColumnMapping(t.headers);
    expect(() => validateMemberRows(t, mapping, ctx)).toThrow(ColumnMappingError);
    expect(() => validateMemberRows(t, mapping, ctx)).toThrow('Chưa chọn cột "Đơn vị (CĐCS)"');
    expect(validateMemberRows(t, mapping, { ...ctx, defaultUnitId: 12 }).valid).toMatchObject([{ fullName: 'Lê Văn Tâm', unitId: 12 }]);
  });

  it('asks resolveUnit once per unit name', () => {
    const asked: string[] = [];
    const rows = Array.from({ length: 50 }, (_, i) => [`Người Số ${'abcdefghij'[i % 10]}`, 'CĐCS Trường THPT Hoa Sen']);
    const t = table(['Họ và tên', 'Đơn vị'], ...rows);
    validateMemberRows(t, guessColumnMapping(t.headers), { resolveUnit: (n) => (asked.push(n), 11) });
    expect(asked).toEqual(['CĐCS Trường THPT Hoa Sen']);
  });
});

describe('an .xlsx from a union office', () => {
  async function workbook(): Promise<Buffer> {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Danh sách');
    ws.getCell('A1').value = 'DANH SÁCH ĐOÀN VIÊN CÔNG ĐOÀN CƠ SỞ';
    ws.getRow(3).values = ['STT', 'Họ và tên đệm', 'Tên', 'Ngày sinh', null, 'Số CCCD', 'Chức vụ', 'Đơn vị'];
    ws.getRow(4).values = [null, null, null, 'Nam', 'Nữ'];
    ws.mergeCells('D3:E3');
    ws.getRow(5).values = [
      1,
      'Lương Văn',
      'Thắng',
      new Date(Date.UTC(1979, 3, 30)),
      null,
      24079000111,
      { formula: 'UPPER("tổ trưởng")', result: 'TỔ TRƯỞNG' },
      'CĐCS Công ty May Hồng Lĩnh',
    ];
    ws.getRow(6).values = [
      2,
      { richText: [{ text: 'Hoàng ' }, { font: { italic: true }, text: 'Thị' }] },
      'Nhung',
      null,
      '01/12/1990',
      '024190000222',
      'Công nhân',
      'CĐCS Công ty May Hồng Lĩnh',
    ];
    ws.getRow(7).values = [3, 'Hoàng Thị', 'Lụa', '1991', '1991', '1,24191E+11', 'Công nhân', 'CĐCS Công ty May Hồng Lĩnh'];
    return Buffer.from(await wb.xlsx.writeBuffer());
  }

  it('reads birth dates written under "Nam" or "Nữ", a split name and a citizen ID stored as a number', async () => {
    const table = await readSpreadsheet(await workbook(), 'ds.xlsx');
    const mapping = guessColumnMapping(table.headers);
    expect(mapping).toEqual<ColumnMapping>({
      fullName: [1, 2],
      gender: { male: 3, female: 4 },
      birthDate: { male: 3, female: 4 },
      citizenId: 5,
      phone: null,
      job: 6,
      cardNumber: null,
      unit: 7,
      joinedOn: null,
    });
    const { valid, errors } = validateMemberRows(table, mapping, ctx);
    expect(valid).toEqual([
      {
        rowNumber: 6,
        fullName: 'Hoàng Thị Nhung',
        nameFolded: 'hoang thi nhung',
        gender: 'female',
        birthDate: '1990-12-01',
        birthYear: 1990,
        citizenId: '024190000222',
        phone: null,
        job: 'Công nhân',
        cardNumber: null,
        unitId: 12,
        joinedOn: null,
      },
    ]);
    expect(errors.map(brief)).toEqual([
      '5 Số CCCD: Số CCCD "24079000111" phải gồm 12 chữ số (hoặc 9 chữ số nếu là CMND cũ). Có thể Excel đã bỏ mất số 0 ở đầu: hãy định dạng cột là "Văn bản" (Text) rồi nhập lại.',
      '7 Ngày sinh - Nam: Giới tính: đánh dấu cả cột "Nam" và cột "Nữ" ("1991 / 1991").',
      '7 Số CCCD: Số CCCD "1,24191E+11" đã bị Excel đổi sang dạng số mũ và mất chữ số: hãy định dạng cột là "Văn bản" (Text) rồi nhập lại.',
    ]);
  });

  it('reads gender from "x" marks, and a lone "Nữ" column means the others are men', () => {
    const pair = table(
      ['Họ và tên', 'Nam', 'Nữ', 'Đơn vị'],
      ['Lê Văn Tâm', 'x', '', 'CĐCS Trường THPT Hoa Sen'],
      ['Văn Thị Cúc', '', 'X', 'CĐCS Trường THPT Hoa Sen'],
      ['Hà Văn Tiến', '', '', 'CĐCS Trường THPT Hoa Sen'],
      ['Mạc Thị Loan', '', 'nữ', 'CĐCS Trường THPT Hoa Sen'],
    );
    const result = validateMemberRows(pair, guessColumnMapping(pair.headers), ctx);
    expect(result.valid.map((m) => m.gender)).toEqual(['male', 'female', null]);
    expect(result.errors.map(brief)).toEqual(['5 Nữ: Giới tính: ô "nữ" ở cột "Nữ" không phải dấu "x".']);
    const lone = table(
      ['Họ và tên', 'Nữ', 'Đơn vị'],
      ['Lê Văn Tâm', '', 'CĐCS Trường THPT Hoa Sen'],
      ['Văn Thị Cúc', '✓', 'CĐCS Trường THPT Hoa Sen'],
    );
    expect(validateMemberRows(lone, guessColumnMapping(lone.headers), ctx).valid.map((m) => m.gender)).toEqual(['male', 'female']);
  });
});

describe('field rules', () => {
  it('capitalises and tidies names, minority names included', () => {
    expect(checkFullName('  NGUYỄN   văn  hùng ')).toEqual({ ok: true, value: 'Nguyễn Văn Hùng' });
    expect(checkFullName('ksor h’bơ')).toEqual({ ok: true, value: "Ksor H'Bơ" });
    expect(checkFullName('Hùng')).toEqual({ ok: false, message: 'Họ và tên "Hùng" chỉ có một chữ; hãy ghi đủ họ và tên.' });
    expect(capitaliseName('đặng thị ngọc ánh')).toBe('Đặng Thị Ngọc Ánh');
  });
  it('normalises phone numbers', () => {
    for (const raw of [
      '0912345678',
      '0912.345.678',
      '0912 345 678',
      '+84 912 345 678',
      '84912345678',
      '912345678',
      "'0912345678",
      '(091) 234-5678',
    ]) {
      expect(checkPhone(raw), raw).toEqual({ ok: true, value: '0912345678' });
    }
    expect(checkPhone('02053812345')).toMatchObject({ ok: false, message: expect.stringContaining('máy bàn') });
    expect(checkPhone('01689123456')).toMatchObject({ ok: false, message: expect.stringContaining('đầu số 11 chữ số cũ') });
    expect(checkPhone('0123')).toMatchObject({ ok: false });
  });
  it('accepts 12-digit CCCD and 9-digit CMND, with spaces or dots', () => {
    expect(checkCitizenId('001 084 012 345')).toEqual({ ok: true, value: '001084012345' });
    expect(checkCitizenId('123456789')).toEqual({ ok: true, value: '123456789' });
    expect(checkCitizenId('0010840123456')).toMatchObject({ ok: false });
    expect(checkCitizenId('00108401234a')).toMatchObject({ ok: false });
  });
});

describe('the registry columns', () => {
  const headers = [
    'Họ và tên',
    'CĐCS',
    'Ngày sinh',
    'Dân tộc',
    'Tôn giáo',
    'Quê quán',
    'Nơi ở hiện nay',
    'Email',
    'Trình độ học vấn',
    'Trình độ chuyên môn',
    'Lý luận chính trị',
    'Đảng viên',
    'Ngày vào Đảng',
    'Chức vụ công đoàn',
    'Chuyên trách',
    'Ngày vào công đoàn',
    'Loại lao động',
  ];
  const unit = 'CĐCS Trường THPT Hoa Sen';

  it('reads each field in the spellings lists use', () => {
    const { valid, errors } = validateMemberRows(
      table(
        headers,
        [
          'Lò Văn Páo',
          unit,
          '01/02/1980',
          "H'Mông",
          'Không',
          'Mường La,  Sơn La',
          'Bản Nà Sành, Mường La',
          'Pao.Lo@Example.VN',
          '12',
          'Cử nhân',
          'Trung cấp',
          '',
          '03/02/2010',
          'Phó Chủ tịch CĐCS',
          'x',
          '01/09/2005',
          'Viên chức',
        ],
        [
          'Y Bhăm Êban',
          unit,
          '1975',
          'Ê-đê',
          'Tin Lành',
          '',
          '',
          '',
          '9/12',
          'chua qua dao tao',
          '',
          'Không',
          '',
          'Đoàn viên',
          'Không',
          '',
          'Hợp đồng',
        ],
      ),
      guessColumnMapping(headers),
      ctx,
    );
    expect(errors).toEqual([]);
    expect(valid[0]).toMatchObject({
      ethnicity: 'Mông',
      religion: 'Không',
      hometown: 'Mường La, Sơn La',
      email: 'pao.lo@example.vn',
      education: '12/12',
      qualification: 'university',
      politicalTheory: 'intermediate',
      // A Party joining date says the member is in the Party.
      partyMember: 1,
      partyJoinedOn: '2010-02-03',
      unionPosition: 'vice_chair',
      fullTimeOfficer: 1,
      unionJoinedOn: '2005-09-01',
      workforceType: 'public_employee',
      // No admission date column: the period here is left to start on the union joining date (import-service.ts).
      joinedOn: null,
    });
    expect(valid[1]).toMatchObject({
      ethnicity: 'Ê Đê',
      religion: 'Tin Lành',
      hometown: null,
      education: '9/12',
      qualification: 'untrained',
      partyMember: 0,
      unionPosition: 'member',
      fullTimeOfficer: 0,
      workforceType: 'contract',
    });
  });

  it('reports a bad value with its row and field', () => {
    const row = (over: Record<number, string>) => {
      const cells = ['Nguyễn Văn Sai', unit, '', ...Array<string>(14).fill('')];
      for (const [i, v] of Object.entries(over)) cells[Number(i)] = v;
      return cells;
    };
    const { errors } = validateMemberRows(
      table(
        headers,
        row({ 3: 'Sao Hỏa' }),
        row({ 7: 'khong@email' }),
        row({ 8: '13/12' }),
        row({ 9: 'Giáo sư Vũ trụ' }),
        row({ 10: 'Siêu cấp' }),
        row({ 11: 'Có lẽ' }),
        row({ 11: 'Không', 12: '01/01/2010' }),
        row({ 13: 'Vua' }),
        row({ 14: 'thỉnh thoảng' }),
        row({ 15: '01/01/2099' }),
        row({ 16: 'Nông dân' }),
        row({ 12: '2010' }),
      ),
      guessColumnMapping(headers),
      ctx,
    );
    expect(errors.map((e) => `${e.rowNumber} ${e.field}`)).toEqual([
      '2 ethnicity',
      '3 email',
      '4 education',
      '5 qualification',
      '6 politicalTheory',
      '7 partyMember',
      '8 partyJoinedOn',
      '9 unionPosition',
      '10 fullTimeOfficer',
      '11 unionJoinedOn',
      '12 workforceType',
      '13 partyJoinedOn',
    ]);
    expect(errors.map(brief)).toContain('2 Dân tộc: Dân tộc "Sao Hỏa" không có trong danh sách 54 dân tộc Việt Nam.');
    expect(errors.map(brief)).toContain('3 Email: Email "khong@email" không hợp lệ.');
    expect(errors.map(brief)).toContain('11 Ngày vào công đoàn: Ngày vào công đoàn "01/01/2099" ở tương lai.');
    expect(errors.map(brief)).toContain('8 Ngày vào Đảng: Có ngày vào Đảng nhưng cột "Đảng viên" ghi "Không".');
  });
});
