import type { ComponentChildren } from 'preact';
import { formatIsoDate, todayInVietnam } from '../../lib/dates.js';
import { capitals, NATIONAL_MOTTO, NATIONAL_NAME, placeDateLine, type Issuer } from '../../lib/letterhead.js';

export type { Issuer } from '../../lib/letterhead.js';

/**
 * What a page prints around its figures, in the Vietnamese administrative style
 * (Nghị định 30/2020/NĐ-CP): the letterhead (the issuing unit under its parent, in
 * capitals, beside the national motto and the place and date), the title and period,
 * and the signature block. Hidden on screen (`print-only`), shown on paper; the page
 * numbers are the stylesheet's @page margin boxes (admin.css, site.css).
 */

export function Letterhead({ issuer, date }: { issuer: Issuer; date: string }) {
  return (
    <div class="letterhead">
      <div class="letterhead-issuer">
        {issuer.parentName ? <div class="letterhead-parent">{capitals(issuer.parentName)}</div> : null}
        <div class="letterhead-unit">{capitals(issuer.name)}</div>
      </div>
      <div class="letterhead-nation">
        <div class="letterhead-country">{NATIONAL_NAME}</div>
        <div class="letterhead-motto">{NATIONAL_MOTTO}</div>
        <div class="letterhead-date">{placeDateLine(issuer.place, date)}</div>
      </div>
    </div>
  );
}

/** The top of a printed page: letterhead, title in capitals, the period under it. */
export function PrintHead({
  issuer,
  title,
  period,
  date = todayInVietnam(),
}: {
  issuer: Issuer;
  title: string;
  period?: string | null;
  date?: string;
}) {
  return (
    <header class="print-only print-head">
      <Letterhead issuer={issuer} date={date} />
      <h2 class="print-title">{capitals(title)}</h2>
      {period ? <p class="print-period">{period}</p> : null}
    </header>
  );
}

/** "Từ ngày 01/01/2026 đến ngày 30/06/2026" */
export const periodLine = (from: string, to: string) => `Từ ngày ${formatIsoDate(from)} đến ngày ${formatIsoDate(to)}`;

export interface Signer {
  title: string;
  /** The hint under the title, "(Ký, họ tên)" by default. */
  hint?: string;
  name?: string | null;
}

/** Signers side by side, each a title over "(Ký, họ tên)" and room to sign. */
export function SignatureBlock({
  signers = [{ title: 'NGƯỜI LẬP BIỂU' }, { title: 'THỦ TRƯỞNG ĐƠN VỊ', hint: '(Ký, họ tên, đóng dấu)' }],
  printOnly = true,
}: {
  signers?: Signer[];
  /** False on a page made only to be printed (a voucher's print view), where the block shows on screen too. */
  printOnly?: boolean;
}) {
  return (
    <div class={`signature-block${printOnly ? ' print-only' : ''}`}>
      {signers.map((s) => (
        <div class="signature" key={s.title}>
          <div class="signature-title">{s.title}</div>
          <div class="signature-hint">{s.hint ?? '(Ký, họ tên)'}</div>
          <div class="signature-space" />
          {s.name ? <div class="signature-name">{s.name}</div> : null}
        </div>
      ))}
    </div>
  );
}

/** A page's figures framed for paper: the print head above, the signatures below. */
export function PrintFrame({
  issuer,
  title,
  period,
  date,
  signers,
  children,
}: {
  issuer: Issuer;
  title: string;
  period?: string | null;
  /** The day of the letterhead's date line: today by default. */
  date?: string;
  signers?: Signer[];
  children: ComponentChildren;
}) {
  return (
    <>
      <PrintHead issuer={issuer} title={title} period={period} date={date} />
      {children}
      <SignatureBlock signers={signers} />
    </>
  );
}

/** A button that opens the browser's print dialog (public/print.js); not printed itself. */
export function PrintButton({ label = 'In trang này' }: { label?: string }) {
  return (
    <button type="button" class="no-print print-button" data-print="">
      {label}
    </button>
  );
}

/** The script of PrintButton, for the page's `scripts`. */
export const PRINT_SCRIPT = '/assets/print.js';
