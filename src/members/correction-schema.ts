import { z } from 'zod';
import { id, isoDate } from '../web/fields.js';

/** The route parameters and forms of corrections to a member's history. */

/** What can be corrected: each event of the history a person records. */
export const CORRECTION_EVENTS = ['admission', 'transfer', 'leave', 'rejoin'] as const;
export type CorrectionEvent = (typeof CORRECTION_EVENTS)[number];

/** The event's part of the address ("/quan-tri/doan-vien/12/qua-trinh/34/chuyen-sinh-hoat/huy-bo"). */
export const EVENT_SLUGS: Record<CorrectionEvent, string> = {
  admission: 'ket-nap',
  transfer: 'chuyen-sinh-hoat',
  leave: 'thoi-sinh-hoat',
  rejoin: 'ket-nap-lai',
};

/** The event's name in a sentence ("việc chuyển sinh hoạt"). */
export const EVENT_NAMES: Record<CorrectionEvent, string> = {
  admission: 'kết nạp',
  transfer: 'chuyển sinh hoạt',
  leave: 'thôi sinh hoạt',
  rejoin: 'kết nạp lại',
};

const eventBySlug = Object.fromEntries(Object.entries(EVENT_SLUGS).map(([event, slug]) => [slug, event])) as Record<
  string,
  CorrectionEvent
>;

/** `/:id/qua-trinh/:period/:event/…`: the member, the period the event belongs to, and the event. */
export const correctionParams = z.object({
  id,
  period: id,
  event: z
    .string()
    .refine((s) => s in eventBySlug)
    .transform((s) => eventBySlug[s] as CorrectionEvent),
});
export type CorrectionTarget = { memberId: number; periodId: number; event: CorrectionEvent };

/** The date the page showed (yyyy-mm-dd): a history changed since is refused rather than corrected blindly. */
const shownDate = z.preprocess((v) => v ?? '', z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Trang đã cũ: hãy mở lại.'));

/** Sửa ngày: the new date of the event. */
export const redateForm = z.object({ on: isoDate, was: shownDate });
export type RedateInput = z.output<typeof redateForm>;

/** Hủy bỏ, once confirmed. */
export const undoForm = z.object({ was: shownDate });
export type UndoInput = z.output<typeof undoForm>;

/** Where a correction's pages are. */
export function correctionPath(memberId: number, periodId: number, event: CorrectionEvent, action: 'sua-ngay' | 'huy-bo'): string {
  return `/quan-tri/doan-vien/${memberId}/qua-trinh/${periodId}/${EVENT_SLUGS[event]}/${action}`;
}
