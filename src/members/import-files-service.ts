import type { AuthUser } from '../access/user.js';
import type { DbContext } from '../db/context.js';
import { NotFound } from '../lib/errors.js';
import { openSpreadsheet } from '../spreadsheet/read.js';
import { dateOrText, writeWorkbook } from '../spreadsheet/workbook.js';
import { FIELD_LABELS } from './import/columns.js';
import { memberTemplateSheets } from './import/template.js';
import type { RowError } from './import/validate.js';
import { deleteRejectedRowsBefore, findImportJob, rejectedRowsOf, saveRejectedRows, type RejectedRow } from './import-repo.js';
import { chosenMapping, importUnitChoices, planMemberImport, type PendingImport } from './import-service.js';
import type { ImportReviewInput } from './schema.js';

/**
 * The files around a member import: the template to fill, and the rows a check or an import
 * refused, sent back as .xlsx in the file's own columns with a "Lý do" column, so the officer fixes
 * them and uploads them again. An import job keeps its refused rows, so they can be downloaded
 * after it has ended.
 */

export const TEMPLATE_FILE_NAME = 'mau-danh-sach-doan-vien.xlsx';

/** The template: the importer's columns, an example row in the user's own union, and the "Hướng dẫn" sheet. */
export async function memberImportTemplate(ctx: DbContext, user: AuthUser): Promise<Buffer> {
  const units = await importUnitChoices(ctx, user);
  return writeWorkbook(memberTemplateSheets(units.map((u) => u.short_name)));
}

/** Rows kept at most per import (a file refused whole is to be fixed whole). */
export const MAX_KEPT_REJECTS = 200_000;

/** "Dòng 7: Số CCCD: Số CCCD "123" phải gồm 12 chữ số …; Giới tính: …" — the row in the file, and each problem by its field. */
function reasonsByRow(errors: readonly RowError[]): Map<number, string> {
  const by = new Map<number, string[]>();
  for (const e of errors) {
    const field = e.column || (FIELD_LABELS as Record<string, string>)[e.field] || e.field;
    const list = by.get(e.rowNumber) ?? [];
    list.push(`${field}: ${e.message}`);
    by.set(e.rowNumber, list);
  }
  return new Map([...by].map(([row, list]) => [row, `Dòng ${row}: ${list.join('; ')}`]));
}

/** The rows the errors name, read again from the file, with their reasons, in the file's order. */
export async function collectRejectedRows(
  bytes: Buffer,
  fileName: string,
  errors: readonly RowError[],
): Promise<{ headers: string[]; rows: RejectedRow[] }> {
  const reasons = reasonsByRow(errors);
  const sheet = await openSpreadsheet(bytes, fileName);
  const rows: RejectedRow[] = [];
  try {
    for await (const chunk of sheet.chunks())
      for (const row of chunk) {
        const reason = reasons.get(row.rowNumber);
        if (reason === undefined || rows.length >= MAX_KEPT_REJECTS) continue;
        rows.push({ rowNumber: row.rowNumber, cells: row.cells, reason });
        reasons.delete(row.rowNumber);
      }
  } finally {
    sheet.close();
  }
  // A problem of a row the reader did not hand over (none is expected) still gets its line.
  for (const [rowNumber, reason] of reasons)
    if (rows.length < MAX_KEPT_REJECTS) rows.push({ rowNumber, cells: sheet.headers.map(() => ''), reason });
  rows.sort((a, b) => a.rowNumber - b.rowNumber);
  return { headers: sheet.headers, rows };
}

/** The refused rows as a workbook: the file's columns as they were, then "Lý do". */
export function rejectedRowsWorkbook({ headers, rows }: { headers: string[]; rows: RejectedRow[] }): Promise<Buffer> {
  return writeWorkbook([
    {
      name: 'Dòng bị từ chối',
      header: true,
      rows: [[...headers, 'Lý do'], ...rows.map((r) => [...headers.map((_h, i) => dateOrText(r.cells[i] ?? '')), r.reason])],
      widths: [...headers.map((h) => Math.min(40, Math.max(12, h.length + 4))), 80],
      // Numbers read as text (an ID with its leading zero) stay text.
      textColumns: headers.map((_h, i) => i),
    },
  ]);
}

/** The rows the preview of an uploaded file refuses, with the columns chosen on the preview. */
export async function previewRejectedRows(
  ctx: DbContext,
  user: AuthUser,
  file: { pending: PendingImport; bytes: Buffer },
  input: ImportReviewInput,
): Promise<Buffer> {
  const { pending, bytes } = file;
  const options = { defaultUnitId: pending.defaultUnitId ?? undefined, defaultJoinedOn: pending.joinedOn };
  let plan = await planMemberImport(ctx, user, bytes, pending.fileName, options);
  if (Object.keys(input.columns).length > 0) {
    const mapping = chosenMapping(plan.mapping, input.columns, plan.table.headers.length);
    plan = await planMemberImport(ctx, user, bytes, pending.fileName, { ...options, mapping });
  }
  return rejectedRowsWorkbook(await collectRejectedRows(bytes, pending.fileName, plan.errors));
}

/** Keeps the rows an import job refused with the job. */
export async function keepJobRejects(ctx: DbContext, jobId: number, bytes: Buffer, fileName: string, errors: readonly RowError[]) {
  if (errors.length === 0) return;
  const { headers, rows } = await collectRejectedRows(bytes, fileName, errors);
  await saveRejectedRows(ctx, jobId, headers, rows);
}

/** The rows an import of the user's refused, from its job, also long after it ended. */
export async function jobRejectedRows(ctx: DbContext, user: AuthUser, jobId: number): Promise<Buffer> {
  const job = await findImportJob(ctx, jobId);
  // As the job's page: someone else's import is not found.
  if (!job || job.user_id !== user.id) throw new NotFound('Không có lần nhập này.');
  const kept = await rejectedRowsOf(ctx, jobId);
  if (!kept || kept.rows.length === 0) throw new NotFound('Lần nhập này không có dòng nào bị từ chối.');
  return rejectedRowsWorkbook(kept);
}

/** Refused rows hold personal data: they are kept 30 days after their import ended, then removed (the sweep at start and every hour). */
export const REJECTS_KEPT_MS = 30 * 24 * 3600 * 1000;

export function purgeOldRejectedRows(ctx: DbContext, now = Date.now()): Promise<number> {
  return deleteRejectedRowsBefore(ctx, now - REJECTS_KEPT_MS);
}
