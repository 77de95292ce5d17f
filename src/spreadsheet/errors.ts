/** The problems of an imported list, row by row and for its columns, worded for the person who made the file. */
import { UserFacingError } from '../lib/errors.js';
import { cutAt, MAX_CELL_LENGTH } from './cells.js';

/** A bad cell of an imported list; `F` names the fields of that kind of list. */
export interface RowError<F extends string = string> {
  rowNumber: number;
  /** The header as written in the file ("Họ và tên đệm + Tên" for a name over two columns). */
  column: string;
  field: F;
  value: string;
  /** Vietnamese, quoting the value. */
  message: string;
}

/** The mapping cannot be used (no name column …); `problems` are Vietnamese sentences. */
export class ColumnMappingError extends UserFacingError {
  constructor(readonly problems: string[]) {
    super(problems.join(' '));
    this.name = 'ColumnMappingError';
  }
}

/** A value quoted for a message, shortened when long. */
export function quote(value: string): string {
  return value.length > 80 ? `"${cutAt(value, 80)}…"` : `"${value}"`;
}

/** Why a cell cut for being too long (see cells.ts) cannot be read. */
export function overlongCellMessage(label: string, text: string): string {
  return `${label}: ô quá dài (hơn ${MAX_CELL_LENGTH.toLocaleString('vi-VN')} ký tự), bắt đầu bằng ${quote(text.slice(0, 60))}.`;
}
