import { z } from 'zod';
import type { FundKind } from '../db/schema.js';
import { dateText, dong, filter, id, isoDate, optionalId, optionalText, page } from '../web/fields.js';

/** What the fund commands and the fund pages accept, and the Vietnamese names of fund kinds. */

export const FUND_KIND_LABELS: Record<FundKind, string> = {
  social: 'Quỹ Xã hội',
  home: 'Quỹ Mái ấm Công đoàn',
  study: 'Quỹ khuyến học',
  campaign: 'Quỹ vận động',
  other: 'Quỹ khác',
};

const FUND_KINDS = ['social', 'home', 'study', 'campaign', 'other'] as const;

const recordId = z.number().int().positive();
const memo = z.string().trim().max(500, 'Tối đa 500 ký tự.').nullable().default(null);

/** A shared field type with this form's own message when the value does not parse. */
export const withMessage = <S extends z.ZodType>(schema: S, message: string) =>
  z.unknown().transform((v, ctx): z.output<S> => {
    const r = schema.safeParse(v ?? '');
    if (r.success) return r.data;
    ctx.addIssue({ code: 'custom', message });
    return z.NEVER;
  });

/** An id chosen in a select, with the message for when none (or a bad one) was chosen. */
export const chosenId = (message: string) => withMessage(id, message);

/** A day as the services take it (yyyy-mm-dd). */
export const day = withMessage(isoDate, 'Ngày không hợp lệ.');

// --- Command inputs (the services parse these: the CLI, the demo and the tests call them directly) ---

export const fundInputSchema = z.object({
  unitId: recordId,
  name: z
    .string()
    .trim()
    .min(2, 'Cần nhập tên quỹ.')
    .max(200, 'Tên quỹ tối đa 200 ký tự.')
    .transform((s) => s.normalize('NFC')),
  kind: z.enum(FUND_KINDS),
});
export type FundInput = z.input<typeof fundInputSchema>;

export const receiptInputSchema = z.object({
  fundId: recordId,
  on: day,
  amount: dong,
  /** Who gave: a unit's or a person's name. */
  sourceLabel: z.string().trim().min(1, 'Cần ghi đơn vị hoặc người ủng hộ.').max(300, 'Tên người hoặc đơn vị ủng hộ tối đa 300 ký tự.'),
  sourceUnitId: recordId.nullable().default(null),
  memo,
});
export type ReceiptInput = z.input<typeof receiptInputSchema>;

export const transferInputSchema = z.object({
  fromFundId: recordId,
  toFundId: recordId,
  on: day,
  amount: dong,
  memo,
});
export type TransferInput = z.input<typeof transferInputSchema>;

export const reversalInputSchema = z.object({
  on: day,
  memo,
});
export type ReversalInput = z.input<typeof reversalInputSchema>;

// --- Forms and queries of the fund pages ---

export const createFundForm = z.object({
  unitId: chosenId('Cần chọn đơn vị của quỹ.'),
  name: z.string().default(''),
  kind: z.enum(FUND_KINDS, { error: 'Cần chọn loại quỹ.' }),
});

export const closeFundForm = z.object({
  fundId: chosenId('Cần chọn quỹ cần đóng.'),
  on: dateText,
});

/** A receipt as typed: the donor may be a unit chosen from the list, a name, or both. */
export const receiptForm = z.object({
  on: dateText,
  amount: dong,
  sourceLabel: optionalText(300, 'Tên người hoặc đơn vị ủng hộ'),
  sourceUnitId: optionalId,
  memo: optionalText(500),
});
export type ReceiptForm = z.output<typeof receiptForm>;

export const transferForm = z.object({
  toFundId: chosenId('Cần chọn quỹ nhận.'),
  on: dateText,
  amount: dong,
  memo: optionalText(500),
});
export type TransferForm = z.output<typeof transferForm>;

export const reversalForm = z.object({
  on: dateText,
  memo: optionalText(500).refine((m) => m !== null, 'Cần ghi lý do hủy để xác nhận việc hủy bút toán.'),
});

/** The route of a ledger entry's reversal. */
export const entryParams = z.object({ id, entryId: id });

/** The period of a ledger page (`tu`, `den`, typed dd/mm/yyyy or linked yyyy-mm-dd; what is not a date is kept to be reported) and its page. */
export const ledgerQuery = z.object({
  tu: filter(z.string().max(20)),
  den: filter(z.string().max(20)),
  trang: page.catch(1),
});

/** A payout's voucher: the fund and the ledger entry. */
export const voucherParams = entryParams;
export type LedgerQuery = z.output<typeof ledgerQuery>;
