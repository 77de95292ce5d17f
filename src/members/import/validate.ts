/**
 * Checking member rows read from a spreadsheet: each bad cell gives a RowError with
 * its row number, the header as written in the file and a Vietnamese reason quoting
 * the value. Rows without errors come out as ValidMemberRow, ready to be written.
 */
import { formatIsoDate, todayInVietnam } from '../../lib/dates.js';
import { isOverlongCell } from '../../spreadsheet/cells.js';
import { isTotalsLabel, mappedColumns, type SplitColumns } from '../../spreadsheet/columns.js';
import { ColumnMappingError, overlongCellMessage, quote, type RowError as SheetRowError } from '../../spreadsheet/errors.js';
import { FIELD_LABELS, mappingProblems, type ColumnMapping, type MemberField } from './columns.js';
import { ageOn, birthdayAt, readDate, type DateReading } from '../../spreadsheet/dates.js';
import {
  checkCardNumber,
  checkCitizenId,
  checkEducation,
  checkEmail,
  checkEthnicity,
  checkFullName,
  checkGender,
  checkJob,
  checkPhone,
  checkPoliticalTheory,
  checkQualification,
  checkText,
  checkUnionPosition,
  checkWorkforceType,
  yesNoCheck,
  collapseSpaces,
  isMark,
  nameKey,
  type Check,
  type Gender,
} from './fields.js';
import type { SheetRow, SheetTable } from '../../spreadsheet/read.js';

export interface ValidMemberRow {
  rowNumber: number;
  /** NFC, single spaces, each word capitalised. */
  fullName: string;
  /** The name without diacritics, in lower case, with single spaces: what duplicates and searches compare. */
  nameFolded: string;
  gender: Gender | null;
  /** 'YYYY-MM-DD', or null when only the year (or nothing) is known. */
  birthDate: string | null;
  /** The birth year: from birthDate, or alone when the file gives a bare year ("1985"). */
  birthYear: number | null;
  /** 12 digits (CCCD) or 9 (old CMND). */
  citizenId: string | null;
  /** 0xxxxxxxxx */
  phone: string | null;
  job: string | null;
  cardNumber: string | null;
  unitId: number;
  joinedOn: string | null;
  // The registry's fields, present when the file has their column (null: not given); codes as `members/schema.ts` lists them, yes/no as 1/0.
  ethnicity?: string | null;
  religion?: string | null;
  hometown?: string | null;
  address?: string | null;
  email?: string | null;
  education?: string | null;
  qualification?: string | null;
  politicalTheory?: string | null;
  partyMember?: number | null;
  partyJoinedOn?: string | null;
  unionPosition?: string | null;
  fullTimeOfficer?: number | null;
  /** When the member joined the union; the period here starts on it when the file gives no admission date. */
  unionJoinedOn?: string | null;
  workforceType?: string | null;
}

/** A bad cell of a member list. */
export type RowError<F extends string = MemberField> = SheetRowError<F>;

export interface ValidationResult {
  valid: ValidMemberRow[];
  errors: RowError[];
}

export interface ValidateContext {
  /** The id of the grassroots union a name designates, among those the user may import into; null if none. */
  resolveUnit(name: string): number | null;
  /** The unit for rows with no unit column or an empty unit cell. */
  defaultUnitId?: number;
  today?: Date;
}

export const MIN_AGE = 15;
export const MAX_AGE = 100;

export { ColumnMappingError };

interface Cell {
  text: string;
  column: string;
  overlong: boolean;
}
interface Birth {
  birthDate: string | null;
  birthYear: number | null;
}

const NO_CELL: Cell = { text: '', column: '', overlong: false };

/** Whether a mapping names a column for a field. */
const mapped = (column: number | null | undefined): column is number => column !== null && column !== undefined;

/** Fields of one column checked by one function. */
type SimpleCheckField =
  | 'phone'
  | 'job'
  | 'ethnicity'
  | 'religion'
  | 'hometown'
  | 'address'
  | 'email'
  | 'education'
  | 'qualification'
  | 'politicalTheory'
  | 'partyMember'
  | 'unionPosition'
  | 'fullTimeOfficer'
  | 'workforceType';

const checkReligion = checkText('Tôn giáo', 100);
const checkHometown = checkText('Quê quán', 300);
const checkAddress = checkText('Nơi ở hiện nay', 300);
const checkPartyMember = yesNoCheck('Đảng viên');
const checkFullTime = yesNoCheck('Chuyên trách');
const asSplit = (v: ColumnMapping['gender' | 'birthDate']): SplitColumns | null => (typeof v === 'object' ? v : null);
const shortValue = (text: string) => (isOverlongCell(text) ? `${text.slice(0, 100)}…` : text);

function sameSplit(a: SplitColumns | null, b: SplitColumns | null): boolean {
  return a !== null && b !== null && a.male === b.male && a.female === b.female;
}

/** Checks one row after another, remembering what earlier rows held to find duplicates. */
class RowChecker {
  private readonly today: string;
  private readonly units = new Map<string, number | null>();
  private readonly citizenIds = new Map<string, number>();
  private readonly cardNumbers = new Map<string, number>();
  private readonly people = new Map<string, { rowNumber: number; name: string }>();
  private readonly genderSplit: SplitColumns | null;
  private readonly birthSplit: SplitColumns | null;
  private row: SheetRow = { rowNumber: 0, cells: [] };
  private errors: RowError[] = [];

  constructor(
    private readonly headers: readonly string[],
    private readonly mapping: ColumnMapping,
    private readonly ctx: ValidateContext,
  ) {
    this.today = todayInVietnam(ctx.today ?? new Date());
    this.genderSplit = asSplit(mapping.gender);
    this.birthSplit = asSplit(mapping.birthDate);
  }

  /** The member in a row, or null with the row's errors. */
  check(row: SheetRow): { member: ValidMemberRow | null; errors: RowError[] } {
    this.row = row;
    this.errors = [];
    const fullName = this.fullName();
    const gender = this.gender();
    const birth = this.birth();
    const nameFolded = fullName === null ? '' : nameKey(fullName);
    const member: ValidMemberRow = {
      rowNumber: row.rowNumber,
      fullName: fullName ?? '',
      nameFolded,
      gender,
      ...(birth ?? { birthDate: null, birthYear: null }),
      citizenId: this.unique('citizenId', checkCitizenId, this.citizenIds, 'Số CCCD'),
      phone: this.simple('phone', checkPhone),
      job: this.simple('job', checkJob),
      cardNumber: this.unique('cardNumber', checkCardNumber, this.cardNumbers, 'Số thẻ đoàn viên'),
      unitId: this.unit() ?? 0,
      joinedOn: this.day('joinedOn', 'Ngày kết nạp', birth),
    };
    this.registryFields(member, birth);

    if (fullName !== null && birth?.birthDate) this.samePerson(fullName, nameFolded, birth.birthDate);
    return { member: this.errors.length === 0 ? member : null, errors: this.errors };
  }

  /** The registry's fields of the columns the file has (a file without them adds nothing to its rows). */
  private registryFields(member: ValidMemberRow, birth: Birth | null): void {
    const m = this.mapping;
    if (mapped(m.ethnicity)) member.ethnicity = this.simple('ethnicity', checkEthnicity);
    if (mapped(m.religion)) member.religion = this.simple('religion', checkReligion);
    if (mapped(m.hometown)) member.hometown = this.simple('hometown', checkHometown);
    if (mapped(m.address)) member.address = this.simple('address', checkAddress);
    if (mapped(m.email)) member.email = this.simple('email', checkEmail);
    if (mapped(m.education)) member.education = this.simple('education', checkEducation);
    if (mapped(m.qualification)) member.qualification = this.simple('qualification', checkQualification);
    if (mapped(m.politicalTheory)) member.politicalTheory = this.simple('politicalTheory', checkPoliticalTheory);
    if (mapped(m.partyMember)) member.partyMember = this.simple('partyMember', checkPartyMember);
    if (mapped(m.unionPosition)) member.unionPosition = this.simple('unionPosition', checkUnionPosition);
    if (mapped(m.fullTimeOfficer)) member.fullTimeOfficer = this.simple('fullTimeOfficer', checkFullTime);
    if (mapped(m.workforceType)) member.workforceType = this.simple('workforceType', checkWorkforceType);
    if (mapped(m.unionJoinedOn)) member.unionJoinedOn = this.day('unionJoinedOn', 'Ngày vào công đoàn', birth);
    if (mapped(m.partyJoinedOn)) {
      const on = this.day('partyJoinedOn', 'Ngày vào Đảng', birth);
      member.partyJoinedOn = on;
      // A Party joining date says the member is in the Party, unless the row says otherwise.
      if (on !== null && member.partyMember === 0)
        this.fail('partyJoinedOn', this.cell(m.partyJoinedOn), 'Có ngày vào Đảng nhưng cột "Đảng viên" ghi "Không".');
      else if (on !== null) member.partyMember = 1;
    }
  }

  /** Whether a row has nothing in any mapped column (such rows are passed over). */
  isBlank(row: SheetRow): boolean {
    return Object.values(this.mapping).every((v) => mappedColumns(v ?? null).every((c) => (row.cells[c] ?? '') === ''));
  }

  /** The list's "Tổng cộng" row, in its first cell or its name. */
  isTotals(row: SheetRow): boolean {
    this.row = row;
    return isTotalsLabel(row.cells.find((c) => c !== '') ?? '') || isTotalsLabel(this.nameCell().text);
  }

  private cell(index: number | null): Cell {
    if (index === null) return NO_CELL;
    const text = this.row.cells[index] ?? '';
    return { text, column: this.headers[index] ?? '', overlong: isOverlongCell(text) };
  }

  private fail(field: MemberField, cell: Cell, message: string): null {
    this.errors.push({ rowNumber: this.row.rowNumber, column: cell.column, field, value: shortValue(cell.text), message });
    return null;
  }

  /** The cell's text, or null (with an error) when the cell was cut for being too long. */
  private text(field: MemberField, cell: Cell): string | null {
    if (!cell.overlong) return cell.text;
    return this.fail(field, cell, overlongCellMessage(FIELD_LABELS[field], cell.text));
  }

  private result<T>(field: MemberField, cell: Cell, check: Check<T>): T | null {
    return check.ok ? check.value : this.fail(field, cell, check.message);
  }

  private nameCell(): Cell {
    const cols = mappedColumns(this.mapping.fullName);
    const cells = cols.map((c) => this.cell(c));
    return {
      text: cells
        .map((c) => c.text)
        .filter(Boolean)
        .join(' '),
      column: cells.map((c) => c.column).join(' + '),
      overlong: cells.some((c) => c.overlong),
    };
  }

  private fullName(): string | null {
    const cell = this.nameCell();
    const text = this.text('fullName', cell);
    return text === null ? null : this.result('fullName', cell, checkFullName(text));
  }

  private simple<T>(field: SimpleCheckField, check: (raw: string) => Check<T>): T | null {
    const cell = this.cell(this.mapping[field] ?? null);
    const text = this.text(field, cell);
    return text ? this.result(field, cell, check(text)) : null;
  }

  private unique(
    field: 'citizenId' | 'cardNumber',
    check: (raw: string) => Check<string>,
    seen: Map<string, number>,
    label: string,
  ): string | null {
    const cell = this.cell(this.mapping[field]);
    const text = this.text(field, cell);
    const value = text ? this.result(field, cell, check(text)) : null;
    if (value === null) return null;
    const first = seen.get(value);
    if (first !== undefined) return this.fail(field, cell, `${label} ${quote(text ?? '')} trùng với dòng ${first}.`);
    seen.set(value, this.row.rowNumber);
    return value;
  }

  /** The filled cell of a "Nam" | "Nữ" pair; an empty lone column means the other gender. */
  private splitCell(split: SplitColumns): { cell: Cell; side: Gender | null; both: boolean } {
    const male = this.cell(split.male);
    const female = this.cell(split.female);
    if (male.text && female.text) return { cell: { ...male, text: `${male.text} / ${female.text}` }, side: null, both: true };
    if (male.text) return { cell: male, side: 'male', both: false };
    if (female.text) return { cell: female, side: 'female', both: false };
    const side = split.male === null ? 'male' : split.female === null ? 'female' : null;
    return { cell: NO_CELL, side, both: false };
  }

  private gender(): Gender | null {
    if (this.genderSplit) return this.splitGender(this.genderSplit);
    const cell = this.cell(this.mapping.gender as number | null);
    const text = this.text('gender', cell);
    return text ? this.result('gender', cell, checkGender(text)) : null;
  }

  private splitGender(split: SplitColumns): Gender | null {
    const { cell, side, both } = this.splitCell(split);
    if (both) return this.fail('gender', cell, `Giới tính: đánh dấu cả cột "Nam" và cột "Nữ" ("${cell.text}").`);
    if (this.text('gender', cell) === null) return null;
    const holdsBirthDates = sameSplit(split, this.birthSplit);
    if (cell.text && !holdsBirthDates && !isMark(cell.text)) {
      return this.fail('gender', cell, `Giới tính: ô ${quote(cell.text)} ở cột "${cell.column}" không phải dấu "x".`);
    }
    return side;
  }

  private birthCell(): Cell | null {
    if (!this.birthSplit) return this.cell(this.mapping.birthDate as number | null);
    const { cell, both } = this.splitCell(this.birthSplit);
    if (!both) return cell;
    if (!sameSplit(this.birthSplit, this.genderSplit))
      this.fail('birthDate', cell, `Ngày sinh ghi ở cả cột "Nam" và cột "Nữ" ("${cell.text}").`);
    return null;
  }

  private birth(): Birth | null {
    const cell = this.birthCell();
    if (cell === null) return null;
    const text = this.text('birthDate', cell);
    if (text === null) return null;
    if (text === '') return { birthDate: null, birthYear: null };
    const reading = readDate(text);
    const described = describeDate('Ngày sinh', text, reading);
    if (typeof described === 'string') return this.fail('birthDate', cell, described);
    const age = ageOn(described, this.today);
    if (age < 0) return this.fail('birthDate', cell, `Ngày sinh ${quote(text)} ở tương lai.`);
    if (age < MIN_AGE || age > MAX_AGE)
      return this.fail(
        'birthDate',
        cell,
        `Ngày sinh ${quote(text)}${serialNote(reading)} cho tuổi ${age}, ngoài khoảng ${MIN_AGE}–${MAX_AGE} tuổi.`,
      );
    return 'iso' in described
      ? { birthDate: described.iso, birthYear: Number(described.iso.slice(0, 4)) }
      : { birthDate: null, birthYear: described.year };
  }

  /** A full date of the member's life (kết nạp, vào Đảng, vào công đoàn): not in the future, not before they were fifteen. */
  private day(field: 'joinedOn' | 'partyJoinedOn' | 'unionJoinedOn', label: string, birth: Birth | null): string | null {
    const cell = this.cell(this.mapping[field] ?? null);
    const text = this.text(field, cell);
    if (!text) return null;
    const reading = readDate(text);
    if (reading.kind === 'year') return this.fail(field, cell, `${label} ${quote(text)} chỉ có năm; hãy ghi đủ ngày/tháng/năm.`);
    const described = describeDate(label, text, reading);
    if (typeof described === 'string') return this.fail(field, cell, described);
    const iso = (described as { iso: string }).iso;
    if (iso > this.today) return this.fail(field, cell, `${label} ${quote(text)}${serialNote(reading)} ở tương lai.`);
    const fifteen = birth?.birthDate
      ? birthdayAt(birth.birthDate, MIN_AGE)
      : birth?.birthYear
        ? `${birth.birthYear + MIN_AGE}-01-01`
        : null;
    if (fifteen && iso < fifteen) {
      const born = birth?.birthDate ? `sinh ngày ${formatIsoDate(birth.birthDate)}` : `sinh năm ${birth?.birthYear}`;
      return this.fail(field, cell, `${label} ${quote(text)}${serialNote(reading)} trước khi đoàn viên đủ ${MIN_AGE} tuổi (${born}).`);
    }
    return iso;
  }

  private unit(): number | null {
    const cell = this.cell(this.mapping.unit);
    const text = this.text('unit', cell);
    if (text === null) return null;
    const name = collapseSpaces(text);
    if (name === '') {
      if (this.ctx.defaultUnitId !== undefined) return this.ctx.defaultUnitId;
      return this.fail('unit', cell, 'Thiếu tên đơn vị (CĐCS).');
    }
    const id = this.resolveUnit(name);
    return id ?? this.fail('unit', cell, `Đơn vị ${quote(text)} không có trong danh sách đơn vị mà bạn được nhập đoàn viên.`);
  }

  private resolveUnit(name: string): number | null {
    if (!this.units.has(name)) this.units.set(name, this.ctx.resolveUnit(name));
    return this.units.get(name) ?? null;
  }

  /** The same folded name and birth date as an earlier row: "Nguyễn Văn Hùng" and "Nguyen Van Hung" alike. */
  private samePerson(fullName: string, nameFolded: string, birthDate: string): void {
    const key = `${nameFolded}|${birthDate}`;
    const first = this.people.get(key);
    if (!first) {
      this.people.set(key, { rowNumber: this.row.rowNumber, name: fullName });
      return;
    }
    const cell = this.nameCell();
    this.fail(
      'fullName',
      cell,
      `Đoàn viên ${quote(cell.text)} sinh ngày ${formatIsoDate(birthDate)} trùng với dòng ${first.rowNumber} (${quote(first.name)}).`,
    );
  }
}

/** " (số ngày Excel, tức 14/02/1900)" when a date was read from an Excel day number. */
function serialNote(reading: DateReading): string {
  return reading.kind === 'date' && reading.fromSerial ? ` (số ngày kiểu Excel, tức ${formatIsoDate(reading.iso)})` : '';
}

/** The date or year read, or the Vietnamese reason it cannot be used. */
function describeDate(label: string, text: string, reading: DateReading): { iso: string } | { year: number } | string {
  if (reading.kind === 'date') return { iso: reading.iso };
  if (reading.kind === 'year') return { year: reading.year };
  if (reading.kind === 'impossible') return `${label} ${quote(text)} không có thật.`;
  return `${label} ${quote(text)} không đọc được; hãy ghi dạng ngày/tháng/năm, ví dụ 20/6/1985.`;
}

/**
 * Checks rows of a list under a column mapping, a chunk at a time, remembering earlier
 * chunks to find duplicates across the whole list. Throws ColumnMappingError when the
 * mapping lacks the name or unit column. Rows empty in every mapped column are passed over.
 */
export class MemberRowChecker {
  private readonly rows: RowChecker;

  constructor(headers: readonly string[], mapping: ColumnMapping, ctx: ValidateContext) {
    const problems = mappingProblems(mapping, headers, { hasDefaultUnit: ctx.defaultUnitId !== undefined });
    if (problems.length > 0) throw new ColumnMappingError(problems);
    this.rows = new RowChecker(headers, mapping, ctx);
  }

  /** The row of the list's "Tổng cộng": it and what follows (signatures, notes) are not members. */
  totalsRow: number | null = null;

  check(rows: readonly SheetRow[]): ValidationResult {
    const valid: ValidMemberRow[] = [];
    const errors: RowError[] = [];
    for (const row of rows) {
      if (this.totalsRow !== null || this.rows.isBlank(row)) continue;
      if (this.rows.isTotals(row)) {
        this.totalsRow = row.rowNumber;
        continue;
      }
      const result = this.rows.check(row);
      if (result.member) valid.push(result.member);
      else for (const e of result.errors) errors.push(e);
    }
    return { valid, errors };
  }
}

/** Checks every row of a table at once; see MemberRowChecker. */
export function validateMemberRows(table: SheetTable, mapping: ColumnMapping, ctx: ValidateContext): ValidationResult {
  return new MemberRowChecker(table.headers, mapping, ctx).check(table.rows);
}
