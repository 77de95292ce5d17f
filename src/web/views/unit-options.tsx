import type { Unit } from '../../db/schema.js';

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
