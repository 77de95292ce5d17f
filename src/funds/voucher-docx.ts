import { formatIsoDate } from '../lib/dates.js';
import { formatMoney } from '../lib/format.js';
import { letterhead, para, run, signatureTable, stateDocument } from '../docx/state-document.js';
import type { Voucher } from './paper-service.js';

/** The payment voucher (phiếu chi) as a .docx: the letterhead, the accounting form's lines, and the five signatures. */

/** The five who sign a payment voucher, left to right. */
export const VOUCHER_SIGNERS = [
  { title: 'THỦ TRƯỞNG ĐƠN VỊ', hint: '(Ký, họ tên, đóng dấu)' },
  { title: 'KẾ TOÁN TRƯỞNG' },
  { title: 'NGƯỜI LẬP PHIẾU' },
  { title: 'NGƯỜI NHẬN TIỀN' },
  { title: 'THỦ QUỸ' },
] as const;

/** "Ngày 08 tháng 12 năm 2026" */
export const voucherDate = (iso: string) => {
  const [y, m, d] = iso.split('-');
  return `Ngày ${d} tháng ${m} năm ${y}`;
};

const line = (label: string, value: string, bold = false) => para([run(`${label}: `), run(value, { bold })], { after: 80 });

export async function voucherDocx(v: Voucher): Promise<Buffer> {
  return stateDocument(`Phiếu chi số ${v.number}`, [
    letterhead(v.issuer, v.date),
    para([run('Mẫu số C41-BB', { bold: true, size: 11 })], { align: 'right', before: 120, after: 0 }),
    para([run('PHIẾU CHI', { bold: true, size: 16 })], { align: 'center', before: 240, after: 0 }),
    para([run(voucherDate(v.date), { italics: true })], { align: 'center', after: 0 }),
    para([run(`Số: ${v.number}`)], { align: 'right', after: 0 }),
    para([run('Nợ: ……………')], { align: 'right', after: 0 }),
    para([run('Có: ……………')], { align: 'right', after: 160 }),
    ...(v.reversed ? [para([run('ĐÃ HỦY: khoản chi này đã được hủy trong sổ quỹ.', { bold: true })], { after: 120 })] : []),
    line('Họ và tên người nhận tiền', v.recipientName, true),
    line('Địa chỉ', v.address),
    line('Lý do chi', v.reason),
    line('Chi từ quỹ', v.fundName),
    line('Số tiền', formatMoney(v.amount), true),
    para([run('(Viết bằng chữ): '), run(v.amountInWords, { italics: true })], { after: 80 }),
    line('Kèm theo', `${v.attached}, chứng từ gốc: ……`),
    para([run(voucherDate(v.date), { italics: true })], { align: 'right', before: 160, after: 80 }),
    signatureTable([...VOUCHER_SIGNERS], 11),
    para([run('Đã nhận đủ số tiền (viết bằng chữ): '), run(v.amountInWords, { italics: true })], { before: 200, after: 0 }),
    para([run(`Ngày ghi sổ: ${formatIsoDate(v.date)}`, { size: 11, italics: true })], { after: 0 }),
  ]);
}
