import type { Unit, UnitStatus } from '../../db/schema.js';
import { compareVietnamese } from '../../lib/names.js';

/** The <option>s of a unit picker, the chosen one (an id, as number or text) selected. */
export function UnitOptions({
  units,
  selected = null,
}: {
  units: ReadonlyArray<Pick<Unit, 'id' | 'short_name'>>;
  selected?: number | string | null;
}) {
  const chosen = selected === null ? null : String(selected);
  return (
    <>
      {units.map((u) => (
        <option key={u.id} value={String(u.id)} selected={String(u.id) === chosen}>
          {u.short_name}
        </option>
      ))}
    </>
  );
}

/** A unit as the tree picker needs it: where it hangs, and whether it still stands. */
export type TreeUnit = Pick<Unit, 'id' | 'short_name' | 'parent_id' | 'status'>;

/** The units in tree order (a parent before its children, siblings in Vietnamese name order), each with its depth. */
export function unitsInTreeOrder<U extends TreeUnit>(units: readonly U[]): Array<{ unit: U; depth: number }> {
  const ids = new Set(units.map((u) => Number(u.id)));
  const children = new Map<number | null, U[]>();
  for (const u of units) {
    // A unit whose parent is not in the list (the top of the user's scope) starts a tree of its own.
    const parent = u.parent_id !== null && ids.has(Number(u.parent_id)) ? Number(u.parent_id) : null;
    children.set(parent, [...(children.get(parent) ?? []), u]);
  }
  for (const group of children.values()) group.sort((a, b) => compareVietnamese(a.short_name, b.short_name) || Number(a.id) - Number(b.id));
  const out: Array<{ unit: U; depth: number }> = [];
  const seen = new Set<number>();
  const walk = (parent: number | null, depth: number) => {
    for (const unit of children.get(parent) ?? []) {
      if (seen.has(Number(unit.id))) continue;
      seen.add(Number(unit.id));
      out.push({ unit, depth });
      walk(Number(unit.id), depth + 1);
    }
  };
  walk(null, 0);
  return out;
}

const ENDED: Partial<Record<UnitStatus, string>> = { dissolved: 'đã giải thể', merged: 'đã sáp nhập' };
/** Indentation inside an <option>, which holds no markup: four non-breaking spaces a level. */
const INDENT = '\u00a0\u00a0\u00a0\u00a0';

/**
 * A unit picker for a new record: an empty placeholder chosen until the user picks, the units
 * as the tree (indented, in tree order), and dissolved or merged units shown, marked, but not
 * selectable.
 */
export function UnitTreeOptions({
  units,
  selected = null,
  placeholder = '— Chọn đơn vị —',
}: {
  units: readonly TreeUnit[];
  selected?: number | string | null;
  placeholder?: string;
}) {
  const chosen = selected === null || selected === '' ? null : String(selected);
  const rows = unitsInTreeOrder(units);
  const picked = rows.some(({ unit }) => String(unit.id) === chosen && !ENDED[unit.status]);
  return (
    <>
      <option value="" disabled selected={!picked}>
        {placeholder}
      </option>
      {rows.map(({ unit, depth }) => {
        const ended = ENDED[unit.status];
        return (
          <option key={unit.id} value={String(unit.id)} selected={!ended && String(unit.id) === chosen} disabled={ended !== undefined}>
            {INDENT.repeat(depth)}
            {unit.short_name}
            {ended ? ` (${ended})` : ''}
          </option>
        );
      })}
    </>
  );
}
