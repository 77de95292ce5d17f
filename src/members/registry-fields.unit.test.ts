import { describe, expect, it } from 'vitest';
import { ETHNICITIES, normalEducation, SENSITIVE_FIELDS, sensitiveFieldOf } from './schema.js';

describe('the registry fields', () => {
  it('lists the 54 ethnic groups once each', () => {
    expect(ETHNICITIES).toHaveLength(54);
    expect(new Set(ETHNICITIES).size).toBe(54);
    expect(ETHNICITIES[0]).toBe('Kinh');
  });

  it('writes the education level as grade/system', () => {
    expect(normalEducation('12')).toBe('12/12');
    expect(normalEducation(' 9 / 12 ')).toBe('9/12');
    expect(normalEducation('10/10')).toBe('10/10');
    expect(normalEducation('11/10')).toBeNull();
    expect(normalEducation('đại học')).toBeNull();
  });

  it('names each sensitive field by one page parameter', () => {
    for (const [field, { param }] of Object.entries(SENSITIVE_FIELDS)) expect(sensitiveFieldOf(param)).toBe(field);
    expect(sensitiveFieldOf('khac')).toBeNull();
  });
});
