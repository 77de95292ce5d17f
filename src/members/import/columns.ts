/** Which column of a member list holds which field: guessed from the headers, adjustable by the user. */
import { fold } from '../../lib/fold.js';
import { headerKey, mappedColumns, splitIndexes, type SplitColumns } from '../../spreadsheet/columns.js';

export const MEMBER_FIELDS = [
  { field: 'fullName', label: 'Họ và tên', required: true },
  { field: 'gender', label: 'Giới tính', required: false },
  { field: 'birthDate', label: 'Ngày sinh', required: false },
  { field: 'citizenId', label: 'Số CCCD', required: false },
  { field: 'phone', label: 'Số điện thoại', required: false },
  { field: 'job', label: 'Nghề nghiệp, chức vụ', required: false },
  { field: 'cardNumber', label: 'Số thẻ đoàn viên', required: false },
  { field: 'unit', label: 'Đơn vị (CĐCS)', required: true },
  { field: 'joinedOn', label: 'Ngày kết nạp', required: false },
  // The registry's fields (all optional); ethnicity and religion are sensitive personal data.
  { field: 'ethnicity', label: 'Dân tộc', required: false },
  { field: 'religion', label: 'Tôn giáo', required: false },
  { field: 'hometown', label: 'Quê quán', required: false },
  { field: 'address', label: 'Nơi ở hiện nay', required: false },
  { field: 'email', label: 'Email', required: false },
  { field: 'education', label: 'Trình độ học vấn', required: false },
  { field: 'qualification', label: 'Trình độ chuyên môn', required: false },
  { field: 'politicalTheory', label: 'Lý luận chính trị', required: false },
  { field: 'partyMember', label: 'Đảng viên', required: false },
  { field: 'partyJoinedOn', label: 'Ngày vào Đảng', required: false },
  { field: 'unionPosition', label: 'Chức vụ công đoàn', required: false },
  { field: 'fullTimeOfficer', label: 'Chuyên trách', required: false },
  { field: 'unionJoinedOn', label: 'Ngày vào công đoàn', required: false },
  { field: 'workforceType', label: 'Loại lao động', required: false },
] as const;

export type MemberField = (typeof MEMBER_FIELDS)[number]['field'];

export const FIELD_LABELS = Object.fromEntries(MEMBER_FIELDS.map((f) => [f.field, f.label])) as Record<MemberField, string>;

/**
 * Column indexes (0-based, into SheetTable.headers) of each field, or null.
 * fullName may span columns ("Họ và tên đệm" | "Tên"), joined with a space.
 * gender may be a pair of "Nam" | "Nữ" mark columns; birthDate may be the same pair
 * when the form writes the birth date under "Nam" or "Nữ".
 */
export interface ColumnMapping {
  fullName: number | number[] | null;
  gender: number | SplitColumns | null;
  birthDate: number | SplitColumns | null;
  citizenId: number | null;
  phone: number | null;
  job: number | null;
  cardNumber: number | null;
  unit: number | null;
  joinedOn: number | null;
  // The registry's fields: absent is no column.
  ethnicity?: number | null;
  religion?: number | null;
  hometown?: number | null;
  address?: number | null;
  email?: number | null;
  education?: number | null;
  qualification?: number | null;
  politicalTheory?: number | null;
  partyMember?: number | null;
  partyJoinedOn?: number | null;
  unionPosition?: number | null;
  fullTimeOfficer?: number | null;
  unionJoinedOn?: number | null;
  workforceType?: number | null;
}

type SimpleField = Exclude<MemberField, 'fullName' | 'gender' | 'birthDate'>;

const has = (key: string, ...parts: string[]) => parts.some((p) => ` ${key} `.includes(` ${p} `));

interface Rule {
  exact: string[];
  loose?: (key: string) => boolean;
}

const RULES: Record<SimpleField | 'fullName' | 'gender' | 'birthDate', Rule> = {
  joinedOn: {
    exact: ['ngay ket nap', 'ngay ket nap doan vien', 'ngay ket nap cong doan'],
    loose: (k) => has(k, 'ket nap') && !has(k, 'dang'),
  },
  unionJoinedOn: {
    exact: ['ngay vao cong doan', 'ngay vao cd', 'ngay gia nhap cong doan', 'ngay vao cdvn'],
    loose: (k) => has(k, 'vao cong doan', 'vao cd', 'gia nhap') && !has(k, 'dang'),
  },
  partyJoinedOn: {
    exact: ['ngay vao dang', 'ngay ket nap dang', 'ngay vao dang csvn', 'ngay vao dang chinh thuc'],
    loose: (k) => has(k, 'dang') && has(k, 'ngay', 'nam') && !has(k, 'dang vien'),
  },
  partyMember: {
    exact: ['dang vien', 'la dang vien', 'dang vien x', 'dv dang'],
    loose: (k) => has(k, 'dang vien') && !has(k, 'ngay'),
  },
  ethnicity: { exact: ['dan toc'], loose: (k) => has(k, 'dan toc') },
  religion: { exact: ['ton giao'], loose: (k) => has(k, 'ton giao') },
  hometown: { exact: ['que quan', 'nguyen quan', 'que'], loose: (k) => has(k, 'que quan', 'nguyen quan') },
  email: {
    exact: ['email', 'e mail', 'thu dien tu', 'dia chi email', 'dia chi thu dien tu'],
    loose: (k) => has(k, 'email', 'e mail', 'thu dien tu'),
  },
  address: {
    exact: ['noi o hien nay', 'noi o', 'cho o hien nay', 'cho o', 'dia chi', 'dia chi thuong tru', 'noi thuong tru', 'dia chi lien he'],
    loose: (k) => has(k, 'noi o', 'cho o', 'thuong tru', 'tam tru', 'dia chi') && !has(k, 'co quan', 'don vi'),
  },
  education: {
    exact: ['trinh do hoc van', 'hoc van', 'trinh do van hoa', 'van hoa', 'trinh do pho thong', 'trinh do giao duc pho thong'],
    loose: (k) => has(k, 'hoc van', 'van hoa', 'pho thong'),
  },
  qualification: {
    exact: ['trinh do chuyen mon', 'chuyen mon', 'trinh do chuyen mon nghiep vu', 'trinh do dao tao'],
    loose: (k) => has(k, 'chuyen mon', 'dao tao'),
  },
  politicalTheory: {
    exact: ['ly luan chinh tri', 'trinh do ly luan chinh tri', 'llct', 'trinh do llct', 'chinh tri'],
    loose: (k) => has(k, 'ly luan', 'llct', 'chinh tri'),
  },
  unionPosition: {
    exact: ['chuc vu cong doan', 'chuc vu cd', 'chuc danh cong doan', 'chuc vu trong cong doan'],
    loose: (k) => has(k, 'chuc vu', 'chuc danh') && has(k, 'cong doan', 'cd'),
  },
  fullTimeOfficer: {
    exact: ['chuyen trach', 'can bo chuyen trach', 'can bo cong doan chuyen trach', 'cbcd chuyen trach'],
    loose: (k) => has(k, 'chuyen trach'),
  },
  workforceType: {
    exact: ['loai lao dong', 'doi tuong lao dong', 'loai hinh lao dong', 'loai nguoi lao dong'],
    loose: (k) => has(k, 'loai lao dong', 'loai hinh lao dong'),
  },
  citizenId: {
    exact: [
      'so cccd',
      'cccd',
      'so dinh danh',
      'so dinh danh ca nhan',
      'cmnd cccd',
      'so cmnd cccd',
      'cccd cmnd',
      'so cmnd',
      'cmnd',
      'so can cuoc',
      'so can cuoc cong dan',
    ],
    loose: (k) => has(k, 'cccd', 'cmnd', 'cmt', 'dinh danh', 'can cuoc', 'chung minh') && !has(k, 'ngay', 'noi', 'cap'),
  },
  cardNumber: {
    exact: ['so the doan vien', 'so the', 'so the dv', 'ma the', 'the doan vien', 'ma doan vien', 'so the cd'],
    loose: (k) => has(k, 'so the', 'ma the', 'the doan vien', 'ma doan vien') && !has(k, 'ngay'),
  },
  birthDate: {
    exact: ['ngay sinh', 'nam sinh', 'ngay thang nam sinh', 'sinh ngay', 'ngay thang sinh', 'ns'],
    loose: (k) => has(k, 'sinh') && has(k, 'ngay', 'nam', 'thang') && !has(k, 'noi', 'que'),
  },
  fullName: {
    exact: ['ho va ten', 'ho ten', 'ten doan vien', 'ho va ten doan vien', 'ho ten doan vien', 'ho va ten dv', 'ho ten dv'],
    loose: (k) => (k.startsWith('ho va ten') || k.startsWith('ho ten')) && !has(k, 'dem', 'cha', 'me', 'vo', 'chong', 'con'),
  },
  gender: { exact: ['gioi tinh', 'nam nu', 'nam hoac nu', 'phai', 'gioi', 'gt'], loose: (k) => k.startsWith('gioi tinh') },
  phone: {
    exact: ['dien thoai', 'so dien thoai', 'sdt', 'dt', 'so dt', 'dtdd', 'di dong', 'dien thoai di dong', 'so dien thoai lien he'],
    loose: (k) => has(k, 'dien thoai', 'sdt', 'dtdd', 'di dong'),
  },
  job: {
    exact: ['nghe nghiep', 'chuc vu', 'cong viec', 'chuc danh', 'nghe nghiep chuc vu', 'chuc vu nghe nghiep', 'vi tri viec lam'],
    loose: (k) => has(k, 'nghe nghiep', 'chuc vu', 'cong viec', 'chuc danh', 'viec lam'),
  },
  unit: {
    exact: [
      'don vi',
      'cdcs',
      'cong doan co so',
      'don vi cong tac',
      'ten cdcs',
      'ten don vi',
      'thuoc cdcs',
      'co quan don vi',
      'ten cong doan co so',
    ],
    loose: (k) => has(k, 'cdcs', 'don vi', 'cong doan co so', 'co quan') && !has(k, 'ngay', 'cap tren', 'dia chi'),
  },
};

const LABEL_KEYS = Object.fromEntries(MEMBER_FIELDS.map((f) => [f.field, headerKey(f.label)])) as Record<MemberField, string>;

/** Fields in the order they claim columns: narrow headers before broad ones. */
const CLAIM_ORDER = [
  'partyJoinedOn',
  'unionJoinedOn',
  'joinedOn',
  'citizenId',
  'cardNumber',
  'birthDate',
  'fullName',
  'gender',
  'phone',
  'email',
  'unionPosition',
  'fullTimeOfficer',
  'partyMember',
  'politicalTheory',
  'qualification',
  'education',
  'workforceType',
  'ethnicity',
  'religion',
  'hometown',
  'job',
  'unit',
  'address',
] as const;

/** The first unclaimed column matching each field: exact names first, then looser ones. */
function claimColumns(keys: string[], skip: Set<number>): Partial<Record<(typeof CLAIM_ORDER)[number], number>> {
  const found: Partial<Record<(typeof CLAIM_ORDER)[number], number>> = {};
  const claimed = new Set(skip);
  const claim = (field: (typeof CLAIM_ORDER)[number], test: (key: string) => boolean) => {
    if (found[field] !== undefined) return;
    const i = keys.findIndex((k, idx) => !claimed.has(idx) && k !== '' && test(k));
    if (i >= 0) {
      found[field] = i;
      claimed.add(i);
    }
  };
  // A field's own label (MEMBER_FIELDS, the template's headers) names it before any other rule.
  for (const field of CLAIM_ORDER) claim(field, (k) => k === LABEL_KEYS[field]);
  for (const field of CLAIM_ORDER) claim(field, (k) => RULES[field].exact.includes(k));
  for (const field of CLAIM_ORDER) claim(field, (k) => RULES[field].loose?.(k) ?? false);
  return found;
}

/** The last part of a two-row header ("Giới tính - Nam" → "Nam"), and its group. */
function headerParts(header: string): { group: string; label: string } {
  const at = header.lastIndexOf(' - ');
  if (at < 0) return { group: '', label: header };
  return { group: header.slice(0, at), label: header.slice(at + 3) };
}

/** "Nam" (male) but not "Năm" (year): only the breve tells them apart once folded. */
function isMaleLabel(label: string): boolean {
  const bare = label
    .normalize('NFC')
    .toLowerCase()
    .replace(/\(.*\)|[^\p{L}]/gu, '');
  return bare === 'nam';
}

function isFemaleLabel(label: string): boolean {
  return fold(label.normalize('NFC')).replace(/\(.*\)|[^a-z]/g, '') === 'nu';
}

/** "Nam" | "Nữ" columns and the group above them, if any. */
function findSplit(headers: readonly string[]): { split: SplitColumns; group: string } | null {
  const parts = headers.map(headerParts);
  const male = parts.findIndex((p) => isMaleLabel(p.label));
  const female = parts.findIndex((p) => isFemaleLabel(p.label));
  if (male < 0 && female < 0) return null;
  const group = parts[male >= 0 ? male : female]?.group ?? '';
  return { split: { male: male >= 0 ? male : null, female: female >= 0 ? female : null }, group };
}

const FAMILY_KEYS = ['ho', 'ho dem', 'ho va dem', 'ho va ten dem', 'ho va chu dem', 'ho chu dem', 'ho lot', 'ho va ten lot'];

/** "Họ và tên đệm" | "Tên" (or "Họ" | "Đệm" | "Tên") columns. */
function findNameParts(keys: string[]): number[] | null {
  const family = keys.findIndex((k) => FAMILY_KEYS.includes(k));
  const given = keys.findIndex((k) => k === 'ten');
  if (family < 0 || given < 0) return null;
  const middle = keys.findIndex((k) => k === 'dem' || k === 'ten dem' || k === 'chu dem' || k === 'ten lot');
  return middle >= 0 ? [family, middle, given] : [family, given];
}

const REGISTRY_IMPORT_FIELDS = new Set<string>([
  'ethnicity',
  'religion',
  'hometown',
  'address',
  'email',
  'education',
  'qualification',
  'politicalTheory',
  'partyMember',
  'partyJoinedOn',
  'unionPosition',
  'fullTimeOfficer',
  'unionJoinedOn',
  'workforceType',
]);

function emptyMapping(): ColumnMapping {
  return {
    fullName: null,
    gender: null,
    birthDate: null,
    citizenId: null,
    phone: null,
    job: null,
    cardNumber: null,
    unit: null,
    joinedOn: null,
  };
}

/** The column of each field, guessed from common Vietnamese headers. */
export function guessColumnMapping(headers: readonly string[]): ColumnMapping {
  const keys = headers.map(headerKey);
  const split = findSplit(headers);
  const found = claimColumns(keys, new Set(split ? splitIndexes(split.split) : []));
  const mapping = emptyMapping();
  for (const field of CLAIM_ORDER) {
    const column = found[field];
    // The registry's fields appear only when the file has them.
    if (column !== undefined || !REGISTRY_IMPORT_FIELDS.has(field)) mapping[field] = column ?? null;
  }
  if (split && mapping.gender === null) {
    mapping.gender = split.split;
    if (RULES.birthDate.exact.includes(headerKey(split.group)) || RULES.birthDate.loose?.(headerKey(split.group))) {
      if (mapping.birthDate === null) mapping.birthDate = split.split;
    }
  }
  if (mapping.fullName === null) mapping.fullName = findNameParts(keys);
  return mapping;
}

/** The mapping with every field named (a registry field without a column as null), as the preview shows it. */
export function completeMapping(mapping: ColumnMapping): ColumnMapping {
  const out = { ...mapping } as Record<string, unknown>;
  for (const { field } of MEMBER_FIELDS) out[field] ??= null;
  return out as unknown as ColumnMapping;
}

function sameSplit(a: ColumnMapping[MemberField], b: ColumnMapping[MemberField]): boolean {
  return (
    typeof a === 'object' &&
    a !== null &&
    !Array.isArray(a) &&
    typeof b === 'object' &&
    b !== null &&
    !Array.isArray(b) &&
    a.male === b.male &&
    a.female === b.female
  );
}

/** What is wrong with a mapping (Vietnamese), or [] when it can be used. */
export function mappingProblems(mapping: ColumnMapping, headers: readonly string[], options: { hasDefaultUnit?: boolean } = {}): string[] {
  const problems: string[] = [];
  if (mappedColumns(mapping.fullName).length === 0) problems.push('Chưa chọn cột "Họ và tên".');
  if (mapping.unit === null && !options.hasDefaultUnit)
    problems.push('Chưa chọn cột "Đơn vị (CĐCS)" và chưa chọn đơn vị chung cho cả tệp.');
  if (typeof mapping.gender === 'object' && mapping.gender !== null && mapping.gender.male === null && mapping.gender.female === null) {
    problems.push('Cột "Giới tính" dạng đánh dấu cần ít nhất một cột "Nam" hoặc "Nữ".');
  }
  const owner = new Map<number, MemberField>();
  for (const { field, label } of MEMBER_FIELDS) {
    for (const col of mappedColumns(mapping[field] ?? null)) {
      if (!Number.isInteger(col) || col < 0 || col >= headers.length) {
        problems.push(`Cột đã chọn cho "${label}" không có trong tệp.`);
        continue;
      }
      const other = owner.get(col);
      const shared = other === 'gender' && field === 'birthDate' && sameSplit(mapping.gender, mapping.birthDate);
      if (other && !shared) problems.push(`Cột "${headers[col]}" được chọn cho cả "${FIELD_LABELS[other]}" và "${label}".`);
      else owner.set(col, field);
    }
  }
  return problems;
}
