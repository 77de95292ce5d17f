import { Document, Packer, Paragraph } from 'docx';
import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dateToIso, excelSerialToDate, isDateFormat, numberToText } from './cells.js';
import { detectDelimiter } from './csv.js';
import { isOverlongCell, openSpreadsheet, readSpreadsheet, SpreadsheetError } from './read.js';
import { deflateBomb, zipOf, type TestEntry } from '../zip/test-zip.js';

const fixture = (name: string) => readFileSync(new URL(`../../test/fixtures/members/${name}`, import.meta.url));

async function xlsxBytes(fill: (wb: ExcelJS.Workbook) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  fill(wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A union office's sheet: agency and motto, title, blank row, then the header. */
function unionSheet(ws: ExcelJS.Worksheet): void {
  ws.getCell('A1').value = 'LĐLĐ TỈNH LẠNG SƠN';
  ws.getCell('F1').value = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM';
  ws.getCell('A2').value = 'DANH SÁCH ĐOÀN VIÊN CĐCS TRƯỜNG THPT HOA SEN';
  ws.getRow(4).values = ['STT', 'Họ và tên', 'Ngày sinh', 'Số CCCD', 'Điện thoại', 'Ghi chú', 'Ngày kết nạp', 'Hệ số'];
  ws.getRow(5).values = [
    1,
    { richText: [{ text: 'Phùng ' }, { font: { bold: true }, text: 'Văn Khải' }] },
    new Date(Date.UTC(1984, 2, 12)),
    1084012345,
    912345678,
    { formula: 'CONCATENATE("Giáo"," viên")', result: 'Giáo viên' },
    { formula: 'DATE(2010,6,20)', result: new Date(Date.UTC(2010, 5, 20)) },
    0.1 + 0.2,
  ];
  ws.getRow(6).values = [
    2,
    '  Chu   Văn Quyết ',
    '20/6/1987',
    '038087001122',
    { text: '0387111222', hyperlink: 'tel:0387111222' },
    true,
    41080,
    2.34,
  ];
  ws.getCell('G6').numFmt = 'dd/mm/yyyy';
}

async function refusal(bytes: Buffer, name: string): Promise<string> {
  const error = await readSpreadsheet(bytes, name).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SpreadsheetError);
  const message = (error as SpreadsheetError).message;
  expect(message).toContain(`"${name}"`);
  return message;
}

describe('readSpreadsheet: xlsx', () => {
  it('finds the header under a title and a blank row and turns cells into text', async () => {
    const table = await readSpreadsheet(await xlsxBytes((wb) => unionSheet(wb.addWorksheet('Danh sách'))), 'ds.xlsx');
    expect(table.sheetName).toBe('Danh sách');
    expect(table.headerRow).toBe(4);
    expect(table.headers).toEqual(['STT', 'Họ và tên', 'Ngày sinh', 'Số CCCD', 'Điện thoại', 'Ghi chú', 'Ngày kết nạp', 'Hệ số']);
    expect(table.rows).toEqual([
      { rowNumber: 5, cells: ['1', 'Phùng Văn Khải', '1984-03-12', '1084012345', '912345678', 'Giáo viên', '2010-06-20', '0.3'] },
      { rowNumber: 6, cells: ['2', 'Chu   Văn Quyết', '20/6/1987', '038087001122', '0387111222', 'TRUE', '2012-06-20', '2.34'] },
    ]);
  });

  it('keeps a 12-digit citizen ID stored as a number as its digits', async () => {
    const bytes = await xlsxBytes((wb) => {
      const ws = wb.addWorksheet('DS');
      ws.addRow(['Họ và tên', 'Số CCCD', 'Số lớn']);
      ws.addRow(['Tạ Đình Phong', 38087001122, 2 ** 64]);
      ws.addRow(['Hà Văn Tiến', 123456789012, 1e-7]);
    });
    const table = await readSpreadsheet(bytes, 'cccd.xlsx');
    expect(table.rows.map((r) => r.cells.slice(1))).toEqual([
      ['38087001122', '18446744073709600000'],
      ['123456789012', '0.0000001'],
    ]);
  });

  it('reads numbers in a date-formatted column as dates, and dates of a 1904 workbook', async () => {
    const bytes = await xlsxBytes((wb) => {
      wb.properties.date1904 = true;
      const ws = wb.addWorksheet('DS');
      ws.addRow(['Họ và tên', 'Ngày sinh']);
      ws.getColumn(2).numFmt = 'dd/mm/yyyy';
      ws.addRow(['Kiều Văn Đạt', new Date(Date.UTC(1990, 5, 20))]);
    });
    const table = await readSpreadsheet(bytes, '1904.xlsx');
    expect(table.rows[0]?.cells).toEqual(['Kiều Văn Đạt', '1990-06-20']);
  });

  it('joins a two-row header ("Giới tính" over "Nam" | "Nữ") and skips a column-numbering row', async () => {
    const bytes = await xlsxBytes((wb) => {
      const ws = wb.addWorksheet('DS');
      ws.getCell('A1').value = 'DANH SÁCH ĐOÀN VIÊN';
      ws.getRow(3).values = ['STT', 'Họ và tên', 'Giới tính', null, 'Đơn vị'];
      ws.getRow(4).values = [null, null, 'Nam', 'Nữ'];
      ws.mergeCells('A3:A4');
      ws.mergeCells('B3:B4');
      ws.mergeCells('C3:D3');
      ws.mergeCells('E3:E4');
      ws.getRow(5).values = ['(1)', '(2)', '(3)', '(4)', '(5)'];
      ws.getRow(6).values = [1, 'Bế Thị Hạnh', null, 'x', 'CĐCS Trường THPT Hoa Sen'];
    });
    const table = await readSpreadsheet(bytes, 'gioitinh.xlsx');
    expect(table.headers).toEqual(['STT', 'Họ và tên', 'Giới tính - Nam', 'Giới tính - Nữ', 'Đơn vị']);
    expect(table.headerRow).toBe(3);
    expect(table.rows).toEqual([{ rowNumber: 6, cells: ['1', 'Bế Thị Hạnh', '', 'x', 'CĐCS Trường THPT Hoa Sen'] }]);
  });

  it('passes over a title merged across the sheet and repeats a unit merged down its rows', async () => {
    const bytes = await xlsxBytes((wb) => {
      const ws = wb.addWorksheet('DS');
      ws.getCell('A1').value = 'DANH SÁCH ĐOÀN VIÊN NĂM 2025';
      ws.mergeCells('A1:D1');
      ws.getRow(3).values = ['Họ và tên', 'Giới tính', 'Năm sinh', 'Đơn vị'];
      ws.getRow(4).values = ['Lê Văn Tâm', 'Nam', 1980, 'CĐCS Trường THPT Hoa Sen'];
      ws.getRow(5).values = ['Văn Thị Cúc', 'Nữ', 1985];
      ws.mergeCells('D4:D5');
    });
    const table = await readSpreadsheet(bytes, 'gop.xlsx');
    expect(table.headerRow).toBe(3);
    expect(table.rows.map((r) => r.cells[3])).toEqual(['CĐCS Trường THPT Hoa Sen', 'CĐCS Trường THPT Hoa Sen']);
  });

  it('takes the first visible sheet that has data', async () => {
    const bytes = await xlsxBytes((wb) => {
      wb.addWorksheet('Ẩn', { state: 'hidden' }).addRows([
        ['Họ và tên', 'Đơn vị'],
        ['Ẩn Danh', 'X'],
      ]);
      wb.addWorksheet('Hướng dẫn').addRow(['Điền danh sách ở trang sau']);
      wb.addWorksheet('Trống').addRow(['Họ và tên', 'Đơn vị']);
      wb.addWorksheet('Danh sách').addRows([
        ['Họ và tên', 'Đơn vị'],
        ['Đàm Thị Nga', 'CĐCS Trường THPT Hoa Sen'],
      ]);
    });
    const table = await readSpreadsheet(bytes, 'nhieutrang.xlsx');
    expect(table.sheetName).toBe('Danh sách');
    expect(table.rows).toEqual([{ rowNumber: 2, cells: ['Đàm Thị Nga', 'CĐCS Trường THPT Hoa Sen'] }]);
  });

  it('hands a long sheet over in chunks from its worker, passing over a long sheet without a header, and refuses rows past the cap as they come', async () => {
    const bytes = await xlsxBytes((wb) => {
      wb.addWorksheet('Số liệu').addRows(Array.from({ length: 9000 }, (_, i) => [i, i * 2]));
      wb.addWorksheet('Danh sách').addRows([
        ['DANH SÁCH ĐOÀN VIÊN'],
        [],
        ['Họ và tên', 'Đơn vị'],
        ...Array.from({ length: 12_345 }, (_, i) => [`Người Thứ ${i}`, 'A']),
      ]);
    });
    const sheet = await openSpreadsheet(bytes, 'dai.xlsx');
    expect(sheet).toMatchObject({ sheetName: 'Danh sách', headerRow: 3, headers: ['Họ và tên', 'Đơn vị'] });
    const sizes: number[] = [];
    let last = 0;
    for await (const chunk of sheet.chunks(5000)) {
      sizes.push(chunk.length);
      expect(chunk[0]?.rowNumber).toBe(last + (last === 0 ? 4 : 1));
      last = chunk[chunk.length - 1]?.rowNumber ?? 0;
    }
    expect(sizes).toEqual([5000, 5000, 2345]);
    expect(last).toBe(12_348);
    expect(sheet.readShare()).toBe(1);

    // A reader that stops early ends the worker; the file opens again.
    for await (const chunk of (await openSpreadsheet(bytes, 'dai.xlsx')).chunks(100)) {
      expect(chunk).toHaveLength(100);
      break;
    }
    const capped = await openSpreadsheet(bytes, 'dai.xlsx', { maxRows: 10_000 });
    const error = await (async () => {
      for await (const chunk of capped.chunks(5000)) expect(chunk.length).toBeGreaterThan(0);
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SpreadsheetError);
    expect((error as Error).message).toContain('có hơn 10.000 dòng dữ liệu');
  });

  it('detects xlsx by content whatever the file is called', async () => {
    const bytes = await xlsxBytes((wb) =>
      wb.addWorksheet('DS').addRows([
        ['Họ và tên', 'Đơn vị'],
        ['Lê Văn Tâm', 'A'],
      ]),
    );
    expect((await readSpreadsheet(bytes, 'danh-sach.csv')).sheetName).toBe('DS');
  });

  it('refuses a workbook with no header or no data rows', async () => {
    const noHeader = await xlsxBytes((wb) => wb.addWorksheet('DS').addRows([['Danh sách'], [1], [2]]));
    expect(await refusal(noHeader, 'tieude.xlsx')).toContain('không tìm thấy dòng tiêu đề');
    const noData = await xlsxBytes((wb) => wb.addWorksheet('DS').addRows([['Tiêu đề'], [], ['Họ và tên', 'Đơn vị']]));
    expect(await refusal(noData, 'trong.xlsx')).toContain('không có dòng dữ liệu nào dưới dòng tiêu đề (dòng 3) (trang "DS")');
  });

  it('refuses a workbook too large to hold in memory, before loading it, whatever sizes it declares', async () => {
    const workbook = (sheet: TestEntry) =>
      zipOf([
        { name: '[Content_Types].xml', data: Buffer.from('<Types/>') },
        { name: 'xl/workbook.xml', data: Buffer.from('<workbook/>') },
        sheet,
      ]);
    const honest = workbook({ name: 'xl/worksheets/sheet1.xml', deflated: deflateBomb(100), declaredSize: 100 * 1024 * 1024 });
    expect(await refusal(honest, 'lon.xlsx')).toContain('quá lớn để đọc trực tiếp; hãy lưu lại dạng "CSV UTF-8"');
    const lying = workbook({ name: 'xl/worksheets/sheet1.xml', deflated: deflateBomb(100), declaredSize: 2000 });
    expect(await refusal(lying, 'lon.xlsx')).toContain('quá lớn để đọc trực tiếp; hãy lưu lại dạng "CSV UTF-8"');
    const otherPart = workbook({ name: 'xl/styles.xml', deflated: deflateBomb(500), declaredSize: 2000 });
    expect(await refusal(otherPart, 'lon.xlsx')).toContain('quá lớn để đọc trực tiếp; hãy lưu lại dạng "CSV UTF-8"');
  });

  it('refuses a zip64 workbook instead of handing it to the parser unchecked', async () => {
    const bytes = await xlsxBytes((wb) =>
      wb.addWorksheet('DS').addRows([
        ['Họ và tên', 'Đơn vị'],
        ['Lê Văn Tâm', 'A'],
      ]),
    );
    const end = bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    bytes.writeUInt32LE(0xffffffff, end + 16);
    expect(await refusal(bytes, 'lon.xlsx')).toContain('nén theo kiểu zip64');
  });

  it('refuses a sheet wider than the column cap, naming the count', async () => {
    const wide = Buffer.from(`${Array<string>(250_000).fill('Ab').join(',')}\nA,B\n`);
    const message = await refusal(wide, 'rong.csv');
    expect(message).toContain('dòng 1 có 250.000 cột, vượt giới hạn 200 cột');
    const workbook = await xlsxBytes((wb) => {
      const ws = wb.addWorksheet('DS');
      ws.addRows([
        ['Họ và tên', 'Đơn vị'],
        ['Lê Văn Tâm', 'A'],
      ]);
      ws.getCell(2, 300).value = 'x';
    });
    expect(await refusal(workbook, 'rong.xlsx')).toContain('dòng 2 có 300 cột, vượt giới hạn 200 cột');
  });

  it('refuses a damaged workbook', async () => {
    const bytes = await xlsxBytes((wb) => wb.addWorksheet('DS').addRows([['Họ và tên', 'Đơn vị']]));
    const damaged = Buffer.from(bytes);
    damaged.fill(0x41, 200, 600);
    expect(await refusal(damaged, 'hong.xlsx')).toContain('bị hỏng');
  });
});

describe('readSpreadsheet: CSV and TSV', () => {
  it('reads UTF-8 with BOM, a title line and an empty line above the header; CRLF; row numbers as in the file', async () => {
    const table = await readSpreadsheet(fixture('bad-rows.csv'), 'bad-rows.csv');
    expect(table.sheetName).toBeNull();
    expect(table.headerRow).toBe(3);
    expect(table.headers[1]).toBe('Họ và tên');
    expect(table.rows[0]).toEqual({
      rowNumber: 4,
      cells: [
        '1',
        'Phùng Văn Khải',
        'Nam',
        '12/3/1984',
        '001084012345',
        '0912 345 678',
        'Giáo viên',
        'HS-0001',
        'CĐCS Trường THPT Hoa Sen',
        '20/6/2010',
      ],
    });
    expect(table.rows.at(-1)).toEqual({ rowNumber: 25, cells: ['Người lập biểu', '', '', '', '', '', '', '', '', ''] });
  });

  it('detects the semicolon and keeps quoted fields whole', async () => {
    const table = await readSpreadsheet(fixture('semicolon.csv'), 'semicolon.csv');
    expect(table.headers).toEqual(['Họ tên', 'Nam/Nữ', 'Ngày, tháng, năm sinh', 'SĐT', 'Nghề nghiệp', 'CĐCS', 'Ngày vào công đoàn']);
    expect(table.rows[1]?.cells).toEqual([
      "Ksor H'Bơ",
      'Nữ',
      '2.9.1995',
      '',
      'Công nhân; tổ trưởng',
      'CĐCS Công ty May Hồng Lĩnh',
      'ngày 01 tháng 5 năm 2020',
    ]);
  });

  it('reads UTF-16 LE and BE text with a BOM (Excel "Unicode Text" is tab-separated)', async () => {
    const le = await readSpreadsheet(fixture('utf16le.csv'), 'utf16le.txt');
    expect(le.headers).toEqual(['Họ và tên', 'Giới tính', 'Năm sinh', 'Số định danh', 'Đơn vị']);
    expect(le.rows[0]?.cells).toEqual(['Lương Văn Thắng', 'Nam', '1979', '024079000111', 'CĐCS Công ty May Hồng Lĩnh']);
    const body = Buffer.from('Họ và tên,Đơn vị\r\nHoàng Thị Nhung,CĐCS Công ty May Hồng Lĩnh\r\n', 'utf16le').swap16();
    const be = await readSpreadsheet(Buffer.concat([Buffer.from([0xfe, 0xff]), body]), 'be.csv');
    expect(be.rows).toEqual([{ rowNumber: 2, cells: ['Hoàng Thị Nhung', 'CĐCS Công ty May Hồng Lĩnh'] }]);
  });

  it('refuses UTF-16 text that is not UTF-16', async () => {
    const broken = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from('Họ và tên,Đơn vị\n', 'utf16le'),
      Buffer.from([0x00, 0xd8, 0x41, 0x00]),
    ]);
    expect(await refusal(broken, 'u16.csv')).toContain('không đúng mã UTF-16');
  });

  it('turns decomposed (NFD) text into NFC and drops invisible characters', async () => {
    const table = await readSpreadsheet(Buffer.from('Họ và tên,Đơn vị\nNguyễn Văn Hùng\u200b,A\n'.normalize('NFD')), 'nfd.csv');
    expect(table.headers[0]).toBe('Họ và tên');
    expect(table.rows[0]?.cells[0]).toBe('Nguyễn Văn Hùng');
  });

  it('counts a quoted multi-line field as one row', async () => {
    const table = await readSpreadsheet(Buffer.from('Họ và tên,Ghi chú\nLê Văn Tâm,"dòng một\ndòng hai"\nVăn Thị Cúc,x\n'), 'multi.csv');
    expect(table.rows.map((r) => r.rowNumber)).toEqual([2, 3]);
    expect(table.rows[0]?.cells[1]).toBe('dòng một\ndòng hai');
  });

  it('cuts a cell over 1,000 characters with a marker', async () => {
    const table = await readSpreadsheet(fixture('huge-cell.csv'), 'huge-cell.csv');
    const cell = table.rows[0]?.cells[1] ?? '';
    expect(isOverlongCell(cell)).toBe(true);
    expect(cell.length).toBeLessThan(1100);
    expect(isOverlongCell(table.rows[1]?.cells[1] ?? '')).toBe(false);
  });

  it('refuses more rows than maxRows', async () => {
    const csv = ['Họ và tên,Đơn vị', ...Array.from({ length: 6 }, (_, i) => `Người Thứ ${i},A`)].join('\n');
    await expect(readSpreadsheet(Buffer.from(csv), 'nhieu.csv', { maxRows: 6 })).resolves.toMatchObject({ rows: { length: 6 } });
    const error = await readSpreadsheet(Buffer.from(csv), 'nhieu.csv', { maxRows: 5 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SpreadsheetError);
    expect((error as Error).message).toBe(
      'Không đọc được tệp "nhieu.csv": có hơn 5 dòng dữ liệu, vượt giới hạn một lần nhập; hãy chia nhỏ tệp.',
    );
  });

  it('hands a long file over in chunks as it is read, and names the file when a late part is bad', async () => {
    const lines = ['DANH SÁCH ĐOÀN VIÊN', '', 'Họ và tên,Đơn vị', ...Array.from({ length: 12_345 }, (_, i) => `Người Thứ ${i},A`)];
    const sheet = await openSpreadsheet(Buffer.from(lines.join('\n')), 'dai.csv');
    expect(sheet).toMatchObject({ headerRow: 3, headers: ['Họ và tên', 'Đơn vị'], sheetName: null });
    const sizes: number[] = [];
    const shares: number[] = [];
    let last = 0;
    for await (const chunk of sheet.chunks(5000)) {
      sizes.push(chunk.length);
      shares.push(sheet.readShare());
      expect(chunk[0]?.rowNumber).toBe(last + (last === 0 ? 4 : 1));
      last = chunk[chunk.length - 1]?.rowNumber ?? 0;
    }
    expect(sizes).toEqual([5000, 5000, 2345]);
    expect(last).toBe(12_348);
    expect(shares[shares.length - 1]).toBe(1);

    const broken = await openSpreadsheet(Buffer.from([...lines, '"Lê Văn Tâm,A', 'Văn Thị Cúc,B'].join('\n')), 'hong.csv');
    const error = await (async () => {
      for await (const chunk of broken.chunks(5000)) expect(chunk.length).toBeGreaterThan(0);
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SpreadsheetError);
    expect((error as Error).message).toMatch(/^Không đọc được tệp "hong.csv": có dấu ngoặc kép/);
  });

  it('refuses an unclosed quote, a header-only file and a file without a header', async () => {
    expect(await refusal(Buffer.from('Họ và tên,Đơn vị\n"Lê Văn Tâm,A\nVăn Thị Cúc,B\n'), 'ngoac.csv')).toContain('dấu ngoặc kép');
    expect(await refusal(Buffer.from('Họ và tên,Đơn vị\n\n'), 'chitieude.csv')).toContain('không có dòng dữ liệu');
    expect(await refusal(Buffer.from('1,2\n3,4\n'), 'so.csv')).toContain('không tìm thấy dòng tiêu đề');
  });
});

describe('readSpreadsheet: files that are not spreadsheets', () => {
  it('refuses an empty file', async () => {
    expect(await refusal(fixture('empty.csv'), 'empty.csv')).toBe('Không đọc được tệp "empty.csv": tệp rỗng (0 byte).');
  });
  it('refuses a PNG, a PDF and random bytes', async () => {
    expect(await refusal(fixture('not-a-sheet.png'), 'anh.xlsx')).toContain('ảnh PNG');
    expect(await refusal(Buffer.from('%PDF-1.7\n%âãÏÓ\n'), 'ds.pdf')).toContain('tệp PDF');
    expect(await refusal(fixture('random.bin'), 'ngaunhien.csv')).toContain('không phải bảng tính');
  });
  it('refuses an old .xls (OLE header) with advice to save as .xlsx', async () => {
    const message = await refusal(fixture('old-excel.xls'), 'cu.xls');
    expect(message).toContain('Excel cũ (.xls)');
    expect(message).toContain('.xlsx');
  });
  it('refuses a Word document, an HTML table saved as .xls and a legacy-encoded CSV', async () => {
    const docx = await Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph('Danh sách')] }] }));
    expect(await refusal(Buffer.from(docx), 'ds.xlsx')).toContain('văn bản Word');
    expect(await refusal(Buffer.from('<html><body><table><tr><td>Họ tên</td></tr></table></body></html>'), 'xuat.xls')).toContain(
      'trang HTML',
    );
    const windows1258 = Buffer.from([0x48, 0xd5, 0x20, 0x74, 0xea, 0x6e, 0x2c, 0x44, 0xe1, 0x6e, 0x0a, 0x4c, 0xea, 0x2c, 0x41, 0x0a]);
    expect(await refusal(windows1258, 'cp1258.csv')).toContain('UTF-8');
  });
});

describe('cell text helpers', () => {
  it('writes numbers without exponent or float noise', () => {
    expect(numberToText(1084012345)).toBe('1084012345');
    expect(numberToText(123456789012)).toBe('123456789012');
    expect(numberToText(0.1 + 0.2)).toBe('0.3');
    expect(numberToText(1e21)).toBe('1000000000000000000000');
    expect(numberToText(-2.5)).toBe('-2.5');
  });
  it('converts Excel day numbers, 1900 and 1904 systems', () => {
    expect(dateToIso(excelSerialToDate(1))).toBe('1900-01-01');
    expect(dateToIso(excelSerialToDate(59))).toBe('1900-02-28');
    expect(dateToIso(excelSerialToDate(61))).toBe('1900-03-01');
    expect(dateToIso(excelSerialToDate(41080))).toBe('2012-06-20');
    expect(dateToIso(excelSerialToDate(41080 - 1462, true))).toBe('2012-06-20');
  });
  it('tells date formats from others', () => {
    expect(isDateFormat('dd/mm/yyyy')).toBe(true);
    expect(isDateFormat('[$-42A]d mmmm yyyy')).toBe(true);
    expect(isDateFormat('mm-dd-yy')).toBe(true);
    expect(isDateFormat('General')).toBe(false);
    expect(isDateFormat('#,##0 "đồng"')).toBe(false);
    expect(isDateFormat('hh:mm')).toBe(false);
  });
  it('detects the delimiter from the records, quotes respected', () => {
    expect(detectDelimiter('Tiêu đề\na;b;c\n"x, y";2;3\n')).toBe(';');
    expect(detectDelimiter('a\tb\tc\n1\t2,5\t3\n')).toBe('\t');
    expect(detectDelimiter('a,b,c\n"1;2",2,3\n')).toBe(',');
    expect(detectDelimiter('Họ và tên\nLê Văn Tâm\n')).toBe(',');
  });
});
