import { randomUUID } from 'node:crypto';
import type { AuditAction } from '../audit/actions.js';
import { recordAudit, type Actor } from '../audit/audit.js';
import type { AuthUser } from '../access/user.js';
import { actorOf } from '../auth/service.js';
import { CARE_READ_ACTIONS } from '../care/policy.js';
import { unpayCaseIn } from '../care/service.js';
import { inTransaction, type DbContext } from '../db/context.js';
import type { CareCase, Fund, FundEntry, Unit } from '../db/schema.js';
import { addDays, formatIsoDate, isValidIsoDate, todayInVietnam } from '../lib/dates.js';
import { Conflict, NotFound, UserFacingError } from '../lib/errors.js';
import { formatMoney } from '../lib/format.js';
import { issuerOf } from '../org/issuer.js';
import { findUnitById } from '../org/repo.js';
import { parseInput } from '../web/parse.js';
import { authorizeFundManage, authorizeFundRead, mayManageFund } from './policy.js';
import * as repo from './repo.js';
import {
  fundInputSchema,
  receiptInputSchema,
  reversalInputSchema,
  transferInputSchema,
  type FundInput,
  type ReceiptInput,
  type ReversalInput,
  type TransferInput,
} from './schema.js';

/** Funds and their ledgers. Entries are never edited or deleted: a mistake is undone by a reversal. */

export { lockFunds } from './repo.js';

async function requireFund(ctx: DbContext, fundId: number): Promise<Fund> {
  const fund = await repo.findFund(ctx, fundId);
  if (!fund) throw new NotFound('Không có quỹ này.');
  return fund;
}

/** An entry may be dated any past day up to today, before the fund was closed. */
export function checkEntryDate(fund: Fund, on: string): void {
  if (!isValidIsoDate(on)) throw new UserFacingError(`Ngày "${on}" không hợp lệ.`);
  if (on > todayInVietnam())
    throw new UserFacingError(`Không ghi sổ trước cho ngày ${formatIsoDate(on)}: ngày ghi sổ không được sau hôm nay.`);
  if (fund.closed_on !== null && on >= fund.closed_on)
    throw new UserFacingError(`Quỹ "${fund.name}" đã đóng từ ngày ${formatIsoDate(fund.closed_on)}.`);
}

/**
 * Money leaving a fund on `on` must be there on that day and on every later day that
 * already has entries, since entries may be back-dated. Call with the fund locked.
 */
export async function checkOutflow(tx: DbContext, fund: Fund, on: string, amount: number): Promise<void> {
  const low = await repo.lowestBalanceFrom(tx, fund.id, on);
  if (low >= amount) return;
  const balance = await repo.balanceAsOf(tx, fund.id, on);
  throw new UserFacingError(
    low === balance
      ? `Quỹ "${fund.name}" không đủ tiền: ngày ${formatIsoDate(on)} còn ${formatMoney(balance)}, cần ${formatMoney(amount)}.`
      : `Quỹ "${fund.name}" không đủ tiền: từ ngày ${formatIsoDate(on)} trở đi có lúc quỹ chỉ còn ${formatMoney(low)}, cần ${formatMoney(amount)}.`,
  );
}

export async function createFund(ctx: DbContext, user: AuthUser, input: FundInput): Promise<Fund> {
  const f = parseInput(fundInputSchema, input);
  await authorizeFundManage(ctx, user, f.unitId);
  return inTransaction(ctx, async (tx) => {
    if (await repo.findFundByName(tx, f.unitId, f.name)) throw new Conflict(`Đơn vị đã có quỹ "${f.name}".`);
    const fund = await repo.insertFund(tx, { unit_id: f.unitId, name: f.name, kind: f.kind });
    await recordAudit(tx, {
      actor: actorOf(user),
      action: 'fund.create',
      entity: 'fund',
      entityId: fund.id,
      unitId: f.unitId,
      after: { name: f.name, kind: f.kind },
    });
    return fund;
  });
}

/** Closes a fund from `on`: no entry may be dated that day or later. */
export async function closeFund(ctx: DbContext, user: AuthUser, fundId: number, on: string): Promise<void> {
  const fund = await requireFund(ctx, fundId);
  await authorizeFundManage(ctx, user, fund.unit_id);
  if (!isValidIsoDate(on)) throw new UserFacingError(`Ngày "${on}" không hợp lệ.`);
  await inTransaction(ctx, async (tx) => {
    await repo.lockFunds(tx, [fundId]);
    const current = await requireFund(tx, fundId);
    if (current.closed_on !== null) throw new Conflict(`Quỹ "${fund.name}" đã đóng từ ngày ${formatIsoDate(current.closed_on)}.`);
    const later = await repo.entriesBetween(tx, fundId, on, '9999-12-31');
    if (later.length)
      throw new UserFacingError(
        `Quỹ còn bút toán từ ngày ${formatIsoDate(on)} trở đi; chỉ đóng được sau ngày ${formatIsoDate(later.at(-1)!.entry_date)}.`,
      );
    await repo.setFundClosedOn(tx, fundId, on);
    await recordAudit(tx, {
      actor: actorOf(user),
      action: 'fund.close',
      entity: 'fund',
      entityId: fundId,
      unitId: fund.unit_id,
      after: { closed_on: on, balance: await repo.balanceAsOf(tx, fundId, on) },
    });
  });
}

/** Money in: a donation from a unit or a person. */
export async function recordReceipt(ctx: DbContext, user: AuthUser, input: ReceiptInput): Promise<FundEntry> {
  const r = parseInput(receiptInputSchema, input);
  if (r.amount <= 0) throw new UserFacingError('Số tiền thu phải lớn hơn 0.');
  const fund = await requireFund(ctx, r.fundId);
  await authorizeFundManage(ctx, user, fund.unit_id);
  return inTransaction(ctx, async (tx) => {
    await repo.lockFunds(tx, [fund.id]);
    checkEntryDate(await requireFund(tx, fund.id), r.on);
    const entry = await repo.insertEntry(tx, {
      fund_id: fund.id,
      entry_date: r.on,
      kind: 'receipt',
      amount: r.amount,
      source_label: r.sourceLabel,
      source_unit_id: r.sourceUnitId,
      case_id: null,
      transfer_id: null,
      reverses_entry_id: null,
      memo: r.memo,
      created_by: user.id,
    });
    await auditEntry(tx, actorOf(user), 'fund.receipt', entry, fund);
    return entry;
  });
}

/** Moves money between two funds: two entries with one transfer_id, written together. */
export async function recordTransfer(
  ctx: DbContext,
  user: AuthUser,
  input: TransferInput,
): Promise<{ transferId: string; out: FundEntry; in: FundEntry }> {
  const t = parseInput(transferInputSchema, input);
  if (t.amount <= 0) throw new UserFacingError('Số tiền chuyển phải lớn hơn 0.');
  if (t.fromFundId === t.toFundId) throw new UserFacingError('Quỹ chuyển đi và quỹ nhận phải khác nhau.');
  const [from, to] = [await requireFund(ctx, t.fromFundId), await requireFund(ctx, t.toFundId)];
  await authorizeFundManage(ctx, user, from.unit_id);
  await authorizeFundManage(ctx, user, to.unit_id);
  return inTransaction(ctx, async (tx) => {
    await repo.lockFunds(tx, [from.id, to.id]);
    const source = await requireFund(tx, from.id);
    checkEntryDate(source, t.on);
    checkEntryDate(await requireFund(tx, to.id), t.on);
    await checkOutflow(tx, source, t.on, t.amount);
    const transferId = randomUUID();
    const common = { entry_date: t.on, case_id: null, transfer_id: transferId, reverses_entry_id: null, memo: t.memo, created_by: user.id };
    const out = await repo.insertEntry(tx, {
      ...common,
      fund_id: from.id,
      kind: 'transfer_out',
      amount: -t.amount,
      source_label: to.name,
      source_unit_id: to.unit_id,
    });
    const into = await repo.insertEntry(tx, {
      ...common,
      fund_id: to.id,
      kind: 'transfer_in',
      amount: t.amount,
      source_label: from.name,
      source_unit_id: from.unit_id,
    });
    await auditEntry(tx, actorOf(user), 'fund.transfer', out, from);
    await auditEntry(tx, actorOf(user), 'fund.transfer', into, to);
    return { transferId, out, in: into };
  });
}

/**
 * Writes the payout of a case: −cash from the fund. Called by payCase inside its
 * transaction, with the fund already locked.
 */
export async function writePayoutIn(tx: DbContext, actor: Actor, fund: Fund, careCase: CareCase, on: string): Promise<FundEntry> {
  checkEntryDate(fund, on);
  await checkOutflow(tx, fund, on, careCase.cash_amount);
  const entry = await repo.insertEntry(tx, {
    // The recipient's name stays on the case: the ledger names the case, not the person.
    fund_id: fund.id,
    entry_date: on,
    kind: 'payout',
    amount: -careCase.cash_amount,
    source_label: null,
    source_unit_id: careCase.proposing_unit_id,
    case_id: careCase.id,
    transfer_id: null,
    reverses_entry_id: null,
    memo: `Chi hồ sơ hỗ trợ số ${careCase.id}`,
    created_by: actor.userId,
  });
  await auditEntry(tx, actor, 'fund.payout', entry, fund);
  return entry;
}

/**
 * Undoes an entry with a new entry of the opposite amount. Reversing either leg of a
 * transfer reverses both; reversing a payout sends its case back to "approved" to be paid again.
 */
export async function reverseEntry(ctx: DbContext, user: AuthUser, entryId: number, input: ReversalInput): Promise<FundEntry[]> {
  const r = parseInput(reversalInputSchema, input);
  const entry = await repo.findEntry(ctx, entryId);
  if (!entry) throw new NotFound('Không có bút toán này.');
  if (entry.kind === 'reversal')
    throw new UserFacingError('Đây là bút toán hủy; không hủy được bút toán hủy. Nếu cần, hãy ghi một bút toán mới.');
  // Entries never change, so the legs and their funds can be read before the transaction.
  const legs = entry.transfer_id ? await repo.entriesOfTransfer(ctx, entry.transfer_id) : [entry];
  const funds = new Map<number, Fund>();
  for (const leg of legs) funds.set(leg.fund_id, await requireFund(ctx, leg.fund_id));
  for (const fund of funds.values()) await authorizeFundManage(ctx, user, fund.unit_id);
  return inTransaction(ctx, async (tx) => {
    await repo.lockFunds(tx, [...funds.keys()]);
    const transferId = entry.transfer_id ? randomUUID() : null;
    const written: FundEntry[] = [];
    for (const leg of legs) {
      const fund = await requireFund(tx, leg.fund_id);
      const earlier = await repo.findReversalOf(tx, leg.id);
      if (earlier)
        throw new Conflict(`Bút toán số ${leg.id} đã được hủy (bút toán số ${earlier.id}, ngày ${formatIsoDate(earlier.entry_date)}).`);
      if (r.on < leg.entry_date)
        throw new UserFacingError(`Ngày hủy phải từ ngày ghi sổ của bút toán (${formatIsoDate(leg.entry_date)}) trở đi.`);
      checkEntryDate(fund, r.on);
      if (leg.amount > 0) await checkOutflow(tx, fund, r.on, leg.amount);
      if (leg.kind === 'payout' && leg.case_id !== null) await unpayCaseIn(tx, user, leg);
      const reversal = await repo.insertEntry(tx, {
        fund_id: leg.fund_id,
        entry_date: r.on,
        kind: 'reversal',
        amount: -leg.amount,
        source_label: leg.source_label,
        source_unit_id: leg.source_unit_id,
        case_id: leg.case_id,
        transfer_id: transferId,
        reverses_entry_id: leg.id,
        memo: r.memo ?? `Hủy bút toán số ${leg.id}`,
        created_by: user.id,
      });
      await auditEntry(tx, actorOf(user), 'fund.reverse', reversal, fund);
      written.push(reversal);
    }
    return written;
  });
}

async function auditEntry(tx: DbContext, actor: Actor, action: AuditAction, entry: FundEntry, fund: Fund): Promise<void> {
  await recordAudit(tx, {
    actor,
    action,
    entity: 'fund_entry',
    entityId: entry.id,
    unitId: fund.unit_id,
    after: {
      fund_id: entry.fund_id,
      entry_date: entry.entry_date,
      kind: entry.kind,
      amount: entry.amount,
      case_id: entry.case_id,
      transfer_id: entry.transfer_id,
      reverses_entry_id: entry.reverses_entry_id,
    },
  });
}

/** The balance at the end of `date`. */
export async function balanceAsOf(ctx: DbContext, user: AuthUser, fundId: number, date: string): Promise<number> {
  const fund = await requireFund(ctx, fundId);
  await authorizeFundRead(ctx, user, fund);
  return repo.balanceAsOf(ctx, fundId, date);
}

/** A fund's ledger from `from` to `to` (both days included): opening balance, entries, closing balance. */
export async function ledgerOf(ctx: DbContext, user: AuthUser, fundId: number, from: string, to: string) {
  if (!isValidIsoDate(from) || !isValidIsoDate(to) || to < from) throw new UserFacingError('Khoảng thời gian không hợp lệ.');
  const fund = await requireFund(ctx, fundId);
  await authorizeFundRead(ctx, user, fund);
  const [opening, entries, closing] = await Promise.all([
    repo.balanceAsOf(ctx, fundId, addDays(from, -1)),
    repo.entriesBetween(ctx, fundId, from, to),
    repo.balanceAsOf(ctx, fundId, to),
  ]);
  return { fund, opening, entries, closing };
}

/** Funds of the units the user may see, with their balances at the end of `on`. */
export async function listFunds(ctx: DbContext, user: AuthUser, on = todayInVietnam()) {
  const funds = await repo.listFundsInScope(ctx, user, CARE_READ_ACTIONS);
  return Promise.all(funds.map(async (f) => ({ ...f, balance: await repo.balanceAsOf(ctx, f.id, on) })));
}

// --- Reads for the pages, and for care's cases and programmes ---

export type { FundWithUnit } from './repo.js';

/** A fund, whoever asks: for commands that check their own rights. */
export const findFund = (ctx: DbContext, fundId: number) => repo.findFund(ctx, fundId);
export const fundsByIds = (ctx: DbContext, ids: number[]) => repo.fundsByIds(ctx, ids);
/** Funds of the units strictly above `unitId`, nearest first: where a case without a programme fund may be paid from. */
export const fundsAbove = (ctx: DbContext, unitId: number) => repo.fundsAbove(ctx, unitId);
export const findEntry = (ctx: DbContext, entryId: number) => repo.findEntry(ctx, entryId);
/** The balance at the end of `date`, for a page that has already let the user see the fund. */
export const fundBalance = (ctx: DbContext, fundId: number, date: string) => repo.balanceAsOf(ctx, fundId, date);
/** Funds the user manages; with `under`, only those of that unit and below it. */
export const managedFunds = (ctx: DbContext, user: AuthUser, under: number | null = null) =>
  repo.listFundsInScope(ctx, user, 'fund.manage', under);

/** What the fund list page shows. */
export async function fundsPage(ctx: DbContext, user: AuthUser, today: string) {
  const [funds, units, managed] = await Promise.all([listFunds(ctx, user, today), managedUnits(ctx, user), managedFunds(ctx, user)]);
  return { funds, units, closable: managed.filter((f) => f.closed_on === null) };
}

/** Active units the user manages funds for: where a fund may be opened, who may give. */
const managedUnits = (ctx: DbContext, user: AuthUser): Promise<Unit[]> => repo.activeUnitsInScope(ctx, user, 'fund.manage');

/** Rows of a ledger page. */
export const LEDGER_ROWS = 50;

/**
 * What a ledger page shows: one page of 50 entries of the period with the running balance
 * carried over from the entries of the earlier pages, the period's totals, each entry's
 * details, the letterhead of the fund's unit, and the forms' choices for a manager.
 * A page past the last shows the last.
 */
export async function ledgerPage(ctx: DbContext, user: AuthUser, fundId: number, from: string, to: string, pageNo = 1) {
  if (!isValidIsoDate(from) || !isValidIsoDate(to) || to < from) throw new UserFacingError('Khoảng thời gian không hợp lệ.');
  const fund = await requireFund(ctx, fundId);
  await authorizeFundRead(ctx, user, fund);
  const [opening, closing, sums] = await Promise.all([
    repo.balanceAsOf(ctx, fundId, addDays(from, -1)),
    repo.balanceAsOf(ctx, fundId, to),
    repo.periodSums(ctx, fundId, from, to),
  ]);
  const pages = Math.max(1, Math.ceil(sums.count / LEDGER_ROWS));
  const page = Math.min(Math.max(1, pageNo), pages);
  const offset = (page - 1) * LEDGER_ROWS;
  const [entries, before, unit, issuer, mayManage] = await Promise.all([
    repo.entriesPage(ctx, fundId, from, to, LEDGER_ROWS, offset),
    repo.sumOfFirstEntries(ctx, fundId, from, to, offset),
    findUnitById(ctx, fund.unit_id),
    issuerOf(ctx, fund.unit_id),
    mayManageFund(ctx, user, fund),
  ]);
  const details = await repo.ledgerDetails(
    ctx,
    fundId,
    entries.map((e) => e.id),
  );
  const [targets, donorUnits] = mayManage ? await Promise.all([managedFunds(ctx, user), managedUnits(ctx, user)]) : [[], []];
  return {
    fund,
    opening,
    closing,
    inflow: sums.inflow,
    outflow: sums.outflow,
    entries,
    /** The balance before the first entry of this page. */
    pageOpening: opening + before,
    pagination: { page, pages, total: sums.count },
    details,
    unit,
    issuer,
    mayManage,
    targets: targets.filter((f) => f.id !== fund.id && f.closed_on === null),
    donorUnits,
  };
}

/** A receipt as the ledger form sends it: the donor's name defaults to the chosen unit's. */
export async function receiveFromForm(
  ctx: DbContext,
  user: AuthUser,
  fundId: number,
  form: { on: string; amount: number; sourceLabel: string | null; sourceUnitId: number | null; memo: string | null },
): Promise<FundEntry> {
  const unit = form.sourceUnitId !== null ? await findUnitById(ctx, form.sourceUnitId) : undefined;
  if (form.sourceUnitId !== null && !unit) throw new UserFacingError('Không có đơn vị ủng hộ đã chọn.');
  return recordReceipt(ctx, user, {
    fundId,
    on: form.on,
    amount: form.amount,
    sourceLabel: form.sourceLabel ?? unit?.short_name ?? '',
    sourceUnitId: unit?.id ?? null,
    memo: form.memo,
  });
}

/** Reverses an entry of this fund's ledger (the route names both). */
export async function reverseEntryOf(ctx: DbContext, user: AuthUser, fundId: number, entryId: number, input: ReversalInput) {
  const entry = await repo.findEntry(ctx, entryId);
  if (!entry || entry.fund_id !== fundId) throw new NotFound('Không có bút toán này trong sổ quỹ.');
  return reverseEntry(ctx, user, entryId, input);
}
