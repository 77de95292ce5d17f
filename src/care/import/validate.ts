/**
 * Checking the rows of a care list read from a spreadsheet: each bad cell gives a RowError
 * with its row number, the header as written in the file and a Vietnamese reason quoting
 * the value. Rows without errors come out as ValidCareRow, amounts settled (an empty amount
 * takes the programme's default). The table ends at its "Tổng cộng" row: what follows
 * (the totals, "Bằng chữ", signatures) is not data.
 */
import type { CareReason, RecipientKind } from '../../db/schema.js';
import { todayInVietnam } from '../../lib/dates.js';
import { parseDong } from '../../lib/money.js';
import { headerKey, isTotalsLabel, mappedColumns, type SplitColumns } from '../../spreadsheet/columns.js';
import { readDate } from '../../spreadsheet/dates.js';
import { checkCitizenId, checkFullName, checkGender, collapseSpaces, nameKey, type Check } from '../../members/import/fields.js';
import { ColumnMappingError, overlongCellMessage, quote, type RowError } from '../../spreadsheet/errors.js';
import { isOverlongCell, type SheetRow, type SheetTable } from '../../spreadsheet/read.js';
import { CARE_FIELD_LABELS, careMappingProblems, type CareColumnMapping, type CareField } from './columns.js';

export type CareRowError = RowError<CareField>;

export interface ValidCareRow {
  rowNumber: number;
  /** NFC, single spaces, each word capitalised. */
  fullName: string;
  birthYear: number | null;
  /** 12 digits (CCCD) or 9 (old CMND). */
  citizenId: string | null;
  /** As the "Đối tượng" column says; null when it says nothing (the person is taken for a member). */
  kind: RecipientKind | null;
  /** The member parent of a child, as written. */
  parentName: string | null;
  unitId: number;
  reason: CareReason;
  /** The "Lý do, hoàn cảnh" text and the note. */
  description: string;
  cash: number;
  inKind: number;
  /** Which amounts came from the programme's defaults. */
  defaulted: { cash: boolean; inKind: boolean };
}

export interface CareValidateContext {
  /** The proposing unit a name designates, or the Vietnamese reason it cannot be used. */
  resolveUnit(name: string): { id: number } | { error: string };
  /** The unit of rows that name none; null when such rows are errors. */
  defaultUnitId: number | null;
  defaultCash: number;
  defaultInKind: number;
  /** The reason of rows whose "Lý do" cell names none of the known ones. */
  defaultReason: CareReason;
  today?: Date;
}

export interface CareValidation {
  valid: ValidCareRow[];
  errors: CareRowError[];
  /** The row number of the "Tổng cộng" row that ended the table, if any. */
  totalsRow: number | null;
  /** Rows of the list: not blank, above the "Tổng cộng" row. */
  rowCount: number;
}

const KIND_WORDS: Record<string, RecipientKind> = {
  'doan vien': 'member',
  dv: 'member',
  cdv: 'member',
  'la doan vien': 'member',
  'doan vien cong doan': 'member',
  'con doan vien': 'child',
  'con dv': 'child',
  'con cua doan vien': 'child',
  con: 'child',
  'con doan vien cong doan': 'child',
  'nguoi lao dong': 'worker',
  nld: 'worker',
  'cong nhan': 'worker',
  'cong nhan lao dong': 'worker',
  cnld: 'worker',
  'lao dong': 'worker',
  'chua la doan vien': 'worker',
  'nguoi lao dong chua la doan vien': 'worker',
  'nld chua la doan vien': 'worker',
  'nld chua la dv': 'worker',
  'khong phai doan vien': 'worker',
  'ngoai cong doan': 'worker',
};

/** Phrases of each reason, as lists write them; the one written first in a cell wins. */
const REASON_WORDS: Array<[CareReason, string[]]> = [
  ['grave_illness', ['benh hiem ngheo', 'hiem ngheo', 'ung thu']],
  ['long_illness', ['om dau dai ngay', 'om dai ngay', 'benh dai ngay', 'om dau', 'om nang']],
  ['work_accident', ['tai nan lao dong', 'benh nghe nghiep', 'tnld', 'bnn']],
  ['disaster', ['thien tai', 'bao lu', 'lu lut', 'lu quet', 'ngap lut', 'sat lo']],
  ['study', ['khuyen hoc', 'hoc sinh gioi', 'hoc gioi', 'hoc bong']],
  ['house', ['mai am', 'xay nha', 'sua nha', 'nha o', 'nha tinh nghia']],
  ['hardship', ['hoan canh kho khan', 'kho khan', 'ho ngheo', 'can ngheo']],
  ['holiday_gift', ['qua tet', 'tet', 'qua le']],
];

/** The reason a "Lý do, hoàn cảnh" text names, or null. */
export function recogniseReason(text: string): CareReason | null {
  const key = ` ${headerKey(text)} `;
  if (key === ' khac ') return 'other';
  let best: { reason: CareReason; at: number } | null = null;
  for (const [reason, phrases] of REASON_WORDS) {
    for (const phrase of phrases) {
      const at = key.indexOf(` ${phrase} `);
      if (at >= 0 && (best === null || at < best.at)) best = { reason, at };
    }
  }
  return best?.reason ?? null;
}

interface Cell {
  text: string;
  column: string;
  overlong: boolean;
}

const shortValue = (text: string) => (isOverlongCell(text) ? `${text.slice(0, 100)}…` : text);
const asSplit = (v: CareColumnMapping['birth' | 'gender']): SplitColumns | null => (typeof v === 'object' ? v : null);

/** Checks one row after another, remembering earlier rows to find the same person twice. */
class CareRowChecker {
  private readonly thisYear: number;
  private readonly today: string;
  private readonly units = new Map<string, { id: number } | { error: string }>();
  private readonly citizenIds = new Map<string, number>();
  private readonly people = new Map<string, number>();
  private row: SheetRow = { rowNumber: 0, cells: [] };
  private errors: CareRowError[] = [];

  constructor(
    private readonly table: SheetTable,
    private readonly mapping: CareColumnMapping,
    private readonly ctx: CareValidateContext,
  ) {
    this.today = todayInVietnam(ctx.today ?? new Date());
    this.thisYear = Number(this.today.slice(0, 4));
  }

  isBlank(row: SheetRow): boolean {
    return Object.values(this.mapping).every((v) => mappedColumns(v).every((c) => (row.cells[c] ?? '') === ''));
  }

  isTotals(row: SheetRow): boolean {
    const first = row.cells.find((c) => c !== '') ?? '';
    return isTotalsLabel(first) || isTotalsLabel(this.nameCell(row).text);
  }

  check(row: SheetRow): { row: ValidCareRow | null; errors: CareRowError[] } {
    this.row = row;
    this.errors = [];
    const fullName = this.fullName();
    const birthYear = this.birth();
    this.gender();
    const citizenId = this.citizenId();
    const kind = this.kind();
    const parentName = kind === 'child' ? this.parent() : null;
    const unitId = this.unit();
    const { reason, description } = this.reasonAndNote();
    const amounts = this.amounts();
    const identified = !this.errors.some((e) => e.field === 'birth' || e.field === 'citizenId');
    if (fullName !== null && identified) this.samePerson(fullName, birthYear, citizenId);
    if (this.errors.length > 0 || fullName === null || unitId === null || amounts === null) return { row: null, errors: this.errors };
    return {
      row: { rowNumber: row.rowNumber, fullName, birthYear, citizenId, kind, parentName, unitId, reason, description, ...amounts },
      errors: [],
    };
  }

  private cell(index: number | null): Cell {
    if (index === null) return { text: '', column: '', overlong: false };
    const text = this.row.cells[index] ?? '';
    return { text, column: this.table.headers[index] ?? '', overlong: isOverlongCell(text) };
  }

  /** The cell of a field, with the field's name as its column when the file has none. */
  private fieldCell(field: Exclude<CareField, 'fullName' | 'birth' | 'gender'>): Cell {
    const cell = this.cell(this.mapping[field]);
    return cell.column ? cell : { ...cell, column: CARE_FIELD_LABELS[field] };
  }

  private nameCell(row: SheetRow = this.row): Cell {
    const cells = mappedColumns(this.mapping.fullName).map((c) => ({ text: row.cells[c] ?? '', column: this.table.headers[c] ?? '' }));
    const text = cells
      .map((c) => c.text)
      .filter(Boolean)
      .join(' ');
    return { text, column: cells.map((c) => c.column).join(' + '), overlong: cells.some((c) => isOverlongCell(c.text)) };
  }

  private fail(field: CareField, cell: Cell, message: string): null {
    this.errors.push({
      rowNumber: this.row.rowNumber,
      column: cell.column || CARE_FIELD_LABELS[field],
      field,
      value: shortValue(cell.text),
      message,
    });
    return null;
  }

  /** The cell's text, or null (with an error) when it was cut for being too long. */
  private text(field: CareField, cell: Cell): string | null {
    if (!cell.overlong) return cell.text;
    return this.fail(field, cell, overlongCellMessage(CARE_FIELD_LABELS[field], cell.text));
  }

  private result<T>(field: CareField, cell: Cell, check: Check<T>): T | null {
    return check.ok ? check.value : this.fail(field, cell, check.message);
  }

  private fullName(): string | null {
    const cell = this.nameCell();
    const text = this.text('fullName', cell);
    return text === null ? null : this.result('fullName', cell, checkFullName(text));
  }

  /** The filled cell of a "Nam" | "Nữ" pair, or null (with an error) when both are filled. */
  private splitCell(field: 'birth' | 'gender', split: SplitColumns): Cell | null {
    const male = this.cell(split.male);
    const female = this.cell(split.female);
    if (male.text && female.text)
      return this.fail(
        field,
        { ...male, text: `${male.text} / ${female.text}` },
        `${CARE_FIELD_LABELS[field]}: ghi ở cả cột "Nam" và cột "Nữ" ("${male.text} / ${female.text}").`,
      );
    return female.text ? female : male;
  }

  private birth(): number | null {
    const split = asSplit(this.mapping.birth);
    const cell = split ? this.splitCell('birth', split) : this.cell(this.mapping.birth as number | null);
    if (cell === null) return null;
    const text = this.text('birth', cell);
    if (!text) return null;
    const latest = this.thisYear;
    if (/^\d{1,4}$/.test(text)) {
      const year = Number(text);
      if (year < 1900 || year > latest)
        return this.fail('birth', cell, `Năm sinh ${quote(text)} không hợp lệ: cần năm từ 1900 đến ${latest}.`);
      return year;
    }
    const reading = readDate(text);
    if (reading.kind === 'year')
      return reading.year <= latest ? reading.year : this.fail('birth', cell, `Năm sinh ${quote(text)} ở tương lai.`);
    if (reading.kind === 'date')
      return reading.iso <= this.today
        ? Number(reading.iso.slice(0, 4))
        : this.fail('birth', cell, `Ngày sinh ${quote(text)} ở tương lai.`);
    if (reading.kind === 'impossible') return this.fail('birth', cell, `Ngày sinh ${quote(text)} không có thật.`);
    return this.fail(
      'birth',
      cell,
      `Năm sinh ${quote(text)} không đọc được; hãy ghi năm sinh (ví dụ 1985) hoặc ngày/tháng/năm (ví dụ 20/6/1985).`,
    );
  }

  /** Checked though not kept: a gender where none belongs usually means the columns are shifted. */
  private gender(): void {
    const split = asSplit(this.mapping.gender);
    if (split) {
      if (!asSplit(this.mapping.birth)) this.splitCell('gender', split);
      return;
    }
    const cell = this.cell(this.mapping.gender as number | null);
    const text = this.text('gender', cell);
    if (text) this.result('gender', cell, checkGender(text));
  }

  private citizenId(): string | null {
    const cell = this.fieldCell('citizenId');
    const text = this.text('citizenId', cell);
    return text ? this.result('citizenId', cell, checkCitizenId(text)) : null;
  }

  private kind(): RecipientKind | null {
    const cell = this.fieldCell('kind');
    const text = this.text('kind', cell);
    if (!text) return null;
    return (
      KIND_WORDS[headerKey(text)] ??
      this.fail('kind', cell, `Đối tượng ${quote(text)} không rõ: hãy ghi "Đoàn viên", "Con đoàn viên" hoặc "Người lao động".`)
    );
  }

  private parent(): string | null {
    if (this.mapping.parent === null) {
      return this.fail(
        'kind',
        this.fieldCell('kind'),
        'Dòng "Con đoàn viên" cần họ tên cha hoặc mẹ là đoàn viên: hãy thêm cột "Họ tên cha/mẹ" vào tệp.',
      );
    }
    const cell = this.fieldCell('parent');
    const text = this.text('parent', cell);
    if (text === null) return null;
    if (text === '') return this.fail('parent', cell, 'Thiếu họ tên cha hoặc mẹ là đoàn viên của người con được hỗ trợ.');
    return this.result('parent', cell, checkFullName(text));
  }

  private unit(): number | null {
    const cell = this.fieldCell('unit');
    const text = this.text('unit', cell);
    if (text === null) return null;
    const name = collapseSpaces(text);
    if (name === '') return this.ctx.defaultUnitId ?? this.fail('unit', cell, 'Thiếu tên đơn vị (CĐCS) đề nghị hỗ trợ.');
    if (!this.units.has(name)) this.units.set(name, this.ctx.resolveUnit(name));
    const found = this.units.get(name)!;
    return 'id' in found ? found.id : this.fail('unit', cell, found.error);
  }

  private reasonAndNote(): { reason: CareReason; description: string } {
    const reasonText = collapseSpaces(this.text('reason', this.fieldCell('reason')) ?? '');
    const note = collapseSpaces(this.text('note', this.fieldCell('note')) ?? '');
    const description = [reasonText, note ? `Ghi chú: ${note}` : ''].filter(Boolean).join('\n');
    return { reason: recogniseReason(reasonText) ?? this.ctx.defaultReason, description };
  }

  private amount(field: 'cash' | 'inKind'): { value: number | null; ok: boolean } {
    const cell = this.fieldCell(field);
    const text = this.text(field, cell);
    if (text === null) return { value: null, ok: false };
    if (text === '') return { value: null, ok: true };
    const reading = parseDong(text);
    if (reading.ok) return { value: reading.value, ok: true };
    this.fail(field, cell, `${CARE_FIELD_LABELS[field]}: ${reading.message}`);
    return { value: null, ok: false };
  }

  private amounts(): Pick<ValidCareRow, 'cash' | 'inKind' | 'defaulted'> | null {
    const cash = this.amount('cash');
    const inKind = this.amount('inKind');
    if (!cash.ok || !inKind.ok) return null;
    const settled = {
      cash: cash.value ?? this.ctx.defaultCash,
      inKind: inKind.value ?? this.ctx.defaultInKind,
      defaulted: { cash: cash.value === null, inKind: inKind.value === null },
    };
    if (settled.cash + settled.inKind > 0) return settled;
    const noDefault = settled.defaulted.cash || settled.defaulted.inKind ? ' (chương trình không có mức hỗ trợ mặc định)' : '';
    return this.fail('cash', this.fieldCell('cash'), `Tiền mặt và giá trị hiện vật đều bằng 0${noDefault}: hãy ghi số tiền hỗ trợ.`);
  }

  /** The same person as an earlier row: same citizen ID, or same folded name and birth year. */
  private samePerson(fullName: string, birthYear: number | null, citizenId: string | null): void {
    const byId = citizenId ? this.citizenIds.get(citizenId) : undefined;
    if (byId !== undefined) {
      this.fail(
        'citizenId',
        this.fieldCell('citizenId'),
        `Số CCCD ${quote(citizenId ?? '')} trùng với dòng ${byId}: mỗi người chỉ ghi một dòng trong danh sách.`,
      );
      return;
    }
    const key = `${nameKey(fullName)}|${birthYear ?? ''}`;
    const first = this.people.get(key);
    if (first !== undefined) {
      const born = birthYear ? `, sinh năm ${birthYear},` : '';
      const hint = birthYear ? 'mỗi người chỉ ghi một dòng trong danh sách.' : 'nếu là hai người khác nhau, hãy ghi năm sinh hoặc số CCCD.';
      this.fail('fullName', this.nameCell(), `${quote(fullName)}${born} trùng với dòng ${first}: ${hint}`);
      return;
    }
    if (citizenId) this.citizenIds.set(citizenId, this.row.rowNumber);
    this.people.set(key, this.row.rowNumber);
  }
}

/**
 * Checks every row of a care list under a column mapping. Throws ColumnMappingError when
 * the file has no name column. Rows empty in every mapped column are passed over; the
 * "Tổng cộng" row and everything after it are left out.
 */
export function validateCareRows(table: SheetTable, mapping: CareColumnMapping, ctx: CareValidateContext): CareValidation {
  const problems = careMappingProblems(mapping, table.headers);
  if (problems.length > 0) throw new ColumnMappingError(problems);
  const checker = new CareRowChecker(table, mapping, ctx);
  const valid: ValidCareRow[] = [];
  const errors: CareRowError[] = [];
  let rowCount = 0;
  for (const row of table.rows) {
    if (checker.isTotals(row)) return { valid, errors, totalsRow: row.rowNumber, rowCount };
    if (checker.isBlank(row)) continue;
    rowCount++;
    const result = checker.check(row);
    if (result.row) valid.push(result.row);
    else errors.push(...result.errors);
  }
  return { valid, errors, totalsRow: null, rowCount };
}
