import { describe, expect, it } from 'vitest';
import type { BulkColumn } from '../bulk.js';
import { dialectOf } from './index.js';

const COLUMNS: BulkColumn[] = [
  ['full_name', 'text'],
  ['birth_year', 'integer'],
  ['import_key', 'text'],
];
const MEMBERS = [
  ['Nguyễn Văn A', 1990, 'k1'],
  ['Trần "Bé" B', null, 'k2'],
];
const PERIODS = [
  ['k1', 7, '2024-01-01'],
  ['k2', 8, '2024-02-01'],
] as const;

describe('dialect helpers of the member import', () => {
  it('PostgreSQL writes members and periods in one statement, one array parameter per column', () => {
    const statements = dialectOf({ dialect: 'postgres' }).memberImport.insertMembers(COLUMNS, MEMBERS, PERIODS);
    expect(statements).toHaveLength(1);
    const [s] = statements;
    expect(s!.sql).toContain(
      'INSERT INTO members (full_name, birth_year, import_key) SELECT * FROM unnest($1::text[], $2::integer[], $3::text[])',
    );
    expect(s!.sql).toContain('unnest($4::text[], $5::integer[], $6::text[]) AS p(import_key, unit_id, started_on)');
    expect(s!.parameters).toEqual([
      '{"Nguyễn Văn A","Trần \\"Bé\\" B"}',
      '{1990,NULL}',
      '{"k1","k2"}',
      '{"k1","k2"}',
      '{7,8}',
      '{"2024-01-01","2024-02-01"}',
    ]);
    // The same text for every chunk: one prepared statement.
    expect(dialectOf({ dialect: 'postgres' }).memberImport.insertMembers(COLUMNS, MEMBERS.slice(0, 1), PERIODS.slice(0, 1))[0]!.sql).toBe(
      s!.sql,
    );
  });

  it('SQLite writes the members, then the periods found by import key, each as one JSON parameter', () => {
    const [members, periods, ...rest] = dialectOf({ dialect: 'sqlite' }).memberImport.insertMembers(COLUMNS, MEMBERS, PERIODS);
    expect(rest).toEqual([]);
    expect(members!.sql).toBe(
      'INSERT INTO "members" ("full_name", "birth_year", "import_key") SELECT value ->> 0, value ->> 1, value ->> 2 FROM json_each(?)',
    );
    expect(members!.parameters).toEqual([JSON.stringify(MEMBERS)]);
    expect(periods!.sql).toContain('FROM json_each(?) AS p CROSS JOIN members AS m ON m.import_key = p.value ->> 0');
    expect(periods!.parameters).toEqual([JSON.stringify(PERIODS)]);
  });

  it('only PostgreSQL narrows import-key lookups to the keys it indexes', () => {
    expect(dialectOf({ dialect: 'postgres' }).memberImport.indexedImportKeys).toBeTypeOf('function');
    expect(dialectOf({ dialect: 'sqlite' }).memberImport.indexedImportKeys).toBeNull();
  });
});
