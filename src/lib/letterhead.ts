/**
 * The words of a Vietnamese administrative letterhead (Nghị định 30/2020/NĐ-CP), shared by the
 * print stylesheet's pages and the .docx documents: the issuing unit under its parent, in
 * capitals, beside the national name, the motto and the place and date.
 */

/** The unit a printed page or a document is issued by: its name, its parent's, and the place of the date line. */
export interface Issuer {
  name: string;
  parentName: string | null;
  /** "Lạng Sơn" in "Lạng Sơn, ngày 08 tháng 12 năm 2026"; null when unknown (dots are printed). */
  place: string | null;
}

export const NATIONAL_NAME = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM';
export const NATIONAL_MOTTO = 'Độc lập - Tự do - Hạnh phúc';

/** Names in capitals the Vietnamese way ("Liên đoàn Lao động tỉnh" → "LIÊN ĐOÀN LAO ĐỘNG TỈNH"). */
export const capitals = (name: string) => name.normalize('NFC').toLocaleUpperCase('vi-VN');

/** "Lạng Sơn, ngày 08 tháng 12 năm 2026"; without a place "……………, ngày …". */
export function placeDateLine(place: string | null, date: string): string {
  const [y, m, d] = date.split('-');
  return `${place ?? '……………'}, ngày ${d} tháng ${m} năm ${y}`;
}

/** Where a unit's papers are dated: the province or city named in its own or an ancestor's name ("Liên đoàn Lao động tỉnh Lạng Sơn" → "Lạng Sơn"). */
export function placeFromNames(names: readonly string[]): string | null {
  for (const name of names) {
    const m = /(?:^|\s)(?:tỉnh|thành phố|TP\.?)\s+(\p{Lu}.*)$/u.exec(name.normalize('NFC'));
    if (m) return m[1]!.trim();
  }
  return null;
}
