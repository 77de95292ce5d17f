import type { UnitVersion } from '../../db/schema.js';
import { formatIsoDate } from '../../lib/dates.js';
import { compareVietnamese } from '../../lib/names.js';
import { UNIT_LEVEL_LABELS } from '../schema.js';
import { DateInput } from '../../web/views/date-input.js';

/** Versions grouped under their parent (units whose parent is outside the list are roots), each group in Vietnamese order. */
function childrenByParent(versions: UnitVersion[]): Map<number | null, UnitVersion[]> {
  const ids = new Set(versions.map((v) => v.unit_id));
  const groups = new Map<number | null, UnitVersion[]>();
  for (const v of versions) {
    const parent = v.parent_id !== null && ids.has(v.parent_id) ? v.parent_id : null;
    const group = groups.get(parent);
    if (group) group.push(v);
    else groups.set(parent, [v]);
  }
  for (const group of groups.values()) group.sort((a, b) => compareVietnamese(a.short_name, b.short_name));
  return groups;
}

function Tree({ groups, parentId, date }: { groups: Map<number | null, UnitVersion[]>; parentId: number | null; date: string }) {
  const children = groups.get(parentId);
  if (!children) return null;
  return (
    <ul class="tree">
      {children.map((v) => (
        <li key={v.unit_id}>
          <a href={`/quan-tri/don-vi/${v.unit_id}?ngay=${date}`}>{v.short_name}</a> <span class="muted">{UNIT_LEVEL_LABELS[v.level]}</span>
          <Tree groups={groups} parentId={v.unit_id} date={date} />
        </li>
      ))}
    </ul>
  );
}

/** "Hệ thống tổ chức": the units the user reaches, as they stood on a day. */
export function TreePage({ date, versions }: { date: string; versions: UnitVersion[] }) {
  return (
    <>
      <form method="get" action="/quan-tri/don-vi" class="panel form-grid">
        <div class="form-row">
          <label for="ngay">Xem hệ thống tổ chức tại ngày</label>
          <DateInput id="ngay" name="ngay" value={date} />
        </div>
        <div class="actions">
          <button type="submit" class="primary">
            Xem
          </button>
        </div>
      </form>
      <p class="muted">
        {versions.length} đơn vị tại ngày {formatIsoDate(date)}.
      </p>
      <div class="panel">
        <Tree groups={childrenByParent(versions)} parentId={null} date={date} />
      </div>
    </>
  );
}
