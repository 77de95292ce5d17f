import { hash } from 'node:crypto';
import { recordAudit } from '../audit/audit.js';
import { grantUnitsFor, type AuthUser } from '../auth/policy.js';
import { actorOf } from '../auth/service.js';
import { insertRows, isAnyOf, type BulkColumn } from '../db/bulk.js';
import { inTransaction, type DbContext } from '../db/context.js';
import type { Unit } from '../db/schema.js';
import { formatIsoDate } from '../lib/dates.js';
import { UserFacingError } from '../lib/errors.js';
import { fold } from '../lib/fold.js';
import { formatNumber } from '../lib/format.js';
import { vietnameseNameSortKey } from '../lib/names.js';
import { listUnitsInScope } from '../org/repo.js';
import { guessColumnMapping, type ColumnMapping } from './import/columns.js';
import { readSpreadsheet, type SheetTable } from './import/read.js';
import { validateMemberRows, type RowError, type ValidMemberRow } from './import/validate.js';
import { applyCountChanges, type CountChange } from './repo.js';
import { foldName } from './service.js';

/**
 * Importing members from a spreadsheet: read → map columns → validate every row →
 * check against the registry → write all rows, or only the valid ones, in one
 * transaction. A row already imported (same unit, name, birth and ID) is skipped,
 * so the same file imported twice adds nothing.
 */

export interface ImportOptions {
  mapping?: ColumnMapping;
  defaultUnitId?: number;
  /** Joining date for rows whose file gives none. */
  defaultJoinedOn: string;
}

export interface ImportPlan {
  fileName: string;
  table: Pick<SheetTable, 'headers' | 'headerRow' | 'sheetName'> & { rowCount: number; sample: string[][] };
  mapping: ColumnMapping;
  errors: RowError[];
  /** Valid rows that are new to the registry. */
  toWrite: KeyedRow[];
  /** Valid rows already imported before. */
  alreadyImported: number;
}

type KeyedRow = ValidMemberRow & { nameFolded: string; importKey: string };

/** Rows looked up in the registry per query. */
const LOOKUP = 5000;
/** Rows written between two progress reports. */
const BATCH = 5000;

function importKey(r: ValidMemberRow, nameFolded: string): string {
  const text = [r.unitId, nameFolded, r.birthDate ?? r.birthYear ?? '', r.citizenId ?? ''].join('|');
  return hash('sha256', text).slice(0, 40);
}

/** Units a user may import into, found by short or full name, folded. */
function unitResolver(units: Unit[]): (name: string) => number | null {
  const byName = new Map<string, number>();
  for (const u of units) {
    if (u.level !== 'grassroots' && u.level !== 'division' && u.level !== 'group') continue;
    byName.set(fold(u.short_name).replace(/\s+/g, ' ').trim(), u.id);
    byName.set(fold(u.full_name).replace(/\s+/g, ' ').trim(), u.id);
  }
  return (name) => byName.get(fold(name).replace(/\s+/g, ' ').trim()) ?? null;
}

export async function planMemberImport(ctx: DbContext, user: AuthUser, bytes: Buffer, fileName: string, options: ImportOptions): Promise<ImportPlan> {
  const table = await readSpreadsheet(bytes, fileName);
  const mapping = options.mapping ?? guessColumnMapping(table.headers);
  const units = (await listUnitsInScope(ctx, grantUnitsFor(user, 'record.write'))).filter((u) => u.status === 'active');
  if (options.defaultUnitId !== undefined && !units.some((u) => u.id === options.defaultUnitId)) {
    throw new UserFacingError('Đơn vị mặc định không thuộc phạm vi của bạn.');
  }
  const { valid, errors } = validateMemberRows(table, mapping, { resolveUnit: unitResolver(units), defaultUnitId: options.defaultUnitId });
  // Rows are extended in place: a million-row file is not copied once more.
  const keyed = valid.map((r): KeyedRow => {
    const nameFolded = foldName(r.fullName);
    return Object.assign(r, { joinedOn: r.joinedOn ?? options.defaultJoinedOn, nameFolded, importKey: importKey(r, nameFolded) });
  });
  const existingKeys = new Set<string>();
  for (let i = 0; i < keyed.length; i += LOOKUP) {
    const rows = await ctx.db.selectFrom('members').select('import_key').where(isAnyOf(ctx, 'import_key', keyed.slice(i, i + LOOKUP).map((r) => r.importKey))).execute();
    for (const r of rows) if (r.import_key) existingKeys.add(r.import_key);
  }
  const fresh = keyed.filter((r) => !existingKeys.has(r.importKey));
  const conflicts = await registryConflicts(ctx, fresh);
  const conflictRows = new Set(conflicts.map((c) => c.rowNumber));
  return {
    fileName,
    table: { headers: table.headers, headerRow: table.headerRow, sheetName: table.sheetName, rowCount: table.rows.length, sample: table.rows.slice(0, 5).map((r) => r.cells) },
    mapping,
    errors: [...errors, ...conflicts].sort((a, b) => a.rowNumber - b.rowNumber),
    toWrite: fresh.filter((r) => !conflictRows.has(r.rowNumber)),
    alreadyImported: keyed.length - fresh.length,
  };
}

/** Rows that are people the registry already holds (same citizen ID, or same folded name and birth date). */
async function registryConflicts(ctx: DbContext, rows: KeyedRow[]): Promise<RowError[]> {
  const out: RowError[] = [];
  for (let i = 0; i < rows.length; i += LOOKUP) {
    const chunk = rows.slice(i, i + LOOKUP);
    const ids = chunk.flatMap((r) => (r.citizenId ? [r.citizenId] : []));
    const byId = ids.length
      ? new Map((await ctx.db.selectFrom('members').select(['citizen_id', 'full_name']).where(isAnyOf(ctx, 'citizen_id', ids)).where('erased_at', 'is', null).execute()).map((m) => [m.citizen_id, m.full_name]))
      : new Map<string | null, string>();
    const names = [...new Set(chunk.filter((r) => r.birthDate).map((r) => r.nameFolded))];
    const byNameBirth = new Map<string, string>();
    if (names.length) {
      for (const m of await ctx.db.selectFrom('members').select(['name_folded', 'birth_date', 'full_name']).where(isAnyOf(ctx, 'name_folded', names)).where('erased_at', 'is', null).execute()) {
        if (m.birth_date) byNameBirth.set(`${m.name_folded}|${m.birth_date}`, m.full_name);
      }
    }
    for (const r of chunk) {
      const sameId = r.citizenId ? byId.get(r.citizenId) : undefined;
      const sameNameBirth = r.birthDate ? byNameBirth.get(`${r.nameFolded}|${r.birthDate}`) : undefined;
      if (sameId) out.push({ rowNumber: r.rowNumber, column: 'Số CCCD', field: 'citizenId', value: r.citizenId ?? '', message: `Số CCCD "${r.citizenId}" trùng với đoàn viên đã có: ${sameId}.` });
      else if (sameNameBirth) out.push({ rowNumber: r.rowNumber, column: 'Họ và tên', field: 'fullName', value: r.fullName, message: `"${r.fullName}", sinh ngày ${formatIsoDate(r.birthDate ?? '')}, trùng với đoàn viên đã có: ${sameNameBirth}.` });
    }
  }
  return out;
}

const MEMBER_COLUMNS: BulkColumn[] = [
  ['full_name', 'text'], ['name_folded', 'text'], ['sort_key', 'text'], ['gender', 'text'], ['birth_date', 'text'], ['birth_year', 'integer'], ['citizen_id', 'text'],
  ['phone', 'text'], ['job', 'text'], ['card_number', 'text'], ['import_key', 'text'], ['created_at', 'bigint'], ['updated_at', 'bigint'],
];
const MEMBERSHIP_COLUMNS: BulkColumn[] = [['member_id', 'integer'], ['unit_id', 'integer'], ['started_on', 'text'], ['start_kind', 'text']];

export type ImportMode = 'all' | 'valid-only';
export interface ImportOutcome { added: number; skipped: number; rejected: number }

/** Writes the plan in one transaction: everything, or (on request) only the valid rows. */
export async function commitMemberImport(ctx: DbContext, user: AuthUser, plan: ImportPlan, mode: ImportMode, onProgress?: (done: number, total: number) => Promise<void> | void): Promise<ImportOutcome> {
  if (mode === 'all' && plan.errors.length > 0) {
    throw new UserFacingError(`Tệp ${plan.fileName} còn ${formatNumber(plan.errors.length)} lỗi: hãy sửa tệp, hoặc chọn chỉ nhập các dòng hợp lệ.`);
  }
  const rows = plan.toWrite;
  const now = Date.now();
  await inTransaction(ctx, async (tx) => {
    const changes = new Map<string, { unitId: number; day: string; change: CountChange }>();
    for (let i = 0; i < rows.length; i += BATCH) {
      const batch = rows.slice(i, i + BATCH);
      const inserted = await insertRows<{ id: number; import_key: string }>(tx, 'members', MEMBER_COLUMNS, batch.map((r) => [
        r.fullName, r.nameFolded, vietnameseNameSortKey(r.fullName), r.gender, r.birthDate, r.birthYear, r.citizenId, r.phone, r.job, r.cardNumber,
        r.importKey, now, now,
      ]), ['id', 'import_key']);
      const idByKey = new Map(inserted.map((m) => [m.import_key, Number(m.id)]));
      await insertRows(tx, 'memberships', MEMBERSHIP_COLUMNS, batch.map((r) => [idByKey.get(r.importKey) ?? 0, r.unitId, r.joinedOn ?? '', 'join']));
      for (const r of batch) {
        const key = `${r.unitId}|${r.joinedOn}`;
        const c = changes.get(key) ?? { unitId: r.unitId, day: r.joinedOn ?? '', change: { members: 0, women: 0, joined: 0, left: 0 } };
        c.change.members++;
        c.change.joined++;
        if (r.gender === 'female') c.change.women++;
        changes.set(key, c);
      }
      await onProgress?.(Math.min(i + BATCH, rows.length), rows.length);
    }
    await applyCountChanges(tx, [...changes.values()]);
    await recordAudit(tx, {
      actor: actorOf(user), action: 'member.import', entity: 'import', entityId: plan.fileName.slice(0, 60), unitId: user.unitId,
      after: { file: plan.fileName, mode, added: rows.length, skipped: plan.alreadyImported, rejected: plan.errors.length },
    });
  });
  return { added: rows.length, skipped: plan.alreadyImported, rejected: mode === 'valid-only' ? new Set(plan.errors.map((e) => e.rowNumber)).size : 0 };
}
