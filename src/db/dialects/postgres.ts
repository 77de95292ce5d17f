import { CompiledQuery } from 'kysely';
import { postgresArray, type BulkColumn } from '../bulk.js';
import type { DialectHelpers, ImportedPeriod } from './index.js';

/** Members and their joining periods in one statement, periods matched to members by import key. */
function membersWithPeriods(columns: readonly BulkColumn[]): string {
  const names = columns.map(([name]) => name).join(', ');
  const arrays = columns.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ');
  const periodParam = columns.length + 1;
  return `WITH added AS (
  INSERT INTO members (${names}) SELECT * FROM unnest(${arrays}) RETURNING id, import_key
)
INSERT INTO memberships (member_id, unit_id, started_on, start_kind)
SELECT added.id, p.unit_id, p.started_on, 'join'
FROM added JOIN unnest($${periodParam}::text[], $${periodParam + 1}::integer[], $${periodParam + 2}::text[]) AS p(import_key, unit_id, started_on)
  ON p.import_key = added.import_key`;
}

/** The statement text by column list: built once, so every chunk sends the same prepared statement text. */
const insertTexts = new WeakMap<readonly BulkColumn[], string>();

export const postgres: DialectHelpers = {
  statementsHoldEventLoop: false,
  memberImport: {
    // Members without a citizen-ID number, or changed since their import (migration 013): an
    // unchanged member with a number is found by the number, with the key on its row.
    indexedImportKeys: (eb) => eb.or([eb('citizen_id', 'is', null), eb('updated_at', '<>', eb.ref('created_at'))]),
    insertMembers(columns, members, periods: readonly ImportedPeriod[]) {
      let text = insertTexts.get(columns);
      if (text === undefined) insertTexts.set(columns, (text = membersWithPeriods(columns)));
      const arrays = columns.map((_, c) => postgresArray(members.map((v) => v[c] ?? null)));
      const periodArrays = [
        postgresArray(periods.map((p) => p[0])),
        postgresArray(periods.map((p) => p[1])),
        postgresArray(periods.map((p) => p[2])),
      ];
      return [CompiledQuery.raw(text, [...arrays, ...periodArrays])];
    },
  },
};
