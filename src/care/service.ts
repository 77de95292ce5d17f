import type { AuditAction } from '../audit/actions.js';
import { recordAudit } from '../audit/audit.js';
import type { Action } from '../access/roles.js';
import { canAnywhere, type AuthUser } from '../access/user.js';
import { authorize, can } from '../access/scope.js';
import { actorOf } from '../auth/service.js';
import { inTransaction, type DbContext } from '../db/context.js';
import type { CareCase, CareCaseStatus, Fund, FundEntry, Programme } from '../db/schema.js';
import { authorizePayFrom } from '../funds/policy.js';
import { checkEntryDate, findFund, lockFunds, writePayoutIn } from '../funds/service.js';
import { formatIsoDate, isValidIsoDate } from '../lib/dates.js';
import { Conflict, Forbidden, NotFound, UserFacingError } from '../lib/errors.js';
import * as memberRepo from '../members/repo.js';
import { foldName } from '../members/service.js';
import { findUnitById } from '../org/repo.js';
import type { UploadedFile } from '../web/multipart.js';
import { parseInput } from '../web/parse.js';
import { removeAttachmentFile, saveAttachment, sniffAttachment, type AttachmentKind } from './attachment-files.js';
import { authorizeAbove, authorizeCareRead, CARE_READ_ACTIONS, caseActions, mayAttachTo, refuseProposer } from './policy.js';
import * as repo from './repo.js';
import {
  CARE_WORK_PARAMS,
  caseFieldsSchema,
  caseInputSchema,
  REASON_LABELS,
  STATUS_LABELS,
  type CareWorkParam,
  type CaseFields,
  type CaseInput,
} from './schema.js';

/**
 * Care cases: proposed by a unit → approved or returned by a unit above it → paid from a
 * fund (the ledger's payout entry) → closed. Every update is checked against the version
 * the user saw.
 */

export interface CaseResult {
  case: CareCase;
  warnings: string[];
}

type Fields = ReturnType<typeof caseFieldsSchema.parse>;

async function requireCase(ctx: DbContext, id: number): Promise<CareCase> {
  const c = await repo.findCase(ctx, id);
  if (!c) throw new NotFound('Không có hồ sơ hỗ trợ này.');
  return c;
}

async function requireMemberInScope(tx: DbContext, user: AuthUser, memberId: number) {
  const member = await memberRepo.findMember(tx, memberId);
  if (!member || member.erased_at) throw new UserFacingError(`Không có đoàn viên số ${memberId}.`);
  const unitId = (await memberRepo.latestMembership(tx, memberId))?.unit_id ?? null;
  if (!(await can(tx, user, 'care.propose', unitId))) throw new Forbidden(`Đoàn viên ${member.full_name} không thuộc phạm vi của bạn.`);
  return member;
}

/** The recipient's columns, and what identifies the person for the duplicate check. */
async function recipientValues(tx: DbContext, user: AuthUser, r: Fields['recipient']) {
  if (r.kind === 'member') {
    const m = await requireMemberInScope(tx, user, r.memberId);
    // The citizen ID stays on the member record; the case keeps only what it needs.
    return {
      values: {
        recipient_kind: r.kind,
        member_id: m.id,
        parent_member_id: null,
        recipient_name: m.full_name,
        recipient_folded: foldName(m.full_name),
        recipient_birth_year: m.birth_year,
        recipient_citizen_id: null,
      },
      person: { memberId: m.id, folded: foldName(m.full_name), birthYear: m.birth_year, citizenId: m.citizen_id },
    };
  }
  const parent = r.kind === 'child' ? await requireMemberInScope(tx, user, r.parentMemberId) : null;
  return {
    values: {
      recipient_kind: r.kind,
      member_id: null,
      parent_member_id: parent?.id ?? null,
      recipient_name: r.fullName,
      recipient_folded: foldName(r.fullName),
      recipient_birth_year: r.birthYear,
      recipient_citizen_id: r.citizenId,
    },
    person: { memberId: null, folded: foldName(r.fullName), birthYear: r.birthYear, citizenId: r.citizenId },
  };
}

async function programmeFor(tx: DbContext, programmeId: number | null, unitId: number, occurredOn: string): Promise<Programme | null> {
  if (programmeId === null) return null;
  const programme = await repo.findProgramme(tx, programmeId);
  if (!programme) throw new UserFacingError(`Không có chương trình số ${programmeId}.`);
  if (!(await repo.isWithin(tx, programme.unit_id, unitId))) {
    throw new UserFacingError(
      `Chương trình "${programme.name}" không áp dụng cho đơn vị này: đơn vị phải thuộc đơn vị tổ chức chương trình.`,
    );
  }
  if (occurredOn < programme.starts_on || occurredOn > programme.ends_on) {
    throw new UserFacingError(
      `Ngày ${formatIsoDate(occurredOn)} nằm ngoài thời gian của chương trình "${programme.name}" (${formatIsoDate(programme.starts_on)} – ${formatIsoDate(programme.ends_on)}).`,
    );
  }
  return programme;
}

/** The case's columns from what the user sent; amounts left out take the programme's defaults. */
async function caseValues(tx: DbContext, user: AuthUser, f: Fields, unitId: number) {
  const programme = await programmeFor(tx, f.programmeId, unitId, f.occurredOn);
  const cash = f.cashAmount ?? programme?.default_cash ?? 0;
  const inKind = f.inKindAmount ?? programme?.default_in_kind ?? 0;
  if (cash + inKind <= 0) throw new UserFacingError('Cần nhập số tiền mặt hoặc giá trị hiện vật.');
  const { values, person } = await recipientValues(tx, user, f.recipient);
  return {
    programme,
    person,
    values: {
      ...values,
      programme_id: f.programmeId,
      reason: f.reason,
      description: f.description,
      occurred_on: f.occurredOn,
      cash_amount: cash,
      in_kind_amount: inKind,
    },
  };
}

/** A warning when the same person already has a case in the same programme, or (without one) in the same year for the same reason. */
async function duplicateWarnings(
  tx: DbContext,
  person: repo.SamePerson,
  name: string,
  programme: Programme | null,
  f: Pick<Fields, 'occurredOn' | 'reason'>,
  excludeId: number | null,
): Promise<string[]> {
  const year = f.occurredOn.slice(0, 4);
  const same = await repo.casesOfSamePerson(
    tx,
    person,
    programme ? { programmeId: programme.id } : { from: `${year}-01-01`, to: `${year}-12-31`, reason: f.reason },
    excludeId,
  );
  const where = programme ? `trong chương trình "${programme.name}"` : `với lý do "${REASON_LABELS[f.reason]}" trong năm ${year}`;
  return same.map(
    (c) =>
      `${name} đã có hồ sơ số ${c.id} ${where} (${c.unit_name}, ngày ${formatIsoDate(c.occurred_on)}, ${STATUS_LABELS[c.status].toLowerCase()}).`,
  );
}

// Personal details (name, health, citizen ID) stay out of the audit log.
const auditView = (
  c: Pick<
    CareCase,
    'status' | 'version' | 'programme_id' | 'cash_amount' | 'in_kind_amount' | 'occurred_on' | 'recipient_kind' | 'member_id'
  >,
) => ({
  status: c.status,
  version: c.version,
  programme_id: c.programme_id,
  cash_amount: c.cash_amount,
  in_kind_amount: c.in_kind_amount,
  occurred_on: c.occurred_on,
  recipient_kind: c.recipient_kind,
  member_id: c.member_id,
});

/** Proposes a case for a unit; `importKey` marks a spreadsheet row so a re-import adds nothing. */
export async function proposeCase(ctx: DbContext, user: AuthUser, input: CaseInput, importKey: string | null = null): Promise<CaseResult> {
  const f = parseInput(caseInputSchema, input);
  await authorize(ctx, user, 'care.propose', f.proposingUnitId);
  return inTransaction(ctx, (tx) => proposeParsed(tx, user, f, importKey));
}

/** proposeCase inside the caller's transaction: the rows of an imported list land together or not at all. */
export async function proposeCaseIn(tx: DbContext, user: AuthUser, input: CaseInput, importKey: string | null = null): Promise<CaseResult> {
  const f = parseInput(caseInputSchema, input);
  await authorize(tx, user, 'care.propose', f.proposingUnitId);
  return proposeParsed(tx, user, f, importKey);
}

async function proposeParsed(
  tx: DbContext,
  user: AuthUser,
  f: ReturnType<typeof caseInputSchema.parse>,
  importKey: string | null,
): Promise<CaseResult> {
  if (importKey !== null && (await repo.findCaseByImportKey(tx, importKey))) throw new Conflict('Dòng này đã được nhập trước đây.');
  if (!(await findUnitById(tx, f.proposingUnitId))) throw new UserFacingError(`Không có đơn vị số ${f.proposingUnitId}.`);
  const { programme, person, values } = await caseValues(tx, user, f, f.proposingUnitId);
  const now = Date.now();
  const created = await repo.insertCase(tx, {
    ...values,
    proposing_unit_id: f.proposingUnitId,
    status: 'proposed',
    fund_id: null,
    proposed_by: user.id,
    proposed_at: now,
    decided_by: null,
    decided_at: null,
    decision_note: null,
    paid_entry_id: null,
    paid_by: null,
    paid_at: null,
    closed_at: null,
    import_key: importKey,
  });
  await recordAudit(tx, {
    actor: actorOf(user),
    action: 'care_case.propose',
    entity: 'care_case',
    entityId: created.id,
    unitId: f.proposingUnitId,
    after: auditView(created),
  });
  return { case: created, warnings: await duplicateWarnings(tx, person, values.recipient_name, programme, f, created.id) };
}

async function staleConflict(tx: DbContext, id: number): Promise<never> {
  const latest = await repo.findCase(tx, id);
  if (latest && (latest.status === 'paid' || latest.status === 'closed')) throw new Conflict(`Hồ sơ số ${id} đã được chi.`);
  throw new Conflict(
    `Hồ sơ số ${id} đã được người khác cập nhật (hiện ${latest ? `ở trạng thái "${STATUS_LABELS[latest.status]}"` : 'không còn'}) trong khi bạn đang xem. Thay đổi của bạn chưa được lưu; hãy mở lại hồ sơ để xem bản mới nhất.`,
  );
}

function requireStatus(c: CareCase, version: number, allowed: CareCaseStatus[], verb: string): void {
  if (c.version !== version) return; // the guarded update reports it
  if (!allowed.includes(c.status)) throw new UserFacingError(`Không thể ${verb}: hồ sơ đang ở trạng thái "${STATUS_LABELS[c.status]}".`);
}

/**
 * Whoever last wrote a proposal answers for it: editing or resubmitting makes the editor
 * its proposer, so they cannot approve it either.
 */
export async function editCase(ctx: DbContext, user: AuthUser, caseId: number, version: number, input: CaseFields): Promise<CaseResult> {
  const f = parseInput(caseFieldsSchema, input);
  const current = await requireCase(ctx, caseId);
  await authorize(ctx, user, 'care.propose', current.proposing_unit_id);
  requireStatus(current, version, ['proposed', 'returned'], 'sửa hồ sơ');
  return inTransaction(ctx, async (tx) => {
    const { programme, person, values } = await caseValues(tx, user, f, current.proposing_unit_id);
    if (!(await repo.updateCaseIf(tx, caseId, version, ['proposed', 'returned'], { ...values, proposed_by: user.id })))
      await staleConflict(tx, caseId);
    const after = await requireCase(tx, caseId);
    await recordAudit(tx, {
      actor: actorOf(user),
      action: 'care_case.update',
      entity: 'care_case',
      entityId: caseId,
      unitId: current.proposing_unit_id,
      before: auditView(current),
      after: auditView(after),
    });
    return { case: after, warnings: await duplicateWarnings(tx, person, values.recipient_name, programme, f, caseId) };
  });
}

async function transition(
  ctx: DbContext,
  user: AuthUser,
  current: CareCase,
  version: number,
  from: CareCaseStatus[],
  set: Partial<repo.CaseValues>,
  action: AuditAction,
  extra: Record<string, unknown> = {},
): Promise<CareCase> {
  return inTransaction(ctx, async (tx) => {
    if (!(await repo.updateCaseIf(tx, current.id, version, from, set))) await staleConflict(tx, current.id);
    const after = await requireCase(tx, current.id);
    await recordAudit(tx, {
      actor: actorOf(user),
      action,
      entity: 'care_case',
      entityId: current.id,
      unitId: current.proposing_unit_id,
      before: auditView(current),
      after: { ...auditView(after), ...extra },
    });
    return after;
  });
}

/** The unit sends a returned case back for a decision. */
export async function resubmitCase(ctx: DbContext, user: AuthUser, caseId: number, version: number): Promise<CareCase> {
  const current = await requireCase(ctx, caseId);
  await authorize(ctx, user, 'care.propose', current.proposing_unit_id);
  requireStatus(current, version, ['returned'], 'gửi lại hồ sơ');
  return transition(
    ctx,
    user,
    current,
    version,
    ['returned'],
    { status: 'proposed', proposed_by: user.id, proposed_at: Date.now() },
    'care_case.resubmit',
  );
}

async function chosenFund(ctx: DbContext, c: CareCase, fundId: number): Promise<Fund> {
  const fund = await findFund(ctx, fundId);
  if (!fund) throw new UserFacingError(`Không có quỹ số ${fundId}.`);
  if (c.programme_id !== null) {
    const allowed = await repo.fundIdsOfProgramme(ctx, c.programme_id);
    if (allowed.length > 0 && !allowed.includes(fund.id))
      throw new UserFacingError(`Quỹ "${fund.name}" không phải nguồn chi của chương trình này.`);
  }
  return fund;
}

export async function approveCase(
  ctx: DbContext,
  user: AuthUser,
  caseId: number,
  version: number,
  options: { note?: string | null; fundId?: number | null } = {},
): Promise<CareCase> {
  const current = await requireCase(ctx, caseId);
  await authorizeAbove(ctx, user, current, 'care.approve', 'duyệt');
  refuseProposer(user, current);
  requireStatus(current, version, ['proposed'], 'duyệt');
  const fund = options.fundId ? await chosenFund(ctx, current, options.fundId) : null;
  return transition(
    ctx,
    user,
    current,
    version,
    ['proposed'],
    {
      status: 'approved',
      decided_by: user.id,
      decided_at: Date.now(),
      decision_note: options.note?.trim() || null,
      fund_id: fund?.id ?? current.fund_id,
    },
    'care_case.approve',
    { fund_id: fund?.id ?? current.fund_id },
  );
}

/** Sends a case back to its unit with the reason, to be corrected and resubmitted. */
export async function returnCase(ctx: DbContext, user: AuthUser, caseId: number, version: number, note: string): Promise<CareCase> {
  const current = await requireCase(ctx, caseId);
  await authorizeAbove(ctx, user, current, 'care.approve', 'trả lại');
  const reason = note.trim();
  if (!reason) throw new UserFacingError('Cần ghi lý do trả lại hồ sơ.');
  if (reason.length > 2000) throw new UserFacingError('Lý do trả lại tối đa 2.000 ký tự.');
  requireStatus(current, version, ['proposed'], 'trả lại');
  return transition(
    ctx,
    user,
    current,
    version,
    ['proposed'],
    { status: 'returned', decided_by: user.id, decided_at: Date.now(), decision_note: reason },
    'care_case.return',
  );
}

/**
 * Pays an approved case from a fund on `paidOn`: the ledger's payout of the cash amount
 * (the in-kind value is recorded on the case only). Of two concurrent calls exactly one
 * writes a payout; the other gets a Conflict.
 */
export async function payCase(
  ctx: DbContext,
  user: AuthUser,
  caseId: number,
  fundId: number | null,
  paidOn: string,
): Promise<{ case: CareCase; entry: FundEntry | null }> {
  if (!isValidIsoDate(paidOn)) throw new UserFacingError(`Ngày chi "${paidOn}" không hợp lệ.`);
  const current = await requireCase(ctx, caseId);
  await authorizeAbove(ctx, user, current, 'care.pay', 'chi tiền cho');
  const chosen = fundId ?? current.fund_id;
  if (chosen === null) throw new UserFacingError('Cần chọn quỹ chi.');
  const fund = await chosenFund(ctx, current, chosen);
  await authorizePayFrom(ctx, user, fund);
  return inTransaction(ctx, async (tx) => {
    await lockFunds(tx, [fund.id]);
    const c = await requireCase(tx, caseId);
    if (c.status === 'paid' || c.status === 'closed') throw new Conflict(`Hồ sơ số ${caseId} đã được chi.`);
    if (c.status !== 'approved')
      throw new UserFacingError(`Hồ sơ chưa được duyệt (đang ở trạng thái "${STATUS_LABELS[c.status]}"), chưa chi được.`);
    const lockedFund = (await findFund(tx, fund.id))!;
    let entry: FundEntry | null = null;
    if (c.cash_amount > 0) entry = await writePayoutIn(tx, actorOf(user), lockedFund, c, paidOn);
    else checkEntryDate(lockedFund, paidOn);
    const paid = await repo.updateCaseIf(tx, caseId, c.version, ['approved'], {
      status: 'paid',
      fund_id: fund.id,
      paid_entry_id: entry?.id ?? null,
      paid_by: user.id,
      paid_at: Date.now(),
      paid_on: paidOn,
    });
    if (!paid) await staleConflict(tx, caseId);
    const after = await requireCase(tx, caseId);
    await recordAudit(tx, {
      actor: actorOf(user),
      action: 'care_case.pay',
      entity: 'care_case',
      entityId: caseId,
      unitId: c.proposing_unit_id,
      before: auditView(c),
      after: { ...auditView(after), fund_id: fund.id, paid_entry_id: entry?.id ?? null, paid_on: paidOn },
    });
    return { case: after, entry };
  });
}

/** Closes a paid case once its papers are complete; closed cases no longer change. */
export async function closeCase(ctx: DbContext, user: AuthUser, caseId: number, version: number): Promise<CareCase> {
  const current = await requireCase(ctx, caseId);
  await authorizeAbove(ctx, user, current, 'care.pay', 'đóng');
  requireStatus(current, version, ['paid'], 'đóng hồ sơ');
  return transition(ctx, user, current, version, ['paid'], { status: 'closed', closed_at: Date.now() }, 'care_case.close');
}

/** A case with its attachments, for a user whose scope covers its unit; every opening is logged. */
export async function readCase(ctx: DbContext, user: AuthUser, caseId: number) {
  const c = await requireCase(ctx, caseId);
  await authorizeCareRead(ctx, user, c.proposing_unit_id);
  const person = {
    memberId: c.member_id,
    folded: c.recipient_folded,
    birthYear: c.recipient_birth_year,
    citizenId: c.recipient_citizen_id,
  };
  const programme = c.programme_id === null ? null : ((await repo.findProgramme(ctx, c.programme_id)) ?? null);
  const [attachments, warnings, actions] = await Promise.all([
    repo.attachmentsOf(ctx, caseId),
    duplicateWarnings(ctx, person, c.recipient_name, programme, { occurredOn: c.occurred_on, reason: c.reason }, c.id),
    caseActions(ctx, user, c),
  ]);
  await inTransaction(ctx, (tx) =>
    recordAudit(tx, { actor: actorOf(user), action: 'care_case.read', entity: 'care_case', entityId: caseId, unitId: c.proposing_unit_id }),
  );
  return {
    case: c,
    programme,
    attachments,
    /** Other cases of the same person in the programme (or the year, for the reason): for whoever decides. */
    warnings,
    actions,
    mayEdit: actions.mayEdit,
    mayApprove: actions.mayApprove,
    mayReturn: actions.mayReturn,
    mayPay: actions.mayPay,
  };
}

export interface CaseListFilter extends repo.CaseFilter {
  limit?: number;
  offset?: number;
}

/** Cases of the units the user may see, filtered in SQL. */
export async function listCases(ctx: DbContext, user: AuthUser, filter: CaseListFilter = {}) {
  for (const d of [filter.from, filter.to]) if (d && !isValidIsoDate(d)) throw new UserFacingError(`Ngày "${d}" không hợp lệ.`);
  const limit = Math.min(Math.max(filter.limit ?? 50, 1), 500);
  return repo.listCases(ctx, user, CARE_READ_ACTIONS, filter, limit, Math.max(filter.offset ?? 0, 0));
}

/** Records a stored file (a request letter, a signed receipt) on a case that is not closed yet. */
export async function addAttachment(
  ctx: DbContext,
  user: AuthUser,
  caseId: number,
  file: { fileName: string; storedPath: string; mime: string; size: number },
) {
  const c = await requireCase(ctx, caseId);
  if (!(await mayAttachTo(ctx, user, c))) throw new Forbidden();
  if (c.status === 'closed') throw new UserFacingError('Hồ sơ đã hoàn tất: không thêm được tệp đính kèm.');
  const fileName = file.fileName.normalize('NFC').trim().slice(0, 300);
  if (!fileName || !file.storedPath) throw new UserFacingError('Tệp đính kèm không hợp lệ.');
  return inTransaction(ctx, async (tx) => {
    const attachment = await repo.insertAttachment(tx, {
      case_id: caseId,
      file_name: fileName,
      stored_path: file.storedPath,
      mime: file.mime.slice(0, 100),
      size: file.size,
      uploaded_by: user.id,
    });
    await recordAudit(tx, {
      actor: actorOf(user),
      action: 'care_case.attach',
      entity: 'care_case',
      entityId: caseId,
      unitId: c.proposing_unit_id,
      after: { attachment_id: attachment.id, mime: attachment.mime, size: attachment.size },
    });
    return attachment;
  });
}

/**
 * Sends a paid case back to "approved" when its payout is reversed; called by the fund
 * ledger's reversal inside its transaction.
 */
export async function unpayCaseIn(tx: DbContext, user: AuthUser, payout: FundEntry): Promise<void> {
  const c = await repo.findCase(tx, payout.case_id!);
  if (!c) return;
  if (c.status === 'closed') throw new UserFacingError(`Hồ sơ số ${c.id} đã hoàn tất; không hủy được khoản chi của hồ sơ đã hoàn tất.`);
  if (
    c.paid_entry_id !== payout.id ||
    !(await repo.updateCaseIf(tx, c.id, c.version, ['paid'], {
      status: 'approved',
      paid_entry_id: null,
      paid_by: null,
      paid_at: null,
      paid_on: null,
    }))
  ) {
    throw new Conflict(`Hồ sơ số ${c.id} vừa được người khác thay đổi; hãy tải lại rồi thử lại.`);
  }
  await recordAudit(tx, {
    actor: actorOf(user),
    action: 'care_case.unpay',
    entity: 'care_case',
    entityId: c.id,
    unitId: c.proposing_unit_id,
    before: { status: 'paid', paid_entry_id: payout.id },
    after: { status: 'approved', version: c.version + 1 },
  });
}

// --- Attachments as uploaded, and the case page's payment form ---

/** Stores an uploaded file under DATA_DIR and records it on the case; the file is removed again if the record is refused. */
async function attachFile(ctx: DbContext, dataDir: string, user: AuthUser, caseId: number, file: UploadedFile, kind: AttachmentKind) {
  const storedPath = await saveAttachment(dataDir, caseId, file.bytes, kind);
  try {
    return await addAttachment(ctx, user, caseId, {
      fileName: file.fileName || `tep.${kind.ext}`,
      storedPath,
      mime: kind.mime,
      size: file.bytes.length,
    });
  } catch (e) {
    await removeAttachmentFile(dataDir, storedPath);
    throw e;
  }
}

/** A proposal with its first attachment (already checked by content before anything is written). */
export async function proposeWithAttachment(
  ctx: DbContext,
  dataDir: string,
  user: AuthUser,
  input: CaseInput,
  file: UploadedFile | null,
): Promise<CaseResult> {
  const kind = file ? sniffAttachment(file.bytes, file.fileName) : null;
  const created = await proposeCase(ctx, user, input);
  if (file && kind) await attachFile(ctx, dataDir, user, created.case.id, file, kind);
  return created;
}

/** An attachment added on the case page: the case must be readable, the file told by content. */
export async function attachUpload(ctx: DbContext, dataDir: string, user: AuthUser, caseId: number, file: UploadedFile) {
  const c = await requireCase(ctx, caseId);
  await authorizeCareRead(ctx, user, c.proposing_unit_id);
  return attachFile(ctx, dataDir, user, caseId, file, sniffAttachment(file.bytes, file.fileName));
}

/**
 * The payment form: paying takes no version (two payments of one case cannot both be written),
 * but the version the form was shown with still guards what the user saw.
 */
export async function payCaseAsSeen(
  ctx: DbContext,
  user: AuthUser,
  caseId: number,
  version: number,
  fundId: number | null,
  paidOn: string,
): Promise<{ case: CareCase; entry: FundEntry | null }> {
  const current = await requireCase(ctx, caseId);
  await authorizeCareRead(ctx, user, current.proposing_unit_id);
  if (current.version !== version) {
    throw new Conflict(
      `Hồ sơ số ${caseId} đã được người khác cập nhật (hiện ở trạng thái "${STATUS_LABELS[current.status]}") trong khi bạn đang xem. Chưa ghi chi; hãy xem lại hồ sơ.`,
    );
  }
  if (!isValidIsoDate(paidOn)) throw new UserFacingError('Cần nhập ngày chi hợp lệ.');
  if (fundId === null) throw new UserFacingError('Cần chọn quỹ chi.');
  return payCase(ctx, user, caseId, fundId, paidOn);
}

/** What the user's care roles let them do on cases waiting somewhere in their scope: the desk's counts. */
export async function careWorkWaiting(ctx: DbContext, user: AuthUser): Promise<Array<{ work: CareWorkParam; count: number }>> {
  const params = (Object.keys(CARE_WORK_PARAMS) as CareWorkParam[]).filter((p) => canAnywhere(user, CARE_WORK_ACTION[CARE_WORK_PARAMS[p]]));
  if (params.length === 0) return [];
  const counts = await repo.countCareWork(
    ctx,
    user,
    params.map((p) => CARE_WORK_PARAMS[p]),
  );
  return params.map((work) => ({ work, count: counts.get(CARE_WORK_PARAMS[work]) ?? 0 }));
}

const CARE_WORK_ACTION: Record<repo.CareWork, Action> = {
  approve: 'care.approve',
  pay: 'care.pay',
  close: 'care.pay',
  fix: 'care.propose',
};
