/**
 * A long .xlsx is handed to the main thread a chunk at a time: its rows stay in the worker
 * until they are read, so the main thread's heap does not grow with the sheet.
 */
import ExcelJS from 'exceljs';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSpreadsheet } from './read.js';

const ROWS = 200_000;
const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Phan', 'Vũ', 'Đặng'];
const GIVEN = ['An', 'Bình', 'Chi', 'Dũng', 'Hà', 'Hùng', 'Lan', 'Minh', 'Nga', 'Tâm'];

const rowOf = (i: number) => [
  `${FAMILY[i % 8]} Văn ${GIVEN[i % 10]} ${i}`,
  `${String((i % 28) + 1).padStart(2, '0')}/0${(i % 9) + 1}/1990`,
  String(1_000_000_000 + i),
];

/** The heap still in use: measured after a full collection, so garbage not yet collected does not count. */
function liveHeap(): number {
  v8.setFlagsFromString('--expose-gc');
  (vm.runInNewContext('gc') as () => void)();
  return process.memoryUsage().heapUsed;
}

async function longWorkbook(file: string): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true });
  const sheet = wb.addWorksheet('Danh sách');
  sheet.addRow(['Họ và tên', 'Ngày sinh', 'Số CCCD']).commit();
  for (let i = 1; i <= ROWS; i++) sheet.addRow(rowOf(i)).commit();
  sheet.commit();
  await wb.commit();
}

describe('a 200,000-row .xlsx', () => {
  let dir: string;
  let bytes: Buffer;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'congdoan-xlsx-'));
    const file = path.join(dir, 'dai.xlsx');
    await longWorkbook(file);
    bytes = fs.readFileSync(file);
  }, 120_000);
  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('is read a chunk at a time, the main heap growing by far less than the rows it holds', async () => {
    // What the workbook's writing left is let go first.
    await new Promise((resolve) => setTimeout(resolve, 100));
    liveHeap();
    const before = liveHeap();
    const sheet = await openSpreadsheet(bytes, 'dai.xlsx');
    expect(sheet.headers).toEqual(['Họ và tên', 'Ngày sinh', 'Số CCCD']);
    let rows = 0;
    let peak = 0;
    let last: string[] = [];
    for await (const chunk of sheet.chunks(5000)) {
      expect(chunk.length).toBeLessThanOrEqual(5000);
      if (rows === 0) expect(chunk[0]).toEqual({ rowNumber: 2, cells: rowOf(1) });
      rows += chunk.length;
      last = chunk.at(-1)!.cells;
      peak = Math.max(peak, liveHeap() - before);
    }
    expect(rows).toBe(ROWS);
    expect(last).toEqual(rowOf(ROWS));
    expect(sheet.readShare()).toBe(1);
    // Measured: 2.7 MB (a chunk, and two batches waiting); 118 MB when the worker handed every row over at once.
    expect(peak / 1024 / 1024).toBeLessThan(24);
  }, 120_000);
});
