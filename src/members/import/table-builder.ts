/** Collecting rows of one sheet into a SheetTable: header located in the first rows, then data rows. */
import { fitRow, HEAD_ROWS, locateHeader } from './header.js';

export interface SheetRow { rowNumber: number; cells: string[] }

export type BuiltTable =
  | { kind: 'table'; headerRow: number; headers: string[]; rows: SheetRow[] }
  | { kind: 'no-header' }
  | { kind: 'no-data'; headerRow: number };

export class TooManyRows extends Error {}

export class TableBuilder {
  private head: SheetRow[] = [];
  private header: { headerRow: number; headers: string[] } | null = null;
  private rows: SheetRow[] = [];
  private settled = false;

  constructor(private readonly maxRows: number) {}

  /** Adds the next row; rows come in order, empty ones included while the header is not found. */
  add(rowNumber: number, cells: string[]): void {
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

  finish(): BuiltTable {
    if (!this.settled) this.settle();
    if (!this.header) return { kind: 'no-header' };
    if (this.rows.length === 0) return { kind: 'no-data', headerRow: this.header.headerRow };
    return { kind: 'table', ...this.header, rows: this.rows };
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
    if (this.rows.length > this.maxRows) throw new TooManyRows();
  }
}
