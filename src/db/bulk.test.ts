import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, freshDb, type TestDb } from '../../test/harness.js';
import { insertStatement, isAnyOf, pairTable, postgresArray, startsWithAny, type BulkColumn } from './bulk.js';

const COLUMNS: BulkColumn[] = [
  ['full_name', 'text'],
  ['name_folded', 'text'],
  ['sort_key', 'text'],
  ['birth_date', 'text'],
  ['birth_year', 'integer'],
  ['created_at', 'bigint'],
  ['updated_at', 'bigint'],
];
/** Texts that an array literal must quote or escape. */
const AWKWARD = ['Nguyễn "Tí" Văn', 'a\\b', '{x,y}', 'NULL', '', ' lề ', 'dấu, phẩy', 'ngoặc (đơn)', 'xuống\ndòng'];

describe('postgresArray', () => {
  it('quotes every text, escapes quotes and backslashes, and writes NULL and numbers bare', () => {
    expect(postgresArray(['a', 'b "c"', 'd\\e', null, 12, ''])).toBe('{"a","b \\"c\\"","d\\\\e",NULL,12,""}');
    expect(postgresArray([])).toBe('{}');
    expect(postgresArray(['Lê Văn A', '', 'x,y'])).toBe('{"Lê Văn A","","x,y"}');
  });
});

describe.each(DIALECTS)('bulk writes and lookups on %s', (dialect) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await freshDb(dialect);
  });
  afterAll(async () => {
    await t.close();
  });

  it('finds the texts starting with one of the prefixes, by bytes, and nothing for no prefix', async () => {
    const names = ['hoi-nghi', 'hoi-nghi-2', 'hoi-nghi-10', 'hoi-nghi.x', 'hoi-nghiz', 'Hoi-nghi-3', 'hoi', 'tet-1', 'tet'];
    await t.db
      .insertInto('settings')
      .values(names.map((key) => ({ key, value: '' })))
      .execute();
    const find = async (prefixes: string[]) =>
      (
        await t.db
          .selectFrom('settings')
          .select('key')
          .where(() => startsWithAny(t, 'key', prefixes))
          .orderBy('key')
          .execute()
      ).map((r) => r.key);
    expect(await find(['hoi-nghi-'])).toEqual(['hoi-nghi-10', 'hoi-nghi-2']);
    expect(await find(['hoi-nghi-', 'tet-'])).toEqual(['hoi-nghi-10', 'hoi-nghi-2', 'tet-1']);
    expect(await find([])).toEqual([]);
  });

  it('writes awkward texts, nulls and big numbers back unchanged', async () => {
    const rows = AWKWARD.map((text, i) => [
      text,
      `k${i}`,
      `s${i}`,
      i % 2 ? null : `2000-01-0${i + 1}`,
      i % 3 ? 1980 + i : null,
      1_700_000_000_000 + i,
      0,
    ]);
    const inserted = (
      await t.db.executeQuery<{ id: number; name_folded: string }>(
        insertStatement(t.dialect, 'members', COLUMNS, rows, ['id', 'name_folded']),
      )
    ).rows;
    expect(inserted.map((r) => r.name_folded).sort()).toEqual(AWKWARD.map((_, i) => `k${i}`).sort());
    const back = await t.db
      .selectFrom('members')
      .select(['full_name', 'name_folded', 'birth_date', 'birth_year', 'created_at'])
      .orderBy('id')
      .execute();
    expect(back.map((r) => [r.full_name, r.birth_date, r.birth_year === null ? null : Number(r.birth_year), Number(r.created_at)])).toEqual(
      rows.map((r) => [r[0], r[3], r[4], r[5]]),
    );
  });

  it('finds rows by one column or by a pair of columns', async () => {
    const byName = await t.db
      .selectFrom('members')
      .select('full_name')
      .where(isAnyOf(t, 'name_folded', ['k0', 'k2', 'none']))
      .orderBy('full_name')
      .execute();
    expect(byName.map((r) => r.full_name).sort()).toEqual([AWKWARD[0], AWKWARD[2]].sort());
    const pairs: Array<[string, string]> = [
      ['k0', '2000-01-01'],
      ['k2', '2000-01-03'],
      ['k4', '1999-12-31'],
      ['k1', '2000-01-02'],
      ['dấu "ngoặc"', 'x'],
    ];
    const byPair = await t.db
      .selectFrom(pairTable(t, pairs).as('p'))
      .innerJoin('members as m', (j) => j.onRef('m.name_folded', '=', 'p.a').onRef('m.birth_date', '=', 'p.b'))
      .select('m.name_folded')
      .execute();
    expect(byPair.map((r) => r.name_folded).sort()).toEqual(['k0', 'k2']);
    const none = await t.db.selectFrom(pairTable(t, []).as('p')).innerJoin('members as m', 'm.name_folded', 'p.a').select('m.id').execute();
    expect(none).toEqual([]);
  });
});
