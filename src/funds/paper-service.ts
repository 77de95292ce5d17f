import type { AuthUser } from '../access/user.js';
import type { DbContext } from '../db/context.js';
import type { CareReason } from '../db/schema.js';
import { REASON_LABELS } from '../care/schema.js';
import { addDays, isValidIsoDate } from '../lib/dates.js';
import { NotFound, UserFacingError } from '../lib/errors.js';
import type { Issuer } from '../lib/letterhead.js';
import { moneyInWords } from '../lib/money-words.js';
import { slugify } from '../lib/slug.js';
import { issuerOf } from '../org/issuer.js';
import { ledgerWorkbook } from './ledger-export.js';
import { authorizeFundRead } from './policy.js';
import * as repo from './repo.js';
import { voucherDocx } from './voucher-docx.js';

/** The fund's papers: the payment voucher of a payout, and the ledger of a period as a workbook. */

export interface Voucher {
  issuer: Issuer;
  fundId: number;
  fundName: string;
  /** The voucher's number: the ledger entry's. */
  number: number;
  date: string;
  recipientName: string;
  /** The recipient's unit, as the voucher's address line. */
  address: string;
  reason: string;
  amount: number;
  amountInWords: string;
  /** What the voucher is attached to. */
  attached: string;
  /** The payout was reversed: the voucher is marked as cancelled. */
  reversed: boolean;
}

/** The payment voucher (phiếu chi) of a payout of this fund: for whoever may read the fund. */
export async function payoutVoucher(ctx: DbContext, user: AuthUser, fundId: number, entryId: number): Promise<Voucher> {
  const fund = await repo.findFund(ctx, fundId);
  if (!fund) throw new NotFound('Không có quỹ này.');
  await authorizeFundRead(ctx, user, fund);
  const entry = await repo.findEntry(ctx, entryId);
  if (!entry || entry.fund_id !== fundId) throw new NotFound('Không có bút toán này trong sổ quỹ.');
  if (entry.kind !== 'payout' || entry.case_id === null)
    throw new UserFacingError(`Bút toán số ${entryId} không phải một khoản chi hỗ trợ: không có phiếu chi.`);
  const [details, issuer, reversal] = await Promise.all([
    repo.payoutDetails(ctx, entry.case_id),
    issuerOf(ctx, fund.unit_id),
    repo.findReversalOf(ctx, entry.id),
  ]);
  if (!details) throw new NotFound('Không có hồ sơ hỗ trợ của khoản chi này.');
  const amount = -entry.amount;
  const reasonLabel = REASON_LABELS[details.reason as CareReason] ?? details.reason;
  const reason = [
    `Chi hỗ trợ ${reasonLabel.toLocaleLowerCase('vi-VN')}`,
    details.programmeName ? `chương trình "${details.programmeName}"` : null,
    `theo hồ sơ hỗ trợ số ${details.caseId}`,
  ]
    .filter(Boolean)
    .join(', ');
  return {
    issuer,
    fundId,
    fundName: fund.name,
    number: entry.id,
    date: entry.entry_date,
    recipientName: details.recipientName,
    address: details.unitName,
    reason,
    amount,
    amountInWords: moneyInWords(amount),
    attached: `Hồ sơ hỗ trợ số ${details.caseId}`,
    reversed: reversal !== undefined,
  };
}

/** The voucher as a .docx in the state document format, with its file name. */
export async function payoutVoucherDocx(ctx: DbContext, user: AuthUser, fundId: number, entryId: number) {
  const voucher = await payoutVoucher(ctx, user, fundId, entryId);
  return { bytes: await voucherDocx(voucher), fileName: `phieu-chi-so-${voucher.number}-${voucher.date}.docx` };
}

/** The ledger of a period (all its entries, the same period as the page) as an .xlsx workbook. */
export async function exportLedger(ctx: DbContext, user: AuthUser, fundId: number, from: string, to: string) {
  if (!isValidIsoDate(from) || !isValidIsoDate(to) || to < from) throw new UserFacingError('Khoảng thời gian không hợp lệ.');
  const fund = await repo.findFund(ctx, fundId);
  if (!fund) throw new NotFound('Không có quỹ này.');
  await authorizeFundRead(ctx, user, fund);
  const [opening, closing, entries, issuer] = await Promise.all([
    repo.balanceAsOf(ctx, fundId, addDays(from, -1)),
    repo.balanceAsOf(ctx, fundId, to),
    repo.entriesBetween(ctx, fundId, from, to),
    issuerOf(ctx, fund.unit_id),
  ]);
  const details = new Map<number, repo.EntryDetails>();
  for (let i = 0; i < entries.length; i += 500) {
    const chunk = await repo.ledgerDetails(
      ctx,
      fundId,
      entries.slice(i, i + 500).map((e) => e.id),
    );
    for (const [id, d] of chunk) details.set(id, d);
  }
  const bytes = await ledgerWorkbook({ fund, issuer, from, to, opening, closing, entries, details });
  return { bytes, fileName: `so-quy-${slugify(fund.name, 50)}-${from}-${to}.xlsx` };
}
