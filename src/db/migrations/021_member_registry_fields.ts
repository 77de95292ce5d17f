import { sql, type Kysely } from 'kysely';

/**
 * The fields union registries keep on a member (all optional): ethnicity and religion (sensitive
 * personal data, shown only on purpose), hometown, current address, email, education level,
 * professional qualification, political-theory level, Party membership and its date, union
 * position, full-time union officer, the date the member joined the union (which may precede
 * their first period in this registry), workforce type, and the member's consent to the
 * processing of their personal data (date, purpose). Coded values are short codes whose labels
 * live in `members/schema.ts`; yes/no fields are 0/1, null when not recorded.
 *
 * `version` counts the record's edits, for the edit form's optimistic check.
 *
 * Indexes for the member list's filters: former members are found by the periods a departure
 * ended (a partial index, by unit and reason); the rare values a filter looks for (a union
 * position, full-time officers, an ethnicity) by partial indexes over the members who have one,
 * which cost an import nothing when its rows leave them empty.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
export function memberRegistryFields() {
  return {
    async up(db: Kysely<any>): Promise<void> {
      const columns: Array<
        [
          string,
          'varchar(10)' | 'varchar(24)' | 'varchar(40)' | 'varchar(100)' | 'varchar(200)' | 'varchar(300)' | 'varchar(500)' | 'integer',
        ]
      > = [
        ['ethnicity', 'varchar(40)'],
        ['religion', 'varchar(100)'],
        ['hometown', 'varchar(300)'],
        ['address', 'varchar(300)'],
        ['email', 'varchar(200)'],
        ['education', 'varchar(10)'],
        ['qualification', 'varchar(24)'],
        ['political_theory', 'varchar(24)'],
        ['party_member', 'integer'],
        ['party_joined_on', 'varchar(10)'],
        ['union_position', 'varchar(24)'],
        ['full_time_officer', 'integer'],
        ['union_joined_on', 'varchar(10)'],
        ['workforce_type', 'varchar(24)'],
        ['consent_on', 'varchar(10)'],
        ['consent_purpose', 'varchar(500)'],
      ];
      for (const [name, type] of columns) await db.schema.alterTable('members').addColumn(name, type).execute();
      await db.schema
        .alterTable('members')
        .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
        .execute();

      await db.schema
        .createIndex('memberships_left')
        .on('memberships')
        .columns(['unit_id', 'end_reason'])
        .where(sql.ref('end_kind'), '=', 'leave')
        .execute();
      await db.schema
        .createIndex('members_union_position')
        .on('members')
        .column('union_position')
        .where(sql.ref('union_position'), 'is not', null)
        .execute();
      await db.schema
        .createIndex('members_full_time')
        .on('members')
        .column('full_time_officer')
        .where(sql.ref('full_time_officer'), '=', 1)
        .execute();
      await db.schema
        .createIndex('members_ethnicity')
        .on('members')
        .column('ethnicity')
        .where(sql.ref('ethnicity'), 'is not', null)
        .execute();
    },
  };
}
