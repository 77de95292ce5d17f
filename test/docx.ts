import { convertMillimetersToTwip } from 'docx';
import JSZip from 'jszip'; // exceljs's own zip library: the tests read the parts of a .docx with it
import mammoth from 'mammoth';
import { expect } from 'vitest';

/** Reading the .docx documents the app writes, in tests. */

/** The text of a .docx, its document.xml and its styles. */
export async function readDocx(bytes: Buffer) {
  const zip = await JSZip.loadAsync(bytes);
  const xml = await zip.file('word/document.xml')!.async('string');
  const styles = (await zip.file('word/styles.xml')?.async('string')) ?? '';
  const { value: text } = await mammoth.extractRawText({ buffer: bytes });
  return { xml, styles, text: text.replace(/\s+/g, ' ') };
}

/** The page of the state document format: A4 portrait, margins 20 / 20 / 30 / 15 mm. */
export function expectStatePage(xml: string) {
  expect(xml).toMatch(new RegExp(`<w:pgSz w:w="${convertMillimetersToTwip(210)}" w:h="${convertMillimetersToTwip(297)}"`));
  const margin = /<w:pgMar ([^>]+)\/>/.exec(xml)?.[1] ?? '';
  const attr = (name: string) => Number(new RegExp(`w:${name}="(\\d+)"`).exec(margin)?.[1]);
  const mm = (twip: number) => Math.round(twip / 56.6929);
  expect([mm(attr('top')), mm(attr('bottom')), mm(attr('left')), mm(attr('right'))]).toEqual([20, 20, 30, 15]);
}
