import { renderToString } from 'preact-render-to-string';
import { describe, expect, it } from 'vitest';
import { UnitTreeOptions, unitsInTreeOrder, type TreeUnit } from './unit-options.js';

const unit = (id: number, short_name: string, parent_id: number | null, status: TreeUnit['status'] = 'active'): TreeUnit => ({
  id,
  short_name,
  parent_id,
  status,
});

describe('the unit tree picker', () => {
  const units = [
    unit(5, 'CĐCS Trường Ánh Dương', 2),
    unit(2, 'CĐ Viên chức', 1),
    unit(4, 'Đội Ba', 3),
    unit(3, 'CĐ Giáo dục', 1),
    unit(1, 'LĐLĐ tỉnh', null),
    unit(6, 'CĐCS Đông', 2, 'dissolved'),
    unit(7, 'CĐCS Dệt', 2, 'merged'),
    unit(9, 'Ấp Mới', 8), // its parent is outside the list: a tree of its own
  ];

  it('puts parents before children and siblings in Vietnamese order (Đ after D, Ấ after A), with depths', () => {
    expect(unitsInTreeOrder(units).map(({ unit: u, depth }) => `${depth}:${u.short_name}`)).toEqual([
      '0:Ấp Mới',
      '0:LĐLĐ tỉnh',
      '1:CĐ Giáo dục',
      '2:Đội Ba',
      '1:CĐ Viên chức',
      '2:CĐCS Dệt',
      '2:CĐCS Đông',
      '2:CĐCS Trường Ánh Dương',
    ]);
  });

  it('survives a cycle without looping', () => {
    expect(unitsInTreeOrder([unit(1, 'A', 2), unit(2, 'B', 1), unit(3, 'C', null)]).map((r) => r.unit.id)).toEqual([3]);
  });

  it('starts on the placeholder, indents, and marks ended units as not selectable', () => {
    const html = renderToString(<UnitTreeOptions units={units} />);
    expect(html).toMatch(/^<option value disabled selected>— Chọn đơn vị —<\/option>/);
    expect(html).toContain('<option value="4">\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0Đội Ba</option>');
    expect(html).toContain('<option value="6" disabled>\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0CĐCS Đông (đã giải thể)</option>');
    expect(html).toContain('<option value="7" disabled>\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0CĐCS Dệt (đã sáp nhập)</option>');
  });

  it('keeps a chosen unit chosen, but never an ended one', () => {
    const chosen = renderToString(<UnitTreeOptions units={units} selected="3" />);
    expect(chosen).toContain('<option value disabled>— Chọn đơn vị —</option>');
    expect(chosen).toContain('<option value="3" selected>');
    const ended = renderToString(<UnitTreeOptions units={units} selected={6} />);
    expect(ended).toContain('<option value disabled selected>');
    expect(ended).not.toMatch(/value="6"[^>]*selected/);
  });
});
