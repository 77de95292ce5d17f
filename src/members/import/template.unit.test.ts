import { describe, expect, it } from 'vitest';
import { guessColumnMapping, MEMBER_FIELDS } from './columns.js';
import { memberTemplateSheets, TEMPLATE_HINTS } from './template.js';

describe('the member list template', () => {
  it('has one column per field the importer knows, headed by its label, which the importer takes for that field in any order', () => {
    const [list, guide] = memberTemplateSheets(['CĐCS Trường THPT Số 1', 'CĐCS Bệnh viện tỉnh']);
    const header = list!.rows[0] as string[];
    expect(header).toEqual(MEMBER_FIELDS.map((f) => f.label));
    const mapping = guessColumnMapping(header);
    MEMBER_FIELDS.forEach((f, i) => expect(mapping[f.field], f.field).toBe(i));
    const reversed = guessColumnMapping([...header].reverse());
    MEMBER_FIELDS.forEach((f, i) => expect(reversed[f.field], f.field).toBe(header.length - 1 - i));
    // Among other headers, a label still wins over the looser names.
    const mixed = guessColumnMapping(['STT', 'Ngày vào công đoàn', ...header]);
    expect(mixed.joinedOn).toBe(2 + header.indexOf('Ngày kết nạp'));
    expect(guide!.name).toBe('Hướng dẫn');
    expect(guide!.rows.filter((r) => r[2] === 'CĐCS Bệnh viện tỉnh')).toHaveLength(1);
  });

  it('explains every field, and its example row is in the user’s first union', () => {
    for (const f of MEMBER_FIELDS) expect(TEMPLATE_HINTS[f.field]?.help, f.field).toBeTruthy();
    const [list] = memberTemplateSheets(['CĐCS Trạm Y tế']);
    expect(list!.rows[1]![MEMBER_FIELDS.findIndex((f) => f.field === 'unit')]).toBe('CĐCS Trạm Y tế');
  });
});
