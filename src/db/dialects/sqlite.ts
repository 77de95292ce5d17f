import { CompiledQuery } from 'kysely';
import { insertStatement } from '../bulk.js';
import type { DialectHelpers } from './index.js';

/** SQLite has no INSERT in WITH: the periods follow the members in a second statement. */
const PERIODS = `INSERT INTO memberships (member_id, unit_id, started_on, start_kind)
SELECT m.id, p.value ->> 1, p.value ->> 2, 'join'
FROM json_each(?) AS p CROSS JOIN members AS m ON m.import_key = p.value ->> 0`;

export const sqlite: DialectHelpers = {
  statementsHoldEventLoop: true,
  memberImport: {
    // Every key is indexed (and the condition would mislead the planner into reading the whole table).
    indexedImportKeys: null,
    insertMembers(columns, members, periods) {
      return [insertStatement('sqlite', 'members', columns, members), CompiledQuery.raw(PERIODS, [JSON.stringify(periods)])];
    },
  },
};
