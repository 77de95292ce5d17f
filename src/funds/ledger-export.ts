import ExcelJS from 'exceljs';
import type { Fund, FundEntryKind } from '../db/schema.js';
import { formatIsoDate } from '../lib/dates.js';
import { capitals, type Issuer } from '../lib/letterhead.js';
import type { EntryDetails, LedgerLine } from './repo.js';

/** The ledger of a period as an .xlsx: amounts as numbers in đồng (so offices can add them up again), a totals row, the balances. */

export const ENTRY_KIND_TEXT: Record<FundEntryKind, string> = {
  receipt: 'Thu',
  payout: 'Chi hỗ trợ',
  transfer_out: 'Chuyển sang quỹ khác',
  transfer_in: 'Nhận từ quỹ khác',
  reversal: 'Hủy bút toán',
};

/** Where the money came from or went, as plain text. */
export function counterpartText(e: LedgerLine, d: EntryDetails | undefined): string {
  const other = d?.counterpartFundName ?? e.source_label ?? '';
  switch (e.kind) {
    case 'receipt':
      return e.source_label ?? '';
    case 'payout':
      return e.case_id !== null ? `Hồ sơ hỗ trợ số ${e.case_id}` : '';
    case 'transfer_out':
      return `Sang ${other}`;
    case 'transfer_in':
      return `Từ ${other}`;
    case 'reversal':
      return e.case_id !== null ? `Hồ sơ hỗ trợ số ${e.case_id}` : e.transfer_id ? `Quỹ đối ứng: ${other}` : (e.source_label ?? '');
  }
}

/** Whole đồng with dots for thousands in a Vietnamese Excel, commas in an English one; "đồng" after. */
export const DONG_FORMAT = '#,##0 "đồng"';
const DATE_FORMAT = 'dd/mm/yyyy';

export interface LedgerSheet {
  fund: Fund;
  issuer: Issuer;
  from: string;
  to: string;
  opening: number;
  closing: number;
  entries: LedgerLine[];
  details: Map<number, EntryDetails>;
}

const HEADER = ['Số', 'Ngày', 'Loại', 'Thu (đồng)', 'Chi (đồng)', 'Số dư (đồng)', 'Nguồn, nơi nhận', 'Nội dung', 'Người ghi'];
const WIDTHS = [8, 12, 22, 16, 16, 18, 36, 36, 22];

const excelDate = (iso: string) => new Date(`${iso}T00:00:00Z`);

export async function ledgerWorkbook(s: LedgerSheet): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'congdoan';
  const ws = wb.addWorksheet('Sổ quỹ', {
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  ws.addRow([capitals(s.issuer.name)]).font = { bold: true };
  ws.addRow([`SỔ QUỸ: ${capitals(s.fund.name)}`]).font = { bold: true, size: 14 };
  ws.addRow([`Từ ngày ${formatIsoDate(s.from)} đến ngày ${formatIsoDate(s.to)}`]).font = { italic: true };
  ws.addRow([]);
  const head = ws.addRow(HEADER);
  head.font = { bold: true };
  head.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  ws.addRow(['', '', 'Số dư đầu kỳ', null, null, s.opening]).font = { italic: true };
  let running = s.opening;
  let inflow = 0;
  let outflow = 0;
  for (const e of s.entries) {
    running += e.amount;
    if (e.amount > 0) inflow += e.amount;
    else outflow -= e.amount;
    const d = s.details.get(e.id);
    const kind = e.reverses_entry_id !== null ? `Hủy bút toán số ${e.reverses_entry_id}` : ENTRY_KIND_TEXT[e.kind];
    ws.addRow([
      e.id,
      excelDate(e.entry_date),
      kind,
      e.amount > 0 ? e.amount : null,
      e.amount < 0 ? -e.amount : null,
      running,
      counterpartText(e, d),
      e.memo ?? '',
      d?.recordedBy ?? '',
    ]);
  }
  ws.addRow(['', '', 'Tổng cộng', inflow, outflow, null]).font = { bold: true };
  ws.addRow(['', '', 'Số dư cuối kỳ', null, null, s.closing]).font = { bold: true };
  ws.getColumn(2).numFmt = DATE_FORMAT;
  for (const col of [4, 5, 6]) ws.getColumn(col).numFmt = DONG_FORMAT;
  WIDTHS.forEach((w, i) => {
    ws.getColumn(i + 1).width = w;
  });
  ws.views = [{ state: 'frozen', ySplit: 5 }];
  return Buffer.from(await wb.xlsx.writeBuffer());
}
