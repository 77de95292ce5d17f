import { formatMoney } from '../../lib/format.js';
import { Letterhead, PrintButton, SignatureBlock } from '../../web/views/print-frame.js';
import type { Voucher } from '../paper-service.js';
import { VOUCHER_SIGNERS, voucherDate } from '../voucher-docx.js';
import { fundPath, voucherPath } from './funds.js';

/** The payment voucher's print view: the same lines as its .docx, on a sheet that prints as it shows. */
export function VoucherPage({ v }: { v: Voucher }) {
  return (
    <>
      <p class="no-print">
        <a href={`${fundPath(v.fundId)}?tu=${v.date}&den=${v.date}#but-toan-${v.number}`}>« Sổ quỹ {v.fundName}</a>
      </p>
      <p class="no-print">
        <PrintButton label="In phiếu chi" /> <a href={`${voucherPath(v.fundId, v.number)}.docx`}>Tải phiếu chi (.docx)</a>
      </p>
      <article class="paper voucher">
        <Letterhead issuer={v.issuer} date={v.date} />
        <p class="voucher-form-no">
          <strong>Mẫu số C41-BB</strong>
        </p>
        <h2 class="print-title">PHIẾU CHI</h2>
        <p class="print-period">{voucherDate(v.date)}</p>
        <p class="voucher-numbers">
          Số: <strong>{v.number}</strong> · Nợ: …………… · Có: ……………
        </p>
        {v.reversed ? (
          <p class="flash flash-error">
            <strong>ĐÃ HỦY:</strong> khoản chi này đã được hủy trong sổ quỹ.
          </p>
        ) : null}
        <div class="voucher-lines">
          <p>
            Họ và tên người nhận tiền: <strong>{v.recipientName}</strong>
          </p>
          <p>Địa chỉ: {v.address}</p>
          <p>Lý do chi: {v.reason}</p>
          <p>Chi từ quỹ: {v.fundName}</p>
          <p>
            Số tiền: <strong class="voucher-amount">{formatMoney(v.amount)}</strong>
          </p>
          <p>
            (Viết bằng chữ): <em class="voucher-words">{v.amountInWords}</em>
          </p>
          <p>Kèm theo: {v.attached}, chứng từ gốc: ……</p>
        </div>
        <p class="print-period voucher-date-right">{voucherDate(v.date)}</p>
        <SignatureBlock signers={[...VOUCHER_SIGNERS]} printOnly={false} />
        <p>
          Đã nhận đủ số tiền (viết bằng chữ): <em>{v.amountInWords}</em>
        </p>
      </article>
    </>
  );
}
