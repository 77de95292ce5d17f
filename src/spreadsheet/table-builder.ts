/** Collecting rows of one sheet into a SheetTable: header located in the first rows, then data rows. */
import { fitRow, HEAD_ROWS, locateHeader } from './header.js';

export interface SheetRow {
  rowNumber: number;
  cells: string[];
}

export interface SheetHead {
  headerRow: number;
  headers: string[];
}

export type BuiltTable =
  | { kind: 'table'; headerRow: number; headers: string[]; rows: SheetRow[] }
  | { kind: 'no-header' }
  | { kind: 'no-data'; headerRow: number };

export class TooManyRows extends Error {}

/** Columns a list may have: member and care lists have a few dozen. */
export const MAX_COLUMNS = 200;

export class TooManyColumns extends Error {
  constructor(
    readonly rowNumber: number,
    readonly columns: number,
  ) {
    super(`${columns} columns in row ${rowNumber}`);
  }
}

/** Cells up to the last non-empty one. */
function usedWidth(cells: readonly string[]): number {
  let end = cells.length;
  while (end > 0 && cells[end - 1] === '') end--;
  return end;
}

export class TableBuilder {
  private head: SheetRow[] = [];
  private header: SheetHead | null = null;
  private rows: SheetRow[] = [];
  private dataRows = 0;
  private settled = false;

  constructor(private readonly maxRows: number) {}

  /** Adds the next row; rows come in order, empty ones included while the header is not found. */
  add(rowNumber: number, cells: string[]): void {
    if (cells.length > MAX_COLUMNS && usedWidth(cells) > MAX_COLUMNS) throw new TooManyColumns(rowNumber, usedWidth(cells));
    if (this.settled) {
      this.addData(rowNumber, cells);
      return;
    }
    this.head.push({ rowNumber, cells });
    if (this.head.length >= HEAD_ROWS) this.settle();
  }

  /** True once the first rows have been seen and hold no header: the rest need not be read. */
  get headerMissing(): boolean {
    return this.settled && this.header === null;
  }

  /** True once the first rows have been seen, with or without a header. */
  get headSettled(): boolean {
    return this.settled;
  }

  /** The header, found in the rows added so far (all of them, if fewer than the head); null if there is none. */
  settledHead(): SheetHead | null {
    if (!this.settled) this.settle();
    return this.header;
  }

  /** Data rows added since the last call (at most `max` of them, the first), handed over to the caller. */
  take(max = Infinity): SheetRow[] {
    if (this.rows.length <= max) {
      const rows = this.rows;
      this.rows = [];
      return rows;
    }
    const rows = this.rows.slice(0, max);
    this.rows = this.rows.slice(max);
    return rows;
  }

  /** Data rows waiting to be taken. */
  get pending(): number {
    return this.rows.length;
  }

  /** Data rows added in all. */
  get dataRowCount(): number {
    return this.dataRows;
  }

  finish(): BuiltTable {
    const header = this.settledHead();
    if (!header) return { kind: 'no-header' };
    if (this.dataRows === 0) return { kind: 'no-data', headerRow: header.headerRow };
    return { kind: 'table', ...header, rows: this.rows };
  }

  private settle(): void {
    this.settled = true;
    const layout = locateHeader(this.head.map((r) => r.cells));
    const head = this.head;
    this.head = [];
    if (!layout) return;
    this.header = { headerRow: head[layout.headerIndex]?.rowNumber ?? 0, headers: layout.headers };
    for (const row of head.slice(layout.dataStartIndex)) this.addData(row.rowNumber, row.cells);
  }

  private addData(rowNumber: number, cells: string[]): void {
    if (!this.header) return;
    const fitted = fitRow(cells, this.header.headers.length);
    if (fitted.every((c) => c === '')) return;
    this.rows.push({ rowNumber, cells: fitted });
    if (++this.dataRows > this.maxRows) throw new TooManyRows();
  }
}
