import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ROLE_ACTIONS, roleTableMarkdown } from './roles.js';

describe('the role table', () => {
  it('in the README is the one generated from the code', () => {
    const readme = fs.readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const start = readme.indexOf('| role | may |');
    expect(start).toBeGreaterThan(-1);
    const end = readme.indexOf('\n\n', start);
    expect(readme.slice(start, end === -1 ? undefined : end)).toBe(roleTableMarkdown());
  });

  it('gives editors the newsroom and not the member registry', () => {
    expect(ROLE_ACTIONS.editor).not.toContain('record.read');
    expect(roleTableMarkdown()).toContain(
      '| Biên tập viên (editor) | viết và sửa bài; duyệt bài; đăng và gỡ bài; xem bài chưa đăng; quản lý chuyên mục |',
    );
  });
});
