/**
 * Which column of a care list (a Tết list, a list of members to visit) holds which field.
 * The person's columns are found as the member import finds them; the care columns
 * (Đối tượng, Lý do, Tiền mặt, Hiện vật …) by their usual Vietnamese headers.
 */
import { guessColumnMapping } from '../../members/import/columns.js';
import { headerKey, mappedColumns, type SplitColumns } from '../../spreadsheet/columns.js';

export const CARE_FIELDS = [
  { field: 'fullName', label: 'Họ và tên' },
  { field: 'birth', label: 'Năm sinh' },
  { field: 'gender', label: 'Giới tính' },
  { field: 'citizenId', label: 'Số CCCD' },
  { field: 'kind', label: 'Đối tượng' },
  { field: 'parent', label: 'Cha/mẹ là đoàn viên' },
  { field: 'unit', label: 'Đơn vị (CĐCS)' },
  { field: 'reason', label: 'Lý do, hoàn cảnh' },
  { field: 'cash', label: 'Tiền mặt' },
  { field: 'inKind', label: 'Hiện vật (giá trị)' },
  { field: 'note', label: 'Ghi chú' },
] as const;

export type CareField = (typeof CARE_FIELDS)[number]['field'];

export const CARE_FIELD_LABELS = Object.fromEntries(CARE_FIELDS.map((f) => [f.field, f.label])) as Record<CareField, string>;

/**
 * Column indexes (0-based, into SheetTable.headers) of each field, or null. As in the
 * member import, the name may span columns and the birth year may sit under a
 * "Nam" | "Nữ" pair, which then tells the gender too.
 */
export interface CareColumnMapping {
  fullName: number | number[] | null;
  birth: number | SplitColumns | null;
  gender: number | SplitColumns | null;
  citizenId: number | null;
  kind: number | null;
  parent: number | null;
  unit: number | null;
  reason: number | null;
  cash: number | null;
  inKind: number | null;
  note: number | null;
}

type CareOnlyField = 'kind' | 'parent' | 'reason' | 'cash' | 'inKind' | 'note';

const has = (key: string, ...parts: string[]) => parts.some((p) => ` ${key} `.includes(` ${p} `));

interface Rule {
  exact: string[];
  loose: (key: string) => boolean;
}

const RULES: Record<CareOnlyField, Rule> = {
  inKind: {
    exact: [
      'hien vat',
      'gia tri hien vat',
      'hien vat gia tri',
      'hien vat quy ra tien',
      'qua',
      'gia tri qua',
      'qua tang',
      'gia tri qua tang',
    ],
    loose: (k) => has(k, 'hien vat', 'gia tri qua', 'qua tang'),
  },
  cash: {
    exact: ['tien mat', 'so tien', 'so tien ho tro', 'muc ho tro', 'tien ho tro', 'muc chi', 'so tien tang', 'so tien tham hoi'],
    loose: (k) =>
      has(k, 'tien mat') ||
      (has(k, 'so tien', 'muc ho tro', 'tien ho tro', 'muc chi') && !has(k, 'hien vat', 'tong', 'tong cong', 'thanh tien', 'bang chu')),
  },
  kind: {
    exact: ['doi tuong', 'loai doi tuong', 'doi tuong ho tro', 'doi tuong nhan', 'thanh phan'],
    loose: (k) => has(k, 'doi tuong'),
  },
  parent: {
    exact: [
      'cha me',
      'bo me',
      'ho ten cha me',
      'ho va ten cha me',
      'ho ten bo me',
      'cha me la doan vien',
      'con cua doan vien',
      'phu huynh',
      'ho ten phu huynh',
    ],
    loose: (k) => has(k, 'cha me', 'bo me', 'phu huynh', 'con cua'),
  },
  reason: {
    exact: ['ly do', 'hoan canh', 'ly do hoan canh', 'ly do ho tro', 'hoan canh gia dinh', 'ly do tham hoi', 'noi dung', 'noi dung ho tro'],
    loose: (k) => has(k, 'ly do', 'hoan canh', 'noi dung'),
  },
  note: { exact: ['ghi chu'], loose: (k) => has(k, 'ghi chu') },
};

/** Narrow headers claim their column before broad ones ("Hiện vật" before "Số tiền"). */
const CLAIM_ORDER: CareOnlyField[] = ['inKind', 'cash', 'kind', 'parent', 'reason', 'note'];

/** The column of each field, guessed from common Vietnamese headers. */
export function guessCareColumns(headers: readonly string[]): CareColumnMapping {
  const person = guessColumnMapping(headers);
  const mapping: CareColumnMapping = {
    fullName: person.fullName,
    birth: person.birthDate,
    gender: person.gender,
    citizenId: person.citizenId,
    unit: person.unit,
    kind: null,
    parent: null,
    reason: null,
    cash: null,
    inKind: null,
    note: null,
  };
  const claimed = new Set([mapping.fullName, mapping.birth, mapping.gender, mapping.citizenId, mapping.unit].flatMap(mappedColumns));
  const keys = headers.map(headerKey);
  const claim = (field: CareOnlyField, test: (key: string) => boolean) => {
    if (mapping[field] !== null) return;
    const i = keys.findIndex((k, idx) => !claimed.has(idx) && k !== '' && test(k));
    if (i < 0) return;
    mapping[field] = i;
    claimed.add(i);
  };
  for (const field of CLAIM_ORDER) claim(field, (k) => RULES[field].exact.includes(k));
  for (const field of CLAIM_ORDER) claim(field, RULES[field].loose);
  return mapping;
}

/** Headers of the columns no field uses ("STT", "Chức vụ" …): shown so the user knows they are left out. */
export function unusedHeaders(mapping: CareColumnMapping, headers: readonly string[]): string[] {
  const used = new Set(CARE_FIELDS.flatMap(({ field }) => mappedColumns(mapping[field])));
  return headers.filter((h, i) => h !== '' && !used.has(i));
}

const SCALED = /\b(nghin|ngan|trieu|1000|1 000)\b/;

/** What makes a mapping unusable (Vietnamese), or [] when it can be used. */
export function careMappingProblems(mapping: CareColumnMapping, headers: readonly string[]): string[] {
  const problems: string[] = [];
  if (mappedColumns(mapping.fullName).length === 0) problems.push('Không thấy cột "Họ và tên" trong dòng tiêu đề của tệp.');
  for (const field of ['cash', 'inKind'] as const) {
    const col = mapping[field];
    const header = col === null ? '' : (headers[col] ?? '');
    // An amount column counted in thousands would be read a thousand times too small.
    if (SCALED.test(headerKey(header)))
      problems.push(
        `Cột "${header}" ghi số tiền theo nghìn hoặc triệu đồng: hãy ghi số tiền theo đồng (ví dụ 500.000) và đặt tiêu đề cột là "${CARE_FIELD_LABELS[field]}".`,
      );
  }
  return problems;
}
