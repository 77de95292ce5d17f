import {
  AlignmentType,
  convertMillimetersToTwip,
  Document,
  Packer,
  PageOrientation,
  Paragraph,
  Table,
  TableBorders,
  TableCell,
  TableRow,
  TextRun,
  UnderlineType,
  VerticalAlign,
  WidthType,
  type FileChild,
  type IRunOptions,
} from 'docx';
import { capitals, NATIONAL_MOTTO, NATIONAL_NAME, placeDateLine, type Issuer } from '../lib/letterhead.js';

/**
 * Word documents in the state document format (Nghị định 30/2020/NĐ-CP, Phụ lục I): A4
 * portrait, margins top and bottom 20 mm, left 30 mm, right 15 mm; Times New Roman 13 pt;
 * the letterhead as a borderless two-column table (the issuing unit under its parent on the
 * left, the national name and motto with the place and date on the right); signatures side by
 * side in a borderless table. What a document says is its feature's; how it is laid out is here.
 */

export const FONT = 'Times New Roman';
/** Sizes in points; docx counts half-points. */
export const BODY_PT = 13;
export const MARGINS_MM = { top: 20, bottom: 20, left: 30, right: 15 } as const;
/** A4 in millimetres. */
const A4_MM = { width: 210, height: 297 } as const;
/** The width between the margins, in twentieths of a point. */
export const TEXT_WIDTH = convertMillimetersToTwip(A4_MM.width - MARGINS_MM.left - MARGINS_MM.right);

const half = (pt: number) => pt * 2;

export type RunOptions = Omit<IRunOptions, 'text' | 'size'> & { size?: number };

/** A run of text in the document's font; `size` in points. */
export const run = (text: string, options: RunOptions = {}) =>
  new TextRun({ ...options, text, font: FONT, size: half(options.size ?? BODY_PT) });

/** A paragraph of runs (or one text), aligned, with a little space after. */
export function para(
  content: string | TextRun[],
  options: { align?: 'left' | 'center' | 'right' | 'justify'; after?: number; before?: number; run?: RunOptions } = {},
): Paragraph {
  const align = {
    left: AlignmentType.LEFT,
    center: AlignmentType.CENTER,
    right: AlignmentType.RIGHT,
    justify: AlignmentType.JUSTIFIED,
  }[options.align ?? 'left'];
  return new Paragraph({
    alignment: align,
    spacing: { after: options.after ?? 60, before: options.before ?? 0 },
    children: typeof content === 'string' ? [run(content, options.run)] : content,
  });
}

const cell = (children: Paragraph[], widthTwip: number, vertical = VerticalAlign.TOP) =>
  new TableCell({ children, width: { size: widthTwip, type: WidthType.DXA }, verticalAlign: vertical, borders: TableBorders.NONE });

/** A borderless table of one row, the given columns sharing the text width. */
function borderlessRow(columns: Paragraph[][], shares: number[]): Table {
  const total = shares.reduce((a, b) => a + b, 0);
  const widths = shares.map((s) => Math.floor((TEXT_WIDTH * s) / total));
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    borders: TableBorders.NONE,
    rows: [new TableRow({ children: columns.map((c, i) => cell(c, widths[i]!)) })],
  });
}

/** The letterhead: parent (capitals) over the issuing unit (capitals, bold, underlined) | national name, motto (underlined), place and date (italic). */
export function letterhead(issuer: Issuer, date: string): Table {
  const left = [
    ...(issuer.parentName ? [para(capitals(issuer.parentName), { align: 'center', after: 0, run: { size: 12 } })] : []),
    para([run(capitals(issuer.name), { bold: true, size: 12, underline: { type: UnderlineType.SINGLE } })], { align: 'center', after: 0 }),
  ];
  const right = [
    para([run(NATIONAL_NAME, { bold: true, size: 12 })], { align: 'center', after: 0 }),
    para([run(NATIONAL_MOTTO, { bold: true, underline: { type: UnderlineType.SINGLE } })], { align: 'center', after: 120 }),
    para([run(placeDateLine(issuer.place, date), { italics: true })], { align: 'center', after: 0 }),
  ];
  return borderlessRow([left, right], [42, 58]);
}

export interface DocSigner {
  title: string;
  hint?: string;
  name?: string | null;
}

/** Signers side by side: each a bold title, "(Ký, họ tên)" in italics, room to sign, and the name if known. */
export function signatureTable(signers: DocSigner[], size = BODY_PT): Table {
  const columns = signers.map((s) => [
    para([run(s.title, { bold: true, size })], { align: 'center', after: 0 }),
    para([run(s.hint ?? '(Ký, họ tên)', { italics: true, size: size - 1 })], { align: 'center', after: 0 }),
    ...[1, 2, 3, 4].map(() => para('', { after: 120 })),
    para([run(s.name ?? '', { bold: true, size })], { align: 'center', after: 0 }),
  ]);
  return borderlessRow(
    columns,
    signers.map(() => 1),
  );
}

/** A bordered table with a header row; the cells are given as paragraphs, widths as shares of the text width. */
export function gridTable(header: string[], rows: Array<Array<Paragraph | string>>, shares: number[]): Table {
  const total = shares.reduce((a, b) => a + b, 0);
  const widths = shares.map((s) => Math.floor((TEXT_WIDTH * s) / total));
  const toCell = (content: Paragraph | string, i: number, bold = false) =>
    new TableCell({
      width: { size: widths[i]!, type: WidthType.DXA },
      verticalAlign: VerticalAlign.CENTER,
      children: [
        typeof content === 'string' ? para([run(content, { bold, size: 12 })], { align: bold ? 'center' : 'left', after: 0 }) : content,
      ],
    });
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    rows: [
      new TableRow({ tableHeader: true, children: header.map((h, i) => toCell(h, i, true)) }),
      ...rows.map((r) => new TableRow({ cantSplit: true, children: r.map((c, i) => toCell(c, i)) })),
    ],
  });
}

/** A cell paragraph aligned right (amounts), optionally bold. */
export const amountCell = (text: string, bold = false) => para([run(text, { size: 12, bold })], { align: 'right', after: 0 });
/** A cell paragraph centred (numbers, STT), optionally bold. */
export const centredCell = (text: string, bold = false) => para([run(text, { size: 12, bold })], { align: 'center', after: 0 });
/** A plain cell paragraph, optionally bold. */
export const textCell = (text: string, bold = false) => para([run(text, { size: 12, bold })], { after: 0 });

/** The document: A4 portrait with the state format's margins, Times New Roman 13 pt; page numbers centred at the top from page 2. */
export async function stateDocument(title: string, children: FileChild[]): Promise<Buffer> {
  const doc = new Document({
    creator: 'congdoan',
    title,
    styles: { default: { document: { run: { font: FONT, size: half(BODY_PT) } } } },
    sections: [
      {
        properties: {
          page: {
            size: {
              width: convertMillimetersToTwip(A4_MM.width),
              height: convertMillimetersToTwip(A4_MM.height),
              orientation: PageOrientation.PORTRAIT,
            },
            margin: {
              top: convertMillimetersToTwip(MARGINS_MM.top),
              bottom: convertMillimetersToTwip(MARGINS_MM.bottom),
              left: convertMillimetersToTwip(MARGINS_MM.left),
              right: convertMillimetersToTwip(MARGINS_MM.right),
            },
          },
        },
        children,
      },
    ],
  });
  return Packer.toBuffer(doc);
}

/** The MIME type of a .docx. */
export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
