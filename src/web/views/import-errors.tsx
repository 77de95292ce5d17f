import { formatNumber } from '../../lib/format.js';

/** Rows listed on a preview page; the rest are counted. */
export const SHOWN_ERRORS = 300;

/** The bad rows of an uploaded list (row, column, Vietnamese reason), or the all-clear. */
export function ImportErrors({ errors }: { errors: ReadonlyArray<{ rowNumber: number; column: string; message: string }> }) {
  if (errors.length === 0) return <p class="flash flash-ok">Không có lỗi nào.</p>;
  return (
    <>
      <h2>Lỗi ({formatNumber(errors.length)})</h2>
      <table class="grid errors">
        <thead>
          <tr>
            <th>Dòng</th>
            <th>Cột</th>
            <th>Lý do</th>
          </tr>
        </thead>
        <tbody>
          {errors.slice(0, SHOWN_ERRORS).map((e, i) => (
            <tr key={i}>
              <td>{e.rowNumber}</td>
              <td>{e.column}</td>
              <td>{e.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {errors.length > SHOWN_ERRORS ? <p class="muted">… và {formatNumber(errors.length - SHOWN_ERRORS)} lỗi khác.</p> : null}
    </>
  );
}
