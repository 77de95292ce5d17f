import type { ComponentChildren } from 'preact';

/**
 * A wide table's box: on a phone the table scrolls sideways inside it (its first column kept in
 * view, public/admin.css) while the page stays put. Focusable, so the keyboard scrolls it too.
 */
export function ScrollTable({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <div class="table-scroll" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
