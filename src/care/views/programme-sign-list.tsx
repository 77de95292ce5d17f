import { formatIsoDate } from '../../lib/dates.js';
import { formatNumber } from '../../lib/format.js';
import { Letterhead, PrintButton, SignatureBlock } from '../../web/views/print-frame.js';
import type { SignList } from '../programme-paper-service.js';
import { SIGN_LIST_SIGNERS, SIGN_LIST_TITLE } from '../programme-sign-list-docx.js';
import { programmePath } from './programmes.js';

/** The address of a programme's signature list (its print view); `.docx` after it for the document. */
export const signListPath = (programmeId: number) => `${programmePath(programmeId)}/danh-sach-ky-nhan`;

/** The signature list's print view: the same table as its .docx, on a sheet that prints as it shows. */
export function SignListPage({ list }: { list: SignList }) {
  return (
    <>
      <p class="no-print">
        <a href={programmePath(list.programmeId)}>« Chương trình {list.programmeName}</a>
      </p>
      <p class="no-print">
        <PrintButton label="In danh sách" />{' '}
        <a href={`${signListPath(list.programmeId)}.docx${list.unitId === null ? '' : `?don_vi=${list.unitId}`}`}>Tải danh sách (.docx)</a>
        {list.unitId !== null ? (
          <>
            {' '}
            · <a href={signListPath(list.programmeId)}>Danh sách cả chương trình</a>
          </>
        ) : null}
      </p>
      {list.units.length > 1 ? (
        <form method="get" action={signListPath(list.programmeId)} class="panel form-grid no-print sign-list-units">
          <div class="form-row">
            <label for="don_vi">Danh sách của một đơn vị</label>
            <select id="don_vi" name="don_vi">
              {list.units.map((u) => (
                <option key={u.id} value={String(u.id)}>
                  {u.name}
                </option>
              ))}
            </select>
          </div>
          <div class="actions">
            <button type="submit" class="primary">
              Xem danh sách
            </button>
          </div>
        </form>
      ) : null}
      <article class="paper sign-list-paper">
        <Letterhead issuer={list.issuer} date={list.date} />
        <h2 class="print-title">{SIGN_LIST_TITLE}</h2>
        <p class="print-period">
          <strong>Nhận tiền hỗ trợ chương trình "{list.programmeName}"</strong>
          {list.unitId !== null ? (
            <>
              <br />
              <strong>Đơn vị: {list.issuer.name}</strong>
            </>
          ) : null}
          <br />
          Từ ngày {formatIsoDate(list.period.from)} đến ngày {formatIsoDate(list.period.to)}
        </p>
        {list.rows.length === 0 ? <p class="muted">Chương trình chưa có hồ sơ nào được duyệt.</p> : null}
        <table class="sign-list">
          <thead>
            <tr>
              <th>STT</th>
              <th>Họ và tên</th>
              <th>Đơn vị</th>
              <th>Số tiền (đồng)</th>
              <th>Ký nhận</th>
            </tr>
          </thead>
          <tbody>
            {list.rows.map((r, i) => (
              <tr key={r.caseId}>
                <td class="num">{i + 1}</td>
                <td>{r.recipientName}</td>
                <td>{r.unitName}</td>
                <td class="num">{formatNumber(r.cash)}</td>
                <td class="sign-cell"></td>
              </tr>
            ))}
            <tr class="sign-list-total">
              <td></td>
              <td>
                <strong>Tổng cộng</strong>
              </td>
              <td>
                <strong>{formatNumber(list.rows.length)} người</strong>
              </td>
              <td class="num">
                <strong>{formatNumber(list.total)}</strong>
              </td>
              <td></td>
            </tr>
          </tbody>
        </table>
        <p>
          Tổng số tiền (viết bằng chữ):{' '}
          <strong>
            <em class="sign-list-words">{list.totalInWords}</em>
          </strong>
        </p>
        <SignatureBlock signers={SIGN_LIST_SIGNERS} printOnly={false} />
      </article>
    </>
  );
}
