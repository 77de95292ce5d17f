import type { z } from 'zod';
import { caseFieldsSchema, programmeInputSchema, type CaseFields, type ProgrammeInput } from './schema.js';

/**
 * The care forms as typed: what the user sent (kept to show the form again) and the
 * service input read from it, or the problems, each under the field it belongs to.
 */

export type FormBody = Record<string, string | string[] | undefined> | undefined;
export type FieldErrors = Partial<Record<string, string>>;

const text = (body: FormBody, key: string, max = 4000): string => {
  const v = body?.[key];
  return (Array.isArray(v) ? (v[0] ?? '') : (v ?? '')).slice(0, max);
};
const list = (body: FormBody, key: string): string[] => {
  const v = body?.[key];
  return (Array.isArray(v) ? v : v === undefined ? [] : [v]).slice(0, 200);
};

export const idOf = (v: string): number | null => (/^\d{1,9}$/.test(v.trim()) && Number(v) > 0 ? Number(v) : null);
const optional = (v: string): string | undefined => (v.trim() === '' ? undefined : v.trim());

/** The first problem of each field, named as the form names its inputs. */
function issuesByField(issues: z.core.$ZodIssue[], fieldOf: (path: PropertyKey[]) => string): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const field = fieldOf(issue.path);
    errors[field] ??= issue.message;
  }
  return errors;
}

export type Parsed<T> = { ok: true; input: T } | { ok: false; errors: FieldErrors };

// --- Cases --------------------------------------------------------------------------------------

export const CASE_FIELDS = [
  'recipientKind',
  'memberQuery',
  'memberId',
  'fullName',
  'birthYear',
  'citizenId',
  'reason',
  'description',
  'occurredOn',
  'programmeId',
  'cashAmount',
  'inKindAmount',
  'proposingUnitId',
] as const;
export type CaseFormValues = Record<(typeof CASE_FIELDS)[number], string>;

export function caseValuesFrom(body: FormBody): CaseFormValues {
  return Object.fromEntries(CASE_FIELDS.map((k) => [k, text(body, k)])) as CaseFormValues;
}

const RECIPIENT_FIELD: Record<string, string> = {
  memberId: 'memberId',
  parentMemberId: 'memberId',
  fullName: 'fullName',
  birthYear: 'birthYear',
  citizenId: 'citizenId',
};

/** The case fields of the proposal and edit forms. */
export function caseFieldsFrom(v: CaseFormValues): Parsed<CaseFields> {
  const errors: FieldErrors = {};
  const kind = v.recipientKind;
  const memberId = idOf(v.memberId);
  if ((kind === 'member' || kind === 'child') && memberId === null) {
    errors.memberId =
      kind === 'member'
        ? 'Cần chọn đoàn viên: tìm theo họ tên rồi chọn một người trong danh sách.'
        : 'Cần chọn cha hoặc mẹ là đoàn viên: tìm theo họ tên rồi chọn một người trong danh sách.';
  }
  if (v.occurredOn.trim() === '') errors.occurredOn = 'Cần nhập ngày thăm hỏi, trao hỗ trợ.';
  let birthYear: number | null = null;
  if (v.birthYear.trim() !== '') {
    if (/^\d{4}$/.test(v.birthYear.trim())) birthYear = Number(v.birthYear.trim());
    else errors.birthYear = 'Năm sinh ghi bằng 4 chữ số, ví dụ 1985.';
  }
  const input = {
    programmeId: idOf(v.programmeId),
    recipient:
      kind === 'member'
        ? { kind, memberId }
        : kind === 'child'
          ? { kind, parentMemberId: memberId, fullName: v.fullName, birthYear, citizenId: optional(v.citizenId) ?? null }
          : kind === 'worker'
            ? { kind, fullName: v.fullName, birthYear, citizenId: optional(v.citizenId) ?? null }
            : { kind: null },
    reason: v.reason || undefined,
    description: v.description,
    occurredOn: v.occurredOn,
    cashAmount: optional(v.cashAmount),
    inKindAmount: optional(v.inKindAmount),
  };
  const parsed = caseFieldsSchema.safeParse(input);
  if (!parsed.success) {
    const found = issuesByField(parsed.error.issues, (path) =>
      path[0] === 'recipient' ? (RECIPIENT_FIELD[String(path[1])] ?? 'recipientKind') : String(path[0] ?? 'form'),
    );
    for (const [k, m] of Object.entries(found)) errors[k] ??= m;
  }
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, input: input as CaseFields };
}

// --- Programmes ---------------------------------------------------------------------------------

export interface ProgrammeFormValues {
  unitId: string;
  name: string;
  startsOn: string;
  endsOn: string;
  budget: string;
  defaultCash: string;
  defaultInKind: string;
  publishTotals: boolean;
  fundIds: string[];
}

export function programmeValuesFrom(body: FormBody): ProgrammeFormValues {
  return {
    unitId: text(body, 'unitId'),
    name: text(body, 'name', 300),
    startsOn: text(body, 'startsOn'),
    endsOn: text(body, 'endsOn'),
    budget: text(body, 'budget'),
    defaultCash: text(body, 'defaultCash'),
    defaultInKind: text(body, 'defaultInKind'),
    publishTotals: text(body, 'publishTotals') === '1',
    fundIds: list(body, 'fundIds'),
  };
}

export function programmeInputFrom(v: ProgrammeFormValues): Parsed<ProgrammeInput & { unitId: number; fundIds: number[] }> {
  const errors: FieldErrors = {};
  const unitId = idOf(v.unitId);
  if (unitId === null) errors.unitId = 'Cần chọn đơn vị tổ chức.';
  const fundIds = v.fundIds.map(idOf).filter((id): id is number => id !== null);
  const input = {
    unitId: unitId ?? 1,
    name: v.name,
    startsOn: v.startsOn,
    endsOn: v.endsOn,
    budget: v.budget.trim(),
    defaultCash: optional(v.defaultCash),
    defaultInKind: optional(v.defaultInKind),
    publishTotals: v.publishTotals,
    fundIds,
  };
  const parsed = programmeInputSchema.safeParse(input);
  if (!parsed.success) {
    // The period check is on the whole object: its message belongs next to the end date.
    const found = issuesByField(parsed.error.issues, (path) => (path.length === 0 ? 'endsOn' : String(path[0])));
    for (const [k, m] of Object.entries(found)) errors[k] ??= m;
  }
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, input: { ...input, unitId: unitId! } };
}
