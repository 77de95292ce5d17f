import type { AuditAction } from '../audit/actions.js';
import { randomUUID } from 'node:crypto';
import { recordAudit, type Actor } from '../audit/audit.js';
import { type AuthUser } from '../access/user.js';
import { authorize } from '../access/scope.js';
import { actorOf } from '../auth/service.js';
import { inTransaction, type DbContext } from '../db/context.js';
import type { CareCase, Fund, FundEntry } from '../db/schema.js';
import { addDays, formatIsoDate, isValidIsoDate, todayInVietnam } from '../lib/dates.js';
import { Conflict, NotFound, UserFacingError } from '../lib/errors.js';
import { formatMoney } from '../lib/format.js';
import { authorizeCareRead, CARE_READ_ACTIONS } from './access.js';
import { scopeUnitIds } from '../access/scope.js';
import * as repo from './repo.js';
import {
  fundInputSchema,
  parseInput,
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
  await authorize(ctx, user, 'fund.manage', f.unitId);
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
  await authorize(ctx, user, 'fund.manage', fund.unit_id);
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
  await authorize(ctx, user, 'fund.manage', fund.unit_id);
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
  await authorize(ctx, user, 'fund.manage', from.unit_id);
  await authorize(ctx, user, 'fund.manage', to.unit_id);
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
  for (const fund of funds.values()) await authorize(ctx, user, 'fund.manage', fund.unit_id);
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
      if (leg.kind === 'payout' && leg.case_id !== null) await unpayCase(tx, user, leg);
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

async function unpayCase(tx: DbContext, user: AuthUser, payout: FundEntry): Promise<void> {
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
  await authorizeCareRead(ctx, user, fund.unit_id);
  return repo.balanceAsOf(ctx, fundId, date);
}

/** A fund's ledger from `from` to `to` (both days included): opening balance, entries, closing balance. */
export async function ledgerOf(ctx: DbContext, user: AuthUser, fundId: number, from: string, to: string) {
  if (!isValidIsoDate(from) || !isValidIsoDate(to) || to < from) throw new UserFacingError('Khoảng thời gian không hợp lệ.');
  const fund = await requireFund(ctx, fundId);
  await authorizeCareRead(ctx, user, fund.unit_id);
  const [opening, entries, closing] = await Promise.all([
    repo.balanceAsOf(ctx, fundId, addDays(from, -1)),
    repo.entriesBetween(ctx, fundId, from, to),
    repo.balanceAsOf(ctx, fundId, to),
  ]);
  return { fund, opening, entries, closing };
}

/** Funds of the units the user may see, with their balances at the end of `on`. */
export async function listFunds(ctx: DbContext, user: AuthUser, on = todayInVietnam()) {
  const funds = await repo.listFundsUnder(ctx, scopeUnitIds(user, CARE_READ_ACTIONS));
  return Promise.all(funds.map(async (f) => ({ ...f, balance: await repo.balanceAsOf(ctx, f.id, on) })));
}
