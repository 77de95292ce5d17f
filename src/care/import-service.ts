import { createHash } from 'node:crypto';
import { recordAudit } from '../audit/audit.js';
import type { AuthUser } from '../access/user.js';
import { Forbidden } from '../lib/errors.js';
import { actorOf } from '../auth/service.js';
import { inTransaction, type DbContext } from '../db/context.js';
import type { CareReason, Programme, RecipientKind, Unit } from '../db/schema.js';
import { formatIsoDate, isValidIsoDate } from '../lib/dates.js';
import { UserFacingError } from '../lib/errors.js';
import { formatNumber } from '../lib/format.js';
import { headerKey } from '../spreadsheet/columns.js';
import { quote } from '../spreadsheet/errors.js';
import { readSpreadsheet, type SheetTable } from '../spreadsheet/read.js';
import { foldName } from '../members/service.js';
import { proposeCaseIn } from './service.js';
import { guessCareColumns, unusedHeaders, type CareColumnMapping } from './import/columns.js';
import { validateCareRows, type CareRowError, type ValidCareRow } from './import/validate.js';
import { readProgramme } from './programme-service.js';
import * as repo from './repo.js';
import { STATUS_LABELS, type CaseInput } from './schema.js';

/**
 * Importing a care list (a grassroots union's Tết list …) for one programme: read → check
 * every row → find each member in the registry → propose every valid row as a case, in
 * one transaction, through the same proposeCase the forms use. A row already imported
 * (same programme, unit and person) is skipped, so the same file imported twice adds nothing.
 */

export interface CareImportOptions {
  programmeId: number;
  /** The day of the visit or gift, for every row. */
  occurredOn: string;
  /** The reason of rows whose "Lý do" names none. */
  defaultReason: CareReason;
}

export interface PlannedCase {
  rowNumber: number;
  importKey: string;
  unitName: string;
  recipientName: string;
  kind: RecipientKind;
  cash: number;
  inKind: number;
  defaulted: ValidCareRow['defaulted'];
  input: CaseInput;
}

export interface RowWarning {
  rowNumber: number;
  message: string;
}

export interface CareImportPlan {
  fileName: string;
  programme: Programme;
  options: CareImportOptions;
  /** rowCount: the rows of the list, without blank ones nor what follows "Tổng cộng". */
  table: Pick<SheetTable, 'headers' | 'headerRow' | 'sheetName'> & { rowCount: number };
  mapping: CareColumnMapping;
  /** Headers of columns left out (STT …). */
  unused: string[];
  /** The "Tổng cộng" row where the list ended, if any. */
  totalsRow: number | null;
  errors: CareRowError[];
  /** Rows that will be imported, but the user should look at: the person already has a case in the programme … */
  warnings: RowWarning[];
  /** Valid rows new to the programme. */
  toWrite: PlannedCase[];
  /** Valid rows imported before. */
  alreadyImported: number;
}

export type CareImportMode = 'all' | 'valid-only';
export interface CareImportOutcome {
  added: number;
  skipped: number;
  rejected: number;
  cash: number;
  inKind: number;
}

/** A care list is one union's list for one programme: a few thousand rows at most. */
export const MAX_CARE_ROWS = 3000;
const CHUNK = 500;

const chunks = <T>(items: T[]): T[][] =>
  Array.from({ length: Math.ceil(items.length / CHUNK) }, (_, i) => items.slice(i * CHUNK, (i + 1) * CHUNK));
const programmeLabel = (p: Programme) => `"${p.name}"`;

/** Units the user may propose for in a programme: in their care.propose scope and under the programme's organiser. */
function proposableUnits(ctx: DbContext, user: AuthUser, programme: Programme): Promise<Unit[]> {
  return repo.activeUnitsInScope(ctx, user, 'care.propose', programme.unit_id);
}

const bareUnitKey = (key: string) => key.replace(/^(cong doan co so|cdcs|cong doan|cd) /, '');

/** Finds a unit by its short or full name, folded, with or without "CĐCS" in front. */
function unitResolver(units: Unit[], programme: Programme): (name: string) => { id: number } | { error: string } {
  const byKey = new Map<string, number | null>();
  const add = (key: string, id: number) => byKey.set(key, byKey.has(key) && byKey.get(key) !== id ? null : id);
  for (const u of units) {
    for (const name of [u.short_name, u.full_name]) {
      add(headerKey(name), u.id);
      add(bareUnitKey(headerKey(name)), u.id);
    }
  }
  return (name) => {
    const key = headerKey(name);
    const id = byKey.has(key) ? byKey.get(key) : byKey.get(bareUnitKey(key));
    if (id) return { id };
    if (id === null) return { error: `Tên đơn vị ${quote(name)} khớp với nhiều đơn vị: hãy ghi đủ tên như trong danh sách đơn vị.` };
    return {
      error: `Đơn vị ${quote(name)} không có trong các đơn vị bạn được đề nghị hỗ trợ trong chương trình ${programmeLabel(programme)}.`,
    };
  };
}

type RegistryMember = repo.RegistryMember;

/** The members of each unit the rows may designate, found by citizen ID or folded name. */
class Registry {
  private readonly byUnit = new Map<number, { byId: Map<string, RegistryMember>; byName: Map<string, RegistryMember[]> }>();

  static async load(ctx: DbContext, rows: ValidCareRow[]): Promise<Registry> {
    const registry = new Registry();
    const wanted = new Map<number, { ids: Set<string>; names: Set<string> }>();
    for (const r of rows) {
      if (r.kind === 'worker') continue;
      const w = wanted.get(r.unitId) ?? { ids: new Set<string>(), names: new Set<string>() };
      if (r.kind === 'child') w.names.add(foldName(r.parentName ?? ''));
      else {
        w.names.add(foldName(r.fullName));
        if (r.citizenId) w.ids.add(r.citizenId);
      }
      wanted.set(r.unitId, w);
    }
    for (const [unitId, w] of wanted) {
      const byId = new Map<string, RegistryMember>();
      const byName = new Map<string, RegistryMember[]>();
      const ids = chunks([...w.ids]);
      const names = chunks([...w.names]);
      for (let i = 0; i < Math.max(ids.length, names.length); i++) {
        for (const m of await repo.currentMembersUnder(ctx, unitId, ids[i] ?? [], names[i] ?? [])) {
          if (m.citizen_id) byId.set(m.citizen_id, m);
          const same = byName.get(m.name_folded) ?? [];
          if (!same.some((s) => s.id === m.id)) same.push(m);
          byName.set(m.name_folded, same);
        }
      }
      registry.byUnit.set(unitId, { byId, byName });
    }
    return registry;
  }

  byCitizenId(unitId: number, citizenId: string): RegistryMember | undefined {
    return this.byUnit.get(unitId)?.byId.get(citizenId);
  }

  byName(unitId: number, folded: string): RegistryMember[] {
    return this.byUnit.get(unitId)?.byName.get(folded) ?? [];
  }
}

type Recipient = CaseInput['recipient'];
type Matched =
  { recipient: Recipient; name: string; key: string; person: repo.SamePerson; warning: string | null } | { error: CareRowError };

const born = (year: number | null) => (year ? `, sinh năm ${year},` : '');

function rowError(
  row: ValidCareRow,
  table: SheetTable,
  mapping: CareColumnMapping,
  field: 'fullName' | 'parent',
  value: string,
  message: string,
): { error: CareRowError } {
  const col = mapping[field];
  const column = Array.isArray(col) ? col.map((c) => table.headers[c] ?? '').join(' + ') : col === null ? '' : (table.headers[col] ?? '');
  return {
    error: {
      rowNumber: row.rowNumber,
      column: column || (field === 'parent' ? 'Cha/mẹ là đoàn viên' : 'Họ và tên'),
      field,
      value,
      message,
    },
  };
}

/**
 * The recipient of a row. A member (the "Đối tượng" column says so, or says nothing) must be
 * found in the unit: by citizen ID, else by folded name and birth year; a child needs its
 * member parent found there by name; a worker is taken as written.
 */
function matchRecipient(row: ValidCareRow, unitName: string, registry: Registry, table: SheetTable, mapping: CareColumnMapping): Matched {
  const folded = foldName(row.fullName);
  if (row.kind === 'worker') {
    return {
      recipient: { kind: 'worker', fullName: row.fullName, birthYear: row.birthYear, citizenId: row.citizenId },
      name: row.fullName,
      key: `w|${folded}|${row.birthYear ?? ''}|${row.citizenId ?? ''}`,
      person: { memberId: null, folded, birthYear: row.birthYear, citizenId: row.citizenId },
      warning: null,
    };
  }
  if (row.kind === 'child') {
    const parentName = row.parentName ?? '';
    const parents = registry.byName(row.unitId, foldName(parentName));
    if (parents.length !== 1) {
      const message =
        parents.length === 0
          ? `Không tìm thấy đoàn viên ${quote(parentName)} (cha hoặc mẹ của ${row.fullName}) trong ${unitName}: kiểm tra lại họ tên như trong danh sách đoàn viên.`
          : `${unitName} có ${parents.length} đoàn viên tên ${quote(parentName)}: không biết ai là cha hoặc mẹ của ${row.fullName}; hãy đề nghị hồ sơ này trên trang hồ sơ chăm lo.`;
      return rowError(row, table, mapping, 'parent', parentName, message);
    }
    const parent = parents[0]!;
    return {
      recipient: { kind: 'child', parentMemberId: parent.id, fullName: row.fullName, birthYear: row.birthYear, citizenId: row.citizenId },
      name: row.fullName,
      key: `c|${parent.id}|${folded}|${row.birthYear ?? ''}`,
      person: { memberId: null, folded, birthYear: row.birthYear, citizenId: row.citizenId },
      warning: null,
    };
  }
  const byId = row.citizenId ? registry.byCitizenId(row.unitId, row.citizenId) : undefined;
  const candidates = byId
    ? [byId]
    : registry
        .byName(row.unitId, folded)
        .filter((m) => (row.birthYear === null || m.birth_year === row.birthYear) && (row.citizenId === null || m.citizen_id === null));
  if (candidates.length !== 1) {
    const message =
      candidates.length === 0
        ? `Không tìm thấy đoàn viên ${quote(row.fullName)}${born(row.birthYear)} trong ${unitName}: kiểm tra họ tên, năm sinh, số CCCD như trong danh sách đoàn viên; nếu người này chưa là đoàn viên, ghi "Người lao động" ở cột "Đối tượng".`
        : `${unitName} có ${candidates.length} đoàn viên ${quote(row.fullName)}${born(row.birthYear)}: hãy ghi thêm năm sinh hoặc số CCCD để biết là ai.`;
    return rowError(row, table, mapping, 'fullName', row.fullName, message);
  }
  const m = candidates[0]!;
  const warning =
    m.name_folded !== folded
      ? `Họ tên trong tệp ${quote(row.fullName)} khác họ tên của đoàn viên có số CCCD này (${m.full_name}): hồ sơ ghi theo danh sách đoàn viên.`
      : null;
  return {
    recipient: { kind: 'member', memberId: m.id },
    name: m.full_name,
    key: `m|${m.id}`,
    person: { memberId: m.id, folded: m.name_folded, birthYear: m.birth_year, citizenId: m.citizen_id },
    warning,
  };
}

const importKey = (programmeId: number, unitId: number, recipientKey: string) =>
  createHash('sha256').update(`care|${programmeId}|${unitId}|${recipientKey}`).digest('hex').slice(0, 40);

async function existingKeys(ctx: DbContext, keys: string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (const part of chunks(keys)) for (const k of await repo.findCaseImportKeys(ctx, part)) found.add(k);
  return found;
}

/** Warnings for people who already have a case in the programme. */
async function duplicateWarnings(
  ctx: DbContext,
  programme: Programme,
  rowNumber: number,
  name: string,
  person: repo.SamePerson,
): Promise<RowWarning[]> {
  const same = await repo.casesOfSamePerson(ctx, person, { programmeId: programme.id }, null);
  return same.map((c) => ({
    rowNumber,
    message: `${name} đã có hồ sơ số ${c.id} trong chương trình này (${c.unit_name}, ngày ${formatIsoDate(c.occurred_on)}, ${STATUS_LABELS[c.status].toLowerCase()}).`,
  }));
}

/** Reads and checks a care list for one programme; writes nothing. */
export async function planCareImport(
  ctx: DbContext,
  user: AuthUser,
  bytes: Buffer,
  fileName: string,
  options: CareImportOptions,
): Promise<CareImportPlan> {
  const programme = await readProgramme(ctx, user, options.programmeId);
  if (!isValidIsoDate(options.occurredOn)) throw new UserFacingError('Ngày thăm hỏi, trao quà không hợp lệ.');
  if (options.occurredOn < programme.starts_on || options.occurredOn > programme.ends_on) {
    throw new UserFacingError(
      `Ngày ${formatIsoDate(options.occurredOn)} nằm ngoài thời gian của chương trình ${programmeLabel(programme)} (${formatIsoDate(programme.starts_on)} – ${formatIsoDate(programme.ends_on)}).`,
    );
  }
  const units = await proposableUnits(ctx, user, programme);
  if (units.length === 0)
    throw new Forbidden(`Bạn không có đơn vị nào được đề nghị hỗ trợ trong chương trình ${programmeLabel(programme)}.`);
  const table = await readSpreadsheet(bytes, fileName, { maxRows: MAX_CARE_ROWS });
  const mapping = guessCareColumns(table.headers);
  const { valid, errors, totalsRow, rowCount } = validateCareRows(table, mapping, {
    resolveUnit: unitResolver(units, programme),
    defaultUnitId: units.some((u) => u.id === user.unitId) ? user.unitId : null,
    defaultCash: programme.default_cash,
    defaultInKind: programme.default_in_kind,
    defaultReason: options.defaultReason,
  });
  const unitNames = new Map(units.map((u) => [u.id, u.short_name]));
  const registry = await Registry.load(ctx, valid);
  const planned: Array<PlannedCase & { person: repo.SamePerson }> = [];
  const warnings: RowWarning[] = [];
  for (const row of valid) {
    const unitName = unitNames.get(row.unitId) ?? '';
    const matched = matchRecipient(row, unitName, registry, table, mapping);
    if ('error' in matched) {
      errors.push(matched.error);
      continue;
    }
    if (matched.warning) warnings.push({ rowNumber: row.rowNumber, message: matched.warning });
    planned.push({
      rowNumber: row.rowNumber,
      importKey: importKey(programme.id, row.unitId, matched.key),
      unitName,
      recipientName: matched.name,
      kind: matched.recipient.kind,
      cash: row.cash,
      inKind: row.inKind,
      defaulted: row.defaulted,
      person: matched.person,
      input: {
        programmeId: programme.id,
        recipient: matched.recipient,
        reason: row.reason,
        description: row.description,
        occurredOn: options.occurredOn,
        proposingUnitId: row.unitId,
        cashAmount: row.cash,
        inKindAmount: row.inKind,
      },
    });
  }
  const already = await existingKeys(
    ctx,
    planned.map((p) => p.importKey),
  );
  const fresh = planned.filter((p) => !already.has(p.importKey));
  for (const p of fresh) warnings.push(...(await duplicateWarnings(ctx, programme, p.rowNumber, p.recipientName, p.person)));
  return {
    fileName,
    programme,
    options,
    table: { headers: table.headers, headerRow: table.headerRow, sheetName: table.sheetName, rowCount },
    mapping,
    unused: unusedHeaders(mapping, table.headers),
    totalsRow,
    errors: errors.sort((a, b) => a.rowNumber - b.rowNumber),
    warnings: warnings.sort((a, b) => a.rowNumber - b.rowNumber),
    toWrite: fresh.map(({ person: _person, ...p }) => p),
    alreadyImported: planned.length - fresh.length,
  };
}

/**
 * Proposes the plan's cases in one transaction: every row, or (on request) only the valid
 * ones when the file has errors. Concurrent imports into one programme take turns, so a
 * row imported meanwhile is skipped rather than written twice.
 */
export async function commitCareImport(
  ctx: DbContext,
  user: AuthUser,
  plan: CareImportPlan,
  mode: CareImportMode,
): Promise<CareImportOutcome> {
  if (mode === 'all' && plan.errors.length > 0) {
    throw new UserFacingError(
      `Tệp ${plan.fileName} còn ${formatNumber(plan.errors.length)} lỗi: hãy sửa tệp, hoặc chọn chỉ nhập các dòng hợp lệ.`,
    );
  }
  const rejected = new Set(plan.errors.map((e) => e.rowNumber)).size;
  return inTransaction(ctx, async (tx) => {
    await repo.lockProgramme(tx, plan.programme.id);
    const imported = await existingKeys(
      tx,
      plan.toWrite.map((p) => p.importKey),
    );
    const outcome: CareImportOutcome = { added: 0, skipped: plan.alreadyImported, rejected, cash: 0, inKind: 0 };
    for (const row of plan.toWrite) {
      if (imported.has(row.importKey)) {
        outcome.skipped++;
        continue;
      }
      const { case: c } = await proposeCaseIn(tx, user, row.input, row.importKey);
      outcome.added++;
      outcome.cash += c.cash_amount;
      outcome.inKind += c.in_kind_amount;
    }
    await recordAudit(tx, {
      actor: actorOf(user),
      action: 'care_case.import',
      entity: 'programme',
      entityId: plan.programme.id,
      unitId: user.unitId,
      after: { file: plan.fileName, mode, ...outcome },
    });
    return outcome;
  });
}
