import {
  amountCell,
  centredCell,
  gridTable,
  letterhead,
  para,
  run,
  signatureTable,
  stateDocument,
  textCell,
} from '../docx/state-document.js';
import { formatIsoDate } from '../lib/dates.js';
import { formatNumber } from '../lib/format.js';
import type { SignList } from './programme-paper-service.js';

/** The signature list (danh sách ký nhận) as a .docx: letterhead, title, the table with its total row, the total in words, signatures. */

export const SIGN_LIST_TITLE = 'DANH SÁCH KÝ NHẬN';
export const SIGN_LIST_SIGNERS = [
  { title: 'NGƯỜI LẬP BIỂU' },
  { title: 'KẾ TOÁN' },
  { title: 'THỦ TRƯỞNG ĐƠN VỊ', hint: '(Ký, họ tên, đóng dấu)' },
];

const SHARES = [6, 30, 30, 16, 18];

export async function signListDocx(list: SignList): Promise<Buffer> {
  const rows = list.rows.map((r, i) => [
    centredCell(String(i + 1)),
    textCell(r.recipientName),
    textCell(r.unitName),
    amountCell(formatNumber(r.cash)),
    textCell(''),
  ]);
  rows.push([
    centredCell(''),
    textCell('Tổng cộng', true),
    textCell(`${formatNumber(list.rows.length)} người`, true),
    amountCell(formatNumber(list.total), true),
    textCell(''),
  ]);
  return stateDocument(`${SIGN_LIST_TITLE} – ${list.programmeName}`, [
    letterhead(list.issuer, list.date),
    para([run(SIGN_LIST_TITLE, { bold: true, size: 14 })], { align: 'center', before: 240, after: 0 }),
    para([run(`Nhận tiền hỗ trợ chương trình "${list.programmeName}"`, { bold: true })], { align: 'center', after: 0 }),
    ...(list.unitId !== null ? [para([run(`Đơn vị: ${list.issuer.name}`, { bold: true })], { align: 'center', after: 0 })] : []),
    para([run(`Từ ngày ${formatIsoDate(list.period.from)} đến ngày ${formatIsoDate(list.period.to)}`, { italics: true })], {
      align: 'center',
      after: 200,
    }),
    gridTable(['STT', 'Họ và tên', 'Đơn vị', 'Số tiền (đồng)', 'Ký nhận'], rows, SHARES),
    para([run('Tổng số tiền (viết bằng chữ): '), run(list.totalInWords, { italics: true, bold: true })], { before: 160, after: 200 }),
    signatureTable(SIGN_LIST_SIGNERS),
  ]);
}
